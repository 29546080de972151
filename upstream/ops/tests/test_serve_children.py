"""The processes `upstream serve` starts run the same code as serve itself, wherever it is started
from, and Ctrl+C stops serve, its children and a scheduler run alone without a traceback.

Found by a fresh-machine install check: started from inside a source checkout, the children
(`python -m ...`) imported the checkout's code, not the installed package, and with it chose
another data directory. And Ctrl+C on `make run` printed the scheduler's KeyboardInterrupt
traceback (and the worker's, pressed while it was starting).
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from io import StringIO

import pytest
from django.core.management import call_command

from upstream.ops.management.commands import scheduler
from upstream.ops.management.commands.serve import supervised
from upstream.ops.tests.test_serve import CLI, alive, free_port, get, wait_for_pid

CHECKOUT_MARK = "imported from the working directory"


def test_the_children_never_import_code_from_the_working_directory(tmp_path):
    # What a source checkout holds: packages named like the ones the children run.
    checkout = tmp_path / "checkout"
    for package in ("upstream", "gunicorn"):
        (checkout / package).mkdir(parents=True)
        (checkout / package / "__init__.py").write_text(f"raise SystemExit({CHECKOUT_MARK!r})\n")
    run = tmp_path / "run"
    run.mkdir()
    for child in supervised("127.0.0.1", "8000", "1", run, print):
        argv = child.command_line()
        at = argv.index("-m")
        module = argv[at + 1].split(".")[0]
        # The child's interpreter and options, asked to import the module the child runs, from the
        # checkout, as `upstream serve` run there starts it.
        probe = [*argv[:at], "-c", f"import {module}; print({module}.__file__)"]
        found = subprocess.run(probe, cwd=checkout, capture_output=True, text=True, timeout=120)  # noqa: S603
        assert CHECKOUT_MARK not in found.stderr, f"{child.name} imports the checkout's {module}"
        assert found.returncode == 0 and not found.stdout.startswith(str(checkout))


@pytest.mark.django_db
def test_ctrl_c_stops_the_scheduler_with_one_line_and_no_traceback(monkeypatch):
    def ctrl_c(seconds: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(scheduler.time, "sleep", ctrl_c)  # Ctrl+C while it waits for the next check
    said, started = StringIO(), StringIO()
    try:
        call_command("scheduler", "--interval", "30", stderr=said, stdout=started)
    except KeyboardInterrupt:
        pytest.fail("Ctrl+C left the scheduler as a KeyboardInterrupt (a traceback)")
    assert said.getvalue() == "scheduler stopped\n"
    # It says that it started, and when its work is due, in the hospital's time zone.
    assert started.getvalue().startswith("scheduler started: each hour's release at the top of the hour;")
    assert "(America/New_York)" in started.getvalue()


@pytest.fixture
def migrated(tmp_path):
    env = {**os.environ, "UPSTREAM_DATA_DIR": str(tmp_path)}
    env["DJANGO_SETTINGS_MODULE"] = "upstream.config.settings"
    subprocess.run([*CLI, "migrate", "-v0"], env=env, check=True, timeout=300)  # noqa: S603
    return env, tmp_path


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="runs on its own SQLite file")
@pytest.mark.parametrize("when", ["while the children start", "once the site answers"])
def test_ctrl_c_stops_serve_and_its_children_without_a_traceback(migrated, when):
    env, data = migrated
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [*CLI, "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, as a terminal gives `make run`
    )
    try:
        children = [wait_for_pid(data / "run" / f"{name}.pid") for name in ("web", "worker", "scheduler")]
        if when == "once the site answers":
            get(f"http://127.0.0.1:{port}/healthz")
            time.sleep(2)  # the scheduler past its first checks, asleep until the next
        os.killpg(server.pid, signal.SIGINT)  # Ctrl+C: the terminal signals the whole group
        server.wait(timeout=60)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    said = server.stdout.read()
    assert "Traceback" not in said and "KeyboardInterrupt" not in said, said
    assert server.returncode == 0
    assert not any(alive(pid) for pid in children)
