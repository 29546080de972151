"""Shared set-up for survey tests: the conftest organisation, the office, and a wave."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from conftest import Org, make_user
from upstream.org.models import LeaderAssignment
from upstream.surveys import services
from upstream.surveys.services import WavePlan

PULSE = {"up_division": 4, "up_connection": 2, "up_safety": 4}


def office_of(org: Org):
    office = make_user("office", first="Dana", last="Whitfield")
    LeaderAssignment.objects.create(user=office, unit=org.system, title="Well-being officer")
    return office


def open_wave(org: Org, office, *, units=None, roles=(), instruments=("upstream-pulse",), today=None):
    today = today or timezone.localdate()
    plan = WavePlan(
        title="Autumn pulse",
        unit_ids=[u.pk for u in (units or [org.system])],
        instrument_keys=list(instruments),
        opens_on=today,
        closes_on=today + dt.timedelta(days=13),
        role_groups=list(roles),
    )
    wave = services.schedule_wave(office, plan, today=today)
    services.open_wave(wave, today)
    wave.refresh_from_db()
    return wave
