"""Every moment an email names says its time zone (an email walk).

"Acknowledge by 2026-12-04 17:00", "open until 2026-03-16" and "Friday 4 December, 14:30" did not
say whose 17:00: a leader reading on a phone set to another zone could not tell. They are in the
site's time zone, named, and a deadline that is a whole day says the minute it passes."""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from upstream.community.models import Gathering
from upstream.community.services import campaigns
from upstream.community.services.gatherings import send_reminders, sign_up
from upstream.community.tests.factories import charting_campaign, nurse, schwartz_round
from upstream.concerns import batches
from upstream.concerns.models import Concern

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def new_york(settings):
    settings.TIME_ZONE = "America/New_York"


def test_a_gathering_reminder_names_the_time_and_its_zone(org):
    gathering = schwartz_round(org, capacity=5)
    sign_up(nurse(0), gathering)
    start = dt.datetime(2026, 12, 4, 19, 30, tzinfo=dt.UTC)  # 14:30 in New York
    Gathering.objects.filter(pk=gathering.pk).update(starts_at=start, ends_at=start + dt.timedelta(hours=1))
    mail.outbox.clear()
    assert send_reminders(now=start - dt.timedelta(hours=10)) == 1
    assert "on Friday 4 December, 14:30 EST at Conference room B" in mail.outbox[0].body


def test_a_concern_s_reminder_names_the_deadline_s_zone(org):
    due = dt.datetime(2026, 12, 4, 22, 0, tzinfo=dt.UTC)  # 17:00 in New York
    Concern.objects.create(
        id=uuid.uuid4(),
        text="The pharmacy closes at six and night orders wait.",
        unit=org.ward_a,
        received_on=dt.date(2026, 12, 1),
        visible_from=due - dt.timedelta(days=3),
        ack_due_on=dt.date(2026, 12, 4),
        ack_due_at=due,
        retain_until=dt.date(2033, 12, 1),
    )
    assert batches.remind_due(due - dt.timedelta(hours=7)) == 1
    assert "is due for acknowledgment by Friday 4 December, 17:00 EST and" in mail.outbox[0].body
    mail.outbox.clear()
    assert batches.escalate_overdue(due + dt.timedelta(hours=1)) == 1
    assert "was due for acknowledgment by Friday 4 December, 17:00 EST and" in mail.outbox[0].body


def test_a_formal_ask_s_day_says_the_minute_it_passes_and_where(org, django_capture_on_commit_callbacks):
    campaign = charting_campaign(org.reporter, org.ward_a)
    monday = dt.datetime(2026, 11, 30, 15, 0, tzinfo=dt.UTC)
    with django_capture_on_commit_callbacks(execute=True):
        ask = campaigns.send_ask(
            org.reporter, campaign, "Protected charting time on every shift.", now=monday
        )
    assert ask.ack_due_on == dt.date(2026, 12, 3)
    assert "Please acknowledge by Thursday 3 December, 23:59 EST in Upstream" in mail.outbox[-1].body


def test_a_survey_invitation_says_until_when_and_where(org, django_capture_on_commit_callbacks):
    from upstream.surveys.tests.helpers import office_of, open_wave

    with django_capture_on_commit_callbacks(execute=True):
        wave = open_wave(org, office_of(org), units=[org.ward_a], roles=["nurse"], today=dt.date(2026, 3, 2))
    last = dt.datetime.combine(wave.closes_on, dt.time(23, 59), tzinfo=ZoneInfo("America/New_York"))
    expected = f"open until {last:%A} {last.day} {last:%B}, 23:59 {last:%Z}: "
    assert expected in mail.outbox[0].body


def test_a_spanish_email_keeps_its_date_shape_and_names_the_zone(org, settings):
    settings.LANGUAGE_CODE = "es"
    gathering = schwartz_round(org, capacity=5)
    sign_up(nurse(0), gathering)
    start = dt.datetime(2026, 7, 3, 18, 0, tzinfo=dt.UTC)  # 14:00 in New York, summer time
    Gathering.objects.filter(pk=gathering.pk).update(starts_at=start, ends_at=start + dt.timedelta(hours=1))
    mail.outbox.clear()
    assert send_reminders(now=start - dt.timedelta(hours=10)) == 1
    assert "viernes, 3 de julio, 14:00 EDT" in mail.outbox[0].body
