"""CI's dependency audit fails on a known vulnerability and never passes off an audit that looked
nothing up as a clean one."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parents[3] / "tools" / "audit" / "run.py"


@pytest.fixture(scope="module")
def audit():
    # run.py imports npm_audit from beside it, as `python3 tools/audit/run.py` allows; run alone, this
    # module had no such path and could not load it (the whole suite only passed by another test's path).
    sys.path.insert(0, str(RUN.parent))
    try:
        spec = importlib.util.spec_from_file_location("dependency_audit", RUN)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(RUN.parent))
    return module


def test_a_known_vulnerability_fails_the_run(audit, capsys):
    found = [
        {"name": "django", "version": "5.2.0", "vulns": [{"id": "PYSEC-X", "fix_versions": ["5.2.1"]}]},
        {"name": "whitenoise", "version": "6.12.0", "vulns": []},
    ]
    assert audit.judge(found) == 1
    out = capsys.readouterr().out
    assert "VULNERABLE django 5.2.0: PYSEC-X (fixed in 5.2.1)" in out
    assert "2 packages checked, 1 with known vulnerabilities" in out


def test_a_clean_run_passes(audit, capsys):
    assert audit.judge([{"name": "whitenoise", "version": "6.12.0", "vulns": []}]) == 0
    assert "1 packages checked, 0 with known" in capsys.readouterr().out


def test_a_run_that_looked_nothing_up_says_skipped_not_clean(audit, capsys):
    unreachable = [{"name": "django", "skip_reason": "Dependency not found on PyPI and could not be audited"}]
    assert audit.judge(unreachable) == 0
    out = capsys.readouterr().out
    assert out.startswith("SKIPPED dependency audit")
    assert "known vulnerabilities" not in out
