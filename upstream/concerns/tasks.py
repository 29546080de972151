"""Background work for concerns. Each task is idempotent: running it twice changes nothing more."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from upstream.concerns import batches


@task()
def release_batch(released_at_iso: str) -> int:
    """Email leaders about concerns released at this fixed time. Idempotent per release time."""
    return batches.notify_leaders(dt.datetime.fromisoformat(released_at_iso))


@task()
def purge_expired() -> int:
    """Delete concerns past their retention date. Idempotent."""
    return batches.purge_expired()
