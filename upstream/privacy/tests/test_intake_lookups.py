"""A full dump taken before a release shows no group of entries from one receipt.

Each waiting entry had the receipt's intake lookup. With a dump before a release and one after,
the count of entries sharing a lookup (a concern and its three replies) matched the count of new
reporter messages on one released concern, which tied each entry's moment of writing to that
concern; one reply to a released concern was tied outright (found by a probe; docs/anonymity.md).
"""

from __future__ import annotations

import importlib

from upstream.concerns import receipts, services
from upstream.concerns.models import Message
from upstream.concerns.tests.helpers import released
from upstream.intake.models import IntakeEntry
from upstream.intake.services import release_due
from upstream.intake.tests.placeholders import real_entries
from upstream.privacy.tests.test_anonymity import dump

REPLIES = ["The rota came out again with nights short.", "Still no break on Tuesday.", "Thank you."]


def test_a_receipts_waiting_entries_share_no_lookup_and_its_holder_still_finds_them(org):
    waiting = services.submit_concern(text="Nights are short again and nobody gets a break.", unit=org.ward_a)
    for text in REPLIES:
        services.reply_as_reporter(services.PendingConcern(waiting.receipt), text)
    later = released(unit=org.ward_a)
    for text in REPLIES:
        services.reply_as_reporter(services.find_by_receipt(later.receipt), text)

    lookups = list(IntakeEntry.objects.values_list("lookup", flat=True))
    assert len(lookups) == 7 and len(set(lookups)) == 7
    # In a full dump, neither receipt's own intake lookup is stored anywhere, and the waiting
    # concern's receipt digest is only inside its sealed entry.
    everything = " ".join(str(row) for rows in dump().values() for row in rows)
    for done in (waiting, later):
        assert receipts.intake_lookup(done.receipt) not in everything
    assert receipts.digest(waiting.receipt) not in everything
    # The writers still see what waits, in order, and the replies still follow their concern.
    pending = services.pending_by_receipt(waiting.receipt)
    assert [r["text"] for r in pending.replies] == REPLIES
    assert [r["text"] for r in services.pending_replies(services.find_by_receipt(later.receipt))] == REPLIES
    release_due(everything=True)
    assert not real_entries()  # (placeholders hold the slots of those released before their time)
    for done in (waiting, later):
        concern = services.find_by_receipt(done.receipt)
        assert (
            list(Message.objects.filter(concern=concern, author="reporter").values_list("text", flat=True))
            == REPLIES
        )


def test_entries_waiting_at_the_upgrade_move_to_lookups_of_their_own(org):
    migration = importlib.import_module("upstream.intake.migrations.0006_lookup_per_entry")
    waiting = services.submit_concern(text="Nights are short again and nobody gets a break.", unit=org.ward_a)
    concern = services.PendingConcern(waiting.receipt)
    for text in REPLIES:
        services.reply_as_reporter(concern, text)
    base = concern.intake_lookup
    IntakeEntry.objects.update(lookup=base)  # as the previous version stored them
    from django.apps import apps

    migration.per_entry(apps, None)
    assert len(set(IntakeEntry.objects.values_list("lookup", flat=True))) == 4
    assert [r["text"] for r in services.pending_by_receipt(waiting.receipt).replies] == REPLIES


def test_a_receipts_entries_in_successive_batches_share_no_stored_value(org):
    """Slot 0 came free at every release, so the first waiting reply of one receipt carried the same
    stored lookup in every batch: nightly dumps grouped a receipt's entries across weeks (an
    independent audit with a dump before each release). Salted with the release time, none repeat."""
    import datetime as dt

    import time_machine
    from django.utils import timezone

    later = released(unit=org.ward_a)
    seen: list[set[str]] = []
    start = timezone.now()
    for day in range(3):
        with time_machine.travel(start + dt.timedelta(days=day), tick=False):
            concern = services.find_by_receipt(later.receipt)
            for text in REPLIES[:2]:
                services.reply_as_reporter(concern, text)
            assert [r["text"] for r in services.pending_replies(concern)] == REPLIES[:2]
            seen.append({e.lookup for e in real_entries()})
            release_due(everything=True)
    assert all(len(batch) == 2 for batch in seen)
    assert not (seen[0] & seen[1]) and not (seen[1] & seen[2]) and not (seen[0] & seen[2])
    mine = Message.objects.filter(concern=later.concern, author="reporter")
    assert list(mine.values_list("text", flat=True)) == REPLIES[:2] * 3


def test_an_expedited_entry_moves_to_a_slot_of_its_new_time_and_is_still_found(org):
    """An urgent reply brings its waiting concern forward (`expedite`): the concern's entry takes a
    slot of its new release time, so the receipt still finds it and the invariant holds."""
    from upstream.intake.services import _slots

    waiting = services.submit_concern(text="Nights are short again and nobody gets a break.", unit=org.ward_a)
    crisis = "I cannot go on like this, I want to die."
    services.reply_as_reporter(services.PendingConcern(waiting.receipt), crisis)
    lookup = receipts.intake_lookup(waiting.receipt)
    entries = real_entries()
    assert len({e.release_at for e in entries}) == 1  # the concern came forward to its reply's hour
    assert all(e.lookup in _slots(lookup, e.release_at) for e in entries)
    assert services.pending_by_receipt(waiting.receipt) is not None
