"""A second scheduler refuses to start, in one line naming the first; one killed with -9 leaves no
lock behind (upstream/ops/scheduler_lock.py).

An operator's walk started `upstream scheduler` beside `upstream serve`: both ran every job, and
every leader got each summary email twice.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from upstream.ops.scheduler_lock import SchedulerLock, SchedulerRunning

CLI = [sys.executable, "-m", "upstream.cli"]
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two machines share a PostgreSQL database, not an SQLite file"
)


@pytest.fixture
def first(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    lock = SchedulerLock()
    yield lock
    lock.release()


def test_a_second_scheduler_refuses_and_says_which_runs(db, first, tmp_path):
    first.acquire()
    with pytest.raises(CommandError) as refused:
        call_command("scheduler", "--once")
    said = str(refused.value)
    assert said.startswith(f"Another scheduler already runs (pid {os.getpid()}, from {tmp_path})")
    assert "\n" not in said
    first.release()
    call_command("scheduler", "--once")  # the first one stopped: the next starts


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="runs on its own SQLite data directory")
def test_the_command_refuses_in_one_line_with_a_failing_status(first, tmp_path):
    first.acquire()
    env = {**os.environ, "UPSTREAM_DATA_DIR": str(tmp_path), "PYTHONPATH": os.getcwd()}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    second = subprocess.run([*CLI, "scheduler"], env=env, capture_output=True, text=True, timeout=120)  # noqa: S603
    assert second.returncode != 0
    # The start-up log lines (the data directory, where each key comes from) aside, one line says it.
    lines = [line for line in second.stderr.strip().splitlines() if " upstream.ops.apps " not in line]
    assert lines == [
        f"CommandError: Another scheduler already runs (pid {os.getpid()}, from {tmp_path}); "
        "this one stops. Run exactly one per deployment, or every job is done twice "
        "(docs/operations.md#running)."
    ], second.stderr[-2000:]


def test_a_scheduler_killed_with_9_leaves_no_lock(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    holding = (
        "import django, sys; django.setup(); from upstream.ops.scheduler_lock import SchedulerLock; "
        "SchedulerLock()._take_file(); print('held', flush=True); sys.stdin.read()"
    )
    env = {**os.environ, "UPSTREAM_DATA_DIR": str(tmp_path), "PYTHONPATH": os.getcwd()}
    env["DJANGO_SETTINGS_MODULE"] = "upstream.config.settings"
    killed = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", holding], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert killed.stdout.readline().strip() == "held"
        with pytest.raises(SchedulerRunning, match=f"pid {killed.pid},"):
            SchedulerLock()._take_file()
    finally:
        killed.send_signal(signal.SIGKILL)
        killed.wait(timeout=30)
    after = SchedulerLock()
    after._take_file()  # nothing stale: the lock went with the process
    after.release()


@on_postgresql
def test_a_scheduler_on_another_machine_sharing_the_database_refuses(db, first, settings, tmp_path):
    """Another data directory (another machine): only the database can tell."""
    first.acquire()
    settings.DATA_DIR = tmp_path / "other-machine"
    with pytest.raises(CommandError, match=rf"Another scheduler already runs \(pid {os.getpid()} on "):
        call_command("scheduler", "--once")


@on_postgresql
def test_a_scheduler_whose_connection_died_leaves_no_lock_and_gives_way(db, first, settings, tmp_path):
    """kill -9 ends the lock's connection, as the server ending it here does."""
    first.acquire()
    with first._database.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [backend])
    settings.DATA_DIR = tmp_path / "other-machine"
    second = SchedulerLock()
    for _attempt in range(100):  # the server ends the terminated backend a moment later
        try:
            second.acquire()
            break
        except SchedulerRunning:
            time.sleep(0.1)
    else:
        pytest.fail("the lock of a connection that died was never released")
    try:
        settings.DATA_DIR = tmp_path
        with pytest.raises(SchedulerRunning):
            first.confirm()  # its connection is gone and the other took the lock: it stops
    finally:
        second.release()
