"""`upstream serve` starts the web server, the task worker and the scheduler, starts any that die
again, keeps its files in the instance's own run directory, and stops them all."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="runs on its own SQLite file")
CLI = [sys.executable, "-m", "upstream.cli"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, tries: int = 240) -> str:
    for _ in range(tries):
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - local test server
                return response.read().decode()
        except OSError:
            time.sleep(0.25)
    raise AssertionError(f"{url} did not answer")


def wait_for_pid(path: Path, other_than: int | None = None, tries: int = 480) -> int:
    for _ in range(tries):
        try:
            pid = int(path.read_text())
            if pid != other_than:
                return pid
        except (OSError, ValueError):
            pass
        time.sleep(0.25)
    raise AssertionError(f"{path} never named a new process")


def appears(path: Path, tries: int = 480) -> bool:
    for _ in range(tries):
        if path.exists():
            return True
        time.sleep(0.25)
    return False


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def instance(tmp_path):
    env = {
        **os.environ,
        "UPSTREAM_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "upstream.config.settings",
    }
    subprocess.run([*CLI, "migrate", "-v0"], env=env, check=True, timeout=300)  # noqa: S603
    return env, tmp_path


def serve(env, port: int) -> subprocess.Popen:
    argv = [*CLI, "serve", "--port", str(port), "--workers", "1"]
    return subprocess.Popen(argv, env=env, stderr=subprocess.PIPE, text=True)  # noqa: S603


def serve_refused(env, port: int) -> subprocess.CompletedProcess:
    """`upstream serve` expected to stop at once, its output kept."""
    argv = [*CLI, "serve", "--port", str(port), "--workers", "1"]
    return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120)  # noqa: S603


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def test_serve_answers_pages_and_stops_cleanly(instance):
    env, data = instance
    port = free_port()
    server = serve(env, port)
    try:
        assert "Speak up" in get(f"http://127.0.0.1:{port}/")
        get(f"http://127.0.0.1:{port}/static/upstream/htmx.min.js")
        assert '"status": "ok"' in get(f"http://127.0.0.1:{port}/healthz")
        run = data / "run"
        children = {name: wait_for_pid(run / f"{name}.pid") for name in ("web", "worker", "scheduler")}
        assert appears(run / "gunicorn.ctl"), "gunicorn's control socket belongs in the run directory"
    finally:
        stop(server)
    assert server.returncode == 0
    assert not any(alive(pid) for pid in children.values())
    assert not (data / "run" / "web.pid").exists()


def test_serve_refuses_to_start_on_a_database_with_migrations_not_applied(tmp_path):
    """Found by a probe: an upgrade's new migrations not yet applied, `upstream serve` served anyway
    (pages touching the new tables would fail; only /healthz said 503)."""
    env = {
        **os.environ,
        "UPSTREAM_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "upstream.config.settings",
    }
    subprocess.run([*CLI, "migrate", "surveys", "0005", "-v0"], env=env, check=True, timeout=300)  # noqa: S603
    port = free_port()
    refused = serve_refused(env, port)
    assert refused.returncode == 1
    assert "not applied" in refused.stderr and "Run `upstream migrate` first." in refused.stderr
    assert not (tmp_path / "run" / "web.pid").exists()


def test_serve_refuses_a_port_another_program_holds_and_starts_nothing(instance):
    """Found by an install walk: serve said "Upstream is running on ..." while gunicorn failed to
    bind and was restarted for ever, its worker and scheduler running beside it."""
    env, data = instance
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        refused = serve_refused(env, port)
    assert refused.returncode == 1
    assert f"Port {port} on 127.0.0.1 is in use by another program" in refused.stderr
    assert "choose another port with --port" in refused.stderr and "Traceback" not in refused.stderr
    assert "is running on" not in refused.stdout
    assert not (data / "run" / "web.pid").exists() and not (data / "run" / "worker.pid").exists()


def test_serve_still_starts_while_the_database_does_not_answer(tmp_path):
    """The migration check above must not turn a database still starting into a refusal: serve
    starts, and its worker and scheduler retry with growing pauses (operations.md)."""
    env = {
        **os.environ,
        "UPSTREAM_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "upstream.config.settings",
        "DATABASE_URL": "postgres://upstream@127.0.0.1:9/upstream",  # nothing listens on port 9
    }
    server = serve(env, free_port())
    try:
        assert appears(tmp_path / "run" / "web.pid"), "serve gave up instead of starting"
        assert server.poll() is None
    finally:
        stop(server)


def test_serve_starts_a_dead_web_server_and_worker_again(instance):
    env, data = instance
    port = free_port()
    server = serve(env, port)
    run = data / "run"
    try:
        get(f"http://127.0.0.1:{port}/")
        web = wait_for_pid(run / "web.pid")
        worker = wait_for_pid(run / "worker.pid")
        os.kill(web, signal.SIGKILL)
        os.kill(worker, signal.SIGKILL)
        new_web = wait_for_pid(run / "web.pid", other_than=web)
        new_worker = wait_for_pid(run / "worker.pid", other_than=worker)
        assert "Speak up" in get(f"http://127.0.0.1:{port}/")
        assert alive(new_web) and alive(new_worker)
    finally:
        stop(server)
    log = server.stderr.read()
    assert "web exited" in log and "starting web again" in log
    assert "worker exited" in log


def test_two_instances_do_not_share_files(instance, tmp_path_factory):
    env, data = instance
    other_data = tmp_path_factory.mktemp("other")
    other_env = {**env, "UPSTREAM_DATA_DIR": str(other_data)}
    subprocess.run([*CLI, "migrate", "-v0"], env=other_env, check=True, timeout=300)  # noqa: S603
    first, second = serve(env, free_port()), serve(other_env, free_port())
    try:
        one = wait_for_pid(data / "run" / "web.pid")
        two = wait_for_pid(other_data / "run" / "web.pid")
        assert one != two
        assert appears(data / "run" / "gunicorn.ctl") and appears(other_data / "run" / "gunicorn.ctl")
        assert first.poll() is None and second.poll() is None
        # A second serve on the same data directory refuses instead of fighting over the files.
        duplicate = subprocess.run(  # noqa: S603
            [*CLI, "serve", "--port", str(free_port())], env=env, capture_output=True, text=True, timeout=60
        )
        assert duplicate.returncode != 0
        assert "already being served" in duplicate.stderr
    finally:
        stop(first)
        stop(second)


def children_of(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def gone_within(pids, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if all(zombie_or_gone(pid) for pid in pids):
            return True
        time.sleep(0.1)
    return False


def zombie_or_gone(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1].startswith("Z")
    except OSError:
        return True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="children die with their parent on Linux")
def test_serve_killed_with_sigkill_leaves_no_child_running_and_starts_again(instance):
    """An orphaned gunicorn kept the port for good: the next serve could never bind it, and an
    orphaned scheduler and worker ran beside the new ones."""
    env, data = instance
    port = free_port()
    server = serve(env, port)
    run = data / "run"
    try:
        get(f"http://127.0.0.1:{port}/healthz")
        children = [wait_for_pid(run / f"{name}.pid") for name in ("web", "worker", "scheduler")]
        children += children_of(children[0])  # gunicorn's workers
        server.kill()
        server.wait(timeout=10)
        assert gone_within(children, 5), "children of a killed serve are still running"
        again = serve(env, port)  # the same command, no cleanup
        try:
            new_web = wait_for_pid(run / "web.pid", other_than=children[0])
            assert '"status": "ok"' in get(f"http://127.0.0.1:{port}/healthz")
            assert alive(new_web)
        finally:
            stop(again)
        assert again.returncode == 0
    finally:
        stop(server)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers die with their master on Linux")
def test_gunicorns_workers_die_with_a_killed_master_so_the_new_one_binds_the_port(instance):
    """Orphaned workers drained for up to 30 s holding the socket; the new master gave up binding."""
    env, data = instance
    port = free_port()
    server = serve(env, port)
    run = data / "run"
    try:
        get(f"http://127.0.0.1:{port}/healthz")
        web = wait_for_pid(run / "web.pid")
        workers = children_of(web)
        assert workers
        os.kill(web, signal.SIGKILL)
        assert gone_within(workers, 3), "orphaned gunicorn workers"
        wait_for_pid(run / "web.pid", other_than=web)
        started = time.monotonic()
        assert '"status": "ok"' in get(f"http://127.0.0.1:{port}/healthz")
        assert time.monotonic() - started < 20
    finally:
        stop(server)
    assert "Connection in use" not in server.stderr.read()


def task_row(database: Path, worker_id: str, status: str = "RUNNING") -> str:
    """A release the worker `worker_id` had claimed (as django-tasks-db writes it) when it died."""
    import sqlite3
    import uuid

    row_id = uuid.uuid4().hex
    with sqlite3.connect(database) as db:
        db.execute(
            "INSERT INTO django_tasks_database_dbtaskresult (id, args_kwargs, priority, task_path,"
            " queue_name, backend_name, run_after, enqueued_at, started_at, exception_class_path,"
            " traceback, worker_ids, status)"
            " VALUES (?, ?, 0, 'upstream.concerns.tasks.release_batch', 'default', 'default',"
            " '9999-01-01 00:00:00', '2026-01-05 12:00:00', '2026-01-05 12:00:01', '', '', ?, ?)",
            [row_id, '{"args": ["2026-01-05T12:00:00+00:00"], "kwargs": {}}', f'["{worker_id}"]', status],
        )
    return row_id


def renewing_lease(database: Path, row_id: str, worker_id: str) -> None:
    """The lease of a task whose worker is alive, renewing it (upstream/ops/requeue.py)."""
    import sqlite3

    with sqlite3.connect(database) as db:
        db.execute(
            "INSERT INTO ops_tasklease (task_id, worker_id, expires_at) VALUES (?, ?, '9999-01-01 00:00:00')",
            [row_id, worker_id],
        )


def status_becomes(database: Path, row_id: str, wanted: str, seconds: float = 40) -> str:
    import sqlite3

    deadline, status = time.monotonic() + seconds, ""
    while time.monotonic() < deadline:
        with sqlite3.connect(database, timeout=20) as db:
            status = db.execute(
                "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = ?", [row_id]
            ).fetchone()[0]
        if status == wanted:
            break
        time.sleep(0.25)
    return status


def test_a_task_the_killed_worker_was_running_runs_again(instance):
    """A worker killed mid-task left its task RUNNING for good: the hour's release waited for the
    next hour's, a daily task for the next day."""
    env, data = instance
    port = free_port()
    server = serve(env, port)
    run, database = data / "run", data / "upstream.sqlite3"
    try:
        worker = wait_for_pid(run / "worker.pid")
        assert appears(run / "worker.id")
        claimed = task_row(database, (run / "worker.id").read_text().strip())
        elsewhere = task_row(database, "a-worker-on-another-machine")  # still running there,
        renewing_lease(database, elsewhere, "a-worker-on-another-machine")  # so its lease is live
        os.kill(worker, signal.SIGKILL)
        wait_for_pid(run / "worker.pid", other_than=worker)
        assert status_becomes(database, claimed, "SUCCESSFUL") == "SUCCESSFUL"
        assert status_becomes(database, elsewhere, "SUCCESSFUL", seconds=1) == "RUNNING"
    finally:
        stop(server)
    assert "queued again" in server.stderr.read()


def test_a_task_left_running_when_serve_was_killed_runs_when_it_starts_again(instance):
    env, data = instance
    run, database = data / "run", data / "upstream.sqlite3"
    run.mkdir(mode=0o700, exist_ok=True)
    (run / "worker.id").write_text("the-worker-of-a-serve-killed-with-sigkill\n")
    claimed = task_row(database, "the-worker-of-a-serve-killed-with-sigkill")
    server = serve(env, free_port())
    try:
        assert status_becomes(database, claimed, "SUCCESSFUL") == "SUCCESSFUL"
    finally:
        stop(server)


def test_serve_says_when_its_web_processes_count_rate_limits_apart(instance):
    """With two web processes and no Redis each counts the limits on its own: one account filed 18
    concerns against a limit of 10 a day (found by fuzzing), and nothing said why."""
    env, _data = instance
    env = {key: value for key, value in env.items() if key != "UPSTREAM_REDIS_URL"}
    port = free_port()
    argv = [*CLI, "serve", "--port", str(port), "--workers", "2"]
    server = subprocess.Popen(argv, env=env, stderr=subprocess.PIPE, text=True)  # noqa: S603
    try:
        get(f"http://127.0.0.1:{port}/healthz")
    finally:
        stop(server)
    said = server.stderr.read()
    assert "2 web processes and no UPSTREAM_REDIS_URL" in said and "Set UPSTREAM_REDIS_URL" in said


def test_serve_says_at_start_when_redis_does_not_answer(instance):
    """Started without a word, every sign-in then answered 500 (an operator's walk); it now works
    while Redis is down, and the line says what does not (upstream/lib/tolerant_cache.py)."""
    env, _data = instance
    env = {**env, "UPSTREAM_REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"}  # nothing listens there
    argv = [*CLI, "serve", "--port", str(free_port()), "--workers", "1"]
    server = subprocess.Popen(argv, env=env, stderr=subprocess.PIPE, text=True)  # noqa: S603
    said = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not any(
            "UPSTREAM_REDIS_URL does not answer" in s for s in said
        ):
            line = server.stderr.readline()
            if not line and server.poll() is not None:
                break
            said.append(line)
    finally:
        stop(server)
    assert any(
        "UPSTREAM_REDIS_URL does not answer (ConnectionError): until it does, sign-in limits are not" in line
        for line in said
    ), "".join(said)[-3000:]
