"""The upgrade to escalation once per deadline (migration concerns 0013) marks only concerns whose
current deadline was escalated already."""

from __future__ import annotations

import datetime as dt
import importlib

from django.apps import apps

from upstream.concerns.models import Concern, Event
from upstream.concerns.tests.helpers import released

upgrade = importlib.import_module("upstream.concerns.migrations.0013_escalated_once_per_deadline")


def test_the_upgrade_keeps_escalated_deadlines_escalated_and_new_deadlines_open(org):
    old = released(unit=org.ward_a, days_ago=20).concern
    renewed = released("The pumps alarm all night.", unit=org.ward_a, days_ago=20).concern
    for concern in (old, renewed):
        Event.objects.create(
            concern=concern, kind=Event.Kind.ESCALATED, at=concern.ack_due_at + dt.timedelta(hours=1)
        )
    # A crisis reply since gave `renewed` a new deadline, after its escalation.
    Concern.objects.filter(pk=renewed.pk).update(ack_due_at=renewed.ack_due_at + dt.timedelta(days=7))
    Concern.objects.update(escalated=False)  # as the field arrives

    upgrade.mark_escalated(apps, None)

    assert Concern.objects.get(pk=old.pk).escalated is True
    assert Concern.objects.get(pk=renewed.pk).escalated is False
