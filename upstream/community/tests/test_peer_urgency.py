"""A peer-support request in crisis words stays urgent: passed on after the (shorter) urgent pickup
window, or handed back, it reaches the next supporter, and the office, as an urgent notice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import override_settings
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
