"""A figure about part of a hidden or shown cell (an early warning's count over its last days).

An early warning says "6 concerns about staffing in Medicine in the last 14 days". Those concerns
are inside every dashboard cell whose unit, theme and period hold the window. Subtracting the
warning's count from a figure a reader can work out for such a cell (a shown cell, or what a line's
shown total leaves for its hidden cells) gives the concerns of that cell outside the window: when
that is 1..minimum-1, a small group follows, and a hidden primary cell beside it is pinned to a few
values. Such a figure must not be shown beside those cells.
"""

from __future__ import annotations

from collections.abc import Iterable

from upstream.privacy.groups import min_group_size


def leaves_a_small_group(part: int, containing: Iterable[int], minimum: int | None = None) -> bool:
    """Whether showing `part` (a count of people inside each set in `containing`, whose counts a
    reader can work out) would let a reader derive a set of 1..minimum-1 people by subtraction."""
    limit = min_group_size() if minimum is None else minimum
    return any(0 < whole - part < limit for whole in containing)
