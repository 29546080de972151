"""Complementary suppression for tables of nested units and role-group columns, exact and fast.

`complementary.protect` handles any table: it searches for a leak with a mixed-integer program over
every group of people, hides one more cell and searches again. A whole health system's survey wave
has about 11,000 groups (unit x role group) and 2,000 cells, and that search did not finish in 40
minutes. Survey tables have a shape that makes the same question easy:

- **tree cells** (the organisation, each unit's subtree): any two are nested or apart;
- **column cells** (each role group within a viewer's scope): no group of people is in two.

Every set of people whose count follows from the visible cells is a 0/1 combination
`x = sum_k c_k Q_k + sum_r b_r R_r`, where `Q_k` is the *residual* of visible tree cell k (its
people who are in no smaller visible tree cell; the visible tree cells and their residuals span the
same combinations) and `R_r` a visible column. On a group in residual k and column r, `x = c_k + b_r`
(b is 0 for a group in no visible column, and c is 0 for a group in no visible tree cell). So:

1. With every b equal, x is a union of residuals: nothing small follows when every residual holds
   nobody or at least the minimum.
2. Otherwise, within one residual the b of its columns can differ by at most 1, or x would not be
   0/1; where they differ, the people of the higher columns are in x whatever c_k is ("forced"),
   and where they are all equal the attacker may take the residual or leave it. The smallest set a
   pattern of b derives is its forced people. There are few role groups, so every pattern is tried.

Nothing small follows exactly when neither finds anything: the same guarantee as the general
search, checked against an exhaustive search of every subset of people on random small tables and
against the general search on larger ones (`privacy/tests/test_nested.py`). Groups of nobody are
left free, as in the general search.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping
from dataclasses import dataclass

import numpy as np

from upstream.privacy.complementary import Protected

# Beyond this many patterns of b in one component, leave the table to the general search.
MAX_PATTERNS = 200_000
_CHUNK = 512


@dataclass
class _Shape:
    counts: np.ndarray  # people per group (groups with nobody left out)
    node_keys: list[list[Hashable]]  # tree nodes, largest first; cells with the same people share one
    node_total: np.ndarray
    parent: np.ndarray  # -1 for a top node
    atom_node: np.ndarray  # the smallest tree node holding each group, or -1
    column_keys: list[Hashable]
    column_total: np.ndarray
    atom_column: np.ndarray  # each group's column, or -1


def _shape(
    atoms: Mapping[Hashable, int], cells: Mapping[Hashable, Collection], columns: Collection
) -> _Shape | None:
    """The table as nested tree nodes and disjoint columns, or None when it does not have that shape."""
    keys = [k for k, n in atoms.items() if n > 0]
    index = {k: i for i, k in enumerate(keys)}
    counts = np.array([atoms[k] for k in keys], dtype=np.int64)
    by_members: dict[tuple, list[Hashable]] = {}
    atom_column = np.full(len(keys), -1)
    column_keys: list[Hashable] = []
    for key, members in cells.items():
        positions = tuple(sorted(index[a] for a in members if a in index))
        if not positions:
            continue
        if key in columns:
            if (atom_column[list(positions)] >= 0).any():
                return None  # a group in two columns
            atom_column[list(positions)] = len(column_keys)
            column_keys.append(key)
        else:
            by_members.setdefault(positions, []).append(key)
    nodes = sorted(by_members, key=len, reverse=True)
    owner = np.full(len(keys), -1)
    parent = np.full(len(nodes), -1)
    for n, positions in enumerate(nodes):
        above = np.unique(owner[list(positions)])
        if above.size != 1:
            return None  # overlaps a larger cell without being inside it
        parent[n] = above[0]
        owner[list(positions)] = n
    column_total = np.zeros(len(column_keys), dtype=np.int64)
    np.add.at(column_total, atom_column[atom_column >= 0], counts[atom_column >= 0])
    return _Shape(
        counts=counts,
        node_keys=[by_members[p] for p in nodes],
        node_total=np.array([counts[list(p)].sum() for p in nodes], dtype=np.int64),
        parent=parent,
        atom_node=owner,
        column_keys=column_keys,
        column_total=column_total,
        atom_column=atom_column,
    )


@dataclass
class _Leak:
    residual_of: int | None = None  # a visible tree node whose residual is small
    columns: list[int] | None = None  # or the visible columns of a pattern that derives a small set


def _nearest_visible(shape: _Shape, visible: np.ndarray) -> np.ndarray:
    """Each node's nearest visible ancestor-or-self (-1 if none); parents come before children."""
    nearest = np.full(len(visible), -1)
    for n, up in enumerate(shape.parent):
        nearest[n] = n if visible[n] else (nearest[up] if up >= 0 else -1)
    return nearest


def _residuals(shape: _Shape, nearest: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each group's residual (its nearest visible tree node, -1 if none) and each node's people in it."""
    home = np.where(shape.atom_node >= 0, nearest[np.maximum(shape.atom_node, 0)], -1)
    inside = home >= 0
    totals = np.bincount(home[inside], weights=shape.counts[inside], minlength=len(nearest))
    return home, totals.astype(np.int64)


def _patterns(order: list[int], edges: list[set[int]], fixed: dict[int, list[int]]) -> np.ndarray | None:
    """Every integer b over `order` (breadth first, so each column after a neighbour) with
    |b_i - b_j| <= 1 for neighbours; `fixed` gives the only values some columns may take. A
    component with no fixed column starts at 0: shifting every b and c of it derives the same sets."""
    out: list[list[int]] = []
    values: dict[int, int] = {}

    def walk(i: int) -> bool:
        if i == len(order):
            out.append([values[c] for c in order])
            return len(out) <= MAX_PATTERNS
        column = order[i]
        known = [values[n] for n in edges[column] if n in values]
        options = range(max(known) - 1, min(known) + 2) if known else fixed.get(column, [0])
        for value in options:
            if column in fixed and value not in fixed[column]:
                continue
            values[column] = value
            if not walk(i + 1):
                return False
            del values[column]
        return True

    if not walk(0):
        return None
    return np.array(out, dtype=float)


def _column_leak(shape: _Shape, home: np.ndarray, visible_columns: np.ndarray, limit: int) -> _Leak | None:
    """A pattern of b over the visible columns whose forced people number 1..limit-1 (rule 2)."""
    none = len(shape.column_keys)  # groups in no visible column: b fixed at 0
    if not visible_columns.any():
        return None
    column = np.where(shape.atom_column >= 0, shape.atom_column, none)
    column = np.where((column < none) & visible_columns[np.minimum(column, none - 1)], column, none)
    if not (column < none).any():
        return None
    rows = np.unique(home)  # -1 first: the groups in no visible tree cell (c fixed at 0)
    people = np.zeros((len(rows), none + 1))
    np.add.at(people, (np.searchsorted(rows, home), column), shape.counts)
    uncovered = bool(rows[0] == -1)
    edges: list[set[int]] = [set() for _ in range(none + 1)]
    for row in people > 0:
        present = np.flatnonzero(row).tolist()
        for a in present:
            edges[a].update(present)
            edges[a].discard(a)
    fixed = {none: [0]}
    if uncovered:  # there x = b exactly, so b must be 0 or 1
        fixed.update({c: [0, 1] for c in np.flatnonzero(people[0] > 0).tolist() if c != none})
    seen: set[int] = set()
    for start in [none, *sorted(fixed), *range(none)]:
        if start in seen or not (people[:, start] > 0).any():
            continue
        order = [start]
        seen.add(start)
        for c in order:
            for n in sorted(edges[c] - seen):
                seen.add(n)
                order.append(n)
        patterns = _patterns(order, edges, fixed)
        members = [c for c in order if c != none]
        if patterns is None:
            return _Leak(columns=members)  # too many to try: treat as a leak, so a column goes
        forced = _forced(people[:, order], patterns, uncovered)
        if ((forced >= 1) & (forced < limit)).any():
            return _Leak(columns=members)
    return None


def _forced(people: np.ndarray, patterns: np.ndarray, uncovered: bool) -> np.ndarray:
    """For each pattern, the people that every set it derives must hold: in a residual whose
    columns' b differ, those of the higher columns; in the uncovered row, those where b is 1."""
    mask = people > 0
    forced = np.zeros(len(patterns))
    for start in range(0, len(patterns), _CHUNK):
        b = patterns[start : start + _CHUNK][:, None, :]  # (patterns, 1, columns)
        high = np.where(mask, b, -np.inf).max(axis=2)
        low = np.where(mask, b, np.inf).min(axis=2)
        in_top = ((b == high[:, :, None]) & mask) * people
        rows = np.where(high - low == 1, in_top.sum(axis=2), 0.0)
        if uncovered:
            rows[:, 0] = ((b[:, 0, :] == 1) * people[0]).sum(axis=1)
        forced[start : start + _CHUNK] = rows.sum(axis=1)
    return forced


def find_leak(shape: _Shape, visible: np.ndarray, visible_columns: np.ndarray, limit: int) -> list[_Leak]:
    """Every small residual (rule 1), else one pattern of columns (rule 2), else nothing."""
    nearest = _nearest_visible(shape, visible)
    home, residual = _residuals(shape, nearest)
    small = np.flatnonzero(visible & (residual > 0) & (residual < limit))
    if small.size:
        return [_Leak(residual_of=int(n)) for n in small]
    found = _column_leak(shape, home, visible_columns, limit)
    return [found] if found else []


def protect(
    atoms: Mapping[Hashable, int],
    cells: Mapping[Hashable, Collection],
    columns: Collection[Hashable],
    minimum: int,
) -> Protected | None:
    """`complementary.protect` for a table of nested tree cells and disjoint `columns`, or None
    when the table has another shape (the caller then uses the general search)."""
    shape = _shape(atoms, cells, set(columns))
    if shape is None:
        return None
    primary_nodes = (shape.node_total > 0) & (shape.node_total < minimum)
    primary_columns = (shape.column_total > 0) & (shape.column_total < minimum)
    visible, visible_columns = ~primary_nodes, ~primary_columns
    while leaks := find_leak(shape, visible, visible_columns, minimum):
        for leak in leaks:
            if leak.residual_of is not None:
                _hide_below(shape, visible, leak.residual_of, minimum)
            else:
                # Hide the smallest column of the pattern: role groups are secondary rows.
                options = [c for c in leak.columns or [] if visible_columns[c]]
                smallest = min(options, key=lambda c: (shape.column_total[c], c))
                visible_columns[smallest] = False

    totals = {key: int(sum(atoms[a] for a in members)) for key, members in cells.items()}
    hidden_keys = {k for n in np.flatnonzero(~visible) for k in shape.node_keys[n]}
    hidden_keys |= {shape.column_keys[c] for c in np.flatnonzero(~visible_columns)}
    primary = {k for n in np.flatnonzero(primary_nodes) for k in shape.node_keys[n]}
    primary |= {shape.column_keys[c] for c in np.flatnonzero(primary_columns)}
    return Protected(
        shown={key: (None if key in hidden_keys else totals[key]) for key in cells},
        primary=frozenset(primary),
        complementary=frozenset(hidden_keys - primary),
    )


def _hide_below(shape: _Shape, visible: np.ndarray, node: int, limit: int) -> None:
    """Break a small residual: hide the smallest visible cell just below it that holds people of its
    own (so the residual grows), keeping the larger totals people rely on shown."""
    nearest = _nearest_visible(shape, visible)
    _home, residual = _residuals(shape, nearest)
    if not visible[node] or not 0 < residual[node] < limit:
        return  # already mended by another fix of this pass
    below = [
        n
        for n in np.flatnonzero(visible)
        if shape.parent[n] >= 0 and nearest[shape.parent[n]] == node and shape.node_total[n] > 0
    ]
    if not below:
        visible[node] = False
        return
    visible[min(below, key=lambda n: (residual[n] == 0, shape.node_total[n], n))] = False
