"""Roll unit-level daily count series up the org tree (system > hospital > department > unit).

Each level above a unit gets its own series, and so its own baseline and signal check: a rise
spread thinly over five units can be invisible in each but clear in their department.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

import numpy as np
from numpy.typing import NDArray


class TreeCycleError(ValueError):
    """The parent mapping loops back on itself, so ancestors are not well defined."""


def ancestors(node: Hashable, parent_of: Mapping[Hashable, Hashable | None]) -> list[Hashable]:
    """Ancestors of ``node``, nearest first, stopping at a root (parent None or unknown)."""
    chain: list[Hashable] = []
    seen = {node}
    current = parent_of.get(node)
    while current is not None:
        if current in seen:
            raise TreeCycleError(f"cycle through {current!r}")
        seen.add(current)
        chain.append(current)
        current = parent_of.get(current)
    return chain


def rollup(
    parent_of: Mapping[Hashable, Hashable | None], series: Mapping[Hashable, NDArray[np.generic]]
) -> dict[Hashable, NDArray[np.float64]]:
    """Series for every node with a unit below it (itself included): the sum of its units' series.

    ``series`` maps unit id to an array of daily counts (any shape, e.g. (themes, days), the
    same for all units). Nodes may hold their own counts too (concerns filed at department level):
    they are added to the node and its ancestors in the same way.
    """
    out: dict[Hashable, NDArray[np.float64]] = {}
    for node, counts in series.items():
        values = np.asarray(counts, dtype=float)
        for target in [node, *ancestors(node, parent_of)]:
            if target in out:
                out[target] += values
            else:
                out[target] = values.copy()
    return out


def rollup_first_day(
    parent_of: Mapping[Hashable, Hashable | None], first_day: Mapping[Hashable, int]
) -> dict[Hashable, int]:
    """An ancestor's history starts with its earliest unit, so its baseline uses all of it."""
    out: dict[Hashable, int] = {}
    for node, day in first_day.items():
        for target in [node, *ancestors(node, parent_of)]:
            out[target] = min(day, out.get(target, day))
    return out
