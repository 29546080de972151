"""When concerns reach leaders and when answers are due.

Concerns are released in batches at fixed times (daily; hourly for urgent ones) so the moment a
concern appears in an inbox cannot be matched to who was on shift or signed in. Everything
received on a day is released together the next morning, so the release time tells nothing the
coarsened received day does not.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone


def received_day(now: dt.datetime) -> dt.date:
    return timezone.localtime(now).date()


def release_time(now: dt.datetime, *, urgent: bool) -> dt.datetime:
    local = timezone.localtime(now)
    if urgent:
        return local.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
    next_day = local.date() + dt.timedelta(days=1)
    hour = settings.UPSTREAM_DAILY_RELEASE_HOUR
    naive = dt.datetime.combine(next_day, dt.time(hour=hour))
    return timezone.make_aware(naive, timezone.get_current_timezone())


def add_business_days(day: dt.date, days: int) -> dt.date:
    current = day
    remaining = days
    while remaining > 0:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


def acknowledgment_due(released: dt.datetime) -> dt.date:
    return add_business_days(timezone.localtime(released).date(), settings.UPSTREAM_ACK_BUSINESS_DAYS)


def retention_end(received: dt.date) -> dt.date:
    return received + dt.timedelta(days=settings.UPSTREAM_RETENTION_DAYS)
