"""The wheel that `pip install .` builds holds every file the code reads at run time.

Hospital IT installs Upstream with pip, outside the source tree (docs/operations.md#install). A file
the package-data patterns in pyproject.toml miss works in the checkout and is absent there: the
Spanish catalogue was, so an installed Upstream spoke English to every Spanish browser.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

# Files under upstream/ that are sources of something else, not read at run time.
NOT_SHIPPED = {
    ".po": "the translators' source; Django reads the compiled .mo beside it",
}
NOT_SHIPPED_DIRS = {
    "upstream/community/js": "bundler input; the built community/static/community/cosign.js ships",
}


def _build_wheel(tmp_path: Path) -> Path:
    # A copy, so the build's build/ and egg-info never land in the working tree.
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "upstream", source / "upstream", ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    out = tmp_path / "dist"
    out.mkdir()
    # The PEP 517 hook pip calls, with the test environment's pinned setuptools: no index needed.
    hook = f"from setuptools import build_meta; print(build_meta.build_wheel({str(out)!r}))"
    result = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", hook], cwd=source, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return out / result.stdout.strip().splitlines()[-1]


def _expected(source: Path) -> set[str]:
    expected = set()
    for path in (source / "upstream").rglob("*"):
        name = path.relative_to(source).as_posix()
        if not path.is_file() or path.suffix in NOT_SHIPPED or "__pycache__" in path.parts:
            continue
        if any(name.startswith(folder + "/") for folder in NOT_SHIPPED_DIRS):
            continue
        expected.add(name)
    return expected


def test_it_handles_the_wheel_carrying_every_run_time_file(tmp_path):
    wheel = _build_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(
            archive.read(n).decode() for n in names if n.endswith(".dist-info/entry_points.txt")
        )

    missing = sorted(_expected(tmp_path / "src") - names)
    assert missing == [], f"in the source tree but not in the wheel: {missing}"
    # The ones whose absence went unnoticed before, or would only show at run time.
    for name in (
        "upstream/locale/es/LC_MESSAGES/django.mo",
        "upstream/themes/data/model/minilm-int8.onnx",
        "upstream/themes/data/taxonomy.json",
        "upstream/listening/data/given-names-extra.txt",
        "upstream/surveys/data/instruments/upstream-pulse.json",
        "upstream/insights/static/insights/vendor/vega.min.js",
        "upstream/templates/base.html",
    ):
        assert name in names, name
    assert "upstream = upstream.cli:main" in entry_points
