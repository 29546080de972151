"""Modules that run-time code imports come from dependencies pyproject.toml pins itself.

PyYAML (`upstream load-instrument FILE.yaml`), pydantic (the API's schemas) and requests
(`upstream sso-check`) were only there because other packages happened to pull them in, at
whatever version pip chose: a hospital's install could differ from the one CI tested, or lose one
when those packages changed their own requirements (docs/dependencies.md).
"""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import packages_distributions, version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

# module imported by run-time code: where
IMPORTED = {
    "yaml": "upstream/surveys/instruments.py (YAML instrument files)",
    "pydantic": "upstream/api/*.py, upstream/surveys/instruments.py",
    "pydantic_core": "upstream/api/schemas.py (PydanticCustomError)",
    "requests": "upstream/sso/management/commands/sso_check.py",
}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pinned() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = {}
    for requirement in project["dependencies"]:
        pinned = re.fullmatch(r"([A-Za-z0-9._-]+)(\[[^]]*\])?==(\S+)", requirement)
        assert pinned, f"{requirement} is not pinned exactly"
        pins[_normal(pinned[1])] = pinned[3]
    return pins


@pytest.mark.parametrize("module", IMPORTED)
def test_it_handles_each_imported_module_as_a_pinned_run_time_dependency(module):
    distribution = packages_distributions()[module][0]
    pins = _pinned()
    assert _normal(distribution) in pins, (
        f"{module} ({IMPORTED[module]}) needs {distribution} in dependencies"
    )
    assert pins[_normal(distribution)] == version(distribution), "pinned at the version the tests ran with"
