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


def _constraints() -> dict[str, str]:
    lines = (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
    pins = {}
    for line in lines:
        if line.strip() and not line.startswith("#"):
            name, _sep, pinned = line.partition("==")
            pins[_normal(name)] = pinned.strip()
    return pins


def _run_time_closure() -> set[str]:
    """Every distribution a production install of upstream needs, following requirements down, each
    with the extras that asked for it, leaving out the `test` extra and environment markers that do
    not hold here."""
    from importlib.metadata import PackageNotFoundError, distribution

    from packaging.requirements import Requirement

    seen: set[str] = set()
    waiting = [(Requirement(r), ()) for r in distribution("upstream").requires or []]
    while waiting:
        requirement, extras = waiting.pop()
        environment = {"extra": extras[0] if extras else ""}
        if requirement.marker is not None and not requirement.marker.evaluate(environment):
            continue
        name = _normal(requirement.name)
        try:
            found = distribution(requirement.name)
        except PackageNotFoundError:
            continue  # an optional requirement of a platform this is not
        for extra in requirement.extras or {""}:
            key = f"{name}[{extra}]"
            if key in seen:
                continue
            seen.add(key)
            waiting += [(Requirement(r), (extra,) if extra else ()) for r in found.requires or []]
    return {key.split("[")[0] for key in seen}


def test_constraints_pin_every_package_a_production_install_runs_on_at_the_tested_version():
    """pyproject.toml pins only direct dependencies; constraints.txt holds the rest, so a hospital's
    `pip install . -c constraints.txt` gets what CI ran (docs/dependencies.md)."""
    constraints = _constraints()
    needed = _run_time_closure()
    missing = sorted(needed - set(constraints))
    assert not missing, f"not in constraints.txt (run make constraints): {missing}"
    differs = {
        name: (constraints[name], version(name)) for name in needed if constraints[name] != version(name)
    }
    assert not differs, f"constraints.txt and the tested install differ (pinned, installed): {differs}"
    assert set(_pinned()) <= set(constraints), "every direct pin is in constraints.txt too"
    assert all(constraints[name] == pinned for name, pinned in _pinned().items())
