"""Running `upstream` as an operator types it, in a directory and data directory of the test's own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from upstream.ops.tests.test_data_dir import ROOT, _environment


def upstream_command() -> list[str]:
    """The installed `upstream` script, as an operator types it; the module where there is none."""
    script = Path(sys.executable).with_name("upstream")
    return [str(script)] if script.exists() else [sys.executable, "-m", "upstream.cli"]


def run_upstream(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """`upstream ARGS` in `tmp_path`, with `tmp_path/data` as its data directory unless `env` says."""
    environment = _environment(
        tmp_path / "home", PYTHONPATH=str(ROOT), **{"UPSTREAM_DATA_DIR": str(tmp_path / "data"), **env}
    )
    return subprocess.run(  # noqa: S603 - our own script and fixed arguments
        [*upstream_command(), *args],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
