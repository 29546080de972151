"""The inbox says when each unacknowledged concern is due, not only once it is overdue: its header
promises "those due soonest", and the day was on the concern's page only. An urgent concern's
deadline is hours after its release, so its row gives the time too, in the site's time zone."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import dateformat, timezone

from conftest import PASSWORD
from upstream.concerns import services, timing
from upstream.concerns.models import Concern
from upstream.concerns.tests.helpers import released

CALM = "The break room was removed and we eat at the nurses' station."
CRISIS = "Some nights I think everyone would be better off without me."


@pytest.fixture
def leader(client, org):
    client.login(username="leader_a", password=PASSWORD)
    return client


def due_on(concern: Concern, day: dt.date) -> Concern:
    Concern.objects.filter(pk=concern.pk).update(ack_due_on=day, ack_due_at=timing.end_of_day(day))
    concern.refresh_from_db()
    return concern


def due_at(concern: Concern, moment: dt.datetime) -> Concern:
    Concern.objects.filter(pk=concern.pk).update(ack_due_at=moment, ack_due_on=timing.local_day(moment))
    concern.refresh_from_db()
    return concern


def row(page: str, concern: Concern) -> str:
    """The inbox row of one concern, its tags and words."""
    start = page.index(reverse("concerns:detail", args=[concern.pk]))
    return page[start : page.index("</li>", start)]


def test_a_new_concern_not_yet_overdue_shows_the_day_it_is_due(leader, org):
    day = timezone.localdate() + dt.timedelta(days=3)
    concern = due_on(released(CALM, unit=org.ward_a).concern, day)
    shown = row(leader.get(reverse("concerns:inbox")).content.decode(), concern)
    assert f"Acknowledge by {dateformat.format(day, 'j M')}<" in shown
    assert "overdue" not in shown
    # The concern's page says the same day.
    page = leader.get(reverse("concerns:detail", args=[concern.pk])).content.decode()
    assert f"Acknowledge by {dateformat.format(day, 'j M')}<" in page


def test_an_urgent_concern_shows_the_hour_it_is_due_in_the_sites_time_zone(leader, org):
    moment = (timezone.now() + dt.timedelta(hours=3)).replace(minute=0, second=0, microsecond=0)
    concern = due_at(released(CRISIS, unit=org.ward_a).concern, moment)
    assert concern.urgent
    local = dateformat.format(timezone.localtime(moment), "j M, H:i")
    shown = row(leader.get(reverse("concerns:inbox")).content.decode(), concern)
    assert f"Acknowledge by {local}<" in shown
    # Written in the site's time zone, not UTC (the tests' zone is five hours or so from it).
    assert timezone.localtime(moment).hour != moment.astimezone(dt.UTC).hour
    page = leader.get(reverse("concerns:detail", args=[concern.pk])).content.decode()
    assert f"Acknowledge by {local}<" in page


def test_an_overdue_urgent_concern_shows_the_hour_it_was_due(leader, org):
    moment = (timezone.now() - dt.timedelta(hours=2)).replace(second=0, microsecond=0)
    concern = due_at(released(CRISIS, unit=org.ward_a).concern, moment)
    shown = row(leader.get(reverse("concerns:inbox")).content.decode(), concern)
    local = dateformat.format(timezone.localtime(moment), "j M, H:i")
    assert f"Acknowledgment overdue: due {local}<" in shown
    assert "Acknowledge by" not in shown
    # The concern's page gives the hour too (it gave the day alone).
    page = leader.get(reverse("concerns:detail", args=[concern.pk])).content.decode()
    assert f"Acknowledgment overdue: due {local}<" in page


def test_an_overdue_concern_keeps_its_day_and_an_acknowledged_one_shows_no_deadline(leader, org):
    late = due_on(
        released(CALM, unit=org.ward_a, days_ago=20).concern, timezone.localdate() - dt.timedelta(days=5)
    )
    done = released(unit=org.ward_a).concern
    services.acknowledge(done, org.leader)
    page = leader.get(reverse("concerns:inbox")).content.decode()
    assert f"Acknowledgment overdue: due {dateformat.format(late.ack_due_on, 'j M')}<" in row(page, late)
    assert "Acknowledge by" not in row(page, late)
    assert not re.search("Acknowledg(e by|ment overdue)", row(page, done))


def test_the_deadlines_cost_no_query_of_their_own(leader, org):
    def inbox() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert leader.get(reverse("concerns:inbox")).status_code == 200
        return len(captured.captured_queries)

    released(CALM, unit=org.ward_a)
    few = inbox()
    # Two days or more: one submitted yesterday may wait for this morning's batch (before it, hidden).
    for days_ago in (3, 4, 20):
        released(CALM, unit=org.ward_a, days_ago=days_ago)
    released(CRISIS, unit=org.ward_a)
    due_at(released(CRISIS, unit=org.ward_a).concern, timezone.now() - dt.timedelta(hours=1))
    page = leader.get(reverse("concerns:inbox")).content.decode()
    assert len(re.findall("Acknowledge by|Acknowledgment overdue", page)) == 6
    assert inbox() == few


def test_the_api_gives_an_urgent_concern_s_hour_and_calls_it_overdue_from_that_hour(leader, org):
    """The API gave the day alone and called an urgent concern overdue only from the next day."""
    noon = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(12, 0)))
    with time_machine.travel(noon, tick=False):
        concern = due_at(released(CRISIS, unit=org.ward_a).concern, noon - dt.timedelta(hours=2))
        calm = due_on(released(CALM, unit=org.ward_a).concern, timezone.localdate())
        urgent = leader.get(f"/api/v1/concerns/{concern.pk}").json()
        listed = {row["id"]: row for row in leader.get("/api/v1/inbox").json()["items"]}
        later = leader.get(f"/api/v1/concerns/{calm.pk}").json()
    assert dt.datetime.fromisoformat(urgent["acknowledgment_due_at"]) == noon - dt.timedelta(hours=2)
    assert urgent["overdue"] is True and listed[str(concern.pk)]["overdue"] is True
    # Due by the end of today: not overdue at noon, and its moment says so.
    assert later["overdue"] is False
    end_of_today = timing.end_of_day(noon.date())
    assert dt.datetime.fromisoformat(later["acknowledgment_due_at"]) == end_of_today
