"""Audit the one JavaScript dependency tree (tools/blindrsa's package-lock.json) with `npm audit`.

The lockfile pins what builds upstream/static/upstream/blindrsa.js, the browser half of speak-up
tokens, so a known vulnerability in it matters as much as one in a Python package. `npm audit
--package-lock-only` reads the lockfile alone (no node_modules, nothing installed, nothing written)
and asks the npm registry's advisory endpoint about every exact version in it.

Exit status as for the Python audit: 1 when a vulnerability is known (CI fails), 0 when none is,
and 0 with a loud SKIPPED line when npm is missing or the advisory endpoint cannot be reached (a
registry mirror that serves packages answers its POST with 405): nothing was checked, and it says so.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
TREE = ROOT / "tools" / "blindrsa"
TIMEOUT = 300
# "info" advisories are notes, not vulnerabilities; every other level fails, as pip-audit's do.
FAILING = ("low", "moderate", "high", "critical")


def skipped(reason: str) -> int:
    print(f"SKIPPED npm audit (tools/blindrsa): {reason}")
    print(
        "Nothing was checked. See docs/operations.md#dependency-audit "
        "to run it where the npm registry's advisory endpoint is reachable."
    )
    return 0


def main(tree: Path = TREE) -> int:
    npm = shutil.which("npm")
    if npm is None:
        return skipped("npm is not installed")
    if not (tree / "package-lock.json").exists():
        return skipped(f"no package-lock.json in {tree}")
    try:
        run = subprocess.run(  # noqa: S603 - npm from PATH, fixed arguments
            [npm, "audit", "--package-lock-only", "--json"],
            cwd=tree,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return skipped(f"npm audit did not answer within {TIMEOUT} seconds")
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        tail = (run.stderr.strip().splitlines() or ["no output"])[-1]
        return skipped(f"npm audit gave no report ({tail})")
    return judge(report)


def _problem(report: dict[str, Any]) -> str | None:
    """Why the report holds no audit (npm's error shapes), or None for a real report."""
    if "vulnerabilities" in report and "metadata" in report:
        return None
    if report.get("message"):
        return str(report["message"])
    error = report.get("error")
    if isinstance(error, dict) and (error.get("code") or error.get("summary")):
        return " ".join(str(error.get(k) or "") for k in ("code", "summary")).strip()
    return "an answer that is not an audit report"


def judge(report: dict[str, Any]) -> int:
    """npm audit's JSON report (auditReportVersion 2) -> the exit status, printing what CI should say."""
    problem = _problem(report)
    if problem is not None:
        return skipped(f"the advisory endpoint could not be used ({problem})")
    counts = report["metadata"].get("vulnerabilities", {})
    checked = report["metadata"].get("dependencies", {}).get("total", 0)
    vulnerable = 0
    for name, found in sorted(report["vulnerabilities"].items()):
        if found.get("severity") not in FAILING:
            continue
        vulnerable += 1
        advisories = [v for v in found.get("via", []) if isinstance(v, dict)]
        if not advisories:  # only through another package, which is listed with its advisory
            via = ", ".join(v for v in found.get("via", []) if isinstance(v, str))
            print(f"VULNERABLE {name} {found.get('range', '')}: through {via}")
        for advisory in advisories:
            fixed = "a fix is available" if found.get("fixAvailable") else "no fix yet"
            print(
                f"VULNERABLE {name} {advisory.get('range', '')}: {advisory.get('title', '')} "
                f"({advisory.get('severity', '')}, {advisory.get('url', '')}; {fixed})"
            )
    failing = sum(int(counts.get(level, 0)) for level in FAILING)
    print(f"npm audit (tools/blindrsa): {checked} packages checked, {failing} with known vulnerabilities.")
    return 1 if vulnerable or failing else 0
