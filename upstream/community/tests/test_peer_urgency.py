"""A peer-support request in crisis words stays urgent: passed on after the (shorter) urgent pickup
window, or handed back, it reaches the next supporter, and the office, as an urgent notice."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from upstream.community.models import PeerRequest, PeerSupporter
from upstream.community.services import peer
from upstream.community.tests.factories import make_office
from upstream.org.models import Membership, User

CRISIS = "I don't want to wake up tomorrow. Nights have been too much for months."
ORDINARY = "A rough week after two codes in a row; I would like to talk it through."


@pytest.fixture
def two_far(org) -> list[PeerSupporter]:
    out = []
    for name in ("far1", "far2"):
        person = User.objects.create_user(username=name, email=f"{name}@example.org", password="x")
        Membership.objects.create(user=person, unit=org.other_hospital, role_group="attending")
        out.append(PeerSupporter.objects.create(user=person))
    return out


def ask(org, note: str, now: dt.datetime, capture) -> PeerRequest:
    with capture(execute=True):
        return peer.request_support(org.reporter, contact="pager 4417", note=note, now=now).request


def test_it_passes_a_flagged_request_on_after_the_urgent_window_as_urgent(
    org, two_far, django_capture_on_commit_callbacks
):
    start = timezone.now()
    flagged = ask(org, CRISIS, start, django_capture_on_commit_callbacks)
    calm = ask(org, ORDINARY, start, django_capture_on_commit_callbacks)
    assert flagged.urgent and not calm.urgent
    first_supporter = flagged.supporter.user.email
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert peer.reroute_stale(now=start + dt.timedelta(hours=5)) == 1  # the calm one waits 24 hours
    notice = mail.outbox[-1]
    assert notice.to != [first_supporter] and notice.subject.startswith("Urgent:")
    assert "within hours" in notice.body and "wake up" not in notice.body
    with django_capture_on_commit_callbacks(execute=True):
        assert peer.reroute_stale(now=start + dt.timedelta(hours=25)) >= 1
    assert not mail.outbox[-1].subject.startswith("Urgent")  # the ordinary one, ordinary as before


@override_settings(UPSTREAM_PEER_URGENT_PICKUP_HOURS=2)
def test_the_urgent_window_is_a_setting(org, two_far, django_capture_on_commit_callbacks):
    start = timezone.now()
    ask(org, CRISIS, start, django_capture_on_commit_callbacks)
    assert peer.reroute_stale(now=start + dt.timedelta(hours=1)) == 0
    assert peer.reroute_stale(now=start + dt.timedelta(hours=2)) == 1


def test_a_flagged_request_handed_back_stays_urgent_to_the_next_supporter_and_the_office(
    org, two_far, django_capture_on_commit_callbacks
):
    office = make_office(org.chair)
    made = ask(org, CRISIS, timezone.now(), django_capture_on_commit_callbacks)
    for _ in two_far:
        holder = made.supporter.user
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            made = peer.hand_back(peer.request_for_supporter(holder, made.pk))
        assert mail.outbox[-1].subject.startswith("Urgent:"), mail.outbox[-1].subject
    assert made.supporter_id is None and office.email in mail.outbox[-1].to  # nobody left: the office


def test_the_supporter_api_says_it_is_urgent_and_closing_clears_it(
    org, two_far, client, django_capture_on_commit_callbacks
):
    made = ask(org, CRISIS, timezone.now(), django_capture_on_commit_callbacks)
    client.force_login(made.supporter.user)
    listed = client.get("/api/v1/community/peer/assigned").json()
    assert [item["urgent"] for item in listed] == [True]
    closed = client.post(f"/api/v1/community/peer/assigned/{made.pk}/close").json()
    assert closed["urgent"] is False and closed["note"] == ""
    made.refresh_from_db()
    assert not made.urgent  # nothing of the words outlives the request


def colleague() -> User:
    return User.objects.get(username="nurse1")


def _cards(page: str) -> list[str]:
    """The request cards of a supporter's or the office's list, in the order shown."""
    return re.findall(r'<li class="card[^"]*"[^>]*>(.*?)</li>', page, re.S)


@override_settings(UPSTREAM_PEER_URGENT_PICKUP_HOURS=3)
def test_the_supporter_sees_a_flagged_request_first_marked_urgent_with_its_window(
    org, two_far, client, django_capture_on_commit_callbacks
):
    two_far[1].available = False
    two_far[1].save(update_fields=["available"])  # both requests go to the same supporter
    start = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        peer.request_support(org.reporter, contact="pager 1001", note=ORDINARY, now=start)
        peer.request_support(colleague(), contact="pager 2002", note=CRISIS, now=start)
    client.force_login(two_far[0].user)
    cards = _cards(client.get(reverse("community:peer")).content.decode())
    assert ["pager 2002" in cards[0], "pager 1001" in cards[1]] == [True, True]  # urgent first
    assert "Urgent" in cards[0] and "within 3 hours" in cards[0]  # in words, not only a colour
    assert "Urgent" not in cards[1]
    listed = client.get("/api/v1/community/peer/assigned").json()
    assert [(i["contact"], i["urgent"], i["pickup_hours"]) for i in listed] == [
        ("pager 2002", True, 3),
        ("pager 1001", False, peer.pickup_hours()),
    ]
    spanish = client.get(reverse("community:peer"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Urgente" in _cards(spanish)[0] and "en 3 horas" in _cards(spanish)[0]


def test_the_office_sees_who_is_still_waiting_urgent_first_without_their_contact(
    org, two_far, client, django_capture_on_commit_callbacks
):
    office = make_office(org.chair)
    start = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        peer.request_support(org.reporter, contact="pager 1001", note=ORDINARY, now=start)
        for supporter in two_far:
            supporter.available = False
            supporter.save(update_fields=["available"])
        peer.request_support(colleague(), contact="pager 2002", note=CRISIS, now=start)
    client.force_login(office)
    page = client.get(reverse("community:peer_office")).content.decode()
    cards = _cards(page)
    assert "Urgent" in cards[0] and f"within {peer.urgent_pickup_hours()} hours" in cards[0]
    assert "No supporter is available" in cards[0]
    assert "Urgent" not in cards[1] and "A supporter has it" in cards[1]
    for private in ("pager", "wake up", "rough week"):  # the office sees the queue, not the person
        assert private not in page
    waiting = client.get("/api/v1/community/peer/waiting").json()
    assert [(w["urgent"], w["with_supporter"], w["pickup_hours"]) for w in waiting] == [
        (True, False, peer.urgent_pickup_hours()),
        (False, True, peer.pickup_hours()),
    ]
    assert not {"contact", "note", "when", "id"} & set(waiting[0])
    assert waiting[0]["hours_waiting"] == 0  # whole hours, never the moment it was asked
    for outsider in (two_far[0].user, org.reporter):  # a supporter or a colleague: not theirs to see
        client.force_login(outsider)
        assert client.get("/api/v1/community/peer/waiting").status_code == 404
        assert client.get(reverse("community:peer_office")).status_code == 404


def test_the_writer_is_told_the_window_their_request_really_has(org, two_far, client):
    """The page and the API said "within 24 hours" to a request in crisis words, which its
    supporter was given 4 hours to answer (an email walk)."""
    from django.test import Client

    client.force_login(org.reporter)
    sent = client.post(
        "/api/v1/community/peer/requests",
        {"contact": "pager 4417", "note": CRISIS},
        content_type="application/json",
    )
    assert sent.status_code == 201 and sent.json()["crisis"] is True
    assert sent.json()["pickup_hours"] == peer.urgent_pickup_hours() == 4
    page_client = Client()
    page_client.force_login(org.other_leader)
    page = page_client.post(
        reverse("community:peer"), {"contact": "ext 2210", "note": CRISIS}
    ).content.decode()
    assert "usually within 4 hours" in page and "within 24 hours" not in page
