from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.core import mail

from upstream.community.models import Signup
from upstream.community.services.common import CommunityError
from upstream.community.services.gatherings import (
    cancel_signup,
    create_gathering,
    ical,
    send_reminders,
    sign_up,
    upcoming_for,
    waiting_position,
)
from upstream.community.tests.factories import make_office, nurse, schwartz_round


def breakfast(org, starts: dt.datetime) -> dict:
    """The API's body for an hour's unit breakfast on 4 West from `starts`."""
    return {
        "kind": "community_event",
        "title": "Unit breakfast",
        "description": "Pancakes.",
        "scope_unit_id": org.ward_a.pk,
        "location": "Break room",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + dt.timedelta(hours=1)).isoformat(),
        "capacity": 30,
    }


@pytest.fixture
def rounds(org):
    return schwartz_round(org, capacity=2, title="Schwartz Round: the patient I think about")


def test_it_fills_places_then_the_waiting_list_and_promotes_on_cancel(
    org, rounds, django_capture_on_commit_callbacks
):
    first, second, third, fourth = nurse(0), nurse(1), nurse(2), nurse(3)
    assert sign_up(first, rounds).status == "confirmed"
    assert sign_up(second, rounds).status == "confirmed"
    waiting = sign_up(third, rounds)
    assert waiting.status == "waiting" and waiting_position(waiting) == 1
    assert waiting_position(sign_up(fourth, rounds)) == 2
    assert sign_up(first, rounds).status == "confirmed"  # twice changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        promoted = cancel_signup(second, rounds)
    assert promoted.user == third
    assert Signup.objects.get(user=third).status == "confirmed"
    assert waiting_position(Signup.objects.get(user=fourth)) == 1
    assert mail.outbox and "A place opened" in mail.outbox[-1].subject


def test_only_staff_in_scope_see_it_and_only_organisers_create(org, rounds):
    assert list(upcoming_for(org.reporter)) == [rounds]
    assert list(upcoming_for(org.outsider)) == []
    with pytest.raises(CommunityError):
        create_gathering(
            org.reporter,
            kind="community_event",
            title="Picnic",
            description="Food",
            scope=org.ward_a,
            location="Park",
            starts_at=rounds.starts_at,
            ends_at=rounds.ends_at,
            capacity=5,
        )
    office = make_office(org.outsider)
    event = create_gathering(
        office,
        kind="story_session",
        title="Stories",
        description="Bring one",
        scope=org.hospital,
        location="Library",
        starts_at=rounds.starts_at,
        ends_at=rounds.ends_at,
        capacity=5,
    )
    assert event.pk


def test_reminders_go_once_to_confirmed_people(org, rounds):
    sign_up(nurse(0), rounds)
    sign_up(nurse(1), rounds)
    sign_up(nurse(2), rounds)  # waiting: no reminder
    mail.outbox.clear()
    assert send_reminders() == 2
    assert send_reminders() == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["nurse0@example.org", "nurse1@example.org"]


def test_the_calendar_file_parses_as_one_event(rounds):
    calendar = icalendar.Calendar.from_ical(ical(rounds))
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    assert str(events[0]["summary"]) == rounds.title
    assert events[0].decoded("dtstart") == rounds.starts_at.replace(microsecond=0)


def test_pages_and_api_sign_up_and_serve_ics(org, rounds, client):
    client.force_login(nurse(0))
    assert client.post(f"/community/gatherings/{rounds.pk}/signup").status_code == 302
    page = client.get(f"/community/gatherings/{rounds.pk}/").content.decode()
    assert "You have a place" in page
    ics = client.get(f"/community/gatherings/{rounds.pk}.ics")
    assert ics["Content-Type"].startswith("text/calendar") and b"BEGIN:VEVENT" in ics.content
    client.force_login(nurse(1))
    body = client.post(f"/api/v1/community/gatherings/{rounds.pk}/signup").json()
    assert body["my_status"] == "confirmed" and body["places_left"] == 0
    client.force_login(nurse(2))
    assert client.post(f"/api/v1/community/gatherings/{rounds.pk}/signup").json()["waiting_position"] == 1
    client.force_login(org.outsider)
    assert client.get(f"/api/v1/community/gatherings/{rounds.pk}").status_code == 404
    assert client.get(f"/community/gatherings/{rounds.pk}/").status_code == 404
    client.force_login(org.chair)
    payload = breakfast(org, rounds.starts_at + dt.timedelta(days=2))
    assert (
        client.post("/api/v1/community/gatherings", payload, content_type="application/json").status_code
        == 201
    )
    payload["ends_at"] = payload["starts_at"]
    assert (
        client.post("/api/v1/community/gatherings", payload, content_type="application/json").status_code
        == 400
    )


def test_the_organiser_calls_it_off_and_everyone_is_told(org, rounds, client):
    sign_up(nurse(0), rounds)
    mail.outbox.clear()
    client.force_login(nurse(0))
    assert client.post(f"/api/v1/community/gatherings/{rounds.pk}/call-off").status_code == 404
    client.force_login(org.chair)
    assert client.post(f"/community/gatherings/{rounds.pk}/call-off", {"confirmed": "yes"}).status_code == 302
    assert [m.to for m in mail.outbox] == [["nurse0@example.org"]]
    assert list(upcoming_for(nurse(0))) == []


def test_calling_it_off_again_emails_nobody_and_the_api_says_it_is_off(org, rounds, client):
    """The API emailed everyone again on every repeat: 1,669 emails for three gatherings under fuzzing."""
    sign_up(nurse(0), rounds)
    client.force_login(org.chair)
    assert client.get(f"/api/v1/community/gatherings/{rounds.pk}").json()["called_off"] is False
    mail.outbox.clear()
    for _ in range(3):
        answer = client.post(f"/api/v1/community/gatherings/{rounds.pk}/call-off")
        assert answer.status_code == 200 and answer.json()["called_off"] is True
    assert [m.to for m in mail.outbox] == [["nurse0@example.org"]]


def test_a_leader_is_invited_where_their_units_staff_are(org, rounds, client):
    """A chair of medicine who is a member of no unit sees the hospital's session (it was a 404) and
    their own department's, but not a ward's gathering or another hospital's."""
    office = make_office(org.outsider)
    timing = {"starts_at": rounds.starts_at, "ends_at": rounds.ends_at, "capacity": 5, "location": "Library"}
    hospital_wide = create_gathering(
        office, kind="story_session", title="Stories", description="Bring one", scope=org.hospital, **timing
    )
    elsewhere = create_gathering(
        office,
        kind="story_session",
        title="Northside stories",
        description="Bring one",
        scope=org.other_hospital,
        **timing,
    )
    ward = create_gathering(
        org.leader,
        kind="community_event",
        title="Ward picnic",
        description="Food",
        scope=org.ward_a,
        **timing,
    )
    assert set(upcoming_for(org.chair)) == {hospital_wide, rounds}  # not the ward's: staff see their own
    client.force_login(org.chair)
    assert client.get(f"/community/gatherings/{hospital_wide.pk}/").status_code == 200
    assert client.get(f"/community/gatherings/{ward.pk}/").status_code == 200  # led subtree: as before
    assert client.get(f"/community/gatherings/{elsewhere.pk}/").status_code == 404
    listed = client.get("/community/gatherings/").content.decode()
    assert "Stories" in listed and "Northside stories" not in listed and "Ward picnic" not in listed


def test_a_start_more_than_a_year_away_is_taken_for_a_mistyped_year(org, client):
    from django.utils import timezone

    client.force_login(org.chair)
    payload = breakfast(org, timezone.now() + dt.timedelta(days=400))
    refused = client.post("/api/v1/community/gatherings", payload, content_type="application/json")
    assert refused.status_code == 400
    assert "A gathering starts within a year: check the year." in refused.content.decode()
    payload = breakfast(org, timezone.now() + dt.timedelta(days=300))
    assert (
        client.post("/api/v1/community/gatherings", payload, content_type="application/json").status_code
        == 201
    )
