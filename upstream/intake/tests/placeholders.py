"""The intake as its writers left it, without the placeholders that hold slots freed early."""

from __future__ import annotations

from upstream.intake.models import IntakeEntry
from upstream.intake.services import _is_placeholder, _opened


def real_entries() -> list[IntakeEntry]:
    """The waiting entries, without the placeholders (`intake.services._hold_slots`): an entry
    released before its time leaves one in its slot until that time."""
    entries = list(IntakeEntry.objects.all())
    opened = _opened(entries)
    return [e for e in entries if not _is_placeholder(opened[e.pk])]
