"""A called-off gathering says so on its page, with when, and offers nothing to sign up for or give up;
its calendar file then updates the entry a calendar imported (same UID, STATUS:CANCELLED, a higher
SEQUENCE, a later DTSTAMP: RFC 5545 3.8.7.4, 3.8.7.2).

A new-user walk: staff with a place still read "You have a place. Add to calendar (.ics) / Give up
my place" after the organiser called it off, and the file carried no SEQUENCE and the creation
moment as its DTSTAMP, so a calendar had no reason to take it as newer."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.core import mail

from upstream.community.models import Gathering
from upstream.community.services.gatherings import cancel_gathering, cancel_signup, sign_up
from upstream.community.tests.factories import nurse, schwartz_round


@pytest.fixture
def rounds(org):
    return schwartz_round(org, capacity=1, title="Story session: the night that stayed")


def _event(content: bytes) -> icalendar.Event:
    return icalendar.Calendar.from_ical(content).walk("VEVENT")[0]


def test_it_handles_a_called_off_gathering_page_for_staff_the_organiser_and_an_outsider(org, rounds, client):
    placed, waiting = nurse(0), nurse(1)
    sign_up(placed, rounds)
    sign_up(waiting, rounds)
    cancel_gathering(org.chair, rounds)
    rounds.refresh_from_db()
    assert rounds.cancelled_at is not None
    for person in (placed, waiting, org.chair):
        client.force_login(person)
        page = client.get(f"/community/gatherings/{rounds.pk}/").content.decode()
        assert "Called off on " in page and "This gathering will not take place." in page
        for gone in (
            "You have a place.",
            "Give up my place",
            "Leave the waiting list",
            "Sign up",
            "Call it off",
        ):
            assert gone not in page, gone
        assert ("Mark it called off in my calendar (.ics)" in page) == (person == placed)
        assert client.get(f"/community/gatherings/{rounds.pk}/cancel").status_code in (302, 404)
        api = client.get(f"/api/v1/community/gatherings/{rounds.pk}").json()
        assert api["called_off"] is True and api["called_off_at"]
    client.force_login(org.outsider)
    assert client.get(f"/community/gatherings/{rounds.pk}/").status_code == 404


def test_it_handles_the_calendar_file_as_an_update_of_the_one_imported(org, rounds, client):
    # Published a day ago: the file's stamps are to the second.
    Gathering.objects.filter(pk=rounds.pk).update(created_at=rounds.created_at - dt.timedelta(days=1))
    rounds.refresh_from_db()
    placed = nurse(0)
    sign_up(placed, rounds)
    client.force_login(placed)
    first = _event(client.get(f"/community/gatherings/{rounds.pk}.ics").content)
    assert (first["STATUS"], first["SEQUENCE"]) == ("CONFIRMED", 0)
    cancel_gathering(org.chair, rounds)
    for url in (f"/community/gatherings/{rounds.pk}.ics", f"/api/v1/community/gatherings/{rounds.pk}/ics"):
        update = _event(client.get(url).content)
        assert str(update["UID"]) == str(first["UID"])
        assert update["STATUS"] == "CANCELLED"
        assert update["SEQUENCE"] > first["SEQUENCE"]
        assert update["DTSTAMP"].dt > first["DTSTAMP"].dt


def test_it_handles_giving_up_a_place_after_the_call_off_by_telling_nobody(org, rounds, client):
    placed, waiting = nurse(0), nurse(1)
    sign_up(placed, rounds)
    sign_up(waiting, rounds)
    cancel_gathering(org.chair, rounds)
    mail.outbox.clear()
    assert cancel_signup(placed, rounds) is None  # the waiting nurse is not "promoted" to nothing
    client.force_login(placed)
    client.post(f"/api/v1/community/gatherings/{rounds.pk}/cancel")
    assert mail.outbox == []
    assert rounds.signups.get(user=waiting).status == "waiting"
