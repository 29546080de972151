from __future__ import annotations

import datetime as dt

import time_machine
from django.utils import timezone

from upstream.community.models import PeerSupporter
from upstream.community.services import gatherings, peer
from upstream.community.tasks import hourly
from upstream.org.models import User


def test_the_hourly_task_sends_reminders_and_reroutes_and_is_idempotent(org):
    start = timezone.now()
    soon = start + dt.timedelta(hours=30)
    rounds = gatherings.create_gathering(
        org.chair,
        kind="schwartz_round",
        title="Round",
        description="Stories",
        scope=org.medicine,
        location="Room B",
        starts_at=soon,
        ends_at=soon + dt.timedelta(hours=1),
        capacity=5,
    )
    gatherings.sign_up(User.objects.get(username="nurse0"), rounds)
    PeerSupporter.objects.create(user=org.outsider)
    far = User.objects.create_user(username="far", password="x")
    far.memberships.create(unit=org.other_hospital, role_group="nurse")
    PeerSupporter.objects.create(user=far)
    made = peer.request_support(org.reporter, contact="ext 1234", now=start).request
    with time_machine.travel(start + dt.timedelta(hours=25), tick=False):
        assert hourly.enqueue().return_value == {"reminders": 1, "rerouted": 1, "offered_again": 0}
        assert hourly.enqueue().return_value == {"reminders": 0, "rerouted": 0, "offered_again": 0}
    made.refresh_from_db()
    assert made.tried == 2
