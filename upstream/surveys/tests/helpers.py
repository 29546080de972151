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


def autumn_and_night_waves(org: Org, office) -> tuple:
    """An autumn pulse open for 13 more days and a night shift check-in that closes in 2 days, both
    for medicine: two waves a nurse holds codes for at once (the code pages' browser tests)."""
    autumn = open_wave(org, office, units=[org.medicine])
    today = timezone.localdate()
    plan = WavePlan(
        title="Night shift check-in",
        unit_ids=[org.medicine.pk],
        instrument_keys=["upstream-pulse"],
        opens_on=today,
        closes_on=today + dt.timedelta(days=2),
        role_groups=[],
    )
    night = services.schedule_wave(office, plan, today=today)
    services.open_wave(night, today)
    night.refresh_from_db()
    return autumn, night
