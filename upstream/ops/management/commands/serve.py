"""Run the whole product on one machine: web server, task worker and scheduler, kept running.

`upstream serve` is a small supervisor: a child that dies (gunicorn, `db_worker` or the scheduler)
is started again after a pause that doubles with each quick failure (1 s up to 60 s) and resets once
the child has stayed up for a minute. SIGTERM or Ctrl+C stops all three.

Its files live in the instance's own run directory, DATA_DIR/run (UPSTREAM_DATA_DIR): one pid file
per child, serve.pid, and gunicorn's control socket. Two instances with different data directories
never share a file; a second `serve` on the same data directory refuses to start.

For larger deployments run the three separately under systemd (docs/operations.md).
"""

from __future__ import annotations

import fcntl
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection
from django.utils.translation import gettext, gettext_lazy

from upstream.lib.commands import TranslatedHelp, migrations_refusal
from upstream.lib.process import die_with_parent
from upstream.lib.tolerant_cache import required
from upstream.ops import keys_match
from upstream.ops.checks import database_logs_no_anonymous_write

FIRST_BACKOFF = 1.0
MAX_BACKOFF = 60.0
STABLE_AFTER = 60.0
STOP_TIMEOUT = 15.0
# A Unix socket path longer than this does not fit in sockaddr_un on Linux.
MAX_SOCKET_PATH = 100


def run_dir() -> Path:
    path = Path(settings.DATA_DIR) / "run"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def serving_pid() -> str | None:
    """The pid of an `upstream serve` running from this data directory, or None when none is."""
    path = Path(settings.DATA_DIR) / "run" / "serve.pid"
    try:
        handle = open(path)  # noqa: SIM115 - closed below whatever happens
    except FileNotFoundError:
        return None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return handle.read().strip() or "?"
        return None


@dataclass
class Child:
    """One supervised process; restarts with a backoff that resets after a stable run."""

    name: str
    argv: list[str]
    pid_file: Path
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    backoff: float = FIRST_BACKOFF
    restart_at: float | None = None
    restarts: int = field(default=0)
    on_exit: Callable[[], None] | None = None

    def command(self) -> list[str]:
        return self.argv

    def command_line(self) -> list[str]:
        """What is started: the interpreter with -P, then `command()` (`-m module ...`).

        Without -P, `python -m` puts the working directory first on sys.path: run from inside a
        source checkout, the children imported the checkout's code instead of the installed
        package (and, with it, chose another data directory) while serve itself ran the installed
        one. Added here, so no child can be started without it."""
        python, *arguments = self.command()
        return [python, "-P", *arguments]

    def start(self) -> None:
        # A supervisor killed with SIGKILL must not leave its children running: an orphaned gunicorn
        # keeps the port (the next serve could never bind it), an orphaned scheduler doubles up.
        supervisor = os.getpid()
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            self.command_line(),
            preexec_fn=lambda: die_with_parent(supervisor),
            # Out of the terminal's process group: Ctrl+C reaches the supervisor alone, which stops
            # each child with SIGTERM as `systemctl stop` does. The SIGINT the terminal sent to all
            # of them interrupted a child still importing, or the scheduler asleep, with a traceback.
            process_group=0,
        )
        self.started_at = time.monotonic()
        self.restart_at = None
        self.pid_file.write_text(f"{self.process.pid}\n")

    def check(self, now: float, log) -> None:
        """Start again when it is time; notice when it has died and plan the restart."""
        if self.process is None or self.restart_at is not None:
            if self.restart_at is not None and now >= self.restart_at:
                self.restarts += 1
                message = gettext("starting %(name)s again (restart %(count)s)")
                log(message % {"name": self.name, "count": self.restarts})
                self.start()
            return
        code = self.process.poll()
        if code is None:
            return
        if now - self.started_at >= STABLE_AFTER:
            self.backoff = FIRST_BACKOFF
        message = gettext("%(name)s exited with code %(code)s; starting it again in %(seconds)s s")
        log(message % {"name": self.name, "code": code, "seconds": f"{self.backoff:g}"})
        self.pid_file.unlink(missing_ok=True)
        if self.on_exit is not None:
            self.on_exit()
        self.restart_at = now + self.backoff
        self.backoff = min(self.backoff * 2, MAX_BACKOFF)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()

    def wait(self, deadline: float) -> None:
        if self.process is None:
            return
        try:
            self.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.pid_file.unlink(missing_ok=True)
        if self.on_exit is not None:
            self.on_exit()


class TaskWorker(Child):
    """`db_worker` under a fresh worker id per start, kept in DATA_DIR/run/worker.id, so that the
    tasks it was running when it died (even with serve itself) can be put back in the queue."""

    def __init__(self, python: str, directory: Path, log: Callable[[str], None]) -> None:
        super().__init__("worker", [python, "-m", "upstream.cli", "db_worker"], directory / "worker.pid")
        self.id_file = directory / "worker.id"
        self.log = log
        self.on_exit = self.requeue

    def command(self) -> list[str]:
        worker_id = secrets.token_hex(16)
        self.id_file.write_text(f"{worker_id}\n")
        return [*self.argv, "--worker-id", worker_id]

    def requeue(self) -> None:
        """Put back what the last worker left RUNNING; safe to call again (it finds nothing)."""
        from upstream.ops.requeue import requeue_claimed_by

        try:
            worker_id = self.id_file.read_text().strip()
        except OSError:
            return
        if not worker_id:
            return
        try:
            count = requeue_claimed_by(worker_id)
        except DatabaseError as error:  # the database may be down too; the next exit tries again
            self.log(gettext("could not queue the dead worker's tasks again: %(error)s") % {"error": error})
            return
        finally:
            connection.close()
        if count:
            message = gettext("%(count)s task(s) the worker was running when it stopped are queued again")
            self.log(message % {"count": count})


def gunicorn_argv(python: str, host: str, port: str, workers: str, directory: Path) -> list[str]:
    argv = [
        python,
        "-m",
        "gunicorn",
        "upstream.config.wsgi",
        "--bind",
        f"{host}:{port}",
        "--workers",
        workers,
        "--threads",
        "4",
        "--timeout",
        "60",
        # gunicorn answers a longer request line with its own HTML 414 before the app (and the
        # API's JSON errors) sees it. Its default, 4094, is short for a long filtered list or
        # search; 8190 is its maximum, about nginx's default buffer (8 KB). Each header line keeps
        # its default bound, 8190 bytes, stated here so the two limits are read together.
        "--limit-request-line",
        "8190",
        "--limit-request-field_size",
        "8190",
        # Workers die with their master (upstream/ops/gunicorn_hooks.py): orphans would hold the
        # port while they drain, and the master started in its place could not bind it.
        "--config",
        "python:upstream.ops.gunicorn_hooks",
    ]
    # gunicorn's default control socket is one per user ($XDG_RUNTIME_DIR or ~/.gunicorn), shared
    # by every instance on the host; ours sits beside the instance's other files.
    socket_path = directory / "gunicorn.ctl"
    if len(str(socket_path)) <= MAX_SOCKET_PATH:
        argv += ["--control-socket", str(socket_path)]
    else:
        argv += ["--no-control-socket"]
    return argv


def supervised(
    host: str, port: str, workers: str, directory: Path, log: Callable[[str], None]
) -> list[Child]:
    """The web server, the task worker and the scheduler, on this interpreter and this code."""
    python = sys.executable
    return [
        Child("web", gunicorn_argv(python, host, port, workers, directory), directory / "web.pid"),
        TaskWorker(python, directory, log),
        Child("scheduler", [python, "-m", "upstream.cli", "scheduler"], directory / "scheduler.pid"),
    ]


def refuse_a_taken_port(host: str, port: str, *, patience: float = 5.0) -> None:
    """CommandError when nothing can listen on host:port. Another program holding the port made
    serve say "Upstream is running on ..." while gunicorn failed to bind and was restarted for ever,
    its worker and scheduler running beside it (an install walk). Tried for a few seconds first:
    the processes of a serve killed a moment ago may still be letting the port go."""
    if not str(port).isdigit() or not 0 < int(port) < 65536:
        raise CommandError(gettext("--port must be a number from 1 to 65535, not %(port)r.") % {"port": port})
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(
            host, int(port), type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror:
        raise CommandError(
            gettext("--host %(host)r is not an address of this machine.") % {"host": host}
        ) from None
    deadline = time.monotonic() + patience
    while True:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds
            try:
                probe.bind(address)
                return
            except OSError as error:
                if time.monotonic() >= deadline:
                    message = gettext(
                        "Port %(port)s on %(host)s is in use by another program (%(reason)s). Stop it, "
                        "or choose another port with --port."
                    )
                    raise CommandError(
                        message % {"port": port, "host": host, "reason": error.strerror}
                    ) from None
        time.sleep(0.5)


class Command(TranslatedHelp, BaseCommand):
    help = gettext_lazy(
        "Serve Upstream with gunicorn, a task worker and the scheduler, restarting any that die."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help=gettext_lazy("Address to listen on."))
        parser.add_argument(
            "--port", default=os.environ.get("PORT") or "8000", help=gettext_lazy("Port to listen on.")
        )
        parser.add_argument("--workers", default="2", help=gettext_lazy("gunicorn worker processes"))

    def handle(self, *args, **options):
        try:
            refusal = migrations_refusal()
        except DatabaseError:
            refusal = None  # not answering yet: serve starts anyway and its children retry (operations.md)
        if refusal is not None:
            # Served, pages that touch a new table fail with 500s while /healthz says 503; an
            # operator who upgraded and forgot `migrate` learns it here, in one line.
            raise CommandError(refusal)
        try:
            # Served under keys that do not open the data, it handed out receipts and sealed
            # concerns that would be lost once the right keys were back (an operator's walk).
            keys_match.require_match()
        except keys_match.KeysDoNotMatch as error:
            raise CommandError(str(error)) from None
        except DatabaseError:
            pass  # not answering yet, as above; /healthz tells once it does
        for warning in database_logs_no_anonymous_write(None, databases=["default"]):
            self._log(f"{warning.msg} {warning.hint}")
        shared = "locmem" not in settings.CACHES["default"]["BACKEND"]
        if shared:
            try:
                with required():
                    cache.get("upstream-serve-start")
            except Exception as error:  # noqa: BLE001 - any failure: it does not answer
                # Started silently, every sign-in then answered 500 (an operator's walk).
                message = gettext(
                    "UPSTREAM_REDIS_URL does not answer (%(error)s): until it does, sign-in limits are "
                    "not counted, new concerns and wrong receipt codes are answered 503, and /healthz "
                    "says degraded."
                )
                cause = error.__cause__ or error
                self._log(message % {"error": type(cause).__name__})
        if str(options["workers"]).isdigit() and int(options["workers"]) > 1 and not shared:
            # Each web process then counts the rate limits on its own: one account filed 18 concerns
            # against a limit of 10 a day (found by fuzzing). Said once, at start.
            self._log(
                gettext(
                    "%(workers)s web processes and no UPSTREAM_REDIS_URL: each process counts the rate "
                    "limits (submissions, receipt look-ups, sign-in) on its own, so they allow up to "
                    "%(workers)s times as much. Set UPSTREAM_REDIS_URL, or use --workers 1."
                )
                % {"workers": options["workers"]}
            )
        directory = run_dir()
        lock = self._lock(directory)
        try:
            refuse_a_taken_port(options["host"], options["port"])
        except CommandError:
            lock.close()
            raise
        children = supervised(options["host"], options["port"], options["workers"], directory, self._log)
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        for child in children:
            if child.on_exit is not None:
                child.on_exit()  # a previous serve killed with its worker mid-task
            child.start()
        message = gettext("Upstream is running on %(url)s (Ctrl+C to stop); files in %(directory)s")
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write(message % {"url": url, "directory": directory})
        try:
            while not stopping:
                now = time.monotonic()
                for child in children:
                    child.check(now, self._log)
                time.sleep(0.5)
        finally:
            for child in children:
                child.stop()
            deadline = time.monotonic() + STOP_TIMEOUT
            for child in children:
                child.wait(deadline)
            (directory / "serve.pid").unlink(missing_ok=True)
            lock.close()

    def _lock(self, directory: Path):
        """Hold serve.pid locked while running: a second serve on the same data directory stops."""
        handle = open(directory / "serve.pid", "a+")  # noqa: SIM115 - held open for the whole run
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            other = handle.read().strip() or gettext("another process")
            handle.close()
            message = gettext(
                "Upstream is already being served from %(directory)s (pid %(pid)s). "
                "Give this instance its own UPSTREAM_DATA_DIR."
            )
            raise CommandError(message % {"directory": directory.parent, "pid": other}) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        return handle

    def _log(self, message: str) -> None:
        self.stderr.write(gettext("upstream serve: %(message)s") % {"message": message})
        self.stderr.flush()
