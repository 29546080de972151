"""Every peer-support page that can show a requester's contact or note is `no-store, private`.

After "Yes, close it and erase their contact", Back on a shared computer showed the confirmation page
again, with the contact and the note: that answer to a POST had no `Cache-Control: no-store`."""

from __future__ import annotations

import pytest

from upstream.community.models import PeerRequest
from upstream.community.services import peer
from upstream.community.tests.factories import make_office


def private(response) -> bool:
    said = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= said


@pytest.fixture
def asked(org, supporter) -> PeerRequest:
    return peer.request_support(org.reporter, contact="pager 4417", when="", note="Rough night").request


def test_the_supporters_pages_and_answers_are_never_stored(org, supporter, asked, client):
    client.force_login(supporter.user)
    home = client.get("/community/peer/")
    assert "pager 4417" in home.content.decode() and private(home)
    url = f"/community/peer/{asked.pk}/close"
    confirm = client.post(url)  # the question, with the contact and the note on it
    assert confirm.status_code == 200 and "pager 4417" in confirm.content.decode() and private(confirm)
    closed = client.post(url, {"confirmed": "yes"})
    assert closed.status_code == 302 and private(closed)
    assert private(client.get("/community/peer/", follow=True))
    for action in ("contact", "hand-back", "nonsense"):
        assert private(client.post(f"/community/peer/{asked.pk}/{action}"))
    missing = client.post("/community/peer/00000000-0000-0000-0000-000000000000/close")
    assert missing.status_code == 404 and private(missing)
    assert private(client.get(url))  # 405: a GET of the close address
    assert private(client.post("/community/peer/availability", {"available": "0"}))


def test_the_requesters_answers_and_refusals_are_never_stored(org, supporter, client):
    client.force_login(org.reporter)
    refused = client.post("/community/peer/", {"contact": "pager\x00", "note": "Rough night"})
    assert refused.status_code == 400 and "Rough night" in refused.content.decode() and private(refused)
    sent = client.post("/community/peer/", {"contact": "pager 4417", "when": "", "note": "Rough night"})
    assert sent.status_code == 200 and private(sent)
    client.logout()
    assert private(client.get("/community/peer/"))  # the sign-in redirect too


def test_the_office_page_and_the_apis_contacts_are_never_stored(org, supporter, asked, client):
    client.force_login(make_office(org.other_leader))
    assert private(client.get("/community/peer/office"))
    refused = client.post("/community/peer/office", {"username": "nobody", "about": "Night shifts"})
    assert refused.status_code == 400 and private(refused)
    client.force_login(supporter.user)
    assigned = client.get("/api/v1/community/peer/assigned")
    assert assigned.json()[0]["contact"] == "pager 4417" and private(assigned)
    assert private(client.post(f"/api/v1/community/peer/assigned/{asked.pk}/contact"))
