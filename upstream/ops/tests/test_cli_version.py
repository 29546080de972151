"""`upstream --version` names Upstream's version, not Django's.

A fresh-install check: `upstream version`, `upstream --version` and `upstream serve --version` all
printed 5.2.19, Django's, so an operator could not check an upgrade against the release notes.
"""

from __future__ import annotations

from importlib.metadata import version

import django
import pytest

from upstream import cli


@pytest.mark.parametrize("asked", ["--version", "version"])
def test_it_prints_the_installed_package_and_the_framework(asked, capsys):
    cli.main(["upstream", asked])
    said = capsys.readouterr().out.strip()
    assert said == f"upstream {version('upstream')} (Django {django.get_version()})"
