"""Results a leader or the well-being office may see, all through `upstream.privacy`.

A wave's results appear only once it has closed and its last answers were released, so nobody can
compare a table before and after a late answer. Within a wave the published cells are the
organisation, every unit of the viewer's scope (its subtree) and every role group within the scope;
`upstream.privacy.complementary.protect` hides small cells and whatever would let them be recovered
by subtraction. Scores, confidence intervals and cut-off shares are shown only for shown cells
(they are linear in people, so the same cells protect them). Comments need a larger group
(UPSTREAM_MIN_COMMENT_GROUP_SIZE, default 10) and are shown for the viewer's whole scope only, never
per unit, so no two comment lists can be subtracted from each other.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from upstream.org.models import Membership, RoleGroup, Unit
from upstream.privacy.complementary import cached_protect as protect
from upstream.privacy.groups import min_group_size
from upstream.surveys.models import Comment, Invitation, Response, Status, Wave
from upstream.surveys.scoring import Summary, distribution, summarise


def min_comment_group_size() -> int:
    return int(getattr(settings, "UPSTREAM_MIN_COMMENT_GROUP_SIZE", 10))


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


@dataclass
class Row:
    key: tuple
    label: str
    kind: str  # "organisation", "unit", "role"
    n: int | None  # None when hidden
    depth: int = 0
    scores: list[ScoreCell] = field(default_factory=list)


@dataclass
class Rate:
    label: str
    invited: int | None
    answered: int | None

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


def _unit_tree(scope: Unit) -> list[Unit]:
    return scope.subtree()


def _score_specs(wave: Wave) -> list[tuple]:
    out = []
    for instrument in wave.instruments.all():
        spec = instrument.spec
        for score in spec.scores:
            out.append((instrument.key, spec, score))
    return out


def _owner(unit_path: str, units: list[Unit]) -> Unit | None:
    """The deepest unit of the list whose subtree holds this path."""
    best = None
    for unit in units:
        if unit_path.startswith(unit.path) and (best is None or unit.depth > best.depth):
            best = unit
    return best


def wave_results(wave: Wave, scopes: list[Unit], now: dt.datetime | None = None) -> WaveResults:
    """Everything the results page shows for one wave within the viewer's scopes (subtrees).

    All of a viewer's scopes go through one suppression, so cells from two scopes cannot be
    combined to recover what either hides.
    """
    minimum = min_group_size()
    ready = results_ready(wave, now)
    if not ready:
        return WaveResults(wave, scopes, False, [], [], [], [], min_comment_group_size(), minimum)
    responses = list(Response.objects.filter(wave=wave).select_related("unit"))
    trees = {scope.pk: _unit_tree(scope) for scope in scopes}

    # Atoms: (unit id, role group) over the whole wave; cells: organisation, scope units, scope roles.
    atoms: dict[tuple, int] = defaultdict(int)
    for r in responses:
        atoms[(r.unit_id, r.role_group)] += 1
    path_of = {r.unit_id: r.unit.path for r in responses}
    cells: dict[tuple, frozenset] = {("organisation",): frozenset(atoms)}
    roles_of: dict[int, list[str]] = {}
    for scope in scopes:
        for unit in trees[scope.pk]:
            cells[("unit", unit.pk)] = frozenset(a for a in atoms if path_of[a[0]].startswith(unit.path))
        roles_of[scope.pk] = sorted({r.role_group for r in responses if r.unit.path.startswith(scope.path)})
        for role in roles_of[scope.pk]:
            cells[("role", scope.pk, role)] = frozenset(
                a for a in atoms if a[1] == role and path_of[a[0]].startswith(scope.path)
            )
    protected = protect(dict(atoms), cells, minimum)

    specs = _score_specs(wave)
    members: dict[tuple, list[Response]] = {
        key: [r for r in responses if (r.unit_id, r.role_group) in covered] for key, covered in cells.items()
    }

    # Someone who skipped items has no score, so a score's people can be fewer than a cell's
    # respondents; where they are, that score gets its own suppression over the same cells.
    per_score: dict[tuple[str, str], object] = {}
    for instrument_key, _spec, score in specs:
        scored: dict[tuple, int] = defaultdict(int)
        for r in responses:
            if r.scores.get(instrument_key, {}).get(score.key) is not None:
                scored[(r.unit_id, r.role_group)] += 1
        if any(scored.get(a, 0) != n for a, n in atoms.items()):
            per_score[(instrument_key, score.key)] = protect(
                {a: scored.get(a, 0) for a in atoms}, cells, minimum
            )

    def score_cells(key: tuple) -> list[ScoreCell]:
        out = []
        for instrument_key, _spec, score in specs:
            own = per_score.get((instrument_key, score.key), protected)
            values = [
                value
                for r in members[key]
                if (value := r.scores.get(instrument_key, {}).get(score.key)) is not None
            ]
            shown = protected.shown[key] is not None and own.shown[key] is not None  # type: ignore[attr-defined]
            summary = summarise(score, values) if shown else None
            out.append(
                ScoreCell(
                    instrument=instrument_key,
                    score=score.key,
                    label=score.label,
                    higher_is=score.higher_is,
                    cutoff_label=score.cutoff.label if score.cutoff else "",
                    summary=summary,
                )
            )
        return out

    whole = _("Whole organisation")
    rows = [Row(("organisation",), whole, "organisation", protected.shown[("organisation",)])]
    labels = dict(RoleGroup.choices)
    for scope in scopes:
        for unit in trees[scope.pk]:
            key = ("unit", unit.pk)
            if cells[key] or unit.pk == scope.pk:
                rows.append(Row(key, unit.name, "unit", protected.shown[key], depth=unit.depth - scope.depth))
        for role in roles_of[scope.pk]:
            key = ("role", scope.pk, role)
            label = _("%(role)s in %(scope)s") % {"role": labels.get(role, role), "scope": scope.name}
            rows.append(Row(key, label, "role", protected.shown[key]))
    for row in rows:
        row.scores = score_cells(row.key)

    rates: list[Rate] = []
    for scope in scopes:
        rates.extend(response_rates(wave, scope, trees[scope.pk], minimum))
    return WaveResults(
        wave=wave,
        scopes=scopes,
        ready=True,
        rows=rows,
        rates=rates,
        distributions=[d for scope in scopes for d in _distributions(wave, scope, members, protected)],
        comments=[
            (scope, _comments(wave, scope, protected.shown.get(("unit", scope.pk)))) for scope in scopes
        ],
        comment_minimum=min_comment_group_size(),
        minimum=minimum,
    )


def response_rates(wave: Wave, scope: Unit, tree: list[Unit], minimum: int) -> list[Rate]:
    """Invited and answered per unit of the scope. Answered counts go through complementary
    suppression; invited counts are head counts a leader already knows, shown when large enough.
    How many have not answered yet follows from the two and says nothing about what anyone answered.
    """
    invitations = list(Invitation.objects.filter(wave=wave).values_list("user_id", "answered_on"))
    answered_users = {u for u, day in invitations if day is not None}
    memberships = Membership.objects.filter(user_id__in={u for u, _d in invitations}).select_related("unit")
    # Each person counts once, in the deepest unit of the tree that holds one of their memberships.
    home: dict[int, Unit] = {}
    for m in memberships:
        owner = _owner(m.unit.path, tree) if m.unit.path.startswith(scope.path) else None
        if owner is not None and (m.user_id not in home or owner.depth > home[m.user_id].depth):
            home[m.user_id] = owner
    if not home:
        return []
    invited: dict[int, int] = defaultdict(int)
    atoms: dict[int, int] = defaultdict(int)
    for user, unit in home.items():
        atoms[unit.pk] += user in answered_users
    path_of = {u.pk: u.path for u in tree}
    cells: dict[int, frozenset] = {}
    for unit in tree:
        covered = frozenset(a for a in atoms if path_of[a].startswith(unit.path))
        invited[unit.pk] = sum(1 for u in home.values() if u.path.startswith(unit.path))
        if invited[unit.pk]:
            cells[unit.pk] = covered
    protected = protect(dict(atoms), cells, minimum)
    return [
        Rate(
            unit.name,
            invited[unit.pk] if invited[unit.pk] >= minimum else None,
            protected.shown[unit.pk] if invited[unit.pk] >= minimum else None,
        )
        for unit in tree
        if unit.pk in cells
    ]


def _distributions(wave: Wave, scope: Unit, members: dict, protected) -> list[dict]:  # type: ignore[no-untyped-def]
    """Per item, the share choosing each answer, for the scope as a whole (when shown)."""
    key = ("unit", scope.pk)
    if not protected.is_shown(key) or not protected.shown[key]:
        return []
    out = []
    for instrument in wave.instruments.all():
        spec = instrument.spec
        for item in spec.items:
            values = [
                r.answers.get(instrument.key, {}).get(item.key)
                for r in members[key]
                if r.answers.get(instrument.key, {}).get(item.key) is not None
            ]
            if len(values) < min_group_size():
                continue
            counts = distribution(spec, item.key, values)
            total = sum(counts.values())
            out.append(
                {
                    "scope": scope.name,
                    "instrument": instrument.key,
                    "item": item.key,
                    "text": item.text,
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
