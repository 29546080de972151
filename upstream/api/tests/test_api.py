"""The JSON API, as an integration or a script would use it."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from upstream.actions.models import Action
from upstream.api.tokens import create_token
from upstream.concerns.models import Concern, ReadRecord
from upstream.concerns.tests.helpers import released
from upstream.intake.models import IntakeEntry
from upstream.intake.services import release_due


def auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {create_token(user)}"}


def post(client, path, body, **headers):
    return client.post(path, body, content_type="application/json", **headers)


@pytest.fixture
def reporter_headers(org):
    return auth(org.reporter)


@pytest.fixture
def leader_headers(org):
    return auth(org.leader)


def test_schema_and_docs_are_published(client, db):
    schema = client.get("/api/openapi.json").json()
    for path in ("/api/v1/concerns", "/api/v1/receipts/lookup", "/api/v1/inbox", "/api/v1/actions"):
        assert path in schema["paths"]
    assert client.get("/api/docs").status_code == 200


def test_submit_returns_a_receipt_and_stores_no_author(client, org, reporter_headers):
    response = post(
        client,
        "/api/v1/concerns",
        {
            "text": "We float to units we were never trained for.",
            "unit_id": org.medicine.pk,
            "role_group": "nurse",
        },
        **reporter_headers,
    )
    assert response.status_code == 201
    body = response.json()
    assert "no-store" in response["Cache-Control"]
    assert len(body["receipt"]) == 24 and body["status"] == "received" and body["urgent"] is False
    assert not Concern.objects.exists()  # sealed in the intake until its batch
    release_due(everything=True)
    assert Concern.objects.get().unit == org.medicine


def test_submit_explains_bad_input(client, org, reporter_headers):
    short = post(client, "/api/v1/concerns", {"text": "short"}, **reporter_headers)
    # The schema states the 10-character minimum, so a short text is a 400 naming the field and rule.
    assert short.status_code == 400 and "at least 10 characters" in short.json()["detail"]
    blank = post(client, "/api/v1/concerns", {"text": " " * 12}, **reporter_headers)
    assert blank.status_code == 400 and "at least 10 characters" in blank.json()["detail"]
    missing = post(client, "/api/v1/concerns", {}, **reporter_headers)
    assert missing.status_code == 400 and "text" in missing.json()["detail"]
    foreign = post(
        client,
        "/api/v1/concerns",
        {"text": "The lifts are broken.", "unit_id": org.other_hospital.pk},
        **reporter_headers,
    )
    # A unit that is not yours is answered as one that does not exist: 404, saying what to choose.
    assert foreign.status_code == 404 and "your own units" in foreign.json()["detail"]
    assert not Concern.objects.exists()


def test_unauthenticated_calls_get_a_json_401(client, org):
    response = post(client, "/api/v1/concerns", {"text": "Nobody covers lunch."})
    assert response.status_code == 401 and "Bearer" in response.json()["detail"]
    assert (
        post(
            client,
            "/api/v1/concerns",
            {"text": "Nobody covers lunch."},
            HTTP_AUTHORIZATION="Bearer ups_wrong",
        ).status_code
        == 401
    )


def test_a_wrong_token_is_refused_even_beside_a_signed_in_session(client, org):
    """A script whose token ran out, run beside a browser's session, acted as whoever was signed in."""
    client.force_login(org.leader)
    assert client.get("/api/v1/inbox").status_code == 200
    response = client.get("/api/v1/inbox", HTTP_AUTHORIZATION="Bearer ups_expired_or_revoked")
    assert response.status_code == 401 and response["WWW-Authenticate"] == 'Bearer realm="Upstream API"'


def test_receipt_lookup_and_reply_need_no_account(client, org):
    done = released(unit=org.ward_a)
    view = post(client, "/api/v1/receipts/lookup", {"receipt": done.receipt})
    assert view.status_code == 200 and view.json()["status"] == "new"
    assert "no-store" in view["Cache-Control"]
    reply = post(client, "/api/v1/receipts/reply", {"receipt": done.receipt, "text": "Any news on this one?"})
    assert reply.status_code == 201 and "no-store" in reply["Cache-Control"]
    assert reply.json()["pending_replies"] == ["Any news on this one?"]
    (when,) = reply.json()["pending_replies_reach_leaders_at"]
    assert dt.datetime.fromisoformat(when) > timezone.now()  # when the waiting reply reaches leaders
    release_due(timezone.now() + dt.timedelta(days=2))
    view = post(client, "/api/v1/receipts/lookup", {"receipt": done.receipt})
    assert view.json()["thread"][-1]["text"] == "Any news on this one?"
    assert view.json()["pending_replies"] == [] == view.json()["pending_replies_reach_leaders_at"]
    wrong = post(client, "/api/v1/receipts/lookup", {"receipt": "ABCD-EFGH-JKMN-PQRS-TVWX"})
    assert wrong.status_code == 404 and "could not find" in wrong.json()["detail"]
    # Not a receipt code at all: the schema's pattern refuses it, with the code's shape in words.
    malformed = post(client, "/api/v1/receipts/lookup", {"receipt": "nope"})
    assert malformed.status_code == 400
    assert malformed.json()["errors"][0]["type"] == "string_pattern_mismatch"
    assert malformed.json()["errors"][0]["msg"] == (
        "Receipt codes have 20 letters and digits, like ABCD-EFGH-JKMN-PQRS-TVWX."
    )


def test_a_waiting_receipt_gives_the_batch_time_as_the_submit_did(client, org, reporter_headers):
    """Found by a hospital-IT walk: the look-up said 12:00Z where the submit said 07:00-05:00."""
    sent = post(
        client, "/api/v1/concerns", {"text": "Nobody covers lunch on weekends here."}, **reporter_headers
    )
    view = post(client, "/api/v1/receipts/lookup", {"receipt": sent.json()["receipt"]})
    assert view.json()["status"] == "pending"
    assert view.json()["reaches_leaders_at"] == sent.json()["reaches_leaders_at"]
    assert not view.json()["reaches_leaders_at"].endswith("Z")  # the deployment's zone, not UTC


def test_a_reply_in_crisis_words_gets_the_crisis_lines_at_once(client, org):
    """The receipt page shows crisis resources after such a reply; the API answered 500 instead."""
    done = released(unit=org.ward_a)
    text = "Some nights I think everyone would be better off without me."
    reply = post(client, "/api/v1/receipts/reply", {"receipt": done.receipt, "text": text})
    assert reply.status_code == 201, reply.content
    assert reply.json()["crisis_resources"][0].startswith("988 Suicide & Crisis Lifeline")
    calm = post(client, "/api/v1/receipts/reply", {"receipt": done.receipt, "text": "Any news on this one?"})
    assert calm.status_code == 201 and calm.json()["crisis_resources"] == []


def test_receipt_guessing_is_rate_limited_with_retry_after(client, org, settings):
    settings.UPSTREAM_RECEIPT_FAILURES_PER_CLIENT = 2
    done = released(unit=org.ward_a)
    for _ in range(2):
        post(client, "/api/v1/receipts/lookup", {"receipt": "ABCD-EFGH-JKMN-PQRS-TVWX"})
    limited = post(client, "/api/v1/receipts/lookup", {"receipt": "ABCD-EFGH-JKMN-PQRS-TVWX"})
    assert limited.status_code == 429 and int(limited["Retry-After"]) > 0
    assert post(client, "/api/v1/receipts/lookup", {"receipt": done.receipt}).status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"text": "A NUL \u0000 byte inside my concern"},
        {"text": "A lone \ud800 surrogate inside my concern"},
        {"text": "A control \u001b character inside my concern"},
        {"text": "x" * 5001},
    ],
)
def test_unstorable_text_is_a_clear_400_never_a_500(client, org, reporter_headers, body):
    raw = json.dumps(body)  # json.dumps escapes the surrogate, as a real client would send it
    response = client.post("/api/v1/concerns", raw, content_type="application/json", **reporter_headers)
    # Always a 400: a rule (length, characters), or JSON that cannot be read as text.
    assert response.status_code == 400, response.content
    assert "character" in response.json()["detail"] or "string" in response.json()["detail"]
    assert not IntakeEntry.objects.exists()


def test_unknown_fields_are_refused_not_ignored(client, org, reporter_headers):
    body = {"text": "The lifts are broken again on the east side.", "unit": org.ward_a.pk}
    response = post(client, "/api/v1/concerns", body, **reporter_headers)
    assert response.status_code == 400 and "unit" in response.json()["detail"]
    assert not IntakeEntry.objects.exists()


def test_one_account_cannot_submit_without_limit(client, org, reporter_headers, settings):
    settings.UPSTREAM_SUBMISSIONS_PER_DAY = 2
    body = {"text": "The lifts are broken again on the east side."}
    codes = [post(client, "/api/v1/concerns", body, **reporter_headers).status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    assert IntakeEntry.objects.count() == 2


def test_the_leader_loop_through_the_api(client, org, leader_headers):
    done = released(unit=org.ward_a)
    inbox = client.get("/api/v1/inbox", **leader_headers).json()
    assert [c["id"] for c in inbox["items"]] == [str(done.concern.pk)]
    concern_url = f"/api/v1/concerns/{done.concern.pk}"
    detail = client.get(concern_url, **leader_headers).json()
    assert detail["text"] == done.concern.text
    assert detail["themes"][0]["primary"] and detail["themes"][0]["key"] == "workload_staffing"
    assert ReadRecord.objects.filter(leader=org.leader, via="api").count() == 2
    assert post(client, concern_url + "/acknowledge", {}, **leader_headers).json()["acknowledged"] is True
    message = post(client, concern_url + "/messages", {"text": "Thank you, we are on it."}, **leader_headers)
    assert message.status_code == 201
    status = post(client, concern_url + "/status", {"status": "in_progress"}, **leader_headers)
    assert status.json()["status"] == "in_progress"
    closed = post(client, concern_url + "/status", {"status": "closed"}, **leader_headers)
    assert closed.status_code == 400 and "explanation" in closed.json()["detail"]
    action = post(
        client,
        "/api/v1/actions",
        {
            "title": "Break cover",
            "description": "A float covers breaks.",
            "scope_unit_id": org.ward_a.pk,
            "concern_ids": [str(done.concern.pk)],
        },
        **leader_headers,
    )
    assert action.status_code == 201
    assert action.json()["concern_ids"] == [str(done.concern.pk)]  # as PUT and the link answers say
    action_id = action.json()["id"]
    assert [a["id"] for a in client.get(concern_url, **leader_headers).json()["actions"]] == [action_id]
    assert (
        post(client, f"/api/v1/actions/{action_id}/publish", {}, **leader_headers).json()["state"]
        == "published"
    )
    update = post(
        client,
        f"/api/v1/actions/{action_id}/updates",
        {"text": "Started Monday", "progress": 40},
        **leader_headers,
    )
    assert update.json()["progress"] == 40
    seen = post(client, "/api/v1/receipts/lookup", {"receipt": done.receipt}).json()
    assert seen["actions"][0]["title"] == "Break cover"
    assert seen["thread"][-1]["text"].startswith("Linked to the action") or any(
        e["text"] == "Thank you, we are on it." for e in seen["thread"]
    )


def test_an_outsider_leader_is_refused_another_units_concerns(client, org):
    done = released(unit=org.ward_a)
    headers = auth(org.other_leader)
    assert client.get("/api/v1/inbox", **headers).json()["items"] == []
    bodies = {
        "/acknowledge": {},
        "/messages": {"text": "Not mine to answer."},
        "/status": {"status": "closed", "explanation": "x"},
    }
    for method, path in (("get", ""), ("post", "/acknowledge"), ("post", "/messages"), ("post", "/status")):
        url = f"/api/v1/concerns/{done.concern.pk}{path}"
        if method == "get":
            response = client.get(url, **headers)
        else:
            response = post(client, url, bodies[path], **headers)
        assert response.status_code == 404, url
    link = post(
        client,
        "/api/v1/actions",
        {
            "title": "Mine",
            "description": "x",
            "scope_unit_id": org.ward_b.pk,
            "concern_ids": [str(done.concern.pk)],
        },
        **headers,
    )
    assert link.status_code == 404
    assert not Action.objects.exists()


def test_staff_cannot_publish_actions(client, org, reporter_headers):
    response = post(
        client,
        "/api/v1/actions",
        {"title": "x", "description": "y", "scope_unit_id": org.ward_a.pk},
        **reporter_headers,
    )
    assert response.status_code == 404 and "units you lead" in response.json()["detail"]


def test_every_leader_write_refuses_unstorable_text_with_a_400(client, org, leader_headers):
    done = released(unit=org.ward_a)
    url = f"/api/v1/concerns/{done.concern.pk}"
    bad = "Broken \u0000 text from a paste"
    attempts = [
        (f"{url}/messages", {"text": bad}),
        (f"{url}/status", {"status": "closed", "explanation": bad}),
        ("/api/v1/actions", {"title": bad, "description": "x" * 20, "scope_unit_id": org.ward_a.pk}),
        ("/api/v1/actions", {"title": "Float nurse", "description": bad, "scope_unit_id": org.ward_a.pk}),
    ]
    for path, body in attempts:
        response = post(client, path, body, **leader_headers)
        assert response.status_code == 400, (path, response.content)
        # The schema states the rule as a pattern on every text field; a NUL is a control character.
        error = response.json()["errors"][0]
        assert error["type"] == "string_pattern_mismatch" and "invisible control character" in error["msg"]
    assert done.concern.status == "new" and not done.concern.messages.exists()
