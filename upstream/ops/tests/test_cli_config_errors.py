"""A malformed setting stops `upstream` with one line naming it, not a Python traceback.

`UPSTREAM_DEBUG=maybe upstream check` ended in a traceback; UPSTREAM_PEER_PICKUP_HOURS=abc and
UPSTREAM_COSIGN_THRESHOLD=x passed `upstream check`, because they were read only when used.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from upstream.ops.tests.cli import run_upstream
from upstream.ops.tests.test_data_dir import ROOT, _environment


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("UPSTREAM_DEBUG", "maybe", "UPSTREAM_DEBUG must be true or false, got 'maybe'"),
        ("UPSTREAM_PEER_PICKUP_HOURS", "abc", "UPSTREAM_PEER_PICKUP_HOURS must be a whole number, got 'abc'"),
        ("UPSTREAM_COSIGN_THRESHOLD", "x", "UPSTREAM_COSIGN_THRESHOLD must be a whole number, got 'x'"),
        # Found by a hospital-IT walk through the docs: these ended in tracebacks or passed unnoticed.
        (
            "UPSTREAM_TIME_ZONE",
            "Mars/Olympus",
            "UPSTREAM_TIME_ZONE must be a time zone name such as America/New_York, got 'Mars/Olympus'",
        ),
        (
            "DATABASE_URL",
            "notaurl",
            "DATABASE_URL must be an address such as postgres://upstream@db.internal:5432/upstream, "
            "got 'notaurl'",
        ),
        (
            "UPSTREAM_REDIS_URL",
            "garbage",
            "UPSTREAM_REDIS_URL must be an address such as redis://127.0.0.1:6379/0, got 'garbage'",
        ),
        (
            "UPSTREAM_BASE_URL",
            "upstream.example.org/",
            "UPSTREAM_BASE_URL must be an address such as https://upstream.example.org, "
            "got 'upstream.example.org/'",
        ),
        (
            "UPSTREAM_DATA_DIR",
            "relative/dir",
            "UPSTREAM_DATA_DIR must be an absolute path, got 'relative/dir'",
        ),
        (
            "UPSTREAM_TASKS_BACKEND",
            "nope",
            "UPSTREAM_TASKS_BACKEND must be the dotted path of a class such as "
            "django_tasks_db.DatabaseBackend, got 'nope'",
        ),
        (
            "UPSTREAM_TASKS_BACKEND",
            "celery.Backend",
            "UPSTREAM_TASKS_BACKEND: no module 'celery' is installed (from 'celery.Backend')",
        ),
    ],
)
def test_it_handles_a_malformed_setting_with_one_line_and_status_2(tmp_path, variable, value, message):
    done = run_upstream(tmp_path, "check", "--system-only", **{variable: value})
    assert done.returncode == 2
    assert done.stderr == f"upstream: {message}\n"
    assert done.stdout == ""
    assert not (tmp_path / "relative").exists()  # nothing made in the working directory


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        # No scheme: the whole value was echoed, password and all, into the system journal.
        ("installrole:Pa55-SECRET@127.0.0.1:5432/installdb", "'installrole:***@127.0.0.1:5432/installdb'"),
        ("mysql://upstream:Pa55-SECRET@db/upstream", "'mysql://upstream:***@db/upstream'"),
        # A # in the password was a 33-line traceback that never named the variable.
        ("postgres://upstream:Pa55#SECRET@db:5432/upstream", "'postgres://upstream:***@db:5432/upstream'"),
        ("postgres://upstream:Pa55-SECRET@db:port/upstream", "'postgres://upstream:***@db:port/upstream'"),
    ],
)
def test_a_database_url_it_cannot_read_is_named_with_its_password_hidden(tmp_path, value, shown):
    done = run_upstream(tmp_path, "check", "--system-only", DATABASE_URL=value)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith("upstream: DATABASE_URL ") and shown in done.stderr
    assert "SECRET" not in done.stderr + done.stdout


def test_a_tasks_backend_missing_from_its_module_is_one_line_and_status_2(tmp_path):
    # Found by a hospital-IT walk: a mistyped backend ended `upstream check` in a traceback.
    done = run_upstream(tmp_path, "check", "--system-only", UPSTREAM_TASKS_BACKEND="django_tasks_db.Databse")
    assert done.returncode == 2
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("upstream: UPSTREAM_TASKS_BACKEND: ") and "Databse" in last
    assert "Traceback" not in done.stderr


def test_the_community_settings_are_read_at_start(settings):
    # Read by settings.py like every other, so the community services get a checked number.
    from upstream.community.services.common import setting_int

    assert setting_int("UPSTREAM_PEER_PICKUP_HOURS", 99) == settings.UPSTREAM_PEER_PICKUP_HOURS == 24
    assert settings.UPSTREAM_COSIGN_THRESHOLD == 10 and settings.UPSTREAM_COSIGN_SPREAD_UNITS == 3
    assert settings.UPSTREAM_PEER_URGENT_PICKUP_HOURS == 4 and settings.UPSTREAM_COUNTRY == "US"


def test_an_unreachable_database_is_one_line_and_status_1(tmp_path):
    """Found by a hospital-IT walk: `upstream migrate` with PostgreSQL down printed a 40-line
    traceback, and the worker and scheduler one of 90 lines at every retry."""
    # Nothing listens on port 9.
    done = run_upstream(
        tmp_path, "migrate", "--noinput", DATABASE_URL="postgres://upstream@127.0.0.1:9/upstream"
    )
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("upstream: the database does not answer: ") and "9" in last
    assert "Traceback" not in done.stderr


def test_check_prints_its_table_before_the_error_that_points_above_it(tmp_path):
    """Piped into one log (2>&1), the error "see above" came before the table: stdout was flushed
    only at exit. A fresh data directory has an empty database, so migrations fail the check."""
    environment = _environment(
        tmp_path / "home", PYTHONPATH=str(ROOT), UPSTREAM_DATA_DIR=str(tmp_path / "data")
    )
    both = subprocess.run(  # noqa: S603 - our own interpreter and a fixed command
        [sys.executable, "-m", "upstream.cli", "check"],
        cwd=tmp_path,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=120,
    )
    assert both.returncode == 1
    output = both.stdout
    assert "migrations" in output and "see above" in output
    assert output.index("FAILED") < output.index("see above")
