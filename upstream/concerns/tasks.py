"""Background work for concerns. Each task is idempotent: running it twice changes nothing more."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from upstream.concerns import batches
from upstream.ops import priorities


@task(priority=priorities.URGENT)
def release_batch(released_at_iso: str) -> int:
    """Release the intake entries due by this fixed time and send the notices the release brings
    (`batches.release_and_notify`); returns how many digests went out. Idempotent per release time:
    released entries are gone, a release row stops a second digest, an escalation and a reminder
    are recorded once per concern."""
    released_at = dt.datetime.fromisoformat(released_at_iso)
    return batches.release_and_notify(released_at).leaders_told


@task()
def purge_expired() -> int:
    """Delete concerns past their retention date. Idempotent."""
    return batches.purge_expired()
