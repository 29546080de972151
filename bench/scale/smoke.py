"""A small run of the scale bench, for CI: a tiny health system bulk-loaded into a PostgreSQL
database of its own, then every measured page and the board report's PDF under a few users.

    DATABASE_URL=postgres://user:pass@host:5432/upstream_bench_smoke .venv/bin/python bench/scale/smoke.py

It proves the bench still runs, not how fast anything is: the generator writes with COPY, so a new
NOT NULL column without a database default breaks it, and that once went unnoticed until the next
measurement (`signals_signal.source`).

The database is the one the URL names (BENCH_DATABASE_URL, else DATABASE_URL), and no other. Its
name must contain "bench", as the generator demands, because the generator wipes its Upstream
tables. When it does not exist yet, the run creates it, marks it as its own (a comment on the
database) and drops it again however the run ends: success, failure, Ctrl-C or SIGTERM (only SIGKILL
and a power cut leave it). One that a run stopped that way still left behind carries the mark: the
next run says so, refills it and drops it at its end. Any other database of that name is the user's:
it is used and left in place (refilled with the small system). Exits non-zero when the generator
fails or any page answers an error.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit, urlunsplit

if TYPE_CHECKING:
    from psycopg import sql

ROOT = Path(__file__).resolve().parents[2]
# Small enough to load in seconds, large enough for every level of the tree and every page kind.
GENERATE = ["--concerns", "3000", "--staff", "800", "--units", "60", "--survey-answers", "6000"]
MEASURE = ["--users", "4", "--seconds", "6", "--think", "0.2", "--port", "8417", "--report"]
EXPECTED_PAGES = {"inbox", "inbox-api", "concern", "board", "dashboard"}
# The comment a database this tool created carries until it drops it: how a later run tells a
# database a stopped run left behind from one the user made (which it never drops).
MARK = "Made by bench/scale/smoke.py, which drops it when its run ends."
STOPS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def target(environ: Mapping[str, str]) -> tuple[str, str]:
    """The URL the run uses, as given, and the database name in it; exits when there is none to use."""
    url = environ.get("BENCH_DATABASE_URL") or environ.get("DATABASE_URL", "")
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        sys.exit(
            "Set BENCH_DATABASE_URL (or DATABASE_URL) to a PostgreSQL database, for example "
            "postgres://postgres@127.0.0.1:5432/upstream_bench_smoke."
        )
    name = unquote(parts.path.removeprefix("/"))
    if "bench" not in name:
        sys.exit(
            f"The smoke run wipes the tables of the database it is given: name one whose name "
            f"contains 'bench' (for example upstream_bench_smoke), not {name or 'none'!r}."
        )
    return url, name


def admin(url: str, statement: str | sql.Composable, params: tuple = ()) -> list[tuple]:
    """Run one statement on the server's maintenance database (CREATE and DROP DATABASE cannot run
    in the database they name)."""
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        cursor = conn.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


def stop(signum: int, _frame: object) -> None:
    """SIGTERM (and SIGHUP) end the run as an exception would, so every `finally` below still runs."""
    raise SystemExit(128 + signum)


@contextlib.contextmanager
def held() -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP wait until the block is done, so a cleanup is not cut short; then
    they are delivered, and end the run."""
    signal.pthread_sigmask(signal.SIG_BLOCK, STOPS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPS)


@contextlib.contextmanager
def bench_database(url: str, name: str) -> Iterator[None]:
    """The named database for the length of the block. One that is missing is created, marked as
    this tool's and dropped when the block ends, however it ends; so is one a stopped run left
    behind (still marked). Any other is the user's: used, and left in place."""
    from psycopg import errors, sql

    found = admin(
        url, "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", (name,)
    )
    ours = bool(found) and found[0][0] == MARK
    if ours:
        print(f"{name} was left by a smoke run stopped midway: refilling it, and dropping it at the end.")
    try:
        if not found:
            ours = True  # before the CREATE: one cut short by a signal may still have made it
            try:
                admin(url, sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            except errors.DuplicateDatabase:
                ours = False  # made by someone else since the look above
                raise
            admin(
                url, sql.SQL("COMMENT ON DATABASE {} IS {}").format(sql.Identifier(name), sql.Literal(MARK))
            )
        yield
    finally:
        if ours:
            with held():
                admin(url, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def run(command: Sequence[str], env: Mapping[str, str]) -> None:
    """subprocess.run(check=True), except that a run stopped midway stops the child as Ctrl-C would,
    so measure.py's `finally` stops its gunicorn (subprocess.run kills the child outright, which
    would leave gunicorn serving on its port)."""
    child = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603 - our own scripts, fixed arguments
    try:
        code = child.wait()
    except BaseException as stopped:
        with held():
            if not isinstance(stopped, KeyboardInterrupt):  # Ctrl-C reached the child from the terminal
                child.send_signal(signal.SIGINT)
            try:
                child.wait(30)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        raise
    if code:
        raise subprocess.CalledProcessError(code, command)


def main() -> int:
    url, name = target(os.environ)
    env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="upstream.config.settings")
    python = sys.executable
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop)
    with bench_database(url, name):
        run([python, "bench/scale/generate.py", *GENERATE], env)
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "smoke.json"
            run([python, "bench/scale/measure.py", *MEASURE, "--out", str(out)], env)
            summary = json.loads(out.read_text())
    pages = summary["pages"]
    failed = {kind: row["errors"] for kind, row in pages.items() if row["errors"]}
    missing = EXPECTED_PAGES - {kind for kind, row in pages.items() if row["requests"]}
    if failed or missing or not summary.get("report_pdf_s"):
        print(f"bench smoke failed: errors {failed}, pages never served {sorted(missing)}", file=sys.stderr)
        return 1
    print(f"bench smoke ok: {sum(row['requests'] for row in pages.values())} requests, no errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
