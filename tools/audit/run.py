"""Audit the exact versions installed in .venv for known vulnerabilities (pip-audit), then the
JavaScript tree of tools/blindrsa (npm audit, in npm_audit.py).

Exit status: 0 when nothing known is found, 1 when a vulnerability is found (CI fails), 0 with a
loud SKIPPED line when the vulnerability source cannot be reached from this machine: a run that
looked nothing up must not read as "no known vulnerabilities". See docs/operations.md.

pip-audit runs from its own environment (.venv-audit, pinned in requirements.txt beside this
file) so its dependencies are not mixed into the product's.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

import npm_audit  # beside this file: `python3 tools/audit/run.py` puts tools/audit on the path

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ROOT / ".venv"
TOOL = ROOT / ".venv-audit"
REQUIREMENTS = Path(__file__).with_name("requirements.txt")


def skipped(reason: str) -> int:
    print(f"SKIPPED dependency audit: {reason}")
    print(
        "Nothing was checked. See docs/operations.md#dependency-audit "
        "to run it where the source is reachable."
    )
    return 0


def ensure_tool() -> Path | None:
    pip_audit = TOOL / "bin" / "pip-audit"
    if not pip_audit.exists():
        venv.create(TOOL, with_pip=True)
        install = subprocess.run(  # noqa: S603 - our own venv's pip, pinned requirements
            [str(TOOL / "bin" / "python"), "-m", "pip", "install", "-q", "-r", str(REQUIREMENTS)],
            capture_output=True,
            text=True,
        )
        if install.returncode != 0:
            print(install.stderr[-2000:], file=sys.stderr)
            return None
    return pip_audit


def main() -> int:
    """The Python audit, then the JavaScript one (tools/blindrsa); fails if either finds something."""
    python = audit_python()
    javascript = npm_audit.main()
    return max(python, javascript)


def audit_python() -> int:
    pip_audit = ensure_tool()
    if pip_audit is None:
        return skipped("pip-audit could not be installed (no package registry?)")
    frozen = subprocess.run(  # noqa: S603
        [str(PRODUCT / "bin" / "python"), "-m", "pip", "freeze", "--exclude-editable"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    with tempfile.TemporaryDirectory() as work:
        requirements = Path(work, "installed.txt")
        requirements.write_text(frozen)
        report = Path(work, "report.json")
        # Every version is pinned and installed already: look them up as they are, no resolving.
        argv = [str(pip_audit), "-r", str(requirements), "--no-deps", "--disable-pip"]
        argv += ["--progress-spinner", "off", "--format", "json", "--output", str(report)]
        run = subprocess.run(argv, capture_output=True, text=True, timeout=600)  # noqa: S603
        if not report.exists() or not report.read_text().strip():
            tail = (run.stderr.strip().splitlines() or ["no output"])[-1]
            return skipped(f"pip-audit could not reach its vulnerability source ({tail})")
        dependencies = json.loads(report.read_text())["dependencies"]
    return judge(dependencies)


def judge(dependencies: list[dict]) -> int:
    """pip-audit's JSON `dependencies` -> the exit status, printing what CI should say."""
    checked = [d for d in dependencies if "skip_reason" not in d]
    unchecked = [d for d in dependencies if "skip_reason" in d]
    if not checked:
        return skipped(
            f"none of the {len(dependencies)} installed packages could be looked up "
            f"(first: {unchecked[0]['skip_reason'] if unchecked else 'none'})"
        )
    vulnerable = [d for d in checked if d.get("vulns")]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
            print(f"VULNERABLE {dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixed})")
    if unchecked:
        print(f"Not looked up ({len(unchecked)}): {', '.join(d['name'] for d in unchecked)}")
    print(f"Dependency audit: {len(checked)} packages checked, {len(vulnerable)} with known vulnerabilities.")
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
