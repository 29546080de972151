"""The fixed times at which periodic work runs. Kept as data so `upstream scheduler` stays dumb."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def top_of_hour(now: dt.datetime) -> dt.datetime:
    return timezone.localtime(now).replace(minute=0, second=0, microsecond=0)
