"""`upstream release-now` fails loudly when a release fails.

With an unknown holiday calendar every release failed, and the command printed "Released 0 pending
submissions." and exited 0: the operator read "nothing was waiting" while concerns sat in the
intake and leaders never saw them.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from upstream.concerns.services import submit_concern
from upstream.intake.models import IntakeEntry
from upstream.intake.tests.placeholders import real_entries

TEXT = "Night shift on 4 West had one nurse for twelve patients again."


def test_it_handles_a_release_that_fails_by_exiting_with_an_error(org, settings, capsys):
    submit_concern(text=TEXT, unit=org.ward_a)
    settings.UPSTREAM_HOLIDAYS_COUNTRY = "XX"
    with pytest.raises(CommandError) as raised:
        call_command("release_now")
    message = str(raised.value)
    assert "could not be released" in message and "upstream check" in message
    assert IntakeEntry.objects.exists()  # kept for the next release
    assert TEXT not in message and TEXT not in capsys.readouterr().out


def test_a_release_that_succeeds_exits_quietly(org, settings, capsys):
    submit_concern(text=TEXT, unit=org.ward_a)
    settings.UPSTREAM_HOLIDAYS_COUNTRY = "US"
    call_command("release_now")
    out = capsys.readouterr().out
    assert "Released 1 pending submission." in out and "still waiting" not in out
    # Only the placeholder holding its slot until its own batch's time is left (intake._hold_slots).
    assert not real_entries()


def test_nothing_pending_is_not_a_failure(db, capsys):
    call_command("release_now")
    assert "Released 0 pending submissions." in capsys.readouterr().out
