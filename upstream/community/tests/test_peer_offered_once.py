"""A request every candidate passed on is not offered to them again every hour: the hourly job
offered it to the first of them again at each run, and each hand-back emailed the office again
(an email walk). A supporter who comes back from being away may be offered it again."""

from __future__ import annotations

import pytest
from django.core import mail

from upstream.community.models import PeerRequest, PeerSupporter
from upstream.community.services import peer
from upstream.community.tests.factories import make_office
from upstream.org.models import Membership, User


@pytest.fixture
def two_supporters(org):
    """Two supporters outside the requester's hierarchy."""
    northside = PeerSupporter.objects.create(user=org.outsider)
    far = User.objects.create_user(username="far", email="far@example.org", password="x")
    Membership.objects.create(user=far, unit=org.other_hospital, role_group="attending")
    return [northside, PeerSupporter.objects.create(user=far)]


def _passed_on_by_everyone(org, two_supporters, capture) -> PeerRequest:
    with capture(execute=True):
        made = peer.request_support(org.reporter, contact="pager 4417").request
    for _ in two_supporters:
        made.refresh_from_db()
        with capture(execute=True):
            peer.hand_back(made)
    made.refresh_from_db()
    assert made.supporter is None and made.status == "waiting"
    return made


def test_the_hourly_job_does_not_offer_a_request_back_to_those_who_passed_it_on(
    org, two_supporters, django_capture_on_commit_callbacks
):
    make_office(org.chair)
    made = _passed_on_by_everyone(org, two_supporters, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    for _hour in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            assert peer.offer_unassigned() == 0
    made.refresh_from_db()
    assert made.supporter is None  # it waits for the office, which was told when the last passed it on
    assert mail.outbox == []  # nobody is emailed about it again, supporter or office


def test_a_supporter_back_from_away_is_offered_it_again_once(
    org, two_supporters, django_capture_on_commit_callbacks
):
    made = _passed_on_by_everyone(org, two_supporters, django_capture_on_commit_callbacks)
    first = two_supporters[0]
    peer.set_availability(first.user, False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        peer.set_availability(first.user, True)
    made.refresh_from_db()
    assert made.supporter == first
    assert [m.to for m in mail.outbox] == [[first.user.email]]
    # Saying "available" again while already available is not a return: nothing moves.
    with django_capture_on_commit_callbacks(execute=True):
        peer.hand_back(made)
        peer.set_availability(first.user, True)
    made.refresh_from_db()
    assert made.supporter is None


def test_one_away_when_it_was_asked_is_offered_it_by_the_hourly_job(
    org, two_supporters, django_capture_on_commit_callbacks
):
    away, there = two_supporters
    PeerSupporter.objects.filter(pk=away.pk).update(available=False)
    with django_capture_on_commit_callbacks(execute=True):
        made = peer.request_support(org.reporter, contact="pager 4417").request
    assert made.supporter == there
    with django_capture_on_commit_callbacks(execute=True):
        peer.hand_back(made)
    PeerSupporter.objects.filter(pk=away.pk).update(available=True)  # e.g. set by an admin
    assert peer.offer_unassigned() == 1
    made.refresh_from_db()
    assert made.supporter == away and made.tried == 2


def test_requests_open_at_the_upgrade_count_whom_they_were_offered_to(org, two_supporters):
    """The migration fills in `offered` from `tried`: an open request handed on once is not offered
    to its first candidate again by the next hourly run."""
    import importlib

    from django.apps import apps

    made = peer.request_support(org.reporter, contact="pager 4417").request
    peer.hand_back(made)
    made.refresh_from_db()
    assert made.supporter is not None and made.tried == 2
    PeerRequest.objects.filter(pk=made.pk).update(offered=[])  # as the previous version left it
    closed = peer.request_support(org.outsider, contact="x" * 5).request
    PeerRequest.objects.filter(pk=closed.pk).update(status="closed", offered=[])
    migration = importlib.import_module("upstream.community.migrations.0017_peer_request_offered")
    migration.offered_so_far(apps, None)
    made.refresh_from_db()
    assert made.offered == made.candidates[:2]
    assert PeerRequest.objects.get(pk=closed.pk).offered == []
