from __future__ import annotations

import pytest
from django.test import Client

from upstream.community.models import SharedConcern
from upstream.community.tests.cosign_helpers import b64, finish
from upstream.concerns.models import ReadRecord
from upstream.concerns.services import submit_concern
from upstream.concerns.tests.helpers import released
from upstream.org.models import User
from upstream.speakup import keys
from upstream.speakup.models import SigningKey
from upstream.speakup.tests import client as blind

release_due = pytest.importorskip("upstream.intake.services").release_due
TEXT = "Dr. Okafor's rota leaves 4 West with one nurse on nights; we skip breaks every shift."


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_the_whole_co_sign_loop_through_the_api(org, client):
    code = submit_concern(text=TEXT, unit=org.ward_a).receipt
    release_due(everything=True)
    anonymous = Client()
    offered = post(anonymous, "/api/v1/community/shared/offer", {"receipt": code})
    assert offered.status_code == 202 and offered.json()["pending"] == ["offer"]
    release_due(everything=True)

    client.force_login(org.leader)
    waiting = client.get("/api/v1/community/shared/offers").json()
    assert len(waiting) == 1 and "[name]" in waiting[0]["suggestion"]
    assert ReadRecord.objects.filter(leader=org.leader, via="api").exists()
    approved = post(
        client,
        f"/api/v1/community/shared/offers/{waiting[0]['id']}/approve",
        {"text": waiting[0]["suggestion"]},
    )
    assert approved.status_code == 200
    mine = post(anonymous, "/api/v1/community/shared/by-receipt", {"receipt": code}).json()
    assert mine["status"] == "published" and "Okafor" not in mine["shared_text"]

    staff = Client()
    staff.force_login(User.objects.get(username="nurse0"))
    assert [s["id"] for s in staff.get("/api/v1/community/shared").json()] == [waiting[0]["id"]]
    offers = staff.get("/api/v1/community/shared/token-offers").json()
    pending, tokens = {}, []
    for offer in offers:
        public = keys.public_key(SigningKey.objects.get(key_id=offer["key_id"]))
        prepared = blind.prepare()
        blinded, inv = blind.blind(public, prepared)
        pending[offer["purpose"]] = (public, prepared, inv)
        tokens.append(
            {"purpose": offer["purpose"], "key_id": offer["key_id"], "blinded_message": b64(blinded)}
        )
    signed = post(staff, "/api/v1/community/shared/tokens", {"tokens": tokens})
    assert signed.status_code == 200
    code_for = finish(pending, signed.json()["blind_signatures"])[offers[0]["purpose"]]
    # Once: the same request sent again (its answer lost) gets the same signatures, nothing more;
    # a new blinded message for a concern already signed for is refused (409).
    again = post(staff, "/api/v1/community/shared/tokens", {"tokens": tokens})
    assert again.status_code == 200 and again.json() == signed.json()
    public = keys.public_key(SigningKey.objects.get(key_id=offers[0]["key_id"]))
    fresh, _ = blind.blind(public, blind.prepare())
    other = [{**tokens[0], "blinded_message": b64(fresh)}]
    refused = post(staff, "/api/v1/community/shared/tokens", {"tokens": other})
    assert refused.status_code == 409 and "already have your token" in refused.json()["detail"]

    url = f"/api/v1/community/shared/{waiting[0]['id']}/cosign"
    queued = post(Client(), url, {"code": code_for, "branch_unit_id": org.ward_a.pk})
    assert queued.status_code == 202
    forged = post(Client(), url, {"code": "not-a-token"})  # a code's form, but it does not verify
    assert forged.status_code == 403 and "not valid" in forged.json()["detail"]
    assert post(Client(), url, {"code": "not a token!"}).status_code == 400  # not a code's form
    assert post(Client(), url, {"code": code_for, "colour": "red"}).status_code == 400
    release_due(everything=True)
    assert SharedConcern.objects.get().cosigns == 1
    spent = post(Client(), url, {"code": code_for})
    assert spent.status_code == 409 and spent.json()["detail"] == "You have already co-signed this concern."


def test_outsiders_and_other_leaders_get_404s(org, client):
    code = submit_concern(text=TEXT, unit=org.ward_a).receipt
    release_due(everything=True)
    post(Client(), "/api/v1/community/shared/offer", {"receipt": code})
    release_due(everything=True)
    shared = SharedConcern.objects.get()
    client.force_login(org.other_leader)
    assert client.get("/api/v1/community/shared/offers").json() == []
    assert (
        post(client, f"/api/v1/community/shared/offers/{shared.pk}/approve", {"text": "x" * 20}).status_code
        == 404
    )
    client.force_login(org.leader)
    bad = post(client, f"/api/v1/community/shared/offers/{shared.pk}/approve", {"text": "Nul \x00 byte here"})
    assert bad.status_code == 400
    assert post(Client(), "/api/v1/community/shared/by-receipt", {"receipt": "AAAA-BBBB"}).status_code == 400


def test_the_pages_offer_review_and_list(org, client):
    code = submit_concern(text=TEXT, unit=org.ward_a).receipt
    release_due(everything=True)
    page = Client().post("/community/shared/mine", {"receipt": code, "action": "offer"})
    assert page.status_code == 200 and "reaches your leaders with the next batch" in page.content.decode()
    release_due(everything=True)
    client.force_login(org.leader)
    review = client.get("/community/shared/review").content.decode()
    assert "[name]" in review
    shared = SharedConcern.objects.get()
    client.post(
        f"/community/shared/review/{shared.pk}",
        {"decision": "approve", "text": "One nurse on nights on 4 West; no breaks."},
    )
    mine = Client().post("/community/shared/mine", {"receipt": code}).content.decode()
    assert "<del>" in mine and "<ins>" in mine
    client.force_login(User.objects.get(username="nurse3"))
    listing = client.get("/community/shared/").content.decode()
    assert "One nurse on nights" in listing and 'id="cosign-offers"' in listing and shared.purpose in listing


def test_a_mistyped_receipt_code_stays_in_the_box_with_the_reason(org):
    code = submit_concern(text=TEXT, unit=org.ward_a).receipt
    release_due(everything=True)
    typo = code[:-1] + ("A" if code[-1] != "A" else "B")
    page = Client().post("/community/shared/mine", {"receipt": typo})
    body = page.content.decode()
    assert page.status_code == 400 and "We could not find a concern" in body
    assert f'value="{typo}"' in body and 'aria-describedby="receipt-error"' in body
    empty = Client().post("/community/shared/mine", {"receipt": "  "})
    assert empty.status_code == 400 and "Enter your receipt code." in empty.content.decode()


def test_the_pages_json_endpoints_refuse_garbage_with_400s(org, client):
    client.force_login(User.objects.get(username="nurse0"))
    for body in (b"not json", b'{"tokens": 5}', b'{"tokens": [{"purpose": "x"}]}', b"[]"):
        response = client.post("/community/shared/tokens", body, content_type="application/json")
        assert response.status_code == 400, body
    anonymous = Client()
    for body in (
        b"",
        b"{}",
        b'{"shared": "x", "code": "y", "branch": "z"}',
        b'{"shared": "\\u0000", "code": 1}',
    ):
        response = anonymous.post("/community/shared/cosign", body, content_type="application/json")
        assert response.status_code in (400, 404), body
    assert "Set-Cookie" not in response.headers or "sessionid" not in response.headers["Set-Cookie"]


def test_guessing_receipt_codes_on_the_co_sign_pages_and_api_is_limited(org):
    guesser = Client()
    statuses = [
        post(
            guesser, "/api/v1/community/shared/by-receipt", {"receipt": f"AAAA-BBBB-CCCC-DDDD-{n:04d}"}
        ).status_code
        for n in range(40)
    ]
    assert statuses[0] == 404 and statuses[-1] == 429
    page = guesser.post("/community/shared/mine", {"receipt": "AAAA-BBBB-CCCC-DDDD-EEEE"})
    assert page.status_code == 429
    # With the time left, as /receipt/ says it.
    assert int(page["Retry-After"]) > 0
    assert (
        int(
            post(guesser, "/api/v1/community/shared/offer", {"receipt": "AAAA-BBBB-CCCC-DDDD-9999"}).headers[
                "Retry-After"
            ]
        )
        > 0
    )


def test_a_valid_receipt_still_opens_the_co_sign_pages_from_a_client_past_the_limit(org, settings):
    """Found by fuzzing: the co-sign pages refused a correct code once a client (a hospital's one
    proxy address) was past the guessing limit, where /receipt/ opens it, as M9 promises."""
    settings.UPSTREAM_RECEIPT_FAILURES_PER_CLIENT = 2
    own = released(unit=org.ward_a)
    shared_guesser = Client()
    for n in range(3):
        post(
            shared_guesser, "/api/v1/community/shared/by-receipt", {"receipt": f"AAAA-BBBB-CCCC-DDDD-{n:04d}"}
        )
    assert (
        post(
            shared_guesser, "/api/v1/community/shared/by-receipt", {"receipt": "AAAA-BBBB-CCCC-DDDD-9999"}
        ).status_code
        == 429
    )
    assert (
        post(shared_guesser, "/api/v1/community/shared/by-receipt", {"receipt": own.receipt}).status_code
        == 200
    )
    assert post(shared_guesser, "/api/v1/community/shared/offer", {"receipt": own.receipt}).status_code == 202
    page = shared_guesser.post("/community/shared/mine", {"receipt": own.receipt})
    assert page.status_code == 200


def test_the_receipt_card_offers_co_signing_and_then_shows_its_state(org, rf):
    from django.template.loader import render_to_string

    code = submit_concern(text=TEXT, unit=org.ward_a).receipt
    release_due(everything=True)
    concern = SharedConcern._meta.get_field("concern").related_model.objects.get()
    context = {"concern": concern, "receipt_code": code}
    card = render_to_string("community/shared/_receipt_card.html", context, request=rf.get("/"))
    assert 'value="offer"' in card and code in card
    post(Client(), "/api/v1/community/shared/offer", {"receipt": code})
    release_due(everything=True)
    card = render_to_string("community/shared/_receipt_card.html", context, request=rf.get("/"))
    assert "Offered, waiting for a leader" in card and 'value="offer"' not in card
