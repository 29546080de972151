"""Leaders are reminded before an acknowledgment deadline, once per concern."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.core import mail
from django.utils import timezone

from upstream.concerns import services
from upstream.concerns.services import submit_concern
from upstream.concerns.tasks import release_batch
from upstream.intake.schedule import top_of_hour

TEXT = "Nobody covers lunch on weekends and we skip meals."
CRISIS = "I have a plan and I don't see a way out anymore."


def _reminders() -> list:
    return [m for m in mail.outbox if m.subject.startswith("Reminder")]


def _run(at: dt.datetime) -> None:
    release_batch.enqueue(top_of_hour(at).isoformat())


def test_it_reminds_the_owner_on_the_due_day_once_and_never_a_colleague_or_outsider(org):
    monday = dt.datetime(2026, 3, 9, 15, 0, tzinfo=dt.UTC)
    done = submit_concern(text=TEXT, unit=org.ward_a, now=monday)
    _run(done.visible_from)  # Tuesday morning's release; due Friday 13 March
    assert done.ack_due_on == dt.date(2026, 3, 13)
    _run(timezone.localtime(done.ack_due_at) - dt.timedelta(days=1, hours=12))  # Thursday: too early
    assert _reminders() == []
    friday_morning = timezone.localtime(done.ack_due_at).replace(hour=8, minute=0, second=0)
    _run(friday_morning)
    _run(friday_morning + dt.timedelta(hours=1))  # the next hourly run sends nothing twice
    _run(friday_morning)  # nor does a rerun of the same release
    reminders = _reminders()
    assert [m.to for m in reminders] == [[org.leader.email]]
    assert done.concern.reference in reminders[0].body and "lunch" not in reminders[0].body
    recipients = {address for m in mail.outbox for address in m.to}
    assert org.other_leader.email not in recipients and org.outsider.email not in recipients


def test_an_acknowledged_concern_gets_no_reminder(org):
    monday = dt.datetime(2026, 3, 9, 15, 0, tzinfo=dt.UTC)
    done = submit_concern(text=TEXT, unit=org.ward_a, now=monday)
    _run(done.visible_from)
    services.acknowledge(done.concern, org.leader, now=done.visible_from + dt.timedelta(hours=2))
    _run(timezone.localtime(done.ack_due_at).replace(hour=8, minute=0, second=0))
    assert _reminders() == []


def test_an_urgent_concern_is_reminded_in_its_last_hour(org):
    with time_machine.travel(dt.datetime(2026, 3, 10, 14, 5, tzinfo=dt.UTC)):
        done = submit_concern(text=CRISIS, unit=org.ward_a)
    assert done.crisis
    _run(done.visible_from)
    _run(done.ack_due_at - dt.timedelta(hours=2))
    assert _reminders() == []
    _run(done.ack_due_at - dt.timedelta(minutes=30))
    reminders = _reminders()
    assert [m.to for m in reminders] == [[org.leader.email]]
    assert "within the hour" in reminders[0].subject and "plan" not in reminders[0].body


def test_nothing_about_the_reminder_carries_a_time(org):
    monday = dt.datetime(2026, 3, 9, 15, 0, tzinfo=dt.UTC)
    done = submit_concern(text=TEXT, unit=org.ward_a, now=monday)
    _run(done.visible_from)
    _run(timezone.localtime(done.ack_due_at).replace(hour=8, minute=0, second=0))
    concern = done.concern
    assert concern.reminded is True
    assert not concern.events.exclude(kind="acknowledged").exists()  # the reporter's history is unchanged
