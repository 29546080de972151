"""Complementary suppression across overlapping cells: sibling units, role groups, time windows.

`suppression.suppress` protects one flat group of cells. Published tables are richer: a unit's
count and its children's, a role group's count across units, a wave and a window that contains it.
Anyone can add and subtract what is shown, so hiding a small cell is not enough: no set of people
smaller than the minimum may be derivable from the visible cells by any sum or difference.

The model: the finest cells ("atoms", e.g. unit x role group x wave) are never shown; each
published cell covers a set of atoms and shows their total. A set of atoms S is derivable exactly
when its indicator vector lies in the linear span of the visible cells' indicator vectors (then a
combination of visible totals equals the count of S). `protect` hides small cells, then searches
exactly (a small mixed-integer program) for any derivable set of 1..minimum-1 people and hides one
more visible cell, the smallest that breaks that derivation, until nothing small is derivable.
Counts of zero may be shown.

The same guarantee covers every other per-cell total that is linear in people (score sums,
distributions, how many crossed a cut-off): they are derivable for exactly the same sets.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping
from dataclasses import dataclass

import numpy as np

from upstream.privacy.groups import min_group_size

_TOL = 1e-8


@dataclass(frozen=True)
class Protected:
    shown: dict[Hashable, int | None]  # the count, or None when hidden
    primary: frozenset[Hashable]  # hidden for being small
    complementary: frozenset[Hashable]  # hidden so the small ones cannot be recovered

    def is_shown(self, cell: Hashable) -> bool:
        return self.shown.get(cell) is not None


class _Space:
    """The span of some cells' indicator vectors, for fast membership tests."""

    def __init__(self, rows: np.ndarray) -> None:
        if rows.size == 0:
            self.basis = np.zeros((0, rows.shape[1] if rows.ndim == 2 else 0))
            return
        _u, s, vt = np.linalg.svd(rows, full_matrices=False)
        rank = int((s > _TOL * max(rows.shape) * (s[0] if s.size else 1)).sum())
        self.basis = vt[:rank]

    def contains(self, vector: np.ndarray) -> bool:
        if self.basis.shape[0] == 0:
            return not vector.any()
        residual = vector - self.basis.T @ (self.basis @ vector)
        return float(np.abs(residual).max()) < 1e-6


def _sensitive(count: int, limit: int) -> bool:
    return 0 < count < limit


def find_leak(
    visible: np.ndarray, counts: np.ndarray, limit: int
) -> tuple[np.ndarray, np.ndarray | None] | None:
    """A set of atoms with 1..limit-1 people whose count follows from the visible cells, with the
    weights on the visible cells that derive it (None when the search was undecided), or None.

    Exact, as a small mixed-integer program (HiGHS through scipy): binary x over the atoms that
    hold anyone, continuous weights y over the visible cells, x = visible^T y on those atoms, and
    1 <= people(x) <= limit - 1. Atoms with nobody are left free, as if the attacker knew they are
    empty (a leader often does), which can only make the search find more.
    """
    from scipy.optimize import Bounds, LinearConstraint, milp

    positive = np.flatnonzero(counts > 0)
    if positive.size == 0 or visible.shape[0] == 0:
        return None
    cells = visible[:, positive]  # rows: visible cells; columns: atoms with people
    n_cells, n_atoms = cells.shape
    weight = float(n_cells + 1)
    equal = np.hstack([cells.T, -np.eye(n_atoms)])
    people = np.concatenate([np.zeros(n_cells), counts[positive]])
    constraints = [
        LinearConstraint(equal, 0.0, 0.0),
        LinearConstraint(people[None, :], 1.0, float(limit - 1)),
    ]
    bounds = Bounds(
        np.concatenate([np.full(n_cells, -weight), np.zeros(n_atoms)]),
        np.concatenate([np.full(n_cells, weight), np.ones(n_atoms)]),
    )
    integrality = np.concatenate([np.zeros(n_cells), np.ones(n_atoms)])
    result = milp(
        np.zeros(n_cells + n_atoms),
        constraints=constraints,
        bounds=bounds,
        integrality=integrality,
        options={"time_limit": 20},
    )
    if result.status == 2:  # proven infeasible: nothing small can be derived
        return None
    leak = np.zeros(len(counts))
    if result.status == 0 and result.x is not None:
        leak[positive] = np.round(result.x[n_cells:])
        return leak, result.x[:n_cells]
    # Undecided (time limit): treat everything as at risk, so the caller hides one more cell.
    leak[positive] = 1.0
    return leak, None


def _independent_rows(visible: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """For each visible cell, whether it is in no linear dependency with the others (on the atoms
    that hold anyone). Removing such a cell breaks every derivation that uses it; removing one in a
    dependency does not, since the others can stand in for it."""
    rows = visible[:, counts > 0]
    if rows.shape[0] == 0:
        return np.zeros(0, dtype=bool)
    # The left null space (combinations of rows that sum to nothing) is the null space of the
    # small Gram matrix, far cheaper than a full SVD of the wide cell-by-atom matrix.
    values, vectors = np.linalg.eigh(rows @ rows.T)
    scale = max(float(values[-1]), 1.0)
    dependencies = vectors[:, values < 1e-9 * scale * rows.shape[0]]
    if dependencies.shape[1] == 0:
        return np.ones(rows.shape[0], dtype=bool)
    return np.abs(dependencies).max(axis=1) < 1e-6


# Above this many groups with people, a table of nested cells and disjoint columns goes to
# `nested.protect`, which decides the same question in milliseconds; the search below grows with
# every group and every hidden cell (a whole health system's wave did not finish in 40 minutes).
NESTED_ABOVE = 40


def protect(
    atoms: Mapping[Hashable, int],
    cells: Mapping[Hashable, frozenset | set],
    minimum: int | None = None,
    *,
    columns: Collection[Hashable] | None = None,
) -> Protected:
    """Decide which cells may be shown. `atoms` maps each finest cell to its count; `cells` maps
    each published cell to the atoms it covers (cells may overlap and nest in any way).

    `columns`, when given, names the cells that are not nested with the others (role groups
    across a scope's units); a large table of that shape is decided by `nested.protect`."""
    limit = min_group_size() if minimum is None else minimum
    if columns is not None and sum(1 for n in atoms.values() if n > 0) > NESTED_ABOVE:
        from upstream.privacy import nested

        found = nested.protect(atoms, cells, columns, limit)
        if found is not None:
            return found
    atom_keys = list(atoms)
    index = {key: i for i, key in enumerate(atom_keys)}
    counts = np.array([atoms[k] for k in atom_keys], dtype=float)
    cell_keys = list(cells)
    matrix = np.zeros((len(cell_keys), len(atom_keys)))
    for row, key in enumerate(cell_keys):
        for atom in cells[key]:
            matrix[row, index[atom]] = 1.0
    totals = matrix @ counts
    sizes = matrix.sum(axis=1)

    primary = {r for r in range(len(cell_keys)) if _sensitive(int(totals[r]), limit)}
    hidden = set(primary)
    complementary: set[int] = set()
    while True:
        visible = [r for r in range(len(cell_keys)) if r not in hidden]
        found = find_leak(matrix[visible], counts, limit)
        if found is None:
            break
        leak, weights = found
        # Hide the smallest visible cell whose absence breaks this derivation: usually the next
        # smallest sibling, so the totals people rely on (the unit, the organisation) stay shown.
        # Only cells the found derivation uses can break it, and only those no others can replace.
        weights = weights if weights is not None else np.ones(len(visible))
        used = [r for r, w in zip(visible, weights, strict=True) if abs(w) > 1e-7 and totals[r] > 0]
        alone = dict(zip(visible, _independent_rows(matrix[visible], counts), strict=True))
        options = sorted(used or [r for r in visible if totals[r] > 0], key=lambda r: (totals[r], sizes[r]))
        chosen = next((r for r in options if alone[r]), options[0] if options else visible[0])
        hidden.add(chosen)
        complementary.add(chosen)

    shown = {key: (None if r in hidden else int(totals[r])) for r, key in enumerate(cell_keys)}
    return Protected(
        shown=shown,
        primary=frozenset(cell_keys[r] for r in primary),
        complementary=frozenset(cell_keys[r] for r in complementary),
    )


def derivable_small_sets(
    atoms: Mapping[Hashable, int],
    cells: Mapping[Hashable, frozenset | set],
    shown: Mapping[Hashable, int | None],
    minimum: int,
) -> list[frozenset]:
    """Every set of atoms with 1..minimum-1 people whose count follows from the shown cells.

    Exhaustive over subsets of atoms, so only for small tables (tests, audits): 2**len(atoms).
    """
    keys = list(atoms)
    if len(keys) > 20:
        raise ValueError("too many atoms for an exhaustive audit")
    index = {k: i for i, k in enumerate(keys)}
    counts = np.array([atoms[k] for k in keys], dtype=float)
    rows = []
    for cell, members in cells.items():
        if shown.get(cell) is not None:
            row = np.zeros(len(keys))
            row[[index[m] for m in members]] = 1.0
            rows.append(row)
    space = _Space(np.array(rows) if rows else np.zeros((0, len(keys))))
    subsets = ((np.arange(2 ** len(keys))[:, None] >> np.arange(len(keys))) & 1).astype(float)
    sizes = subsets @ counts
    small = subsets[(sizes > 0) & (sizes < minimum)]
    if small.size == 0:
        return []
    if space.basis.shape[0] == 0:
        return []
    residual = small - (small @ space.basis.T) @ space.basis
    leaked = small[np.abs(residual).max(axis=1) < 1e-6]
    return [frozenset(keys[i] for i in np.flatnonzero(row)) for row in leaked]


def cached_protect(
    atoms: Mapping[Hashable, int],
    cells: Mapping[Hashable, frozenset | set],
    minimum: int | None = None,
    timeout: int = 24 * 3600,
) -> Protected:
    """`protect`, remembered in Django's cache under a digest of the exact table.

    The same table always gets the same answer, so a page shown again (or by another process with a
    shared cache) costs nothing; any change to a count or a cell changes the digest.
    """
    import hashlib

    from django.core.cache import cache

    limit = min_group_size() if minimum is None else minimum
    canonical = repr(
        (
            limit,
            sorted((repr(k), v) for k, v in atoms.items()),
            sorted((repr(k), sorted(repr(a) for a in members)) for k, members in cells.items()),
        )
    )
    key = "privacy:protect:" + hashlib.sha256(canonical.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = protect(atoms, cells, limit)
        cache.set(key, found, timeout)
    return found
