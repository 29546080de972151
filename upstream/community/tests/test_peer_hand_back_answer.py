"""Handed back, a request is no longer the supporter's: the API's answer to the hand-back gave them
the requester's contact and note all the same (found writing the API's descriptions)."""

from __future__ import annotations

from upstream.api.tokens import create_token
from upstream.community.services import peer


def test_the_answer_to_a_hand_back_leaves_out_the_contact_and_note(org, supporter, client):
    asked = peer.request_support(org.reporter, contact="pager 4417", when="after 6", note="Rough night")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(supporter.user, scopes=['read', 'write'])}"}
    mine = client.get("/api/v1/community/peer/assigned", **headers).json()
    assert [r["contact"] for r in mine] == ["pager 4417"]  # routed to this supporter first
    answer = client.post(f"/api/v1/community/peer/assigned/{asked.request.pk}/hand-back", **headers)
    assert answer.status_code == 200
    body = answer.json()
    assert (body["contact"], body["when"], body["note"]) == ("", "", "")
    assert "pager 4417" not in answer.content.decode()
    assert client.get("/api/v1/community/peer/assigned", **headers).json() == []
