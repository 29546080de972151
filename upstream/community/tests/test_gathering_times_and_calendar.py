"""The calendar file goes to people with a place only; a gathering's times are refused each at its
own field, and one longer than 12 hours (a month typed wrong) is refused on the page and in the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from upstream.community.models import Gathering
from upstream.community.services.common import CommunityError
from upstream.community.services.gatherings import calendar_for, create_gathering, sign_up
from upstream.community.tests.factories import nurse, schwartz_round
from upstream.community.tests.page_boxes import error_at

TOO_LONG = "A gathering lasts at most 12 hours; check the end date."
NO_PLACE = "The calendar file is only for people with a place at this gathering."


@pytest.fixture
def rounds(org):
    return schwartz_round(org, capacity=1)


def test_only_people_with_a_place_get_the_calendar_file(org, rounds, client):
    placed, waiting, never = nurse(0), nurse(1), nurse(2)
    assert sign_up(placed, rounds).status == "confirmed"
    assert sign_up(waiting, rounds).status == "waiting"
    assert b"STATUS:CONFIRMED" in calendar_for(placed, rounds)
    for person in (waiting, never, org.chair):  # the organiser too has no place unless signed up
        with pytest.raises(CommunityError, match=NO_PLACE):
            calendar_for(person, rounds)
        client.force_login(person)
        page = client.get(f"/community/gatherings/{rounds.pk}.ics")
        assert page.status_code == 404 and b"BEGIN:VCALENDAR" not in page.content
        api = client.get(f"/api/v1/community/gatherings/{rounds.pk}/ics")
        assert (api.status_code, api.json()["detail"]) == (404, NO_PLACE)
    client.force_login(placed)
    page = client.get(f"/community/gatherings/{rounds.pk}.ics")
    assert page.status_code == 200 and b"STATUS:CONFIRMED" in page.content
    api = client.get(f"/api/v1/community/gatherings/{rounds.pk}/ics")
    assert api.status_code == 200 and api["Content-Type"].startswith("text/calendar")


def _make(org, starts: dt.datetime, ends: dt.datetime) -> Gathering:
    return create_gathering(
        org.chair,
        kind="community_event",
        title="Unit breakfast",
        description="Pancakes.",
        scope=org.medicine,
        location="Break room",
        starts_at=starts,
        ends_at=ends,
        capacity=10,
    )


def test_each_time_is_refused_at_its_own_field_and_at_most_12_hours(org):
    soon = timezone.now() + dt.timedelta(days=3)
    cases = [
        (soon - dt.timedelta(days=10), soon, "starts_at", "A gathering starts in the future."),
        (soon, soon - dt.timedelta(hours=1), "ends_at", "A gathering ends after it starts."),
        (soon, soon, "ends_at", "A gathering ends after it starts."),
        (soon, soon + dt.timedelta(days=90), "ends_at", TOO_LONG),
        (soon, soon + dt.timedelta(hours=12, minutes=1), "ends_at", "A gathering lasts at most 12 hours"),
    ]
    for starts, ends, field, said in cases:
        with pytest.raises(CommunityError, match=said) as refused:
            _make(org, starts, ends)
        assert refused.value.field == field
    assert _make(org, soon, soon + dt.timedelta(hours=12)).pk  # a whole 12 hours is fine


def test_the_page_and_the_api_refuse_a_three_month_gathering_at_its_end(org, client):
    client.force_login(org.chair)
    start = timezone.now() + dt.timedelta(days=30)
    day = start.date().isoformat()
    three_months = (start + dt.timedelta(days=90)).date().isoformat()
    form = {
        "kind": "community_event",
        "title": "Unit breakfast",
        "description": "Pancakes.",
        "scope": str(org.medicine.pk),
        "location": "Break room",
        "starts_at": f"{day}T12:00",
        "ends_at": f"{three_months}T13:00",
        "capacity": "20",
    }
    page = client.post("/community/gatherings/new", form)
    assert page.status_code == 400
    html = page.content.decode()
    assert "A gathering lasts at most 12 hours; check the end date." in error_at(html, "id_ends_at")
    assert 'role="alert"' not in html.split("<form", 1)[1].split("id_kind", 1)[0]  # nothing at the top
    past = client.post("/community/gatherings/new", {**form, "starts_at": "2020-01-10T12:00"})
    assert "A gathering starts in the future." in error_at(past.content.decode(), "id_starts_at")
    body = {
        "kind": "community_event",
        "title": "Unit breakfast",
        "description": "Pancakes.",
        "scope_unit_id": org.medicine.pk,
        "location": "Break room",
        "starts_at": f"{day}T12:00:00+00:00",
        "ends_at": f"{three_months}T13:00:00+00:00",
        "capacity": 20,
    }
    api = client.post("/api/v1/community/gatherings", body, content_type="application/json")
    assert api.status_code == 400
    assert api.json()["detail"] == "A gathering lasts at most 12 hours; check the end date."
    assert not Gathering.objects.filter(title="Unit breakfast").exists()
