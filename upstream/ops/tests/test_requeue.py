"""A task whose worker died is queued again, however the worker was started.

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again. Only
`upstream serve` put back the tasks of a worker it saw die: a worker started by hand
(`upstream db_worker`, under systemd or in a terminal) and killed with SIGKILL left its task RUNNING
for good. Now every worker holds a lease on the task it runs, and the scheduler queues again every
RUNNING task whose lease ran out.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from upstream.ops.models import TaskLease
from upstream.ops.requeue import renew_lease, requeue_abandoned, take_lease

CLI = [sys.executable, "-m", "upstream.cli"]
LEASE = dt.timedelta(seconds=300)  # the default UPSTREAM_TASK_LEASE_SECONDS


def running(worker_id: str, started: dt.datetime) -> DBTaskResult:
    return DBTaskResult.objects.create(
        task_path="upstream.concerns.tasks.release_batch",
        args_kwargs={"args": ["2026-01-05T12:00:00+00:00"], "kwargs": {}},
        backend_name="default",
        status=TaskResultStatus.RUNNING,
        started_at=started,
        worker_ids=[worker_id],
    )


def status(row: DBTaskResult) -> str:
    row.refresh_from_db()
    return row.status


@pytest.mark.django_db
def test_it_queues_again_the_task_of_a_worker_whose_lease_ran_out():
    now = timezone.now()
    dead = running("killed", now - LEASE * 2)
    TaskLease.objects.create(task=dead, worker_id="killed", expires_at=now - dt.timedelta(seconds=1))
    alive = running("busy", now - LEASE * 2)  # a long task whose worker renews its lease
    TaskLease.objects.create(task=alive, worker_id="busy", expires_at=now + dt.timedelta(seconds=60))
    just_claimed = running("starting", now - dt.timedelta(seconds=5))  # its lease is being taken
    assert requeue_abandoned(now) == 1
    assert status(dead) == TaskResultStatus.READY and dead.started_at is None
    assert status(alive) == TaskResultStatus.RUNNING and status(just_claimed) == TaskResultStatus.RUNNING
    assert list(TaskLease.objects.values_list("worker_id", flat=True)) == ["busy"]


@pytest.mark.django_db
def test_a_task_claimed_long_ago_without_any_lease_is_queued_again():
    """A worker killed before its first beat, or one of a version before leases."""
    orphan = running("no-lease", timezone.now() - LEASE * 2)
    assert requeue_abandoned() == 1
    assert status(orphan) == TaskResultStatus.READY


@pytest.mark.django_db
def test_the_scheduler_queues_them_again_at_its_clock_check(capsys):
    orphan = running("killed", timezone.now() - LEASE * 2)
    call_command("scheduler", "--once")
    assert status(orphan) == TaskResultStatus.READY
    assert "1 task whose worker stopped is queued again." in capsys.readouterr().err


@pytest.mark.django_db
def test_a_worker_late_to_its_lease_does_not_take_a_task_another_worker_runs_now():
    """Stalled past its lease before its first beat, the first worker finds its task taken over."""
    task = running("second", timezone.now())
    assert take_lease(task.pk, "second")
    assert not take_lease(task.pk, "first") and not renew_lease(task.pk, "first")
    assert TaskLease.objects.get(task=task).worker_id == "second"
    TaskLease.objects.filter(task=task).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert take_lease(task.pk, "third")  # a lease that ran out is anyone's


# A worker started by hand, as an operator runs one (docs/operations.md), on its own SQLite file.
needs_own_file = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="runs on its own SQLite file"
)


@pytest.fixture
def instance(tmp_path):
    env = {
        **os.environ,
        "UPSTREAM_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "upstream.config.settings",
        "UPSTREAM_TASK_LEASE_SECONDS": "2",
    }
    subprocess.run([*CLI, "migrate", "-v0"], env=env, check=True, timeout=300)  # noqa: S603
    processes: list[subprocess.Popen] = []

    def start(*argv: str) -> subprocess.Popen:
        process = subprocess.Popen([*CLI, *argv], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # noqa: S603
        processes.append(process)
        return process

    yield start, tmp_path
    for process in processes:
        if process.poll() is None:
            process.kill()
            process.wait()


def enqueue_hold(database: Path, holding: Path) -> str:
    """A `hold_while` task, READY, as django-tasks-db writes one."""
    row_id = uuid.uuid4().hex
    with sqlite3.connect(database, timeout=20) as db:
        db.execute(
            "INSERT INTO django_tasks_database_dbtaskresult (id, args_kwargs, priority, task_path,"
            " queue_name, backend_name, run_after, enqueued_at, exception_class_path, traceback,"
            " worker_ids, status)"
            " VALUES (?, ?, 0, 'upstream.ops.tests.tasks.hold_while', 'default', 'default',"
            " '9999-01-01 00:00:00', '2026-01-05 12:00:00', '', '', '[]', 'READY')",
            [row_id, f'{{"args": ["{holding}"], "kwargs": {{}}}}'],
        )
    return row_id


def row(database: Path, row_id: str) -> tuple[str, str]:
    with sqlite3.connect(database, timeout=20) as db:
        return db.execute(
            "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult WHERE id = ?", [row_id]
        ).fetchone()


def becomes(database: Path, row_id: str, wanted: tuple[str, str], seconds: float = 60) -> tuple[str, str]:
    deadline, found = time.monotonic() + seconds, ("", "")
    while time.monotonic() < deadline:
        found = row(database, row_id)
        if (found[0], found[1].replace(" ", "")) == wanted:
            break
        time.sleep(0.2)
    return found[0], found[1].replace(" ", "")


WORKER = ("db_worker", "--interval", "0.2", "--no-startup-delay", "--no-reload", "--worker-id")


@needs_own_file
def test_a_task_of_a_hand_started_worker_killed_with_sigkill_runs_again(instance):
    start, data = instance
    database, holding = data / "upstream.sqlite3", data / "holding"
    holding.touch()
    task = enqueue_hold(database, holding)
    first = start(*WORKER, "first")
    assert becomes(database, task, ("RUNNING", '["first"]')) == ("RUNNING", '["first"]')
    first.send_signal(signal.SIGKILL)
    first.wait()
    start("scheduler", "--interval", "0.5")
    start(*WORKER, "second")  # started by hand too, as systemd would start it again
    holding.unlink()
    assert becomes(database, task, ("SUCCESSFUL", '["first","second"]')) == (
        "SUCCESSFUL",
        '["first","second"]',
    )


@needs_own_file
def test_a_long_task_of_a_live_worker_stays_with_it(instance):
    """At most once in effect: a worker that is alive keeps renewing its lease, however long its task."""
    start, data = instance
    database, holding = data / "upstream.sqlite3", data / "holding"
    holding.touch()
    task = enqueue_hold(database, holding)
    start(*WORKER, "first")
    assert becomes(database, task, ("RUNNING", '["first"]')) == ("RUNNING", '["first"]')
    scheduler = start("scheduler", "--interval", "0.5")
    start(*WORKER, "second")
    time.sleep(8)  # four leases long
    assert row(database, task)[0] == "RUNNING"
    holding.unlink()
    assert becomes(database, task, ("SUCCESSFUL", '["first"]')) == ("SUCCESSFUL", '["first"]')
    scheduler.kill()
    assert b"queued again" not in scheduler.stderr.read()
