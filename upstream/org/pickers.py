"""Labels for unit pickers that tell units of the same name apart.

A health system repeats its names: every hospital has a "Medicine" department and a "Pharmacy",
so a picker listing units by name offered "Medicine (department)" two or three times with nothing
to choose between them. `picker_labels` keeps each unit's plain label and, only where that label
appears more than once among the options, adds the name of the nearest ancestor that no other unit
of the same label has above it, normally the hospital: "Medicine (department) · Riverbend General".
A picker whose names are unique is unchanged.

Bounded queries: the ancestors come from the options themselves when they are among them (a
subtree picker), and the rest in one query by path, in batches of a few hundred paths, never one
per option.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from upstream.org.models import Unit

SEPARATOR = " · "
PATHS_PER_QUERY = 500  # well under SQLite's 999 parameters


def picker_labels(units: Iterable[Unit], label: Callable[[Unit], str] = Unit.label) -> dict[int, str]:
    """{unit pk: label} for the units a picker offers; `label` gives the plain one (default
    "Name (level)"). Only labels shared by two units or more gain an ancestor's name."""
    options = list({unit.pk: unit for unit in units}.values())
    labels = {unit.pk: label(unit) for unit in options}
    same_label: dict[str, list[Unit]] = defaultdict(list)
    for unit in options:
        same_label[labels[unit.pk]].append(unit)
    clashes = [group for group in same_label.values() if len(group) > 1]
    if not clashes:
        return labels
    names = _ancestor_names([unit for group in clashes for unit in group], options)
    for group in clashes:
        for unit, qualifier in _qualifiers(group, names).items():
            labels[unit] = f"{labels[unit]}{SEPARATOR}{qualifier}"
    return labels


def picker_options(
    units: Iterable[Unit], label: Callable[[Unit], str] = Unit.label
) -> list[tuple[Unit, str]]:
    """[(unit, label)] in the order given, for templates that draw the options by hand."""
    units = list(units)
    labels = picker_labels(units, label)
    return [(unit, labels[unit.pk]) for unit in units]


def picker_choices(
    units: Iterable[Unit], label: Callable[[Unit], str] = Unit.label, prefix: str = ""
) -> list[tuple[str, str]]:
    """[(prefix + pk, label)]: the choices of a form's ChoiceField, in the order given."""
    return [(f"{prefix}{unit.pk}", text) for unit, text in picker_options(units, label)]


def _ancestor_paths(unit: Unit) -> list[str]:
    """The paths above `unit`, nearest first."""
    step = Unit.steplen
    return [unit.path[:end] for end in range(len(unit.path) - step, 0, -step)]


def _ancestor_names(units: list[Unit], known: list[Unit]) -> dict[str, str]:
    """{path: name} for every ancestor of `units`: from `known` where it is there, else read."""
    wanted = {path for unit in units for path in _ancestor_paths(unit)}
    names = {unit.path: unit.name for unit in known if unit.path in wanted}
    missing = sorted(wanted - names.keys())
    for start in range(0, len(missing), PATHS_PER_QUERY):
        batch = missing[start : start + PATHS_PER_QUERY]
        names.update(Unit.objects.filter(path__in=batch).values_list("path", "name"))
    return names


def _qualifiers(group: list[Unit], names: dict[str, str]) -> dict[int, str]:
    """What to add to each label of a group sharing one label, so that no two stay the same."""
    chains = {unit.pk: [names[path] for path in _ancestor_paths(unit) if path in names] for unit in group}
    # How many units of the group have a name somewhere above them: a name only one has is theirs.
    holders = Counter(name for chain in chains.values() for name in set(chain))
    found: dict[int, str] = {}
    for unit in group:
        own = next((name for name in chains[unit.pk] if holders[name] == 1), None)
        found[unit.pk] = own if own is not None else _chain(unit, chains)
    return found


def _chain(unit: Unit, chains: dict[int, list[str]]) -> str:
    """No single name above the unit is its own (Surgery of one hospital, Medicine of the same one
    and Surgery of another): the names above it, nearest first, until no other has the same; the
    unit's code when the whole way up reads the same as another's (two wards of one name, side by side).
    """
    mine = chains[unit.pk]
    others = [chain for pk, chain in chains.items() if pk != unit.pk]
    for length in range(2, len(mine) + 1):
        if all(chain[:length] != mine[:length] for chain in others):
            return SEPARATOR.join(mine[:length])
    return unit.code
