"""`upstream release-now` sends the notices the hourly release sends, at once, not with the next
scheduled release."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from upstream.concerns import services
from upstream.concerns.models import Concern, Event
from upstream.concerns.tests.helpers import released

REPLY = "It happened again last night: four hours without a break."


def test_it_tells_the_leader_of_a_reporters_reply_at_once(org):
    done = released(unit=org.ward_a, days_ago=2)
    concern = done.concern
    services.write_to_reporter(concern, org.leader, "Thank you; which shifts are worst?")
    services.reply_as_reporter(services.find_by_receipt(done.receipt), REPLY)
    mail.outbox.clear()
    call_command("release_now")
    notices = [m for m in mail.outbox if "replied" in m.subject]
    assert [m.to for m in notices] == [[org.leader.email]]
    assert concern.reference in notices[0].body and "four hours" not in notices[0].body
    assert org.outsider.email not in {address for m in mail.outbox for address in m.to}


def test_it_escalates_an_overdue_concern_at_once(org):
    done = released(unit=org.ward_a, days_ago=10)
    late = timezone.now() - dt.timedelta(days=2)
    Concern.objects.filter(pk=done.concern.pk).update(ack_due_at=late)
    mail.outbox.clear()
    call_command("release_now")
    assert done.concern.events.filter(kind=Event.Kind.ESCALATED).exists()
    overdue = [m for m in mail.outbox if m.subject.startswith("Overdue")]
    assert [m.to for m in overdue] == [[org.chair.email]]


def test_a_reply_released_now_is_announced_once_not_again_at_the_hour(org):
    done = released(unit=org.ward_a, days_ago=2)
    services.write_to_reporter(done.concern, org.leader, "Thank you; which shifts are worst?")
    services.reply_as_reporter(services.find_by_receipt(done.receipt), REPLY)
    mail.outbox.clear()
    call_command("release_now")
    call_command("scheduler", "--once")  # the test settings run its tasks at once
    assert len([m for m in mail.outbox if "replied" in m.subject]) == 1
