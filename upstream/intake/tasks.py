"""Releasing the intake. Idempotent: released entries are gone, so a rerun finds nothing."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from upstream.intake import services
from upstream.ops import priorities


@task(priority=priorities.URGENT)
def release_intake(now_iso: str) -> int:
    """Release every intake entry due by this fixed time."""
    return services.release_due(dt.datetime.fromisoformat(now_iso))
