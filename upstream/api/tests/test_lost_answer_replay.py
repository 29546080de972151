"""A concern sent again with the same Idempotency-Key and the same words, after its answer was lost,
gets that answer again: its receipt, and the crisis lines if it was flagged. Nothing is filed twice.

Before, the retry got a 409 without the receipt: a probe that restarted the server under load left
19 writers with a stored concern they could never follow. The answer is kept with the spent key,
sealed under the key itself; a dump, even with the server's keys, cannot open it.
"""

from __future__ import annotations

import hashlib
import logging
from unittest import mock

import pytest
from django.test import Client

from upstream.api.tokens import create_token
from upstream.concerns import retries
from upstream.intake.models import IntakeEntry, UsedFormKey
from upstream.intake.services import release_due
from upstream.privacy.tests.test_anonymity import ADDRESS, AGENT, dump, written

KEY = "lost-answer-6d1e"
CRISIS = "I don't want to wake up tomorrow. Nights on this ward have been too much for months."
ORDINARY = "Handover on our ward runs forty minutes over every night and nobody is paid for it."


@pytest.fixture
def send(org):
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {create_token(org.reporter)}"}

    def send(text: str, key: str = KEY, **fields):
        return Client().post(
            "/api/v1/concerns",
            {"text": text, **fields},
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY=key,
            REMOTE_ADDR=ADDRESS,
            HTTP_USER_AGENT=AGENT,
            **bearer,
        )

    return send


def test_a_retry_gets_the_first_answer_with_its_receipt_and_the_crisis_lines(send, org):
    first = send(CRISIS, unit_id=org.ward_a.pk, role_group="nurse")
    again = send(f"  {CRISIS}\n", unit_id=org.ward_a.pk, role_group="nurse")  # trimmed, it is the same
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.json()["urgent"] is True and again.json()["crisis_resources"]
    assert again["Idempotent-Replayed"] == "true" and not first.has_header("Idempotent-Replayed")
    assert again["Cache-Control"].startswith("no-store")
    assert IntakeEntry.objects.count() == 1 and UsedFormKey.objects.count() == 1
    release_due(everything=True)
    opened = Client().post(
        "/api/v1/receipts/lookup", {"receipt": again.json()["receipt"]}, content_type="application/json"
    )
    assert opened.status_code == 200 and opened.json()["text"] == CRISIS


def test_the_same_key_with_another_unit_role_or_text_is_the_409(send, org):
    assert send(ORDINARY, unit_id=org.ward_a.pk).status_code == 201
    for changed in ({"unit_id": org.medicine.pk}, {"unit_id": org.ward_a.pk, "role_group": "nurse"}, {}):
        refused = send(ORDINARY, **changed)
        assert refused.status_code == 409 and "receipt" not in refused.json(), changed
    assert send(ORDINARY + " Still.", unit_id=org.ward_a.pk).status_code == 409
    assert IntakeEntry.objects.count() == 1


def test_another_account_with_the_same_key_files_its_own(send, org):
    assert send(ORDINARY).status_code == 201
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {create_token(org.outsider)}"}
    other = Client().post(
        "/api/v1/concerns",
        {"text": ORDINARY},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=KEY,
        **bearer,
    )
    assert other.status_code == 201 and not other.has_header("Idempotent-Replayed")
    assert IntakeEntry.objects.count() == 2


def test_two_at_once_the_one_that_did_not_store_it_gets_the_answer_of_the_one_that_did(send):
    first = send(ORDINARY)
    real = retries.earlier_submission
    calls = []

    def not_yet_stored_at_the_first_look(*args, **kwargs):
        calls.append(1)
        return None if len(calls) == 1 else real(*args, **kwargs)

    with mock.patch.object(retries, "earlier_submission", not_yet_stored_at_the_first_look):
        second = send(ORDINARY)
    assert len(calls) == 2 and second.status_code == 201 and second.json() == first.json()
    assert IntakeEntry.objects.count() == 1


def test_a_retry_at_the_submission_limit_still_gets_its_answer(send, settings):
    settings.UPSTREAM_SUBMISSIONS_PER_DAY = 1
    first = send(ORDINARY)
    assert send(ORDINARY).json() == first.json()
    assert send(ORDINARY, key="a-new-one").status_code == 429


def test_the_kept_answer_is_one_fixed_size_and_a_dump_cannot_read_it(send, org, caplog):
    caplog.set_level(logging.DEBUG)
    before = dump()
    crisis = send(CRISIS, key="k-crisis").json()
    ordinary = send(ORDINARY, key="k-ordinary").json()
    send(ORDINARY, key="k-ordinary")
    changes = written(before, dump())
    assert set(changes) == {"intake_intakeentry", "intake_usedformkey"}
    kept = [bytes(a) for a in UsedFormKey.objects.values_list("answer", flat=True)]
    assert len(kept) == 2 and len(kept[0]) == len(kept[1])  # urgent or not, the same length
    rows = " ".join(" ".join(row) for row in changes["intake_usedformkey"])
    secrets = [crisis["receipt"], ordinary["receipt"], "k-crisis", "k-ordinary", org.reporter.email]
    secrets += [hashlib.sha256(b"k-crisis").hexdigest(), ADDRESS, AGENT, "forty minutes", "wake up"]
    for secret in secrets:
        assert secret not in rows, secret
        assert all(secret.encode() not in answer for answer in kept), secret
        assert secret not in caplog.text, secret
