"""Background work for concerns. Each task is idempotent: running it twice changes nothing more."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from upstream.concerns import batches
from upstream.intake.services import release_due


@task()
def release_batch(released_at_iso: str) -> int:
    """Release the intake entries due by this fixed time, then email leaders about the concerns
    that reached them, and escalate any whose acknowledgment deadline passed. Idempotent per release time:
    released entries are gone, a release row stops a second email, an escalation is recorded once."""
    released_at = dt.datetime.fromisoformat(released_at_iso)
    release_due(released_at)
    batches.escalate_overdue(released_at)
    return batches.notify_leaders(released_at)


@task()
def purge_expired() -> int:
    """Delete concerns past their retention date. Idempotent."""
    return batches.purge_expired()
