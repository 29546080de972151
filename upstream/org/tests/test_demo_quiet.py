"""`upstream load-demo` prints its logins, not a line per batch it releases.

A fresh-install check: `make run` showed 267 lines of "intake: 1 entries released ..." above the demo
logins it exists to print. The demo's own releases are quiet; a release elsewhere still logs.
"""

from __future__ import annotations

import logging

from upstream.concerns.services import submit_concern
from upstream.intake.services import release_due
from upstream.org.management.commands.load_demo import _quiet


def _one_waiting(unit) -> None:  # type: ignore[no-untyped-def]
    submit_concern(text="Nights have been one nurse short for three weeks.", unit=unit)


def test_releases_inside_the_demo_loader_write_no_info_line_and_others_still_do(caplog, org):
    caplog.set_level(logging.INFO, logger="upstream.intake.services")
    _one_waiting(org.ward_a)
    with _quiet("upstream.intake.services"):
        assert release_due(everything=True) == 1
    assert not [r for r in caplog.records if r.name == "upstream.intake.services"]
    _one_waiting(org.ward_a)
    assert release_due(everything=True) == 1
    assert [r for r in caplog.records if "entries released" in r.getMessage()]
