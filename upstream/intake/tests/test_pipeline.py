"""The anonymous-write pipeline: sealing, release, and what survives a failed release."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography.exceptions import InvalidTag
from django.utils import timezone

from upstream.intake import formkeys, registry, sealing
from upstream.intake.models import IntakeEntry
from upstream.intake.services import enqueue, pending_for, release_due
from upstream.lib.text import InvalidText, clean_user_text

RECEIVED: list[tuple[str, dt.datetime]] = []


@registry.handler("tests.note", priority=5)
def _collect(payloads: list[dict], batch: registry.Batch) -> None:
    if any(p.get("explode") for p in payloads):
        raise RuntimeError("handler bug")
    RECEIVED.extend((p["n"], batch.released_at) for p in payloads)


@pytest.fixture(autouse=True)
def _clear():
    RECEIVED.clear()


def test_sealed_entries_have_one_size_and_do_not_show_their_text():
    short, long = sealing.seal({"text": "short"}), sealing.seal({"text": "ü" * 5000})
    assert len(short) == len(long)
    assert b"short" not in short
    assert sealing.unseal(long) == {"text": "ü" * 5000}


def test_a_tampered_entry_is_refused_not_misread():
    sealed = bytearray(sealing.seal({"text": "hello"}))
    sealed[20] ^= 1
    with pytest.raises(InvalidTag):
        sealing.unseal(bytes(sealed))


def test_too_large_a_payload_is_refused_before_anything_is_stored():
    with pytest.raises(sealing.PayloadTooLarge):
        sealing.seal({"text": "x" * sealing.PADDED_SIZE})


def test_entries_wait_for_their_batch_and_release_once(db):
    noon = dt.datetime(2026, 3, 10, 17, 0, tzinfo=dt.UTC)
    at = enqueue("tests.note", {"n": "a"}, now=noon)
    urgent_at = enqueue("tests.note", {"n": "b"}, urgent=True, now=noon)
    assert urgent_at < at and urgent_at.minute == 0 and timezone.localtime(at).hour == 7
    assert release_due(urgent_at - dt.timedelta(minutes=1)) == 0
    assert release_due(urgent_at) == 1 and RECEIVED == [("b", urgent_at)]
    assert release_due(urgent_at) == 0  # released entries are gone: a rerun finds nothing
    assert release_due(at) == 1 and RECEIVED[-1] == ("a", at)
    assert not IntakeEntry.objects.exists()


def test_a_failed_group_is_kept_and_the_rest_of_the_batch_still_goes(db):
    noon = timezone.now() - dt.timedelta(days=2)
    enqueue("tests.note", {"n": "kept"}, now=noon)
    enqueue("tests.note", {"n": "bad", "explode": True}, now=noon)
    enqueue("tests.note", {"n": "urgent"}, urgent=True, now=noon)  # another batch time: another group
    assert release_due() == 1
    assert [n for n, _at in RECEIVED] == ["urgent"]
    assert IntakeEntry.objects.count() == 2  # nothing lost: retried at the next run


def test_an_entry_that_cannot_be_opened_never_blocks_the_others(db, settings):
    old = timezone.now() - dt.timedelta(days=2)
    enqueue("tests.note", {"n": "sealed under an old key"}, now=old)
    settings.INTAKE_KEY = "another key entirely, as after a careless rotation"
    enqueue("tests.note", {"n": "fine"}, now=old)
    assert release_due() == 1 and [n for n, _at in RECEIVED] == ["fine"]
    assert IntakeEntry.objects.count() == 1


def test_the_previous_key_opens_what_was_sealed_before_a_rotation(db, settings):
    old = timezone.now() - dt.timedelta(days=2)
    enqueue("tests.note", {"n": "sealed under the old key"}, now=old)
    before = IntakeEntry.objects.get().sealed
    settings.INTAKE_KEY, settings.INTAKE_KEY_PREVIOUS = (
        "the new key, at least 32 characters long",
        settings.INTAKE_KEY,
    )
    enqueue("tests.note", {"n": "sealed under the new key"}, now=old)
    after = IntakeEntry.objects.exclude(sealed=before).get().sealed
    assert sealing.needs_previous_key(before) and not sealing.needs_previous_key(after)
    assert release_due() == 2
    assert sorted(n for n, _at in RECEIVED) == ["sealed under the new key", "sealed under the old key"]
    settings.INTAKE_KEY_PREVIOUS = ""
    assert not sealing.needs_previous_key(before)  # nothing opens it now: not "needs the previous key"


def test_the_writer_finds_what_is_pending_by_its_lookup_only(db):
    enqueue("tests.note", {"n": "mine"}, lookup="digest-1")
    enqueue("tests.note", {"n": "theirs"}, lookup="digest-2")
    assert [p.payload["n"] for p in pending_for("digest-1")] == ["mine"]
    assert pending_for("") == []


def test_a_form_key_is_spent_once_and_forged_keys_are_not_accepted(db):
    key = formkeys.new_key()
    assert formkeys.is_valid(key) and not formkeys.is_valid(key + "x")
    assert formkeys.spend(key) is True
    assert formkeys.spend(key) is False


@pytest.mark.parametrize(
    ("value", "problem"),
    [("a\x00b" * 5, "null"), ("a\ud800b" * 5, "surrogate"), ("a\x1bb" * 5, "control"), (7, "text")],
)
def test_unstorable_text_is_refused_with_a_reason(value, problem):
    with pytest.raises(InvalidText, match=problem):
        clean_user_text(value, label="Text", minimum=1, maximum=100)


def test_text_is_normalised_not_mangled():
    assert clean_user_text("  line one\r\nline two\tend  ", label="Text", maximum=100) == (
        "line one\nline two\tend"
    )
