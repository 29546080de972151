"""When an intake entry is released: fixed batch times, never the moment of writing.

Everything written on a day is released together at the daily release hour the next morning;
entries that must reach a person sooner (a writer who may be in crisis) go at the next top of the
hour. Either way the release time tells no more than the day, or the hour, of writing.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone


def release_time(now: dt.datetime, *, urgent: bool) -> dt.datetime:
    local = timezone.localtime(now)
    if urgent:
        return local.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
    next_day = local.date() + dt.timedelta(days=1)
    naive = dt.datetime.combine(next_day, dt.time(hour=settings.UPSTREAM_DAILY_RELEASE_HOUR))
    return timezone.make_aware(naive, timezone.get_current_timezone())


def top_of_hour(now: dt.datetime) -> dt.datetime:
    return timezone.localtime(now).replace(minute=0, second=0, microsecond=0)
