"""The JSON API: keys, allowance, issuing with a session, writing with a token and no account."""

from __future__ import annotations

import base64
import datetime as dt
import re

import pytest
from django.utils import timezone

from upstream.concerns.models import Concern
from upstream.speakup import keys, services
from upstream.speakup.models import SigningKey
from upstream.speakup.tests import client as browser
from upstream.speakup.tests.helpers import release_all

TEXT = "Our pharmacy queue means patients wait hours for discharge medicines every day."


def b64(value: bytes) -> str:
    return base64.urlsafe_b64encode(value).rstrip(b"=").decode()


def obtain_by_api(client, count: int = 1) -> list[str]:
    key = client.get("/api/v1/speakup/keys/concern").json()
    public = keys.public_key(SigningKey.objects.get(key_id=key["key_id"]))
    pending = [(p := browser.prepare(), *browser.blind(public, p)) for _ in range(count)]
    answer = client.post(
        "/api/v1/speakup/issue",
        {"purpose": "concern", "key_id": key["key_id"], "blinded_messages": [b64(b) for _, b, _ in pending]},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    sigs = [base64.urlsafe_b64decode(s + "==") for s in answer.json()["blind_signatures"]]
    return [
        browser.code_of(p, browser.finalize(public, s, inv))
        for (p, _, inv), s in zip(pending, sigs, strict=True)
    ]


def spend(client, **body):
    return client.post("/api/v1/speakup/concerns", body, content_type="application/json")


def test_it_handles_issue_then_spend_without_an_account(client, org):
    client.force_login(org.reporter)
    codes = obtain_by_api(client, 2)
    client.logout()
    done = spend(client, token=codes[0], text=TEXT, unit_id=org.medicine.pk, role_group="nurse")
    assert done.status_code == 201, done.content
    assert done["Cache-Control"].startswith("no-store")
    assert set(done.json()) == {"receipt", "urgent", "crisis_resources", "help_line", "acknowledgment_due"}
    release_all()
    assert Concern.objects.get().unit == org.medicine
    again = spend(client, token=codes[0], text=TEXT, unit_id=org.medicine.pk, role_group="nurse")
    assert again.status_code == 201 and again.json() == done.json()  # a retry after a lost answer
    assert again["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in done
    reused = spend(client, token=codes[0], text=TEXT)  # the spent code for another concern (no unit)
    assert reused.status_code == 409 and "already used" in reused.json()["detail"]
    assert set(reused.json()) == {"detail", "help_line"}
    assert spend(client, token=codes[1], text=TEXT).status_code == 201


def test_issuing_needs_an_account_and_keeps_to_the_allowance(client, org, monkeypatch):
    monkeypatch.setenv("UPSTREAM_SPEAKUP_TOKENS", "2")
    assert client.post("/api/v1/speakup/issue", {}, content_type="application/json").status_code == 401
    client.force_login(org.reporter)
    assert client.get("/api/v1/speakup/allowance").json()["remaining"] == 2
    obtain_by_api(client, 2)
    assert client.get("/api/v1/speakup/allowance").json()["remaining"] == 0
    key = client.get("/api/v1/speakup/keys/concern").json()["key_id"]
    refused = client.post(
        "/api/v1/speakup/issue",
        {"key_id": key, "blinded_messages": [b64(b"\x01" * 256)]},
        content_type="application/json",
    )
    assert refused.status_code == 429 and "all your tokens" in refused.json()["detail"]


def test_it_handles_a_spent_allowance_with_the_seconds_until_the_next_period(client, org, monkeypatch):
    """The fuzzer's 429 "You can get more from 2026-12-30." came without Retry-After, unlike every
    other 429: a client had to parse a sentence to know when to come back."""
    monkeypatch.setenv("UPSTREAM_SPEAKUP_TOKENS", "1")
    client.force_login(org.reporter)
    obtain_by_api(client, 1)
    key = client.get("/api/v1/speakup/keys/concern").json()["key_id"]
    body = {"key_id": key, "blinded_messages": [b64(b"\x01" * 256)]}
    refused = client.post("/api/v1/speakup/issue", body, content_type="application/json")
    assert refused.status_code == 429, refused.content
    ends = dt.date.fromisoformat(client.get("/api/v1/speakup/allowance").json()["period_ends"])
    next_period = timezone.make_aware(dt.datetime.combine(ends + dt.timedelta(days=1), dt.time.min))
    expected = (next_period - timezone.now()).total_seconds()
    assert 0 < int(refused["Retry-After"]) and abs(int(refused["Retry-After"]) - expected) < 60
    assert (ends + dt.timedelta(days=1)).isoformat() in refused.json()["detail"]


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        ({"blinded_messages": ["%%%"]}, 400, "base64url"),
        # Blinded for another key: a conflict with the key now issuing, as a changed key is.
        ({"blinded_messages": [b64(b"\x00" * 256)]}, 409, "could not be signed with this key"),
        ({"blinded_messages": [b64(b"\x01" * 10)]}, 409, "is 256 bytes long"),
        ({"blinded_messages": [b64(b"\x01" * 256)], "key_id": "0" * 64}, 409, "key changed"),
        ({"blinded_messages": [b64(b"\x01" * 256)], "purpose": "payroll"}, 400, "Unknown purpose"),
        ({"blinded_messages": [b64(b"\x01" * 256)], "colour": "red"}, 400, "check its spelling"),
        ({"blinded_messages": []}, 400, "at least 1"),
    ],
)
def test_bad_issue_requests_are_refused_clearly(client, org, body, status, detail):
    client.force_login(org.reporter)
    key = services.signing_key_for("concern")
    answer = client.post(
        "/api/v1/speakup/issue", {"key_id": key.key_id, **body}, content_type="application/json"
    )
    assert answer.status_code == status, answer.content
    assert detail in answer.content.decode()


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        # A code of the right form that does not verify grants nothing: 403, whatever it says.
        ({"token": "nonsense"}, 403, "not valid"),
        ({"token": "not a code!"}, 400, "A code has only letters, digits, - and _."),
        ({"text": "short"}, 400, "at least 10"),
        ({"text": "Night shifts \x00 are long"}, 400, "invisible control character"),
        ({"text": "Night shifts \ud800 are long and lonely"}, 400, "cannot be stored"),
        ({"unit_id": 999999}, 404, "Choose a unit"),
        ({"role_group": "wizard"}, 400, "Please choose one of: '', 'nurse'"),
        ({"text": "x" * 30000}, 400, "Please shorten this to 5,000 characters"),
        ({"session": "abc"}, 400, "check its spelling"),
    ],
)
def test_bad_spend_requests_are_a_clear_4xx_and_keep_the_token(client, org, body, status, detail):
    client.force_login(org.reporter)
    [code] = obtain_by_api(client)
    client.logout()
    answer = spend(client, **{"token": code, "text": TEXT, **body})
    assert answer.status_code == status, answer.content
    assert detail in answer.content.decode()
    assert spend(client, token=code, text=TEXT).status_code == 201


def test_a_small_group_needs_confirmation_through_the_api_too(client, org):
    client.force_login(org.reporter)
    [code] = obtain_by_api(client)
    client.logout()
    small = spend(client, token=code, text=TEXT, unit_id=org.ward_a.pk, role_group="pharmacist")
    assert small.status_code == 400 and "confirmed=true" in small.json()["detail"]
    sent = spend(
        client, token=code, text=TEXT, unit_id=org.ward_a.pk, role_group="pharmacist", confirmed=True
    )
    assert sent.status_code == 201


def test_a_made_up_code_learns_nothing_about_a_units_groups(client, org):
    """Fuzzing found that a code of the right form that signs nothing was answered 400 "Fewer than 5
    people share this unit and role" for a small group, and 403 for a large one: anyone could map the
    small groups. The code is checked first; both answer the same 403."""
    answers = [
        spend(client, token="AAAA" * 100, text=TEXT, unit_id=org.ward_a.pk, role_group=role)
        for role in ("pharmacist", "nurse")
    ]
    assert [a.status_code for a in answers] == [403, 403]
    assert answers[0].json() == answers[1].json() and "not valid" in answers[0].json()["detail"]


def test_a_writer_with_a_code_finds_units_and_checks_a_group_without_signing_in(client, org, caplog):
    """The writing page lists every unit and checks the group signed out; the API's unit list and
    group check needed a sign-in just before the anonymous write, tying the two in time."""
    import logging

    caplog.set_level(logging.DEBUG)
    units = client.get("/api/v1/speakup/units")
    assert units.status_code == 200 and "Set-Cookie" not in units
    listed = {u["id"]: u for u in units.json()}
    assert (
        listed[org.ward_a.pk]["parent_id"] == org.medicine.pk and listed[org.system.pk]["parent_id"] is None
    )
    small = client.get("/api/v1/speakup/group-check", {"unit_id": org.ward_a.pk, "role_group": "pharmacist"})
    assert small.status_code == 200 and small.json()["large_enough"] is False
    assert small.json()["broader_unit_id"] is not None or small.json()["broader_role_group"] is not None
    large = client.get("/api/v1/speakup/group-check", {"unit_id": org.ward_a.pk, "role_group": "nurse"})
    assert large.json() == {**large.json(), "large_enough": True, "broader_unit_id": None}
    assert client.get("/api/v1/speakup/group-check", {"unit_id": 999999}).status_code == 404
    assert client.get("/api/v1/speakup/group-check", {"role_group": "astronaut"}).status_code == 400
    assert [r for r in caplog.records if r.name == "upstream.requests"] == []


def test_the_public_key_list_needs_no_account_and_shows_one_key_per_purpose(client, org):
    services.signing_key_for("concern")
    services.signing_key_for("wave:spring")
    listed = client.get("/api/v1/speakup/keys").json()
    assert sorted(k["purpose"] for k in listed) == ["concern", "wave:spring"]
    assert all(k["issuing"] and k["modulus_bits"] == 2048 for k in listed)


def test_the_schema_documents_the_token_endpoints_and_their_errors(client):
    schema = client.get("/api/openapi.json").json()
    spend_op = schema["paths"]["/api/v1/speakup/concerns"]["post"]
    assert {"201", "400", "409"} <= set(spend_op["responses"])
    assert "security" not in spend_op or spend_op["security"] in ([], [{}])
    issue_op = schema["paths"]["/api/v1/speakup/issue"]["post"]
    assert {"200", "400", "409", "429"} <= set(issue_op["responses"])


def test_the_schema_states_which_purposes_exist_and_others_get_a_clear_400(client, org):
    schema = client.get("/api/openapi.json").json()
    (param,) = schema["paths"]["/api/v1/speakup/allowance"]["get"]["parameters"]
    assert param["schema"]["pattern"].startswith("^(concern|wave:")
    client.force_login(org.reporter)
    refused = client.get("/api/v1/speakup/allowance?purpose=nothing")
    assert refused.status_code == 400 and "Unknown purpose" in refused.json()["detail"]
    # Sent empty, it is as if left out: the default purpose, concern (docs/api.md).
    empty = client.get("/api/v1/speakup/allowance?purpose=")
    assert empty.status_code == 200 and empty.json()["purpose"] == "concern"
    assert client.get("/api/v1/speakup/keys/nothing").status_code == 400
    assert SigningKey.objects.filter(purpose="nothing").count() == 0
    assert client.get("/api/v1/speakup/allowance?purpose=concern").status_code == 200


def test_it_handles_a_purpose_whose_wave_or_shared_concern_does_not_exist_with_a_404(client, org):
    """A purpose of the stated form names a wave or shared concern; one that is not there is a 404,
    not a 400: the request is well-formed. The pattern is the purposes' exact form, so a
    schema-valid purpose is never refused as malformed."""
    schema = client.get("/api/openapi.json").json()
    (param,) = schema["paths"]["/api/v1/speakup/keys/{purpose}"]["get"]["parameters"]
    assert param["schema"]["pattern"] == "^(concern|wave:[1-9][0-9]{0,11}|cosign:[0-9a-f]{32})$"
    assert {"200", "400", "404"} <= set(schema["paths"]["/api/v1/speakup/keys/{purpose}"]["get"]["responses"])
    client.force_login(org.reporter)
    for purpose in ("wave:424242", "cosign:" + "0" * 32):
        missing = client.get(f"/api/v1/speakup/keys/{purpose}")
        assert missing.status_code == 404, purpose
        assert (
            missing.json()["detail"] == f"No survey wave or shared concern goes with the purpose '{purpose}'."
        )
    assert not SigningKey.objects.filter(purpose__in=["wave:424242", "cosign:" + "0" * 32]).exists()


def test_the_schema_states_the_form_of_key_ids_blinded_messages_and_codes(client, org):
    components = client.get("/api/openapi.json").json()["components"]["schemas"]
    issue = components["IssueIn"]["properties"]
    assert issue["key_id"]["pattern"] == "^[0-9a-f]{64}$"
    assert issue["blinded_messages"]["items"]["pattern"] == services.BASE64URL
    assert components["TokenConcernIn"]["properties"]["token"]["pattern"] == services.CODE_PATTERN
    client.force_login(org.reporter)
    empty = client.post(
        "/api/v1/speakup/issue",
        {"key_id": "0" * 64, "blinded_messages": [""]},
        content_type="application/json",
    )
    assert empty.status_code == 400 and empty.json()["errors"][0]["type"] == "string_too_short"
    wrong_key = client.post(
        "/api/v1/speakup/issue",
        {"key_id": "current", "blinded_messages": ["AQ"]},
        content_type="application/json",
    )
    assert wrong_key.status_code == 400 and wrong_key.json()["errors"][0]["loc"][-1] == "key_id"


def test_a_code_of_only_spaces_is_not_of_a_codes_form(client, org):
    """The API trims a code before its pattern is checked; a pattern that let only spaces in was met
    by "   " and then refused as empty."""
    assert not re.fullmatch(services.CODE_PATTERN, "   ")
    assert re.fullmatch(services.CODE_PATTERN, " AQID\nBAUG ")
    refused = spend(client, token="   ", text=TEXT)
    assert refused.status_code == 400 and refused.json()["errors"][0]["loc"][-1] == "token"


def test_more_messages_than_the_allowance_gives_at_once_is_a_400_naming_the_field(client, org, monkeypatch):
    """Schemathesis sent 31 well-formed messages (the schema allows 50; the allowance is configured
    per purpose). It was a 429, but no wait lets a period's allowance give more than it holds: it is
    bad input, a 400 whose `errors` name `blinded_messages`, as every other 400 about a field does."""
    monkeypatch.setenv("UPSTREAM_SPEAKUP_TOKENS", "2")
    client.force_login(org.reporter)
    key = services.signing_key_for("concern")
    body = {"purpose": "concern", "key_id": key.key_id, "blinded_messages": [b64(b"\x01" * 256)] * 3}
    refused = client.post("/api/v1/speakup/issue", body, content_type="application/json")
    assert refused.status_code == 400, refused.content
    assert "Retry-After" not in refused
    assert refused.json()["detail"] == "Ask for between 1 and 2 tokens at a time."
    [problem] = refused.json()["errors"]
    assert (problem["loc"], problem["type"]) == (["body", "payload", "blinded_messages"], "too_long")
    assert problem["msg"] == "Ask for between 1 and 2 tokens at a time."
    assert client.get("/api/v1/speakup/allowance").json()["remaining"] == 2
