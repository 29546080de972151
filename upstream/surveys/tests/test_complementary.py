"""Complementary suppression cannot be undone by subtraction across units, roles or windows.

The property test generates small tables (three sibling units under a parent, two role groups, two
waves and the window that spans both), publishes every margin through `protect`, then tries every
subtraction an attacker could make: every set of people whose count follows linearly from the
visible cells. None may be smaller than the minimum group size (zero is allowed).
"""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from upstream.privacy.complementary import derivable_small_sets, protect
from upstream.privacy.suppression import suppress

UNITS = ["c1", "c2", "c3"]
ROLES = ["nurse", "resident"]
WAVES = ["w1", "w2"]
ATOMS = list(itertools.product(UNITS, ROLES, WAVES))
MINIMUM = 5


def table(families: set[str]) -> dict[tuple, frozenset]:
    """Published cells: (unit or 'all', role or 'all', wave or 'both') -> the atoms it covers."""
    cells: dict[tuple, frozenset] = {}
    for unit in [*UNITS, "all"]:
        for role in [*ROLES, "all"]:
            for wave in [*WAVES, "both"]:
                kind = (
                    ("u" if unit != "all" else "")
                    + ("r" if role != "all" else "")
                    + ("w" if wave != "both" else "")
                )
                if kind not in families and kind != "":
                    continue
                cells[(unit, role, wave)] = frozenset(
                    a
                    for a in ATOMS
                    if unit in ("all", a[0]) and role in ("all", a[1]) and wave in ("both", a[2])
                )
    return cells


counts = st.lists(st.integers(min_value=0, max_value=9), min_size=len(ATOMS), max_size=len(ATOMS))
families = st.sets(st.sampled_from(["u", "r", "w", "ur", "uw", "rw", "urw"]), min_size=1)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=counts, published=families)
def test_no_small_group_can_be_recovered_by_any_subtraction(values, published):
    atoms = dict(zip(ATOMS, values, strict=True))
    cells = table(published)
    result = protect(atoms, cells, minimum=MINIMUM)
    assert all(result.shown[c] is None for c in cells if 0 < sum(atoms[a] for a in cells[c]) < MINIMUM), (
        "a small cell is shown"
    )
    leaks = derivable_small_sets(atoms, cells, result.shown, MINIMUM)
    assert leaks == [], f"recoverable small groups: {leaks[:3]}"


def test_it_hides_a_second_sibling_so_the_first_cannot_be_subtracted_from_the_parent():
    atoms = {"a": 3, "b": 9, "c": 12}
    cells = {"parent": frozenset("abc"), "a": frozenset("a"), "b": frozenset("b"), "c": frozenset("c")}
    result = protect(atoms, cells, minimum=5)
    assert result.shown["a"] is None and result.shown["parent"] == 24
    assert result.shown["b"] is None  # the next smallest sibling goes too
    assert result.shown["c"] == 12


def test_it_stops_a_late_responder_being_isolated_by_subtracting_one_window_from_another():
    # Window 1 holds days 1-5 (6 answers); window 2 days 1-6 adds one late answer.
    atoms = {"early": 6, "late": 1}
    cells = {"days 1-5": frozenset(["early"]), "days 1-6": frozenset(["early", "late"])}
    result = protect(atoms, cells, minimum=5)
    assert [c for c in cells if result.shown[c] is not None] in (["days 1-5"], ["days 1-6"])
    assert derivable_small_sets(atoms, cells, result.shown, 5) == []


def test_it_catches_what_flat_suppression_misses_across_two_dimensions():
    # Flat suppression of the unit row alone leaves a role-group subtraction open.
    atoms = {("a", "n"): 2, ("a", "r"): 6, ("b", "n"): 7, ("b", "r"): 8}
    cells = {
        "a": frozenset([("a", "n"), ("a", "r")]),
        "b": frozenset([("b", "n"), ("b", "r")]),
        "n": frozenset([("a", "n"), ("b", "n")]),
        "r": frozenset([("a", "r"), ("b", "r")]),
        "a-n": frozenset([("a", "n")]),
        "a-r": frozenset([("a", "r")]),
        "b-n": frozenset([("b", "n")]),
        "b-r": frozenset([("b", "r")]),
    }
    flat = suppress({"a-n": 2, "a-r": 6, "b-n": 7, "b-r": 8}, minimum=5)
    naive = {c: (flat.get(c, sum(atoms[x] for x in cells[c]))) for c in cells}
    assert derivable_small_sets(atoms, cells, naive, 5), "the naive table leaks (the point of this test)"
    result = protect(atoms, cells, minimum=5)
    assert derivable_small_sets(atoms, cells, result.shown, 5) == []
