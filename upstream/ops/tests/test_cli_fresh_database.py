"""On a database nobody has migrated, every command says `Run upstream migrate first`, in one line.

Found by a hospital-IT probe: on a fresh PostgreSQL database `upstream release-now` printed a
20-frame traceback ending in `relation "intake_intakeentry" does not exist` (and `create-token` the
same on org_user), while `upstream serve` said in one line which migrations were missing. SQLite
said "the database does not answer: no such table", which sent the operator to the network.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from upstream.ops.tests.cli import run_upstream

REFUSAL = re.compile(r"^upstream: \d+ migrations not applied: .+\. Run `upstream migrate` first\.$")


def run_on_empty_database(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return run_upstream(
        tmp_path,
        *args,
        # A database file with no tables at all, as on a new host before `upstream migrate`.
        DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        # The start-up lines (keys newly generated, data directory) are not what is tested here.
        UPSTREAM_LOG_LEVEL="ERROR",
    )


@pytest.mark.parametrize(
    "command",
    [
        ["release-now"],
        ["create-token", "staff"],
        ["load-demo"],
        ["rotate-speakup-key"],
    ],
    ids=lambda command: command[0],
)
def test_it_answers_a_command_on_an_unmigrated_database_with_the_migrate_line(tmp_path, command):
    done = run_on_empty_database(tmp_path, *command)
    assert done.returncode == 1, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr[-3000:]
    assert REFUSAL.match(lines[0]), lines[0]


def test_it_still_says_the_database_does_not_answer_when_it_does_not(tmp_path):
    """The migration question is asked only after a missing table, not after a refused connection."""
    done = run_upstream(
        tmp_path,
        "release-now",
        DATABASE_URL="postgres://upstream@127.0.0.1:9/upstream",  # nothing listens on port 9
        UPSTREAM_LOG_LEVEL="ERROR",
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().startswith("upstream: the database does not answer:"), done.stderr[-3000:]
