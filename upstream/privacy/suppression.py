"""Small-cell suppression for every count anyone sees (DESIGN.md rule 4).

A cell below the minimum is hidden; if exactly one cell of a group is hidden, the next smallest
is hidden too, so the hidden one cannot be recovered from the visible ones and the total.
"""

from __future__ import annotations

from collections.abc import Mapping

from upstream.privacy.groups import min_group_size


def suppress(counts: Mapping[str, int], minimum: int | None = None) -> dict[str, int | None]:
    limit = min_group_size() if minimum is None else minimum
    shown: dict[str, int | None] = {
        key: (value if value == 0 or value >= limit else None) for key, value in counts.items()
    }
    hidden = [key for key, value in shown.items() if value is None]
    if len(hidden) == 1:
        visible = sorted((v, k) for k, v in shown.items() if v)
        if visible:
            shown[visible[0][1]] = None
    return shown
