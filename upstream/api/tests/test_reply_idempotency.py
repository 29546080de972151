"""POST /api/v1/receipts/reply takes an Idempotency-Key as POST /api/v1/concerns does: a client that
retries after a network failure stores its reply once, and what is kept names neither the receipt
nor the key."""

from __future__ import annotations

import hashlib
import logging

import pytest
from django.test import Client

from upstream.concerns import receipts
from upstream.concerns.models import Message
from upstream.concerns.tests.helpers import released
from upstream.intake.models import IntakeEntry, UsedFormKey
from upstream.intake.services import release_due
from upstream.privacy.tests.test_anonymity import ADDRESS, AGENT, dump, written

KEY = "retry-5f0c3a52"
REPLY = "Any news on this one? It happened again on Tuesday night."


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def send(code: str, key: str | None = KEY, text: str = REPLY):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return Client().post(
        "/api/v1/receipts/reply",
        {"receipt": code, "text": text},
        content_type="application/json",
        REMOTE_ADDR=ADDRESS,
        HTTP_USER_AGENT=AGENT,
        **headers,
    )


def test_it_handles_a_retried_reply_by_storing_it_once(org):
    done = released(unit=org.ward_a)
    first = send(done.receipt)
    again = send(done.receipt)
    assert first.status_code == 201, first.content
    assert first["Cache-Control"] == "no-store, max-age=0"
    # The first answer again: the retry cannot tell whether its first try arrived, now it knows.
    assert again.status_code == 201, again.content
    assert again["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first
    assert again.json() == first.json()
    # The same key with other words is refused: it cannot be the same reply.
    changed = send(done.receipt, text="Any news on this one? It happened again on Friday.")
    assert changed.status_code == 409
    assert changed.json()["detail"] == "This was already sent. Nothing was sent twice."
    assert IntakeEntry.objects.filter(kind="concerns.reply").count() == 1
    # The same key on another receipt is that receipt's own key; a new key is a new reply.
    other = released(text="The east lifts have been broken for a month now.", unit=org.ward_a)
    assert send(other.receipt).status_code == 201
    assert send(done.receipt, key="retry-second").status_code == 201
    assert send(done.receipt, key=None).status_code == 201  # without a key, as before
    release_due(everything=True)
    assert Message.objects.filter(concern=done.concern, text=REPLY).count() == 3
    assert Message.objects.filter(concern=other.concern, text=REPLY).count() == 1


def test_a_reply_to_a_concern_still_in_the_intake_is_stored_once_too(org):
    from upstream.concerns.services import submit_concern

    done = submit_concern(text="Nobody covers lunch on weekends on 4 West.", unit=org.ward_a)
    assert send(done.receipt).status_code == 201
    assert send(done.receipt)["Idempotent-Replayed"] == "true"
    assert IntakeEntry.objects.filter(kind="concerns.reply").count() == 1


def test_a_retried_reply_in_crisis_words_shows_the_crisis_lines_again(org):
    done = released(unit=org.ward_a)
    words = "I can't see a way out anymore and I have been thinking about ending it."
    first = send(done.receipt, text=words)
    again = send(done.receipt, text=words)
    assert first.status_code == again.status_code == 201
    assert first.json()["crisis_resources"], "the screen should flag these words"
    assert again.json()["crisis_resources"] == first.json()["crisis_resources"]
    assert again["Idempotent-Replayed"] == "true"
    # An ordinary reply's retry gets none: the kept answer says which it was, not the second try.
    plain = send(done.receipt, key="retry-plain")
    assert (
        send(done.receipt, key="retry-plain").json()["crisis_resources"]
        == plain.json()["crisis_resources"]
        == []
    )
    assert IntakeEntry.objects.filter(kind="concerns.reply").count() == 2


def test_a_wrong_receipt_is_404_and_spends_no_key(org):
    assert send("ABCD-EFGH-JKMN-PQRS-TVWX").status_code == 404
    assert not UsedFormKey.objects.exists()


def test_a_dump_after_a_retried_reply_holds_nothing_new_that_names_the_writer(org, logs):
    done = released(unit=org.ward_a)
    before = dump()
    logs.clear()
    assert send(done.receipt).status_code == 201
    assert send(done.receipt)["Idempotent-Replayed"] == "true"
    changes = written(before, dump())
    # As any reply: one sealed intake row, plus the spent key (as the concern submit keeps its own).
    assert set(changes) == {"intake_intakeentry", "intake_usedformkey"}
    assert len(changes["intake_usedformkey"]) == 1
    spent = " ".join(" ".join(row) for row in changes["intake_usedformkey"])
    entry = " ".join(" ".join(row) for row in changes["intake_intakeentry"])
    normalised = receipts.normalise(done.receipt)
    secrets = [
        KEY,
        done.receipt,
        normalised,
        hashlib.sha256(KEY.encode()).hexdigest(),
        ADDRESS,
        AGENT,
        "Tuesday",
    ]
    # The spent key matches nothing the database holds about the receipt, even with the server's keys.
    for secret in [*secrets, receipts.digest(done.receipt), receipts.intake_lookup(done.receipt)]:
        assert secret not in spent, secret
    # The reply's intake row is as before (sealed, with the receipt's intake lookup, M2 and M26).
    for secret in [*secrets, receipts.digest(done.receipt)]:
        assert secret not in entry, secret
    for secret in [*secrets, receipts.digest(done.receipt), receipts.intake_lookup(done.receipt)]:
        assert secret not in logs.text, secret
    assert [r.getMessage() for r in logs.records if r.name == "upstream.requests"] == []


def test_a_flagged_replys_kept_answer_is_as_long_as_an_ordinary_ones(org):
    done = released(unit=org.ward_a)
    send(done.receipt, key="retry-crisis", text="I have been thinking about ending it, there is no way out.")
    send(done.receipt, key="retry-plain")
    sizes = {len(bytes(answer)) for answer in UsedFormKey.objects.values_list("answer", flat=True)}
    assert len(sizes) == 1 and UsedFormKey.objects.count() == 2


def test_the_schema_states_the_header_and_the_409(client, db):
    reply = client.get("/api/openapi.json").json()["paths"]["/api/v1/receipts/reply"]["post"]
    assert "409" in reply["responses"]
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in reply["parameters"])


def test_a_repeat_writes_nothing_not_even_a_row_rolled_back(org, client):
    """Found by an anonymity audit: a repeat wrote its intake row and then rolled it back, a dead
    row holding the retry's moment and the receipt's intake lookup until the next release. The key
    is spent first now, so a repeat is refused before it writes anything."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from upstream.api.tokens import create_token

    done = released(unit=org.ward_a)
    assert send(done.receipt).status_code == 201
    concern = {"HTTP_AUTHORIZATION": f"Bearer {create_token(org.reporter)}", "HTTP_IDEMPOTENCY_KEY": "c-1"}
    first = {"text": "Nobody covers lunch on weekends on 4 West."}
    assert (
        Client().post("/api/v1/concerns", first, content_type="application/json", **concern).status_code
        == 201
    )
    with CaptureQueriesContext(connection) as queries:
        assert send(done.receipt).status_code == 201  # the same words: the first answer again
        assert send(done.receipt, text="Other words on the same key, sent later.").status_code == 409
        other = {"text": "Other words for a concern on the same key."}
        assert (
            Client().post("/api/v1/concerns", other, content_type="application/json", **concern).status_code
            == 409
        )
    writes = [
        q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert not [sql for sql in writes if "intake_intakeentry" in sql], writes
