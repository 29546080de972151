"""The intake as its writers left it, without the placeholders that hold slots freed early."""

from __future__ import annotations

from upstream.intake.models import IntakeEntry
from upstream.intake.services import waiting_ids


def real_entries() -> list[IntakeEntry]:
    """The waiting entries, without the placeholders (`intake.services._hold_slots`): an entry
    released before its time leaves one in its slot until that time."""
    return list(IntakeEntry.objects.filter(pk__in=waiting_ids()))
