"""Tasks a killed task worker was running go back to the queue.

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again: a worker
killed mid-task (SIGKILL, the OOM killer) leaves it RUNNING for good, so the hour's release waited
for the next hour's and a daily task (survey invitations, key rotation) for the next day. Every
task is idempotent (each says so), so running one again from the start is safe.
"""

from __future__ import annotations

from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult


def requeue_claimed_by(worker_id: str) -> int:
    """Put the tasks left RUNNING by this (dead) worker back in the queue; returns how many."""
    requeued = 0
    for row in DBTaskResult.objects.running().only("pk", "worker_ids"):
        if row.worker_ids and row.worker_ids[-1] == worker_id:
            requeued += DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.READY, started_at=None
            )
    return requeued
