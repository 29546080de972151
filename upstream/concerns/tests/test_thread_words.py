"""The thread a reporter and a leader read: a deadline's escalation is said as what happened, not as a
person's act, and a merged concern's older words sit on their day."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone, translation

from upstream.concerns import batches, services
from upstream.concerns.tests.helpers import released
from upstream.concerns.thread import thread_for
from upstream.intake.services import release_due


def test_an_escalation_reads_as_the_deadlines_doing_in_the_readers_language(org):
    late = released(unit=org.ward_a, days_ago=20).concern
    assert batches.escalate_overdue(timezone.now()) == 1
    [event] = [e for e in thread_for(late) if e.kind == "event"]
    assert event.author == "Upstream (automatic)" and event.author != "A leader"
    assert event.text == "Not acknowledged in time; the next leader up was told."
    with translation.override("es"):
        [spanish] = [e for e in thread_for(late, viewer="leader") if e.kind == "event"]
    assert "a tiempo" in spanish.text and "Escalated" not in spanish.text


def test_a_merged_concerns_older_words_sit_on_their_day(org):
    newer = released("Night shift is short two nurses again.", unit=org.ward_a, days_ago=1).concern
    older = released("We are short two nurses every night.", unit=org.ward_a).concern
    services.reply_as_reporter(older, "It happened again last night.")
    release_due(everything=True)
    five_days_ago = timezone.localdate() - dt.timedelta(days=5)
    older.messages.update(sent_on=five_days_ago)  # its reply was released in an earlier batch
    services.write_to_reporter(newer, org.leader, "We are looking at the rota.")
    services.merge_concerns(newer, [older], org.leader)
    days = [entry.day for entry in thread_for(newer, viewer="leader")]
    assert days == sorted(days)
    assert days[0] == five_days_ago and len(days) == 4  # the ack, the reply, the merge, its reply
