"""Background work for concerns. Each task is idempotent: running it twice changes nothing more."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from upstream.concerns import batches
from upstream.intake.services import release_due


@task()
def release_batch(released_at_iso: str) -> int:
    """Release the intake entries due by this fixed time, then email leaders about the concerns
    that reached them, tell leaders of reporters' replies, escalate any whose acknowledgment deadline
    passed and remind leaders of deadlines within reach. Idempotent per release time: released entries
    are gone (so a rerun finds no concern newly awaiting a leader), a release row stops a second
    digest, an escalation and a reminder are recorded once per concern."""
    released_at = dt.datetime.fromisoformat(released_at_iso)
    awaiting = batches.awaiting_ids()
    release_due(released_at)
    # After the release transaction: the concerns it left awaiting a leader got a reporter's reply.
    batches.notify_replies(awaiting, released_at)
    batches.escalate_overdue(released_at)
    batches.remind_due(released_at)
    return batches.notify_leaders(released_at)


@task()
def purge_expired() -> int:
    """Delete concerns past their retention date. Idempotent."""
    return batches.purge_expired()
