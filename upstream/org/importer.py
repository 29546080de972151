"""Load the unit tree and the people in it from one CSV file (docs/import-org.md).

The whole file is read and checked before anything is written, so a file with a problem leaves
the database exactly as it was. Units are keyed by code and people by e-mail address, so running
the same file again updates rows instead of adding new ones.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TextIO

from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_slug
from django.db import transaction

from upstream.org.models import LeaderAssignment, Membership, RoleGroup, Unit, UnitLevel, User

COLUMNS = (
    "record",
    "code",
    "name",
    "level",
    "parent",
    "email",
    "first_name",
    "last_name",
    "unit",
    "role_group",
    "leader_title",
)
LEVEL_RANK: dict[str, int] = {level: rank for rank, level in enumerate(UnitLevel.values)}
CODE_MAX = Unit._meta.get_field("code").max_length or 64
NAME_MAX = Unit._meta.get_field("name").max_length or 200
TITLE_MAX = LeaderAssignment._meta.get_field("title").max_length or 120


class OrgImportError(ValueError):
    """The file cannot be imported; `problems` holds one line per problem, each naming its CSV line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the file; nothing was imported.")


@dataclass(frozen=True)
class UnitRow:
    line: int
    code: str
    name: str
    level: str
    parent: str


@dataclass(frozen=True)
class PersonRow:
    line: int
    email: str
    first_name: str
    last_name: str
    unit: str
    role_group: str
    leader_title: str

    @property
    def username(self) -> str:
        return self.email.lower()


@dataclass
class Plan:
    """A file that passed every check: what to write, parents before children."""

    units: list[UnitRow] = field(default_factory=list)
    people: list[PersonRow] = field(default_factory=list)


@dataclass(frozen=True)
class ImportSummary:
    units: int
    units_new: int
    people: int
    people_new: int
    memberships: int
    leaders: int

    def __str__(self) -> str:
        return (
            f"{self.units} units ({self.units_new} new), {self.people} people ({self.people_new} new), "
            f"{self.memberships} memberships, {self.leaders} leader assignments"
        )


def _choices(values: Iterable[str]) -> str:
    return ", ".join(values)


def read_rows(stream: TextIO) -> tuple[list[UnitRow], list[PersonRow], list[str]]:
    """Parse the file into rows; problems with single cells are reported here, with line numbers."""
    reader = csv.DictReader(stream)
    header = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    if not header:
        return [], [], ["line 1: the file is empty; it needs a header row naming the columns"]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return (
            [],
            [],
            [
                f"line 1: missing required column{'s' if len(missing) > 1 else ''} "
                f"{_choices(repr(c) for c in missing)}; the header must name: {_choices(COLUMNS)}"
            ],
        )
    reader.fieldnames = header
    units: list[UnitRow] = []
    people: list[PersonRow] = []
    problems: list[str] = []
    for raw in reader:
        line = reader.line_num
        row = {key: (value or "").strip() for key, value in raw.items() if key is not None}
        if not any(row.values()):
            continue
        if any("\x00" in value for value in row.values()):
            # The databases refuse NUL in text (PostgreSQL fails the whole import on it).
            problems.append(f"line {line}: a cell holds a NUL character; export the file again as CSV text")
            continue
        record = row["record"].lower()
        if record == "unit":
            units.append(_unit_row(line, row, problems))
        elif record == "person":
            people.append(_person_row(line, row, problems))
        else:
            problems.append(f"line {line}: record must be 'unit' or 'person', not {row['record']!r}")
    return units, people, problems


def _unit_row(line: int, row: dict[str, str], problems: list[str]) -> UnitRow:
    unit = UnitRow(line, row["code"].lower(), row["name"], row["level"].lower(), row["parent"].lower())
    if not unit.code:
        problems.append(f"line {line}: a unit needs a code")
    else:
        try:
            validate_slug(unit.code)
        except ValidationError:
            problems.append(
                f"line {line}: unit code {unit.code!r} may contain only letters, digits, '-' and '_'"
            )
        if len(unit.code) > CODE_MAX:
            problems.append(f"line {line}: unit code {unit.code!r} is longer than {CODE_MAX} characters")
    if not unit.name:
        problems.append(f"line {line}: unit {unit.code!r} needs a name")
    elif len(unit.name) > NAME_MAX:
        problems.append(f"line {line}: unit name is longer than {NAME_MAX} characters")
    if unit.level not in UnitLevel.values:
        problems.append(
            f"line {line}: unknown level {row['level']!r}; use one of {_choices(UnitLevel.values)}"
        )
    return unit


def _person_row(line: int, row: dict[str, str], problems: list[str]) -> PersonRow:
    person = PersonRow(
        line,
        row["email"],
        row["first_name"],
        row["last_name"],
        row["unit"].lower(),
        row["role_group"].lower(),
        row["leader_title"],
    )
    try:
        validate_email(person.email)
    except ValidationError:
        problems.append(f"line {line}: {person.email!r} is not a valid e-mail address")
    if not person.first_name or not person.last_name:
        problems.append(f"line {line}: a person needs a first_name and a last_name")
    if not person.unit:
        problems.append(f"line {line}: a person needs the code of their unit")
    if person.role_group and person.role_group not in RoleGroup.values:
        problems.append(
            f"line {line}: unknown role group {row['role_group']!r}; use one of {_choices(RoleGroup.values)}"
        )
    if not person.role_group and not person.leader_title:
        problems.append(
            f"line {line}: a person needs a role_group (their membership), a leader_title (they lead "
            "the unit), or both"
        )
    if len(person.leader_title) > TITLE_MAX:
        problems.append(f"line {line}: leader_title is longer than {TITLE_MAX} characters")
    return person


def check(units: list[UnitRow], people: list[PersonRow]) -> tuple[Plan, list[str]]:
    """Checks that need the whole file and the database: duplicates, parents, cycles, roots."""
    problems: list[str] = []
    by_code: dict[str, UnitRow] = {}
    for unit in units:
        if not unit.code:
            continue
        if unit.code in by_code:
            problems.append(
                f"line {unit.line}: duplicate unit code {unit.code!r} (first defined on line "
                f"{by_code[unit.code].line})"
            )
            continue
        by_code[unit.code] = unit
    existing = {u.code: u for u in Unit.objects.all()}
    problems += _check_tree(by_code, existing)
    problems += _check_people(people, by_code, existing)
    return Plan(units=_parents_first(by_code), people=people), problems


def _db_parent_codes(existing: dict[str, Unit]) -> dict[str, str]:
    by_path = {u.path: u.code for u in existing.values()}
    steplen = Unit.steplen
    return {u.code: by_path.get(u.path[:-steplen], "") for u in existing.values()}


def _check_tree(by_code: dict[str, UnitRow], existing: dict[str, Unit]) -> list[str]:
    problems: list[str] = []
    parents = _db_parent_codes(existing)
    levels = {code: unit.level for code, unit in existing.items()}
    for code, unit in by_code.items():
        parents[code] = unit.parent
        levels[code] = unit.level
    for unit in by_code.values():
        if unit.parent and unit.parent not in parents:
            problems.append(
                f"line {unit.line}: parent unit {unit.parent!r} is not defined in the file or the database"
            )
        elif unit.parent == unit.code:
            problems.append(f"line {unit.line}: unit {unit.code!r} cannot be its own parent")
        elif unit.parent and LEVEL_RANK.get(levels[unit.parent], 0) > LEVEL_RANK.get(unit.level, 3):
            problems.append(
                f"line {unit.line}: a {unit.level} cannot sit under the {levels[unit.parent]} {unit.parent!r}"
            )
    problems += _check_cycles(by_code, parents)
    problems += _check_roots(by_code, existing, parents)
    return problems


def _check_cycles(by_code: dict[str, UnitRow], parents: dict[str, str]) -> list[str]:
    problems: list[str] = []
    reported: set[str] = set()
    for code in by_code:
        seen: list[str] = []
        current = code
        while current and current in parents and current not in seen:
            seen.append(current)
            current = parents[current]
        if current in seen:
            cycle = seen[seen.index(current) :]
            if reported.isdisjoint(cycle):
                reported.update(cycle)
                first = min((by_code[c] for c in cycle if c in by_code), key=lambda u: u.line)
                path = " -> ".join([*cycle, current])
                problems.append(f"line {first.line}: the parents of these units form a cycle: {path}")
    return problems


def _check_roots(
    by_code: dict[str, UnitRow], existing: dict[str, Unit], parents: dict[str, str]
) -> list[str]:
    roots = [code for code, parent in parents.items() if not parent]
    if len(roots) <= 1:
        return []
    db_roots = [code for code in roots if code in existing and code not in by_code]
    problems = []
    for code in roots:
        if code not in by_code:
            continue
        unit = by_code[code]
        others = [r for r in roots if r != code]
        if db_roots:
            problems.append(
                f"line {unit.line}: unit {code!r} has no parent, but the database already has the top "
                f"unit {db_roots[0]!r}; give it a parent (only one top unit is allowed)"
            )
        elif any(by_code[o].line < unit.line for o in others if o in by_code):
            problems.append(
                f"line {unit.line}: unit {code!r} has no parent, but another top unit is already defined; "
                "only one unit may have a blank parent"
            )
    return problems


def _check_people(
    people: list[PersonRow], by_code: dict[str, UnitRow], existing: dict[str, Unit]
) -> list[str]:
    problems: list[str] = []
    names: dict[str, PersonRow] = {}
    placements: dict[tuple[str, str], PersonRow] = {}
    for person in people:
        if person.unit and person.unit not in by_code and person.unit not in existing:
            problems.append(
                f"line {person.line}: unit {person.unit!r} is not defined in the file or the database"
            )
        if not person.email:
            continue
        first = names.setdefault(person.username, person)
        if (first.first_name, first.last_name) != (person.first_name, person.last_name):
            problems.append(
                f"line {person.line}: {person.email} is named '{person.first_name} {person.last_name}' here "
                f"but '{first.first_name} {first.last_name}' on line {first.line}"
            )
        key = (person.username, person.unit)
        if key in placements:
            problems.append(
                f"line {person.line}: {person.email} is already listed for unit {person.unit!r} on line "
                f"{placements[key].line}; put the role group and leader title on one row"
            )
        else:
            placements[key] = person
    return problems


def _parents_first(by_code: dict[str, UnitRow]) -> list[UnitRow]:
    ordered: list[UnitRow] = []
    placed: set[str] = set()

    def place(code: str, trail: frozenset[str]) -> None:
        if code in placed or code not in by_code or code in trail:
            return
        place(by_code[code].parent, trail | {code})
        placed.add(code)
        ordered.append(by_code[code])

    for code in by_code:
        place(code, frozenset())
    return ordered


def import_org(stream: TextIO, *, dry_run: bool = False) -> ImportSummary:
    """Check the whole file, then write it in one transaction; raises OrgImportError listing every problem."""
    units, people, problems = read_rows(stream)
    if problems and not (units or people):
        raise OrgImportError(problems)
    plan, more = check(units, people)
    problems += more
    if problems:
        raise OrgImportError(sorted(problems, key=_line_of))
    if dry_run:
        return _preview(plan)
    with transaction.atomic():
        return _write(plan)


def _preview(plan: Plan) -> ImportSummary:
    """What `_write` would report, read without writing anything. A dry run used to write the whole
    file and roll it back: it held the database's write lock as long as the import itself (on
    SQLite a minute for 20,000 people, while every other write waited and then failed)."""
    known_units = set(Unit.objects.values_list("code", flat=True))
    usernames = list(dict.fromkeys(row.username for row in plan.people))
    known_people = set(User.objects.values_list("username", flat=True))
    return ImportSummary(
        units=len(plan.units),
        units_new=sum(1 for row in plan.units if row.code not in known_units),
        people=len(usernames),
        people_new=sum(1 for name in usernames if name not in known_people),
        memberships=sum(1 for row in plan.people if row.role_group),
        leaders=sum(1 for row in plan.people if row.leader_title),
    )


def _line_of(problem: str) -> int:
    try:
        return int(problem.split(":", 1)[0].removeprefix("line "))
    except ValueError:
        return 0


def _write(plan: Plan) -> ImportSummary:
    units_new = sum(_write_unit(row) for row in plan.units)
    codes = {row.unit for row in plan.people}
    unit_ids = dict(Unit.objects.filter(code__in=codes).values_list("code", "pk"))
    users: dict[str, User] = {}
    people_new = 0
    memberships = leaders = 0
    for row in plan.people:
        if row.username not in users:
            user, created = _write_person(row)
            users[row.username] = user
            people_new += created
        user = users[row.username]
        if row.role_group:
            Membership.objects.update_or_create(
                user=user, unit_id=unit_ids[row.unit], defaults={"role_group": row.role_group}
            )
            memberships += 1
        if row.leader_title:
            LeaderAssignment.objects.update_or_create(
                user=user, unit_id=unit_ids[row.unit], defaults={"title": row.leader_title}
            )
            leaders += 1
    return ImportSummary(len(plan.units), units_new, len(users), people_new, memberships, leaders)


def _write_unit(row: UnitRow) -> bool:
    """Create or update one unit; its parent was written before it. True when it is new."""
    # Re-read parents every time: treebeard keeps paths and child counts in the rows, and an
    # instance loaded before a sibling was added would write a stale path.
    parent = Unit.objects.get(code=row.parent) if row.parent else None
    unit = Unit.objects.filter(code=row.code).first()
    if unit is None:
        fields = {"code": row.code, "name": row.name, "level": row.level}
        if parent is None:
            Unit.objects.add_root(fields)
        else:
            Unit.objects.add_child(parent, fields)
        return True
    changed = [f for f in ("name", "level") if getattr(unit, f) != getattr(row, f)]
    if changed:
        for name in changed:
            setattr(unit, name, getattr(row, name))
        unit.save(update_fields=changed)
    current_parent = Unit.objects.get_parent(unit, update=True)
    if parent is not None and (current_parent is None or current_parent.pk != parent.pk):
        Unit.objects.move(unit, parent, pos="last-child")
    return False


def _write_person(row: PersonRow) -> tuple[User, bool]:
    display_name = f"{row.first_name} {row.last_name}"
    user = User.objects.filter(username=row.username).first()
    if user is None:
        user = User(
            username=row.username,
            email=row.email,
            first_name=row.first_name,
            last_name=row.last_name,
            display_name=display_name,
        )
        # They sign in through a password reset or single sign-on, never with a password we chose.
        user.set_unusable_password()
        user.save()
        return user, True
    wanted = {
        "email": row.email,
        "first_name": row.first_name,
        "last_name": row.last_name,
        "display_name": display_name,
    }
    changed = [name for name, value in wanted.items() if getattr(user, name) != value]
    if changed:
        for name in changed:
            setattr(user, name, wanted[name])
        user.save(update_fields=changed)
    return user, False
