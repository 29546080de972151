"""Daily key care for speak-up tokens."""

from __future__ import annotations

import datetime as dt
import logging

from django_tasks import task

from upstream.speakup import keys

logger = logging.getLogger(__name__)


@task()
def maintain_keys(day_iso: str) -> int:
    """Rotate keys past their rotation period and destroy the private half (and spent-token hashes)
    of keys whose grace period is over. Idempotent per day: a second run finds nothing due."""
    day = dt.date.fromisoformat(day_iso)
    rotated = keys.rotate_due_keys(day)
    forgotten = keys.forget_expired_keys(day)
    if rotated or forgotten:
        logger.info("speak-up keys: %d rotated, %d expired keys forgotten", len(rotated), forgotten)
    return len(rotated) + forgotten
