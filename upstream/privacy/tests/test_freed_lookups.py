"""No stored intake lookup comes back after an entry left before its time, and a crisis-line tap's
counter does not keep the tap's transaction id past the next release run.

A probe with two dumps found both (docs/anonymity.md): after a release of everything, or after an
urgent reply brought its waiting concern forward (`expedite`), the receipt's next entry for the same
release time took the freed slot, so its stored lookup equalled the earlier entry's and tied the two;
and the counter of a tapped crisis line kept its transaction id after the release, next to the
invitation row of the person who had just answered a survey. A placeholder now holds a slot freed
early until its time; it is sealed like an entry, never shown to the writer and never released.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection  # noqa: F401 - read by the skipif condition

from upstream.community.models import Category, Resource, ResourceUse
from upstream.community.services.resources import count_use
from upstream.concerns import services
from upstream.concerns.models import Message
from upstream.intake.models import IntakeEntry
from upstream.intake.services import release_due
from upstream.privacy.tests.test_anonymity import physical

TEXT = "Nights are short again and nobody gets a break."
CRISIS = "I cannot go on like this, I want to die."
# A Monday morning: the next daily batch is hours away, as in the probe.
MONDAY = dt.datetime(2026, 12, 7, 5, 5, tzinfo=dt.UTC)


def lookups() -> set[str]:
    return set(IntakeEntry.objects.exclude(lookup="").values_list("lookup", flat=True))


def test_a_reply_after_a_release_of_everything_takes_no_lookup_the_concern_had(org):
    with time_machine.travel(MONDAY, tick=False):
        sent = services.submit_concern(text=TEXT, unit=org.ward_a)
        before = lookups()
        release_due(everything=True)
        concern = services.find_by_receipt(sent.receipt)
        services.reply_as_reporter(concern, "Still no break on Tuesday.")
        after = lookups()
        assert len(after) == 2 and len(after - before) == 1  # the placeholder keeps the old value
        assert [r["text"] for r in services.pending_replies(concern)] == ["Still no break on Tuesday."]
        placeholder = IntakeEntry.objects.get(lookup__in=before)
        assert len(bytes(placeholder.sealed)) == len(
            bytes(IntakeEntry.objects.get(lookup__in=after - before).sealed)
        )
    # At its time the placeholder goes unread: the reply is released, nothing else.
    with time_machine.travel(MONDAY + dt.timedelta(days=2), tick=False):
        messages = Message.objects.filter(concern=concern).count()
        assert release_due() == 1 and not IntakeEntry.objects.exists()
        assert Message.objects.filter(concern=concern).count() == messages + 1


def test_a_reply_after_an_urgent_one_brought_its_concern_forward_takes_no_freed_lookup(org):
    with time_machine.travel(MONDAY, tick=False):
        sent = services.submit_concern(text=TEXT, unit=org.ward_a)
        daily = IntakeEntry.objects.get().release_at
        seen = lookups()
        services.reply_as_reporter(services.PendingConcern(sent.receipt), CRISIS)
        seen |= lookups()
        moved = IntakeEntry.objects.filter(release_at__lt=daily)
        assert moved.count() == 2  # the concern came forward with its urgent reply
        before_ordinary = lookups()
        services.reply_as_reporter(services.PendingConcern(sent.receipt), "Thank you for asking.")
        (ordinary,) = lookups() - before_ordinary
        assert ordinary not in seen
        assert IntakeEntry.objects.get(lookup=ordinary).release_at == daily
        # The writer still finds all three, in order.
        pending = services.pending_by_receipt(sent.receipt)
        assert [r["text"] for r in pending.replies] == [CRISIS, "Thank you for asking."]


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.django_db(transaction=True)
def test_a_tapped_crisis_lines_counter_carries_the_next_release_runs_transaction_id(org):
    line = Resource.objects.create(
        name="988", category=Category.CRISIS, description="Call or text.", country="US", phone="988"
    )
    services.submit_concern(text=TEXT, unit=org.ward_a)
    count_use(line, ResourceUse.Kind.CALL)  # its own transaction, as a tap is
    ((_, tapped),) = physical("community_resourceuse", "count")
    assert release_due() == 0  # the hourly run, with nothing due yet, still takes the counter
    ((count, after),) = physical("community_resourceuse", "count")
    assert count == "1" and after != tapped
    with connection.cursor() as cursor:
        cursor.execute("SELECT xmin::text FROM intake_intakeentry")
        (written,) = cursor.fetchone()
    assert int(after) > int(written)  # later than the concern written after the tap


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.django_db(transaction=True)
def test_the_release_writes_the_counters_again_in_its_own_order_not_the_taps(org, monkeypatch):
    """One UPDATE kept the counters' physical order, so a dump after the release still listed the
    lines tapped in the order they were first tapped (an independent audit): they are written one by
    one in the release's random order (here reversed, to see it)."""
    from upstream.intake import services as intake

    lines = [
        Resource.objects.create(
            name=f"Line {n}", category=Category.CRISIS, description="Call.", country="US", phone=f"98{n}"
        )
        for n in range(4)
    ]
    for line in lines:  # tapped in this order, each in its own transaction
        count_use(line, ResourceUse.Kind.CALL)
    tapped = [row for row, _xmin in physical("community_resourceuse", "resource_id")]
    assert tapped == [str(line.pk) for line in lines]
    monkeypatch.setattr(intake._random, "shuffle", lambda items: items.reverse())
    release_due()
    after = [row for row, _xmin in physical("community_resourceuse", "resource_id")]
    assert after == list(reversed(tapped))
