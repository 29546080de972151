"""A small run of the scale bench, for CI: a tiny health system bulk-loaded into a PostgreSQL
database of its own, then every measured page and the board report's PDF under a few users.

    DATABASE_URL=postgres://user:pass@host:5432/upstream_bench_smoke .venv/bin/python bench/scale/smoke.py

It proves the bench still runs, not how fast anything is: the generator writes with COPY, so a new
NOT NULL column without a database default breaks it, and that once went unnoticed until the next
measurement (`signals_signal.source`).

The database is the one the URL names (BENCH_DATABASE_URL, else DATABASE_URL), and no other. Its
name must contain "bench", as the generator demands, because the generator wipes its Upstream
tables. When it does not exist yet, the run creates it and drops it again at the end; one that
already exists is used and left in place (refilled with the small system). Exits non-zero when the
generator fails or any page answers an error.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
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


@contextlib.contextmanager
def bench_database(url: str, name: str) -> Iterator[None]:
    """The named database for the length of the block: created (and dropped after) only when missing."""
    from psycopg import sql

    created = not admin(url, "SELECT 1 FROM pg_database WHERE datname = %s", (name,))
    if created:
        admin(url, sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield
    finally:
        if created:
            admin(url, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def main() -> int:
    url, name = target(os.environ)
    env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="upstream.config.settings")
    python = sys.executable
    with bench_database(url, name):
        subprocess.run([python, "bench/scale/generate.py", *GENERATE], cwd=ROOT, env=env, check=True)  # noqa: S603
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "smoke.json"
            subprocess.run(  # noqa: S603 - our own script, fixed arguments
                [python, "bench/scale/measure.py", *MEASURE, "--out", str(out)], cwd=ROOT, env=env, check=True
            )
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
