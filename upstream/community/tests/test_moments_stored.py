"""Meetings and gatherings keep their moments in UTC, as every database can store them (found by
upstream/api/tests/test_schema_fuzz_existing.py): a date-time may carry any offset up to a day, but
PostgreSQL stores none beyond 15:59 (a meeting at -18:01 was a server error there), and the very end
of the year 9999 in New York is already the year 10000 in UTC (a server error on any database)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from upstream.api.tokens import create_token
from upstream.community.services import campaigns
from upstream.community.tests.factories import charting_campaign, make_office

LAST_EVENING = "9999-12-31T23:30:00"  # in the site's time zone, New York: 10000-01-01 in UTC
OUT_OF_RANGE = "Choose a date and time before the last day of the year 9999."


def a_campaign(org):
    return charting_campaign(org.reporter, org.ward_a)


def meeting(client, user, campaign, starts_at: str):
    return client.post(
        f"/api/v1/community/campaigns/{campaign.pk}/meetings",
        {"starts_at": starts_at, "location": "Room 4"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {create_token(user)}",
    )


# A meeting within the year ahead (one years away is refused as a year typed wrong).
SOON = dt.date.today() + dt.timedelta(days=30)


def test_it_handles_a_meeting_offset_beyond_what_postgresql_stores(client, org):
    campaign = a_campaign(org)
    answer = meeting(client, org.reporter, campaign, f"{SOON}T00:59:38-18:01")
    assert answer.status_code == 201
    kept = campaign.meetings.get().starts_at
    assert kept == dt.datetime(SOON.year, SOON.month, SOON.day, 19, 0, 38, tzinfo=dt.UTC)


def test_the_service_keeps_the_meeting_in_utc(org):
    offset = dt.timezone(-dt.timedelta(hours=18, minutes=1))
    made = campaigns.add_meeting(
        org.reporter,
        a_campaign(org),
        starts_at=dt.datetime(SOON.year, SOON.month, SOON.day, 0, 59, tzinfo=offset),
        location="Room 4",
    )
    assert made.starts_at.utcoffset() == dt.timedelta(0)


def test_it_handles_a_meeting_at_the_very_end_of_the_year_9999_with_a_sentence(client, org):
    answer = meeting(client, org.reporter, a_campaign(org), LAST_EVENING)
    assert answer.status_code == 400
    assert answer.json() == {"detail": OUT_OF_RANGE}


def test_an_outsider_cannot_add_a_meeting(client, org):
    assert meeting(client, org.outsider, a_campaign(org), "2374-12-21T00:59:38-18:01").status_code == 404


def gathering(ends_at: str, org) -> dict:
    starts = timezone.localtime() + dt.timedelta(days=2)
    return {
        "kind": "schwartz_round",
        "title": "Schwartz Round",
        "description": "Stories, then talk.",
        "scope_unit_id": org.ward_a.pk,
        "location": "Conference room B",
        "starts_at": starts.isoformat(),
        "ends_at": ends_at,
        "capacity": 12,
    }


def test_it_handles_a_gathering_ending_at_the_very_end_of_the_year_9999_in_the_api(client, org):
    answer = client.post(
        "/api/v1/community/gatherings",
        gathering(LAST_EVENING, org),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {create_token(make_office(org.chair))}",
    )
    assert answer.status_code == 400
    assert answer.json() == {"detail": OUT_OF_RANGE}


def test_it_handles_a_gathering_ending_at_the_very_end_of_the_year_9999_on_the_page(client, org):
    client.login(username="leader_a", password=PASSWORD)
    data = gathering("9999-12-31 23:30", org)
    data["scope"] = str(data.pop("scope_unit_id"))
    data["starts_at"] = (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    page = client.post(reverse("community:gathering_new"), data)
    assert page.status_code == 400
    assert OUT_OF_RANGE in page.content.decode()


def test_an_outsider_cannot_organise_a_gathering_for_the_ward(client, org):
    answer = client.post(
        "/api/v1/community/gatherings",
        gathering("2374-12-21T00:59:38-18:01", org),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {create_token(org.outsider)}",
    )
    assert answer.status_code == 404
