"""A small run of the scale bench, for CI: a tiny health system bulk-loaded into a throwaway
PostgreSQL database, then every measured page and the board report's PDF under a few users.

    DATABASE_URL=postgres://user:pass@host:5432/any .venv/bin/python bench/scale/smoke.py

It proves the bench still runs, not how fast anything is: the generator writes with COPY, so a new
NOT NULL column without a database default breaks it, and that once went unnoticed until the next
measurement (`signals_signal.source`). It creates ``upstream_bench_smoke`` on the server of
DATABASE_URL, drops it again, and exits non-zero when the generator fails or any page answers an
error.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
NAME = "upstream_bench_smoke"
# Small enough to load in seconds, large enough for every level of the tree and every page kind.
GENERATE = ["--concerns", "3000", "--staff", "800", "--units", "60", "--survey-answers", "6000"]
MEASURE = ["--users", "4", "--seconds", "6", "--think", "0.2", "--port", "8417", "--report"]
EXPECTED_PAGES = {"inbox", "inbox-api", "concern", "board", "dashboard"}


def admin(url: str, statement: str) -> None:
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(statement)


def main() -> int:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL server (any database on it); the smoke run uses its own.")
    bench_url = urlunsplit(urlsplit(url)._replace(path=f"/{NAME}"))
    admin(url, f"DROP DATABASE IF EXISTS {NAME}")
    admin(url, f"CREATE DATABASE {NAME}")
    env = dict(os.environ, DATABASE_URL=bench_url, DJANGO_SETTINGS_MODULE="upstream.config.settings")
    python = sys.executable
    try:
        subprocess.run([python, "bench/scale/generate.py", *GENERATE], cwd=ROOT, env=env, check=True)  # noqa: S603
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "smoke.json"
            subprocess.run(  # noqa: S603 - our own script, fixed arguments
                [python, "bench/scale/measure.py", *MEASURE, "--out", str(out)], cwd=ROOT, env=env, check=True
            )
            summary = json.loads(out.read_text())
    finally:
        admin(url, f"DROP DATABASE IF EXISTS {NAME} WITH (FORCE)")
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
