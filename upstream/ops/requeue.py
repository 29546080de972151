"""Tasks a killed task worker was running go back to the queue.

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again (it has no
heartbeat or timeout of its own): a worker killed mid-task (SIGKILL, the OOM killer, its machine
gone) left it RUNNING for good, so the hour's release waited for the next hour's and a daily task
(survey invitations, key rotation) for the next day.

So every worker, however it was started, holds a lease on the task it runs (`TaskLease`), taken
when the task starts and renewed every fifth of UPSTREAM_TASK_LEASE_SECONDS by a thread of its own
while the task runs. The scheduler puts back in the queue every RUNNING task whose lease ran out
(`requeue_abandoned`); `upstream serve` also does at once for the worker it saw die
(`requeue_claimed_by`). Every task is idempotent (each says so), so running one again from the
start is safe. A worker that was only stalled past its lease, not dead, may go on with a task
another worker took over: the release's locks, release rows and claimed flags keep what it
releases and stores to one effect (docs/operations.md, "Kill -9 and restarts").
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from upstream.ops.models import TaskLease

logger = logging.getLogger(__name__)


def lease_length() -> dt.timedelta:
    return dt.timedelta(seconds=settings.UPSTREAM_TASK_LEASE_SECONDS)


def requeue_claimed_by(worker_id: str) -> int:
    """Put the tasks left RUNNING by this (dead) worker back in the queue; returns how many."""
    requeued = 0
    for row in DBTaskResult.objects.running().only("pk", "worker_ids"):
        if row.worker_ids and row.worker_ids[-1] == worker_id:
            requeued += DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.READY, started_at=None
            )
    TaskLease.objects.filter(worker_id=worker_id).delete()
    return requeued


def requeue_abandoned(now: dt.datetime | None = None) -> int:
    """Put back in the queue every RUNNING task without a live lease; returns how many.

    A task claimed less than a lease ago is left alone: its worker takes the lease just after
    claiming it. A lease outlives its task's start by at least its length, so the expired leases
    deleted afterwards belong to tasks requeued here or already finished.
    """
    now = now or timezone.now()
    abandoned = (
        DBTaskResult.objects.running()
        .filter(started_at__lt=now - lease_length())
        .exclude(lease__expires_at__gt=now)
    )
    requeued = abandoned.update(status=TaskResultStatus.READY, started_at=None)
    TaskLease.objects.filter(expires_at__lte=now).delete()
    return requeued


def take_lease(task_id: Any, worker_id: str) -> bool:
    """False when another worker holds a live lease on the task: this worker took too long to take
    it, the task was queued again and another worker runs it now."""
    now = timezone.now()
    expires_at = now + lease_length()
    lease, created = TaskLease.objects.get_or_create(
        task_id=task_id, defaults={"worker_id": worker_id, "expires_at": expires_at}
    )
    if created:
        return True
    if lease.worker_id != worker_id and lease.expires_at > now:
        return False
    TaskLease.objects.filter(pk=lease.pk).update(worker_id=worker_id, expires_at=expires_at)
    return True


def renew_lease(task_id: Any, worker_id: str) -> bool:
    """False when the lease is gone: it ran out and the task was queued again."""
    renewed = TaskLease.objects.filter(task_id=task_id, worker_id=worker_id).update(
        expires_at=timezone.now() + lease_length()
    )
    return bool(renewed)


class Heartbeat:
    """Holds the lease of the task the worker's main thread is running, from a thread of its own.

    The lease is taken here, not in the worker's thread, so a database busy for a moment (SQLite's
    write lock held by the task itself) delays the lease by a beat instead of failing the task.
    """

    def __init__(self, task_id: Any, worker_id: str) -> None:
        self.task_id, self.worker_id = task_id, worker_id
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"lease-{task_id}", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=30)
        try:
            TaskLease.objects.filter(task_id=self.task_id, worker_id=self.worker_id).delete()
        except DatabaseError:
            pass  # the lease runs out by itself; the task is no longer RUNNING, so nothing is requeued

    def _run(self) -> None:
        interval = lease_length().total_seconds() / 5
        taken = False
        try:
            while not self.stopped.is_set():
                try:
                    held = (
                        renew_lease(self.task_id, self.worker_id)
                        if taken
                        else take_lease(self.task_id, self.worker_id)
                    )
                except DatabaseError as error:  # tried again at the next beat, well within the lease
                    logger.warning("tasks: could not renew the lease of task %s: %s", self.task_id, error)
                else:
                    if not held:
                        logger.warning(
                            "tasks: the lease of task %s ran out and it was queued again; "
                            "this worker finishes it too (tasks are idempotent)",
                            self.task_id,
                        )
                        return
                    taken = True
                self.stopped.wait(interval)
        finally:
            connection.close()  # this thread's own connection


_beating: dict[str, Heartbeat] = {}


def hold_lease(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """task_started: a database worker is about to run a task it claimed."""
    db_result = getattr(task_result, "db_result", None)
    if db_result is None or not db_result.worker_ids:
        return  # another backend (the test suite's immediate one)
    for left in list(_beating):  # a task that ended without task_finished (its code failed to import)
        _beating.pop(left).stop()
    heartbeat = Heartbeat(db_result.pk, db_result.worker_ids[-1])
    _beating[str(task_result.id)] = heartbeat
    heartbeat.start()


def release_lease(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """task_finished: the task succeeded or failed; its lease ends."""
    heartbeat = _beating.pop(str(task_result.id), None)
    if heartbeat is not None:
        heartbeat.stop()
