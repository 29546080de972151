"""Load the unit tree and the people in it from one CSV file (docs/import-org.md).

The whole file is read and checked before anything is written, so a file with a problem leaves
the database exactly as it was. Units are keyed by code and people by e-mail address, so running
the same file again updates rows instead of adding new ones.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import PurePath
from typing import TextIO

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email, validate_slug
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from upstream.audit.access import OFFICE_PERMISSION
from upstream.lib.text import problem_in
from upstream.org.models import LeaderAssignment, Membership, OrgImport, RoleGroup, Unit, UnitLevel, User

MAX_BYTES = 20 * 1024 * 1024
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


def can_import_org(user: User) -> bool:
    """Operators (superusers) and the well-being office: an import creates accounts and decides who
    leads (and so who reads the concerns of) every unit."""
    return bool(
        user.is_authenticated and user.is_active and (user.is_superuser or user.has_perm(OFFICE_PERMISSION))
    )


# The first bytes of a zip container (.xlsx, .ods, .numbers) and of an old binary .xls.
WORKBOOK_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")


class UnreadableFile(ValueError):
    """The upload is not a CSV file we can read at all; `kind` names why for the API."""

    def __init__(self, message: str, kind: str) -> None:
        self.kind = kind
        super().__init__(message)


def import_upload(
    file: UploadedFile, *, dry_run: bool = False, by: User | None = None, via: str = OrgImport.Via.PAGE
) -> ImportSummary:
    """`import_org` on an uploaded file, for the page and the API alike. Raises UnreadableFile for
    a file that is not CSV text at all, OrgImportError for one with problems."""
    if file.size is not None and file.size > MAX_BYTES:
        raise UnreadableFile(_("The file is larger than 20 MB. Split it into parts."), "too_large")
    data = file.read()
    if data.startswith(WORKBOOK_SIGNATURES):
        # An .xlsx or .xls saved from the sheet instead of exported: "not UTF-8 text" sent people
        # looking for an encoding setting when the fix is the export itself.
        message = _(
            "This is a spreadsheet workbook (such as .xlsx), not a CSV file. In your spreadsheet "
            "program choose Save As or Download, pick 'CSV UTF-8', and upload that file."
        )
        raise UnreadableFile(message, "workbook")
    try:
        # utf-8-sig: spreadsheet programs often start CSV exports with a byte-order mark.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        message = _("The file is not UTF-8 text. Save it as 'CSV UTF-8' and try again.")
        raise UnreadableFile(message, "encoding") from None
    try:
        stream = io.StringIO(text, newline="")
        return import_org(stream, dry_run=dry_run, by=by, via=via, file_name=file.name or "")
    except csv.Error as error:
        message = _("The file could not be read as CSV: %(error)s.") % {"error": error}
        raise UnreadableFile(message, "csv") from None


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file: its CSV line (the header is line 1) and what is wrong, in the
    language active when the file was checked. The line is kept apart from the words so that the
    API can give it as a number in any language."""

    line: int
    message: str

    def __str__(self) -> str:
        return _("line %(line)d: %(problem)s") % {"line": self.line, "problem": self.message}


class OrgImportError(ValueError):
    """The file cannot be imported; `problems` holds every problem, in the order of the file."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = len(problems)
        super().__init__(
            ngettext(
                "%(count)d problem in the file; nothing was imported.",
                "%(count)d problems in the file; nothing was imported.",
                count,
            )
            % {"count": count}
        )


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

    @classmethod
    def of(cls, record: OrgImport) -> ImportSummary:
        """What a saved import answered, from its record (to say it again in the reader's language)."""
        return cls(**{name: getattr(record, name) for name in cls.__dataclass_fields__})

    def __str__(self) -> str:
        units = ngettext("%(count)d unit (%(new)d new)", "%(count)d units (%(new)d new)", self.units)
        people = ngettext("%(count)d person (%(new)d new)", "%(count)d people (%(new)d new)", self.people)
        memberships = ngettext("%(count)d membership", "%(count)d memberships", self.memberships)
        leaders = ngettext("%(count)d leader assignment", "%(count)d leader assignments", self.leaders)
        return ", ".join(
            (
                units % {"count": self.units, "new": self.units_new},
                people % {"count": self.people, "new": self.people_new},
                memberships % {"count": self.memberships},
                leaders % {"count": self.leaders},
            )
        )


def _choices(values: Iterable[str]) -> str:
    return ", ".join(values)


def read_rows(stream: TextIO) -> tuple[list[UnitRow], list[PersonRow], list[Problem]]:
    """Parse the file into rows; problems with single cells are reported here, with line numbers."""
    reader = csv.DictReader(stream)
    header = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    if not header:
        return [], [], [Problem(1, _("the file is empty; it needs a header row naming the columns"))]
    missing = [c for c in COLUMNS if c not in header]
    if len(missing) == len(COLUMNS):
        # Said once: listing all eleven as missing and then again as needed read as a stutter.
        message = _("the first line names none of the columns; it must name: %(columns)s")
        return [], [], [Problem(1, message % {"columns": _choices(COLUMNS)})]
    if missing:
        message = ngettext(
            "missing required column %(missing)s; the header must name: %(columns)s",
            "missing required columns %(missing)s; the header must name: %(columns)s",
            len(missing),
        )
        names = {"missing": _choices(_quoted(c) for c in missing), "columns": _choices(COLUMNS)}
        return [], [], [Problem(1, message % names)]
    reader.fieldnames = header
    units: list[UnitRow] = []
    people: list[PersonRow] = []
    problems: list[Problem] = []
    for raw in reader:
        line = reader.line_num
        row = {key: (value or "").strip() for key, value in raw.items() if key is not None}
        if not any(row.values()):
            continue
        if any("\x00" in value for value in row.values()):
            # The databases refuse NUL in text (PostgreSQL fails the whole import on it).
            problems.append(
                Problem(line, _("a cell holds a NUL character; export the file again as CSV text"))
            )
            continue
        if unstorable := _unstorable_cell(row):
            # What every form and the API refuse (a bell, a broken character) was imported, and
            # shown raw in every unit picker and the report's CSV (a new-user walk).
            problems.append(Problem(line, unstorable))
            continue
        record = row["record"].lower()
        if record == "unit":
            units.append(_unit_row(line, row, problems))
        elif record == "person":
            people.append(_person_row(line, row, problems))
        else:
            message = _("record must be 'unit' or 'person', not %(record)s")
            problems.append(Problem(line, message % {"record": _quoted(row["record"])}))
    return units, people, problems


def _unstorable_cell(row: dict[str, str]) -> str:
    """What is wrong with the first cell the product's text rule refuses, named by its column, or ""."""
    for column, value in row.items():
        if problem := problem_in(value):
            return _("column %(column)s: %(problem)s") % {"column": column, "problem": problem}
    return ""


def _quoted(value: str) -> str:
    """A value from the file as it was written, in quotes, so that blanks and spaces show."""
    return repr(value)


def _unit_row(line: int, row: dict[str, str], problems: list[Problem]) -> UnitRow:
    unit = UnitRow(line, row["code"].lower(), row["name"], row["level"].lower(), row["parent"].lower())
    code = _quoted(unit.code)

    def problem(message: str) -> None:
        problems.append(Problem(line, message))

    if not unit.code:
        problem(_("a unit needs a code"))
    else:
        try:
            validate_slug(unit.code)
        except ValidationError:
            problem(_("unit code %(code)s may contain only letters, digits, '-' and '_'") % {"code": code})
        if len(unit.code) > CODE_MAX:
            message = _("unit code %(code)s is longer than %(max)d characters")
            problem(message % {"code": code, "max": CODE_MAX})
    if not unit.name:
        problem(_("unit %(code)s needs a name") % {"code": code})
    elif len(unit.name) > NAME_MAX:
        problem(_("unit name is longer than %(max)d characters") % {"max": NAME_MAX})
    if unit.level not in UnitLevel.values:
        message = _("unknown level %(level)s; use one of %(levels)s")
        problem(message % {"level": _quoted(row["level"]), "levels": _choices(UnitLevel.values)})
    return unit


def _person_row(line: int, row: dict[str, str], problems: list[Problem]) -> PersonRow:
    person = PersonRow(
        line,
        row["email"],
        row["first_name"],
        row["last_name"],
        row["unit"].lower(),
        row["role_group"].lower(),
        row["leader_title"],
    )

    def problem(message: str) -> None:
        problems.append(Problem(line, message))

    try:
        validate_email(person.email)
    except ValidationError:
        problem(_("%(email)s is not a valid e-mail address") % {"email": _quoted(person.email)})
    if not person.first_name or not person.last_name:
        problem(_("a person needs a first_name and a last_name"))
    if not person.unit:
        problem(_("a person needs the code of their unit"))
    if person.role_group and person.role_group not in RoleGroup.values:
        message = _("unknown role group %(group)s; use one of %(groups)s")
        problem(message % {"group": _quoted(row["role_group"]), "groups": _choices(RoleGroup.values)})
    if not person.role_group and not person.leader_title:
        problem(
            _("a person needs a role_group (their membership), a leader_title (they lead the unit), or both")
        )
    if len(person.leader_title) > TITLE_MAX:
        problem(_("leader_title is longer than %(max)d characters") % {"max": TITLE_MAX})
    return person


def check(units: list[UnitRow], people: list[PersonRow]) -> tuple[Plan, list[Problem]]:
    """Checks that need the whole file and the database: duplicates, parents, cycles, roots."""
    problems: list[Problem] = []
    by_code: dict[str, UnitRow] = {}
    for unit in units:
        if not unit.code:
            continue
        if unit.code in by_code:
            message = _("duplicate unit code %(code)s (first defined on line %(first)d)")
            names = {"code": _quoted(unit.code), "first": by_code[unit.code].line}
            problems.append(Problem(unit.line, message % names))
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


def _check_tree(by_code: dict[str, UnitRow], existing: dict[str, Unit]) -> list[Problem]:
    problems: list[Problem] = []
    parents = _db_parent_codes(existing)
    levels = {code: unit.level for code, unit in existing.items()}
    for code, unit in by_code.items():
        parents[code] = unit.parent
        levels[code] = unit.level
    for unit in by_code.values():
        names = {"code": _quoted(unit.code), "parent": _quoted(unit.parent)}
        if unit.parent and unit.parent not in parents:
            message = _("parent unit %(parent)s is not defined in the file or the database")
            problems.append(Problem(unit.line, message % names))
        elif unit.parent == unit.code:
            problems.append(Problem(unit.line, _("unit %(code)s cannot be its own parent") % names))
        elif unit.parent and LEVEL_RANK.get(levels[unit.parent], 0) > LEVEL_RANK.get(unit.level, 3):
            # The levels are the file's own words (system, hospital, ...), as written in it.
            message = _("a %(level)s cannot sit under the %(parent_level)s %(parent)s")
            names |= {"level": unit.level, "parent_level": levels[unit.parent]}
            problems.append(Problem(unit.line, message % names))
    problems += _check_cycles(by_code, parents)
    problems += _check_roots(by_code, existing, parents)
    return problems


def _check_cycles(by_code: dict[str, UnitRow], parents: dict[str, str]) -> list[Problem]:
    problems: list[Problem] = []
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
                message = _("the parents of these units form a cycle: %(path)s")
                problems.append(Problem(first.line, message % {"path": path}))
    return problems


def _check_roots(
    by_code: dict[str, UnitRow], existing: dict[str, Unit], parents: dict[str, str]
) -> list[Problem]:
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
            message = _(
                "unit %(code)s has no parent, but the database already has the top unit %(top)s; give it "
                "a parent (only one top unit is allowed)"
            )
            names = {"code": _quoted(code), "top": _quoted(db_roots[0])}
            problems.append(Problem(unit.line, message % names))
        elif any(by_code[o].line < unit.line for o in others if o in by_code):
            message = _(
                "unit %(code)s has no parent, but another top unit is already defined; only one unit may "
                "have a blank parent"
            )
            problems.append(Problem(unit.line, message % {"code": _quoted(code)}))
    return problems


def _check_people(
    people: list[PersonRow], by_code: dict[str, UnitRow], existing: dict[str, Unit]
) -> list[Problem]:
    problems: list[Problem] = []
    names: dict[str, PersonRow] = {}
    placements: dict[tuple[str, str], PersonRow] = {}
    for person in people:
        if person.unit and person.unit not in by_code and person.unit not in existing:
            message = _("unit %(unit)s is not defined in the file or the database")
            problems.append(Problem(person.line, message % {"unit": _quoted(person.unit)}))
        if not person.email:
            continue
        first = names.setdefault(person.username, person)
        if (first.first_name, first.last_name) != (person.first_name, person.last_name):
            message = _("%(email)s is named '%(name)s' here but '%(first_name)s' on line %(first)d")
            values = {
                "email": person.email,
                "name": f"{person.first_name} {person.last_name}",
                "first_name": f"{first.first_name} {first.last_name}",
                "first": first.line,
            }
            problems.append(Problem(person.line, message % values))
        key = (person.username, person.unit)
        if key in placements:
            message = _(
                "%(email)s is already listed for unit %(unit)s on line %(first)d; put the role group and "
                "leader title on one row"
            )
            values = {"email": person.email, "unit": _quoted(person.unit), "first": placements[key].line}
            problems.append(Problem(person.line, message % values))
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


def import_org(
    stream: TextIO,
    *,
    dry_run: bool = False,
    by: User | None = None,
    via: str = OrgImport.Via.COMMAND,
    file_name: str = "",
) -> ImportSummary:
    """Check the whole file, then write it in one transaction; raises OrgImportError listing every
    problem. A saved import is recorded (OrgImport) in the same transaction: who, how, what."""
    units, people, problems = read_rows(stream)
    if problems and not (units or people):
        raise OrgImportError(problems)
    if not (units or people):
        # A header and nothing else was recorded as an import of "0 units (0 new)": nothing to do.
        raise OrgImportError([Problem(2, _("the file has no unit or person rows under its header"))])
    plan, more = check(units, people)
    problems += more
    if problems:
        raise OrgImportError(sorted(problems, key=lambda problem: problem.line))
    if dry_run:
        return _preview(plan)
    with transaction.atomic():
        summary = _write(plan)
        OrgImport.objects.create(by=by, via=via, file_name=_file_label(file_name), **asdict(summary))
    return summary


def _file_label(name: str) -> str:
    """The file's own name, without the folders a command line or an old browser may send, and
    printable: it is shown on the import page."""
    label = "".join(ch for ch in PurePath(name.replace("\\", "/")).name if ch.isprintable())
    return label[: OrgImport._meta.get_field("file_name").max_length]


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
