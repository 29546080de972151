"""A reply in crisis words that brings its waiting concern forward leaves nothing a second dump can
follow back to the first.

An independent audit with two plain dumps (no key) matched the concern's entry across a crisis
reply by its id and its sealed bytes, which `expedite` kept when it moved the entry to the next
hour; the first dump's transaction id and physical position of that entry then gave its moment of
writing, and the one concern released at that hour with the writer's replies was it. Now every
waiting entry is written again in the reply's transaction, with a new id and a fresh seal, in
random order; the moved entries' old places keep their placeholders (test_freed_lookups.py).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import uuid

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from upstream.concerns import services
from upstream.concerns.models import Concern
from upstream.intake.models import IntakeEntry
from upstream.intake.services import release_due
from upstream.privacy.tests import test_anonymity as whole_database
from upstream.privacy.tests.test_anonymity import (
    ADDRESS,
    AGENT,
    assert_no_identifiers,
    physical,
    sign_in,
    written,
)

CRISIS = "I can't do this anymore. I don't want to wake up tomorrow."
MONDAY = dt.datetime(2026, 12, 7, 12, 12, tzinfo=dt.UTC)  # the daily batch is tomorrow morning


def dump() -> list[tuple]:
    """What a plain dump of the intake shows, in its physical order."""
    order = [str(uuid.UUID(row)) for row, _xmin in physical("intake_intakeentry", "id")]
    rows = {
        str(e.pk): (str(e.pk), e.kind, e.release_at, e.lookup, bytes(e.sealed))
        for e in IntakeEntry.objects.all()
    }
    return [rows[pk] for pk in order]


def _other_writers(org) -> None:
    for text in (
        "The 4 West pumps alarm all night.",
        "No relief for breaks on nights again.",
        "Parking at 6am is full.",
    ):
        services.submit_concern(text=text, unit=org.ward_a)


def _crisis_reply_to_a_waiting_concern(org) -> tuple[list[tuple], list[tuple], str]:
    _other_writers(org)
    sent = services.submit_concern(text="Breaks on 4 West: none for three nights now.", unit=org.ward_a)
    services.reply_as_reporter(services.PendingConcern(sent.receipt), "Still none tonight.")
    _other_writers(org)
    before = dump()
    services.reply_as_reporter(services.PendingConcern(sent.receipt), CRISIS)
    return before, dump(), sent.receipt


def test_no_entry_of_the_first_dump_can_be_found_in_the_second_by_id_or_bytes(org):
    with time_machine.travel(MONDAY, tick=False):
        before, after, receipt = _crisis_reply_to_a_waiting_concern(org)
        assert not {row[0] for row in before} & {row[0] for row in after}
        assert not {row[4] for row in before} & {row[4] for row in after}
        # Every stored lookup of the first dump is still there with its release time (the moved
        # entries' by their placeholders): the second dump reads as the first plus new entries.
        assert {(row[2], row[3]) for row in before} <= {(row[2], row[3]) for row in after}
        assert (
            len(after) == len(before) + 3 + 1
        )  # two moved, their two placeholders, minus none, plus the reply
        # The writer still reads their concern and both replies, due at the next hour.
        pending = services.pending_by_receipt(receipt)
        assert pending.visible_from == dt.datetime(2026, 12, 7, 13, 0, tzinfo=dt.UTC)
        assert [r["text"] for r in pending.replies] == ["Still none tonight.", CRISIS]
    with time_machine.travel(MONDAY + dt.timedelta(hours=1), tick=False):
        assert release_due() == 3  # the concern and its two replies; the placeholders go unread
        concern = services.find_by_receipt(receipt)
        assert concern.urgent and concern.messages.count() == 2
    with time_machine.travel(MONDAY + dt.timedelta(days=1), tick=False):
        assert release_due() == 6  # the six others, the next morning; nothing released twice
        assert Concern.objects.count() == 7 and not IntakeEntry.objects.exists()


def test_a_signed_in_writer_s_crisis_reply_writes_nothing_but_the_intake_and_logs_nothing_of_them(
    org, caplog
):
    """The whole database, not the intake alone: the rewrite touches no other table, and no row it
    writes, nor any log line around it, holds the writer's account, session, address or words."""
    caplog.set_level(logging.DEBUG)
    with time_machine.travel(MONDAY, tick=False):
        client = sign_in("reporter")
        _other_writers(org)
        page = client.post(
            reverse("speak:new"), {"text": "No breaks on 4 West for a week.", "unit": org.ward_a.pk}
        )
        receipt = re.search(r"[A-Z0-9]{4}(?:-[A-Z0-9]{4}){4}", page.content.decode()).group(0)
        _other_writers(org)
        before = whole_database.dump()
        caplog.clear()
        client.post(
            reverse("receipt:reply"),
            {"receipt": receipt, "text": CRISIS},
            REMOTE_ADDR=ADDRESS,
            HTTP_USER_AGENT=AGENT,
        )
        changes = written(before, whole_database.dump())
        assert set(changes) == {"intake_intakeentry"}
        assert_no_identifiers({org.reporter: client.cookies["sessionid"].value}, changes, caplog.text)
        flat = " ".join(" ".join(row) for row in changes["intake_intakeentry"])
        assert receipt not in flat + caplog.text and "wake up" not in flat + caplog.text
        # The reply did reach the concern, brought forward to the next hour.
        pending = services.pending_by_receipt(receipt)
        assert pending.visible_from == dt.datetime(2026, 12, 7, 13, 0, tzinfo=dt.UTC)
        assert [r["text"] for r in pending.replies] == [CRISIS]


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.django_db(transaction=True)
def test_after_the_crisis_reply_every_waiting_entry_carries_its_transaction_id(org):
    """The first dump's transaction ids ordered the entries among timed rows; after the rewrite the
    intake holds one transaction id, the reply's, and a physical order that is not the writing order."""
    with time_machine.travel(MONDAY, tick=False):
        _crisis_reply_to_a_waiting_concern(org)
    xmins = {xmin for _id, xmin in physical("intake_intakeentry", "id")}
    assert len(xmins) == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_class WHERE relname = 'intake_fresh'")
        assert cursor.fetchone()[0] == 0  # the working copy went with the transaction
