from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def detect_early_warnings(day_iso: str | None = None) -> int:
    """The nightly early-warning run. Idempotent: one signal per scope, theme and day."""
    from upstream.signals.services import detect_signals

    return len(detect_signals(dt.date.fromisoformat(day_iso) if day_iso else None))
