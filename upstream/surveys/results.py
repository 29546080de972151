"""Results a leader or the well-being office may see, all through `upstream.privacy`.

A wave's results appear only once it has closed and its last answers were released, so nobody can
compare a table before and after a late answer. Within a wave the published cells are the
organisation, every unit of the viewer's scope (its subtree) and every role group within the scope;
`upstream.privacy.complementary.protect` hides small cells and whatever would let them be recovered
by subtraction. Scores, confidence intervals and cut-off shares are shown only for shown cells
(they are linear in people, so the same cells protect them). A cut-off share is shown only for a
group of at least UPSTREAM_MIN_COMMENT_GROUP_SIZE people (`share_shown`): the minimum group size
protects counts, not answers that are all alike, and 0% or 100% of five people tells everyone how
each of them answered. The response rates' answered counts
are the unit rows' own, so the rates hide exactly what the scores hide. Comments need a larger group
(UPSTREAM_MIN_COMMENT_GROUP_SIZE, default 10) and are shown for the viewer's whole scope only, never
per unit, so no two comment lists can be subtracted from each other.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, TextField
from django.db.models.functions import Cast
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from upstream.org.models import Membership, RoleGroup, Unit
from upstream.privacy.groups import min_group_size
from upstream.surveys import memo
from upstream.surveys.models import Comment, Invitation, Response, Status, Wave
from upstream.surveys.scoring import Summary, summarise_sums


def min_comment_group_size() -> int:
    return int(getattr(settings, "UPSTREAM_MIN_COMMENT_GROUP_SIZE", 10))


def share_shown(people: int) -> bool:
    """Whether a group's cut-off share may be shown: only for at least the comment threshold of people
    (UPSTREAM_MIN_COMMENT_GROUP_SIZE). In a smaller group a share of 0% or 100% says how every one of
    them answered; it is hidden whatever its value, since hiding only those would mark them out."""
    return people >= min_comment_group_size()


def without_small_share(summary: Summary) -> Summary:
    """The summary with its cut-off share (and the count behind it) hidden where the group is small."""
    if summary.share_above is None or share_shown(summary.n):
        return summary
    return replace(summary, above_cutoff=None, share_above=None)


def results_from(wave: Wave) -> dt.datetime:
    """When a wave's results appear: the release after its last day, when its last answers land."""
    day = wave.closes_on + dt.timedelta(days=1)
    naive = dt.datetime.combine(day, dt.time(hour=settings.UPSTREAM_DAILY_RELEASE_HOUR))
    return timezone.make_aware(naive, timezone.get_current_timezone())


def results_ready(wave: Wave, now: dt.datetime | None = None) -> bool:
    return wave.status == Status.SCHEDULED and (now or timezone.now()) >= results_from(wave)


@dataclass
class ScoreCell:
    instrument: str
    score: str
    label: str
    higher_is: str
    cutoff_label: str
    summary: Summary | None  # None when the cell is hidden
    # The language of `label` when the page's language has no translation of the instrument ("en"),
    # so the page marks it and a Spanish screen reader does not read English in a Spanish voice.
    lang: str = ""

    # Formatted once, for the current language (`format_rows`): hundreds of cells through the
    # floatformat filter were most of the page's time.
    mean_text: str = ""
    low_text: str = ""
    high_text: str = ""
    at_risk_text: str = ""
    # The cell has a cut-off but its group is too small for the share (`share_shown`): "hidden".
    share_hidden: bool = False


class _Formatter:
    """`{{ value|floatformat:1 }}` and `{% widthratio share 1 100 %}` as the page showed them (half
    up, the current language's decimal mark), looking the language's format up once per table."""

    def __init__(self) -> None:
        self.mark = str(formats.get_format("DECIMAL_SEPARATOR"))

    def one_decimal(self, value: float | None) -> str:
        if value is None:
            return ""
        rounded = Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        return f"{rounded:.1f}".replace(".", self.mark)

    def fill(self, cell: ScoreCell) -> ScoreCell:
        summary = cell.summary
        if summary is not None:
            cell.mean_text = self.one_decimal(summary.mean)
            cell.low_text = self.one_decimal(summary.low)
            cell.high_text = self.one_decimal(summary.high)
            if summary.share_above is not None:
                cell.at_risk_text = str(round(summary.share_above * 100))
            elif summary.n and cell.cutoff_label:
                cell.share_hidden = True
        return cell


@dataclass
class Row:
    key: tuple
    label: str
    kind: str  # "organisation", "unit", "role"
    n: int | None  # None when hidden
    depth: int = 0
    scores: list[ScoreCell] = field(default_factory=list)
    path: str = ""  # a unit row's place in the tree (`Unit.path`), for the page's levels


def format_rows(rows: list[Row]) -> list[Row]:
    """Fill the rows' score texts, in the current language, for the rows a page shows: a whole
    system's table has 12,000 score cells, and formatting every one was a fifth of its time."""
    formatter = _Formatter()
    for row in rows:
        for cell in row.scores:
            formatter.fill(cell)
    return rows


@dataclass
class Rate:
    """A unit's response rate. `answered` is the unit's number of people in the scores table, from
    the same suppression: hidden where that is hidden, never a second count of the same people that
    a second suppression would hide elsewhere (one table's figure undid the other's hiding)."""

    label: str
    invited: int | None
    answered: int | None
    path: str = ""
    unit_id: int | None = None

    @property
    def rate(self) -> float | None:
        if self.invited and self.answered is not None:
            return self.answered / self.invited
        return None


@dataclass
class WaveResults:
    wave: Wave
    scopes: list[Unit]
    ready: bool
    rows: list[Row]
    rates: list[Rate]
    distributions: list[dict]
    # Per scope top: its comments, or None when too few people answered there to show any.
    comments: list[tuple[Unit, list[Comment] | None]]
    comment_minimum: int
    minimum: int


def _score_specs(wave: Wave) -> list[tuple]:
    out = []
    for instrument in wave.instruments.all():
        spec = instrument.spec.in_language(get_language())  # labels only; keys and cut-offs the same
        for score in spec.scores:
            out.append((instrument.key, spec, score))
    return out


@dataclass
class _Table:
    """One pass over a wave's answers: per atom (unit, role group), how many answered, each score's
    totals and each item's answer counts. Every published cell is a sum of atoms, so nothing below
    reads an answer again."""

    atoms: dict[tuple, int] = field(default_factory=lambda: defaultdict(int))
    # (instrument, score) -> an (atoms, 4) array: answered, sum, sum of squares, crossed the cut-off
    sums: dict[tuple, np.ndarray] = field(default_factory=dict)
    answers: dict[tuple, dict[tuple, dict[int, int]]] = field(
        default_factory=dict
    )  # (instrument, item) -> ...
    key: tuple = ()  # what `_wave_table` remembers it by: same key, same answers


def _table(wave: Wave, specs: list[tuple]) -> _Table:
    scoring = [(i, score.key, score.cutoff.crossed if score.cutoff else None) for i, _spec, score in specs]
    sums: dict[tuple, list] = defaultdict(lambda: [0, 0.0, 0.0, 0])  # (instrument, score, atom)
    chosen: dict[tuple, int] = defaultdict(int)  # (instrument, item, atom, value)
    table = _Table()
    atoms = table.atoms
    rows = Response.objects.filter(wave=wave).values_list("unit_id", "role_group", "answers", "scores")
    for unit_id, role_group, answers, scores in rows.iterator(chunk_size=2000):
        atom = (unit_id, role_group)
        atoms[atom] += 1
        for instrument_key, score_key, crossed in scoring:
            value = (scores.get(instrument_key) or {}).get(score_key)
            if value is not None:
                total = sums[(instrument_key, score_key, atom)]
                total[0] += 1
                total[1] += value
                total[2] += value * value
                total[3] += bool(crossed and crossed(value))
        for instrument_key, given in answers.items():
            for item_key, value in (given or {}).items():
                if value is not None:
                    chosen[(instrument_key, item_key, atom, value)] += 1
    index = {atom: i for i, atom in enumerate(atoms)}
    table.sums = {(i, k): np.zeros((len(index), 4)) for i, k, _c in scoring}
    for (instrument_key, score_key, atom), totals in sums.items():
        table.sums[(instrument_key, score_key)][index[atom]] = totals
    for (instrument_key, item_key, atom, value), n in chosen.items():
        per_atom = table.answers.setdefault((instrument_key, item_key), {})
        per_atom.setdefault(atom, {})[value] = n
    table.atoms = dict(atoms)  # read-only from here: a missing atom must not be added by a lookup
    return table


# The tables of the last few waves read, in this process. Reading a wave's answers and decoding
# their JSON was most of a results page at health-system size (about a second for 30,000 answers),
# and every viewer of a wave reads the same table. Kept in memory only, never in a shared cache:
# per-atom totals include groups too small to show.
_TABLES: OrderedDict[tuple, _Table] = OrderedDict()
TABLES_KEPT = 4


def _wave_table(wave: Wave, specs: list[tuple]) -> _Table:
    """`_table`, remembered while the wave's answers are the same ones. Answers are only ever added
    (a release) or removed (retention), so their count and highest id say whether they changed."""
    # (PostgreSQL has no max() of a uuid: compared as text.)
    last = Max(Cast("pk", output_field=TextField()))
    seen = Response.objects.filter(wave=wave).aggregate(n=Count("pk"), last=last)
    key = (wave.pk, seen["n"], str(seen["last"]), tuple((i, score.key) for i, _spec, score in specs))
    table = _TABLES.pop(key, None) or _table(wave, specs)
    table.key = key
    _TABLES[key] = table  # the most recently read last
    while len(_TABLES) > TABLES_KEPT:
        _TABLES.popitem(last=False)
    return table


def _below(paths: dict[int, str], units: list[Unit]) -> dict[int, list[int]]:
    """For each unit, the ids (from `paths`) of the units in its subtree, found by walking each
    path's ancestors (materialised paths: every prefix of whole steps is an ancestor)."""
    by_path = {unit.path: unit.pk for unit in units}
    out: dict[int, list[int]] = {unit.pk: [] for unit in units}
    for pk, path in paths.items():
        for end in range(Unit.steplen, len(path) + 1, Unit.steplen):
            above = by_path.get(path[:end])
            if above is not None:
                out[above].append(pk)
    return out


class _Guarded:
    """The table as the suppression sees it. Everyone outside the viewer's scopes is counted only in
    the organisation's total, so they are one group to it: merging them changes no combination of
    the cells, and a unit leader's table shrinks from the whole system's groups to their own."""

    ELSEWHERE = ("elsewhere",)

    def __init__(self, atoms: dict[tuple, int], cells: dict[tuple, frozenset]) -> None:
        inside: set[tuple] = set()
        for key, covered in cells.items():
            if key != ("organisation",):
                inside |= covered
        self.outside = [a for a in atoms if a not in inside]
        self.outside_set = set(self.outside)
        self.cells = {key: covered & inside for key, covered in cells.items()}
        if self.outside:
            self.cells[("organisation",)] = self.cells[("organisation",)] | {self.ELSEWHERE}
        self.columns = [key for key in cells if key[0] == "role"]
        atom_keys = [a for a in atoms if a not in self.outside_set] + (
            [self.ELSEWHERE] if self.outside else []
        )
        self.shape = memo.layout(atom_keys, self.cells)

    def protect(self, counts: dict[tuple, int], minimum: int):  # type: ignore[no-untyped-def]
        merged = {a: n for a, n in counts.items() if a not in self.outside_set}
        if self.outside:
            merged[self.ELSEWHERE] = sum(counts[a] for a in self.outside)
        return memo.protect(merged, self.cells, minimum, columns=self.columns, shape=self.shape)


def _membership(cells: dict[tuple, frozenset], row_of: dict[tuple, int], index: dict[tuple, int]):  # type: ignore[no-untyped-def]
    """The (cells x atoms) indicator matrix, sparse: a system's table has 2,000 cells and 11,000 atoms."""
    from scipy.sparse import csr_matrix

    rows = [row_of[key] for key, covered in cells.items() for _ in covered]
    columns = [index[a] for covered in cells.values() for a in covered]
    return csr_matrix((np.ones(len(rows)), (rows, columns)), shape=(len(cells), len(index)))


def wave_results(
    wave: Wave, scopes: list[Unit], now: dt.datetime | None = None, *, remember_view: bool = True
) -> WaveResults:
    """Everything the results page shows for one wave within the viewer's scopes (subtrees).

    All of a viewer's scopes go through one suppression, so cells from two scopes cannot be
    combined to recover what either hides. Answers are read once, in one query, into per-atom
    totals (`_table`); the suppression of an unchanged table is remembered (`memo.protect`), and
    what it shows a set of scopes is kept per process (`_VIEWS`) until the answers or the tree
    change (`remember_view=False` builds it afresh, as the daily job must to store each
    suppression). The response rates' answered counts are the unit rows' own (`response_rates`);
    their head counts and the comments are read for each request (head counts remembered for the day).
    """
    minimum = min_group_size()
    ready = results_ready(wave, now)
    if not ready:
        return WaveResults(wave, scopes, False, [], [], [], [], min_comment_group_size(), minimum)
    specs = _score_specs(wave)
    table = _wave_table(wave, specs)
    trees = {scope.pk: scope.subtree() for scope in scopes}
    # The tree as the rows name and nest it: a renamed or moved unit is another view.
    tree_shape = hash(tuple((u.pk, u.path, u.name) for tree in trees.values() for u in tree))
    key = (table.key, tuple(scope.pk for scope in scopes), minimum, get_language(), tree_shape)
    view = (_VIEWS.pop(key, None) if remember_view else None) or _shown_view(
        wave, scopes, trees, table, specs, minimum
    )
    if remember_view:
        _VIEWS[key] = view  # the most recently read last
        while len(_VIEWS) > VIEWS_KEPT:
            _VIEWS.popitem(last=False)
    day = timezone.localdate(now or timezone.now())
    people = {row.key[1]: row.n for row in view.rows if row.kind == "unit"}  # the shown counts only
    rates = [
        rate
        for scope in scopes
        for rate in response_rates(
            trees[scope.pk], _remembered_invited(wave, scope, trees[scope.pk], day), people, minimum
        )
    ]
    return WaveResults(
        wave=wave,
        scopes=scopes,
        ready=True,
        rows=view.rows,
        rates=rates,
        distributions=view.distributions,
        comments=[(scope, _comments(wave, scope, view.people.get(scope.pk))) for scope in scopes],
        comment_minimum=min_comment_group_size(),
        minimum=minimum,
    )


@dataclass
class _ShownView:
    """What the suppression lets a set of scopes see of one table: only shown figures, no hidden
    count and no comment. Kept per process (`_VIEWS`): for a whole system, building it from the
    table was most of a remembered results page (cells of 11,000 groups, eight suppressions
    looked up, 2,012 rows summarised)."""

    rows: list[Row]
    distributions: list[dict]
    people: dict[int, int | None]  # each scope's shown number of respondents, None when hidden


_VIEWS: OrderedDict[tuple, _ShownView] = OrderedDict()
VIEWS_KEPT = 8


def _shown_view(
    wave: Wave,
    scopes: list[Unit],
    trees: dict[int, list[Unit]],
    table: _Table,
    specs: list[tuple],
    minimum: int,
) -> _ShownView:
    atoms = table.atoms
    # Only units in a scope have cells of their own; the rest count only in the organisation.
    paths = {unit.pk: unit.path for tree in trees.values() for unit in tree}

    # Atoms: (unit id, role group) over the whole wave; cells: organisation, scope units, scope roles.
    by_unit: dict[int, list[tuple]] = defaultdict(list)
    for atom in atoms:
        by_unit[atom[0]].append(atom)
    cells: dict[tuple, frozenset] = {("organisation",): frozenset(atoms)}
    roles_of: dict[int, list[str]] = {}
    for scope in scopes:
        below = _below(paths, trees[scope.pk])
        for unit in trees[scope.pk]:
            cells[("unit", unit.pk)] = frozenset(a for pk in below[unit.pk] for a in by_unit[pk])
        in_scope = cells[("unit", scope.pk)]
        roles_of[scope.pk] = sorted({a[1] for a in in_scope})
        for role in roles_of[scope.pk]:
            cells[("role", scope.pk, role)] = frozenset(a for a in in_scope if a[1] == role)
    guarded = _Guarded(atoms, cells)
    protected = guarded.protect(atoms, minimum)

    # Every cell's totals at once: (cells x atoms) indicator matrix times each score's atom totals.
    index = {atom: i for i, atom in enumerate(atoms)}
    row_of = {key: r for r, key in enumerate(cells)}
    membership = _membership(cells, row_of, index)
    # As Python numbers: rounding numpy scalars one by one was a tenth of the office's page.
    cell_sums = {key: (membership @ by_atom).tolist() for key, by_atom in table.sums.items()}

    # Someone who skipped items has no score, so a score's people can be fewer than a cell's
    # respondents; where they are, that score gets its own suppression over the same cells.
    per_score: dict[tuple[str, str], object] = {}
    for key, by_atom in table.sums.items():
        scored = dict(zip(atoms, by_atom[:, 0].astype(int).tolist(), strict=True))  # rows in atom order
        if scored != atoms:
            per_score[key] = guarded.protect(scored, minimum)

    untranslated = _untranslated(wave)

    def score_cells(key: tuple) -> list[ScoreCell]:
        out = []
        for instrument_key, _spec, score in specs:
            own = per_score.get((instrument_key, score.key), protected)
            shown = protected.shown[key] is not None and own.shown[key] is not None  # type: ignore[attr-defined]
            summary = None
            if shown:
                n, total, squares, crossed = cell_sums[(instrument_key, score.key)][row_of[key]]
                summary = without_small_share(
                    summarise_sums(score, round(n), float(total), float(squares), round(crossed))
                )
            cell = ScoreCell(
                instrument=instrument_key,
                score=score.key,
                label=score.label,
                higher_is=score.higher_is,
                cutoff_label=score.cutoff.label if score.cutoff else "",
                summary=summary,
                lang=untranslated.get(instrument_key, ""),
            )
            out.append(cell)
        return out

    whole = _("Whole organisation")
    rows = [Row(("organisation",), whole, "organisation", protected.shown[("organisation",)])]
    labels = dict(RoleGroup.choices)
    for scope in scopes:
        for unit in trees[scope.pk]:
            key = ("unit", unit.pk)
            if cells[key] or unit.pk == scope.pk:
                rows.append(
                    Row(
                        key, unit.name, "unit", protected.shown[key], unit.depth - scope.depth, path=unit.path
                    )
                )
        for role in roles_of[scope.pk]:
            key = ("role", scope.pk, role)
            label = _("%(role)s in %(scope)s") % {"role": labels.get(role, role), "scope": scope.name}
            rows.append(Row(key, label, "role", protected.shown[key]))
    for row in rows:
        row.scores = score_cells(row.key)

    return _ShownView(
        rows=rows,
        distributions=[
            d for scope in scopes for d in _distributions(wave, scope, cells, table, protected, untranslated)
        ],
        people={scope.pk: protected.shown.get(("unit", scope.pk)) for scope in scopes},
    )


def _remembered_invited(wave: Wave, scope: Unit, tree: list[Unit], day: dt.date) -> dict[int, int]:
    """`invited_counts`, worked out once a day per scope.

    Results show only after a wave has closed, so its invitations no longer change; only people's
    memberships do, and a move shows in the head counts the next day. Reading every invited
    person's memberships was a third of the office's results page at health-system size.
    """
    key = f"surveys:invited:{wave.pk}:{scope.pk}:{day}"
    found = cache.get(key)
    if found is None:
        found = invited_counts(wave, scope, tree)
        cache.set(key, found, memo.CACHE_SECONDS)
    return found


def invited_counts(wave: Wave, scope: Unit, tree: list[Unit]) -> dict[int, int]:
    """Unit id -> how many invited people belong to it or below, for the units of the scope with any.
    Each person counts once, in the deepest unit of the scope that holds one of their memberships
    (of two equally deep, the one recorded first, so the table is the same on every run)."""
    by_path = {unit.path: unit for unit in tree}
    memberships = (
        Membership.objects.filter(
            user_id__in=Invitation.objects.filter(wave=wave).values("user_id"),
            unit__path__startswith=scope.path,
        )
        .order_by("pk")
        .values_list("user_id", "unit__path")
    )
    home: dict[int, Unit] = {}
    for user_id, path in memberships:
        unit = by_path.get(path)
        if unit is not None and (user_id not in home or unit.depth > home[user_id].depth):
            home[user_id] = unit
    homes: dict[int, int] = defaultdict(int)
    for unit in home.values():
        homes[unit.pk] += 1
    below = _below({u.pk: u.path for u in tree}, tree)
    invited = {unit.pk: sum(homes.get(pk, 0) for pk in below[unit.pk]) for unit in tree}
    return {pk: n for pk, n in invited.items() if n}


def response_rates(
    tree: list[Unit], invited: dict[int, int], people: dict[int, int | None], minimum: int
) -> list[Rate]:
    """Invited and answered per unit of the scope that invited anyone.

    Invited counts are head counts a leader already knows, shown when at least `minimum`. Answered
    is the unit's number of people in the scores table (`people`, unit id -> shown count), so the
    two tables give the same figure and hide the same ones: they were two counts (invitations that
    were answered, by each person's deepest unit; answers, by the unit answered for) through two
    suppressions, and a count one hid the other printed, or undid by subtraction. A unit with no
    row there (its few answers counted in a larger unit when released) shows as hidden, not as 0.
    How many have not answered follows from the two and says nothing about what anyone answered.
    """
    return [
        Rate(
            unit.name,
            invited[unit.pk] if invited[unit.pk] >= minimum else None,
            people.get(unit.pk),
            path=unit.path,
            unit_id=unit.pk,
        )
        for unit in tree
        if unit.pk in invited
    ]


def _untranslated(wave: Wave) -> dict[str, str]:
    """Instrument key -> the language its text stays in on this page ("en"), for the instruments
    with no translation into the page's language (a validated instrument is shown as licensed)."""
    language = get_language()
    return {i.key: lang for i in wave.instruments.all() if (lang := i.spec.lang_in(language))}


def _distributions(  # type: ignore[no-untyped-def]
    wave: Wave, scope: Unit, cells: dict, table: _Table, protected, untranslated: dict[str, str]
) -> list[dict]:
    """Per item, the share choosing each answer, for the scope as a whole (when shown);
    `untranslated` as `_untranslated` gives it, read once for the page."""
    key = ("unit", scope.pk)
    if not protected.is_shown(key) or not protected.shown[key]:
        return []
    out = []
    for instrument in wave.instruments.all():
        spec = instrument.spec.in_language(get_language())
        for item in spec.items:
            per_atom = table.answers.get((instrument.key, item.key), {})
            counts = {c.value: 0 for c in spec.choices(item)}
            for atom in cells[key]:
                for value, n in per_atom.get(atom, {}).items():
                    if value in counts:
                        counts[value] += n
            total = sum(counts.values())
            # The rule of the cut-off share (share_shown): in a group of 5 to 9, "100% agree" told
            # how each of them answered (officer's probe).
            if not share_shown(total):
                continue
            out.append(
                {
                    "scope": scope.name,
                    "instrument": instrument.key,
                    "item": item.key,
                    "text": item.text,
                    "lang": untranslated.get(instrument.key, ""),
                    "n": total,
                    "choices": [
                        {"label": c.label, "value": c.value, "share": counts[c.value] / total}
                        for c in spec.choices(item)
                    ],
                }
            )
    return out


def _comments(wave: Wave, scope: Unit, people: int | None) -> list[Comment] | None:
    if people is None or people < min_comment_group_size():
        return None
    comments = Comment.objects.filter(wave=wave, unit__path__startswith=scope.path)
    # Random ids: ordering by id shows them in no meaningful order (never by arrival).
    return list(comments.order_by("id"))


# A leader whose scopes hold fewer units than this waits well under a second the first time (0.5 s
# for a unit leader of a 2,000-unit system, bench/scale/single_user.py); preparing each of a
# system's 2,000 leaders' tables every wave would take the daily job ten minutes for nothing.
PREPARE_FROM_UNITS = 20


def _units_in(scopes: tuple[Unit, ...], paths: list[str]) -> int:
    """Units in the scopes' subtrees, counted in `paths` (every unit's path, sorted): a subtree's
    paths are one run of the sorted list, so two bisections count it, not a query per leader."""
    return sum(
        bisect.bisect_left(paths, scope.path + "\uffff") - bisect.bisect_left(paths, scope.path)
        for scope in scopes
    )


def prepare_results(now: dt.datetime | None = None, *, days: int = 8) -> int:
    """Compute, once, the tables of waves whose results appeared in the last `days` days, for the
    office and for each leader whose scopes hold `PREPARE_FROM_UNITS` units or more, so nobody
    waits for the suppression (five seconds for a whole health system). Idempotent: the
    suppression is remembered (`memo`); a second run reads it. Returns how many tables it prepared."""
    from upstream.org.access import led_units
    from upstream.org.models import LeaderAssignment, User

    now = now or timezone.now()
    today = timezone.localdate(now)
    waves = [
        wave
        for wave in Wave.objects.filter(
            status=Status.SCHEDULED, closes_on__lt=today, closes_on__gte=today - dt.timedelta(days=days)
        ).prefetch_related("instruments", "units")
        if results_ready(wave, now)
    ]
    if not waves:
        return 0
    scope_sets = {tuple(Unit.objects.filter(depth=1).order_by("path"))}
    paths = sorted(Unit.objects.values_list("path", flat=True))
    for user in User.objects.filter(pk__in=LeaderAssignment.objects.values("user_id"), is_active=True):
        scopes = tuple(led_units(user))
        if scopes and _units_in(scopes, paths) >= PREPARE_FROM_UNITS:
            scope_sets.add(scopes)
    prepared = 0
    for wave in waves:
        for scopes in scope_sets:
            if any(
                u.path.startswith(s.path) or s.path.startswith(u.path)
                for u in wave.units.all()
                for s in scopes
            ):
                wave_results(wave, list(scopes), now, remember_view=False)
                prepared += 1
    return prepared


@dataclass
class TrendPoint:
    wave: Wave
    summaries: dict[tuple, Summary | None]  # row key -> summary (None when hidden)


def _pick(results: WaveResults, row_key: tuple, instrument_key: str, score_key: str) -> Summary | None:
    for row in results.rows:
        if row.key == row_key:
            for cell in row.scores:
                if cell.instrument == instrument_key and cell.score == score_key:
                    return cell.summary
    return None


def trend(
    waves: list[Wave], scopes: list[Unit], instrument_key: str, score_key: str, now: dt.datetime | None = None
) -> list[TrendPoint]:
    """One score across waves (oldest first) for every unit row and the organisation.

    Each wave is computed exactly as its own results page computes it (same scopes, same cells),
    so the trend shows nothing the wave pages do not.
    """
    points = []
    for wave in sorted(waves, key=lambda w: w.opens_on):
        if not results_ready(wave, now) or instrument_key not in {i.key for i in wave.instruments.all()}:
            continue
        results = wave_results(wave, scopes, now)
        keys = [row.key for row in results.rows if row.kind in ("organisation", "unit")]
        points.append(TrendPoint(wave, {key: _pick(results, key, instrument_key, score_key) for key in keys}))
    return points
