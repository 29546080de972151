"""The nightly early-warning job over concern flows, and what leaders see of it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone

from upstream.org.access import led_subtree_q
from upstream.org.models import Unit, User
from upstream.signals import detection
from upstream.signals.models import Signal, SignalNote
from upstream.signals.rollup import rollup
from upstream.themes.models import ConcernTheme, Theme

logger = logging.getLogger(__name__)


def config() -> detection.DetectorConfig:
    return detection.DetectorConfig(
        min_count=settings.UPSTREAM_MIN_GROUP_SIZE,
        false_alarms_per_year=settings.UPSTREAM_SIGNAL_FALSE_ALARMS_PER_YEAR,
    )


def daily_counts(start: dt.date, end: dt.date) -> dict[tuple[int, str, dt.date], int]:
    """(unit id, theme key, day) -> concerns whose main theme it is. Merged concerns count once.

    Only concerns their batch has released count: a signal must not reveal a concern before
    leaders could see it. Listening-session speakers and released survey comments are added, each
    from its own rows, so every flow counts once.
    """
    rows = (
        ConcernTheme.objects.filter(
            primary=True,
            concern__received_on__gte=start,
            concern__received_on__lte=end,
            concern__merged_into=None,
            concern__visible_from__lte=timezone.now(),
        )
        .values("concern__unit_id", "theme__key", "concern__received_on")
        .annotate(n=Count("pk"))
    )
    counts: dict[tuple[int, str, dt.date], int] = defaultdict(int)
    for row in rows:
        counts[(row["concern__unit_id"], row["theme__key"], row["concern__received_on"])] += row["n"]
    for flow in (_listening_counts(start, end), survey_counts(start, end)):
        for key, value in flow.items():
            counts[key] += value
    return counts


def _listening_counts(start: dt.date, end: dt.date) -> dict[tuple[int, str, dt.date], int]:
    """Themes raised in listening sessions feed the same flows (when the app is installed)."""
    from django.apps import apps

    if not apps.is_installed("upstream.listening"):
        return {}
    from upstream.listening.services import daily_theme_counts

    return daily_theme_counts(start, end)


def survey_counts(start: dt.date, end: dt.date) -> dict[tuple[int, str, dt.date], int]:
    """Released survey comments by their main theme, on their release day (when the app is installed)."""
    from django.apps import apps

    if not apps.is_installed("upstream.surveys"):
        return {}
    from upstream.surveys.early_warning import daily_theme_counts

    return daily_theme_counts(start, end)


def detect_signals(today: dt.date | None = None) -> list[Signal]:
    """Run the detector for every unit (and each level above) and theme; store new signals.

    Idempotent: a (scope, theme, day) signal is stored once however often this runs.
    """
    today = today or timezone.localdate()
    cfg = config()
    days = cfg.baseline_days + cfg.window_days
    start = today - dt.timedelta(days=days - 1)
    themes = list(Theme.objects.filter(active=True))
    theme_index = {t.key: i for i, t in enumerate(themes)}
    units = {u.pk: u for u in Unit.objects.all()}
    parent_of = _parents(units)
    totals = rollup(parent_of, _grids(daily_counts(start, today), start, days, theme_index, units))
    if not totals:
        return []
    surveys = rollup(parent_of, _grids(survey_counts(start, today), start, days, theme_index, units))
    keys = [(unit_id, theme.key) for unit_id in totals for theme in themes]
    matrix = np.vstack([totals[unit_id] for unit_id in totals])
    names = {t.key: t.name.lower() for t in themes}
    scope_names = {pk: unit.name for pk, unit in units.items()}
    stored = []
    # Replaying the last cooldown's days catches a rise that began while the job was not running
    # (a new deployment, a missed night); each is stored once, on the day it first crossed.
    for back in range(cfg.cooldown_days, -1, -1):
        day = today - dt.timedelta(days=back)
        found = detection.detect(matrix[:, : days - back], keys, day, names, cfg, scope_names=scope_names)
        for rise in found:
            survey_share = surveys.get(rise.scope_id)
            if survey_share is not None:
                window = survey_share[theme_index[rise.theme], : days - back][-rise.window_days :]
                rise = _naming_survey_comments(rise, int(window.sum()), names, scope_names)
            stored.append(_store(rise, units, themes, day))
    logger.info("early warning: %d signals raised", len(stored))
    return stored


def _grids(
    counts: dict[tuple[int, str, dt.date], int],
    start: dt.date,
    days: int,
    theme_index: dict[str, int],
    units: dict[int, Unit],
) -> dict[int, np.ndarray]:
    """Per unit, a (themes, days) array of daily counts from `start`."""
    series: dict[int, np.ndarray] = {}
    for (unit_id, key, day), n in counts.items():
        if key in theme_index and unit_id in units:
            grid = series.setdefault(unit_id, np.zeros((len(theme_index), days)))
            grid[theme_index[key], (day - start).days] += n
    return series


def _naming_survey_comments(
    rise: detection.Signal, from_surveys: int, names: dict[str, str], scope_names: dict[int, str]
) -> detection.Signal:
    """Say "survey comments" when they are part of the rise, so no leader looks for them among
    concerns. How many of each is not said: the count stays one figure of at least the minimum."""
    if from_surveys <= 0:
        return rise
    if from_surveys >= rise.observed:
        noun, plural, source = "survey comment", "survey comments", Signal.Source.SURVEYS
    else:
        noun, plural, source = "concern or survey comment", "concerns and survey comments", Signal.Source.BOTH
    message = detection.describe(
        rise.observed,
        rise.expected,
        rise.window_days,
        names.get(rise.theme, rise.theme),
        scope_names.get(rise.scope_id),  # type: ignore[call-overload]
        noun=noun,
        plural=plural,
    )
    return dataclasses.replace(rise, message=message, source=str(source))


def _parents(units: dict[int, Unit]) -> dict[int, int | None]:
    by_path = {unit.path: pk for pk, unit in units.items()}
    return {pk: by_path.get(unit.path[: -Unit.steplen]) for pk, unit in units.items()}


def _store(found: detection.Signal, units: dict[int, Unit], themes: list[Theme], day: dt.date) -> Signal:
    theme = next(t for t in themes if t.key == found.theme)
    signal, _ = Signal.objects.get_or_create(
        scope=units[found.scope_id],
        theme=theme,
        raised_on=day,
        defaults={
            "started_on": found.started_on,
            "window_days": found.window_days,
            "observed": found.observed,
            "expected": found.expected,
            "p_value": found.p_value,
            "message": found.message,
            "source": found.source,
        },
    )
    return signal


def open_signals_for(user: User) -> QuerySet[Signal]:
    """Open signals anywhere in the subtrees this leader is accountable for, less those they noted."""
    return (
        Signal.objects.filter(led_subtree_q(user, "scope__"), state=Signal.State.OPEN)
        .exclude(notes__leader=user)
        .select_related("scope", "theme")
    )


@dataclass
class Warning:
    """One rise, shown once: at the level where it is sharpest, with the levels it rolls up into."""

    signal: Signal
    also: list[Signal] = field(default_factory=list)  # the same rise seen above or below, top first

    @property
    def members(self) -> list[Signal]:
        return [self.signal, *self.also]


# What grouping reads of a signal, as one row: grouping a health system's open signals then builds
# no model instances, and only the signals of the warnings shown are loaded whole.
_ROW_FIELDS = (
    "pk",
    "theme_id",
    "raised_on",
    "window_days",
    "p_value",
    "observed",
    "expected",
    "scope__path",
    "scope__depth",
    "scope__name",
)


class _Rise(NamedTuple):
    pk: int
    theme_id: int
    raised_on: dt.date
    window_days: int
    p_value: float
    observed: int
    expected: float
    path: str
    depth: int
    name: str


def _same_rise(a: _Rise, b: _Rise) -> bool:
    if a.theme_id != b.theme_id:
        return False
    if abs((a.raised_on - b.raised_on).days) > max(a.window_days, b.window_days):
        return False
    return a.path.startswith(b.path) or b.path.startswith(a.path)


def _sharpness(rise: _Rise) -> tuple[float, float]:
    return (rise.p_value, -(rise.observed / max(rise.expected, 1e-9)))


def _grouped(rises: list[_Rise]) -> list[tuple[_Rise, list[_Rise]]]:
    """Sharpest first; each rise of the same theme and time on the same branch joins its group."""
    groups: list[tuple[_Rise, list[_Rise]]] = []
    # Only rises of the same theme can be the same rise: comparing within a theme keeps this from
    # growing with the square of a health system's open signals.
    by_theme: dict[int, list[tuple[_Rise, list[_Rise]]]] = defaultdict(list)
    for rise in sorted(rises, key=_sharpness):
        home = next((group for group in by_theme[rise.theme_id] if _same_rise(group[0], rise)), None)
        if home is None:
            groups.append((rise, []))
            by_theme[rise.theme_id].append(groups[-1])
        else:
            home[1].append(rise)
    for _, also in groups:
        also.sort(key=lambda r: (r.depth, r.name))
    return sorted(groups, key=lambda g: (-g[0].raised_on.toordinal(), _sharpness(g[0])))


def warnings_for(
    user: User, *, limit: int | None = None, within: str = "", noted: bool = False
) -> list[Warning]:
    """The leader's early warnings: each rise once, those this leader noted left out (or, with
    `noted`, only those); only rises sharpest under the unit path `within` if given, and the first
    `limit` of them (grouping still reads every open signal the leader leads, so a rise is shown
    where it is sharpest)."""
    return warnings_and_noted(user, limit=limit, within=within, noted=noted)[0]


def warnings_and_noted(
    user: User, *, limit: int | None = None, within: str = "", noted: bool = False
) -> tuple[list[Warning], int]:
    """`warnings_for`, and how many open rises the leader noted, from the same one read: once all
    were noted, the inbox's warnings vanished with no way back to them (executive's probe)."""
    rows = list(
        Signal.objects.filter(led_subtree_q(user, "scope__"), state=Signal.State.OPEN)
        .annotate(noted=Exists(SignalNote.objects.filter(signal=OuterRef("pk"), leader=user)))
        .values_list(*_ROW_FIELDS, "noted")
    )
    noted_ids = {row[0] for row in rows if row[-1]}
    groups = [g for g in _grouped([_Rise(*row[:-1]) for row in rows]) if g[0].path.startswith(within)]
    chosen = [g for g in groups if (g[0].pk in noted_ids) == noted]
    return _loaded(chosen[:limit]), sum(1 for g in groups if g[0].pk in noted_ids)


def warnings_in(scope_path: str, *, limit: int | None = None) -> list[Warning]:
    """Every early warning under one unit path, noted or not: what a report for that scope shows."""
    rows = Signal.objects.filter(state=Signal.State.OPEN, scope__path__startswith=scope_path)
    return _loaded(_grouped([_Rise(*row) for row in rows.values_list(*_ROW_FIELDS)])[:limit])


def _loaded(groups: list[tuple[_Rise, list[_Rise]]]) -> list[Warning]:
    """Only the signals of the warnings shown are loaded whole."""
    wanted = [rise.pk for head, also in groups for rise in (head, *also)]
    # A signal deleted between the two reads is left out rather than failing the page.
    signals = Signal.objects.select_related("scope", "theme").in_bulk(wanted)
    return [
        Warning(signals[head.pk], [signals[rise.pk] for rise in also if rise.pk in signals])
        for head, also in groups
        if head.pk in signals
    ]


def signal_for_leader(user: User, signal_id: int) -> Signal | None:
    """An open early warning in this leader's units, whether they noted it or not: noting it again
    (a second tab, an API retry) is no error, only a warning outside their units is."""
    return (
        Signal.objects.filter(led_subtree_q(user, "scope__"), state=Signal.State.OPEN, pk=signal_id)
        .select_related("scope", "theme")
        .first()
    )


def is_noted(signal: Signal, leader: User) -> bool:
    return SignalNote.objects.filter(signal=signal, leader=leader).exists()


def _rise_of(signal: Signal, leader: User) -> list[int]:
    """The ids of every level of the rise `signal` belongs to that this leader can see, the sharpest
    first, noted or not: noting a rise twice notes (and answers) the same levels both times."""
    rows = Signal.objects.filter(led_subtree_q(leader, "scope__"), state=Signal.State.OPEN)
    for head, also in _grouped([_Rise(*row) for row in rows.values_list(*_ROW_FIELDS)]):
        members = [head.pk, *(rise.pk for rise in also)]
        if signal.pk in members:
            return members
    return [signal.pk]


def note_signal(signal: Signal, leader: User, *, now: dt.datetime | None = None) -> list[SignalNote]:
    """This leader has seen the rise: it leaves their inbox (every level of it), and no one else's.
    Idempotent: noting it again changes nothing (each level keeps the time it was first noted) and
    returns the same notes."""
    now = now or timezone.now()
    members = _rise_of(signal, leader)
    with transaction.atomic():
        return [
            SignalNote.objects.get_or_create(signal_id=member, leader=leader, defaults={"noted_at": now})[0]
            for member in members
        ]
