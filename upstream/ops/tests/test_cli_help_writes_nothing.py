"""Asking the command line for help writes nothing.

A first `upstream --help` on a new host (often as root, or before UPSTREAM_DATA_DIR is set) made a
data directory with three new keys, an empty database and a static folder where the service would
never look, and logged three "newly generated" warnings that are meant to mean a wrong data directory.
"""

from __future__ import annotations

import pytest

from upstream.ops.tests.cli import run_upstream


@pytest.mark.parametrize(
    ("args", "printed"),
    [
        ([], "release-now"),
        (["--help"], "release-now"),
        (["help"], "release-now"),
        (["help", "release-now"], "usage: upstream release_now"),
        (["serve", "--help"], "usage: upstream serve"),
        (["version"], "5.2"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else "",
)
def test_it_answers_help_without_writing_a_data_directory(tmp_path, args, printed):
    done = run_upstream(tmp_path, *args)

    assert done.returncode == 0, done.stderr[-2000:]
    assert printed in done.stdout
    assert not (tmp_path / "data").exists()
    assert "newly generated" not in done.stderr


def test_it_still_makes_the_keys_for_a_command_that_runs(tmp_path):
    done = run_upstream(tmp_path, "check")

    keys = {"upstream_intake_key", "upstream_receipt_key", "upstream_secret_key"}
    assert keys <= {path.name for path in (tmp_path / "data").iterdir()}, done.stderr[-2000:]
