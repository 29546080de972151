"""What the dashboards show, read from the summary table. Every count is a lattice cell whose
suppression was decided at refresh (summary.py); anything derived from a hidden cell is hidden too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from upstream.actions.models import Action
from upstream.insights.models import ALL, UNCLEAR, ConcernSummary, SummaryRefresh
from upstream.lib.text import row_id
from upstream.org.access import led_units
from upstream.org.models import LeaderAssignment, RoleGroup, Unit, User
from upstream.privacy.groups import min_group_size

PERIOD = re.compile(r"^(\d{4})(?:-Q([1-4]))?$")
SERIES_QUARTERS = 8
SIGNALS_SHOWN = 10


class ScopeNotFound(LookupError):
    """Not a unit this leader leads (or no such unit): the same answer for both."""


class BadFilter(ValueError):
    """A filter value the dashboard cannot use; the message says what would work."""


@dataclass(frozen=True)
class Filters:
    scope: Unit
    period: str
    role_group: str = ALL

    @property
    def is_quarter(self) -> bool:
        return "-Q" in self.period

    @property
    def role_label(self) -> str:
        """The role group's name in the reader's language, or "" for everyone."""
        from upstream.org.models import RoleGroup

        return str(RoleGroup(self.role_group).label) if self.role_group else ""

    def query(self, **changes: object) -> dict[str, str]:
        values = {"unit": str(self.scope.pk), "period": self.period, "role": self.role_group}
        values.update({k: str(v) for k, v in changes.items()})
        return {k: v for k, v in values.items() if v}


def current_quarter(today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    return f"{today.year}-Q{(today.month - 1) // 3 + 1}"


def parse_period(text: str, today: dt.date | None = None) -> str:
    """A quarter or a year that has started (by default this quarter).

    A period still to come was accepted and showed an empty dashboard, which reads as "nothing was
    raised"; it is refused, saying so. There is no natural earliest period: one before the first
    figures is a true "none", and the period menu offers quarters before them."""
    current = current_quarter(today)
    # As typed in an address or a command: "2026-q3" and " 2026-Q3" were refused (an officer's walk).
    text = text.strip().upper()
    if not text:
        return current
    match = PERIOD.match(text)
    if not match or not 2000 <= int(match.group(1)) <= 2100:
        raise BadFilter(_("Choose a period from 2000 on, like 2026-Q3 (a quarter) or 2026 (a year)."))
    # Quarters written as text sort as time does; a year starts with its first quarter.
    first_quarter = text if "-Q" in text else f"{text}-Q1"
    if first_quarter > current:
        raise BadFilter(
            _("%(period)s has not started yet: choose %(current)s or an earlier period.")
            % {"period": text, "current": current}
        )
    return text


def quarters_ending(period: str, count: int = SERIES_QUARTERS) -> list[str]:
    year, quarter = (int(period[:4]), int(period[-1])) if "-Q" in period else (int(period), 4)
    out = []
    for _index in range(count):
        out.append(f"{year}-Q{quarter}")
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return list(reversed(out))


def period_menu(selected: str, today: dt.date | None = None) -> list[tuple[str, bool]]:
    """The period menu, newest first: the last twelve quarters and three years up to today, and the
    chosen period where it is older. (value, is a year). Built around the chosen period, the menu of
    a page opened on 2025-Q1 offered nothing after it: back to today meant editing the address."""
    current = current_quarter(today)
    quarters = list(reversed(quarters_ending(current, 12)))
    years = [str(int(current[:4]) - back) for back in range(3)]
    if "-Q" in selected and selected not in quarters:
        quarters.append(selected)
    if "-Q" not in selected and selected not in years:
        years.append(selected)
    return [(quarter, False) for quarter in quarters] + [(year, True) for year in years]


def resolve_filters(user: User, unit: str = "", period: str = "", role: str = "") -> Filters:
    """The scope must be one of the units the user leads, or below one; by default their top unit."""
    tops = led_units(user)
    if not tops:
        raise ScopeNotFound()
    scope = tops[0]
    if unit:
        unit_id = row_id(unit)
        chosen = Unit.objects.filter(pk=unit_id).first() if unit_id else None
        if chosen is None or not any(chosen.path.startswith(top.path) for top in tops):
            raise ScopeNotFound()
        scope = chosen
    if role and role not in RoleGroup.values:
        raise BadFilter(_("Choose one of the role groups, or none for everyone."))
    return Filters(scope=scope, period=parse_period(period), role_group=role or ALL)


def _themes() -> tuple[list[tuple[str, str]], dict[str, str]]:
    """(key, stored name) for the API and the report's keys, and key -> the name in the reader's
    language (``Theme.label``) for pages, charts and the report."""
    from upstream.themes.models import Theme

    rows = list(Theme.objects.filter(active=True))
    labels = {t.key: t.label for t in rows}
    labels[UNCLEAR] = _("Theme unclear")
    rows.sort(key=lambda t: labels[t.key].casefold())
    return [*((t.key, t.name) for t in rows), (UNCLEAR, _("Theme unclear"))], labels


def shown_cell(cell: ConcernSummary | None) -> int | None:
    if cell is None:
        return 0
    return None if cell.hidden else cell.concerns


@dataclass
class Volume:
    periods: list[str]
    themes: list[tuple[str, str]]  # (key, stored name)
    values: dict[str, dict[str, int | None]]  # theme -> period -> count (None: suppressed)
    totals: dict[str, int | None]
    labels: dict[str, str] = field(default_factory=dict)  # key -> name in the reader's language
    # The scope's first quarter with a concern, when the series was cut to start there; else "".
    starts_in: str = ""

    def rows(self) -> list[dict]:
        return [
            {
                "theme": key,
                "name": name,
                "label": self.labels.get(key, name),
                "values": [self.values[key][p] for p in self.periods],
            }
            for key, name in self.themes
            if any(self.values[key][p] != 0 for p in self.periods)
        ]


def first_quarter(scope: Unit) -> str | None:
    """The first quarter a concern of this scope was released in (read on the unique index).

    A summary row exists only for a count above zero, and each is shown or marked hidden, so the
    quarter where the rows start tells nothing the series does not already show."""
    return (
        ConcernSummary.objects.filter(scope=scope, theme=ALL, role_group=ALL, period__contains="-Q")
        # (scope, period) is the unique index's order: by period alone, PostgreSQL may walk the
        # period index through every other unit's older rows.
        .order_by("scope", "period")
        .values_list("period", flat=True)
        .first()
    )


def series_quarters(filters: Filters) -> tuple[list[str], str]:
    """The quarters a series shows, and the first quarter with a concern when it cut those before.

    Quarters before a scope's first concern were drawn as 0, which read as "no concerns" in a unit
    that was not yet using Upstream (an executive walk): they are left out, and the page says so."""
    return quarters_from(filters.period, first_quarter(filters.scope))


def quarters_from(period: str, first: str | None) -> tuple[list[str], str]:
    """The eight quarters up to `period`, cut to start at `first` when it came later, and `first`
    when it cut some ("" when not)."""
    periods = quarters_ending(period)
    if first is None or first <= periods[0]:
        return periods, ""
    kept = [p for p in periods if p >= first]
    return (kept, first) if kept else (periods[-1:], "")


def series_start_note(filters: Filters, volume: Volume) -> str:
    """The sentence saying why the series starts late, or "" when it does not."""
    if not volume.starts_in:
        return ""
    return _(
        "The first concern in %(unit)s was released in %(quarter)s: the quarters before it are not shown."
    ) % {"unit": filters.scope.name, "quarter": volume.starts_in}


def volume_by_theme(filters: Filters) -> Volume:
    periods, starts_in = series_quarters(filters)
    cells = ConcernSummary.objects.filter(
        scope=filters.scope, period__in=periods, role_group=filters.role_group
    )
    found = {(c.theme, c.period): c for c in cells}
    themes, labels = _themes()
    values = {key: {p: shown_cell(found.get((key, p))) for p in periods} for key, _name in themes}
    totals = {p: shown_cell(found.get((ALL, p))) for p in periods}
    return Volume(periods, themes, values, totals, labels, starts_in)


@dataclass
class Heatmap:
    units: list[Unit]
    themes: list[tuple[str, str]]  # (key, stored name)
    values: dict[int, dict[str, int | None]]
    labels: dict[str, str] = field(default_factory=dict)  # key -> name in the reader's language

    @property
    def columns(self) -> list[tuple[str, str]]:
        """(key, name in the reader's language) of each column."""
        return [(key, self.labels.get(key, name)) for key, name in self.themes]

    def rows(self) -> list[dict]:
        return [
            {"unit": u, "values": [self.values[u.pk][key] for key, _name in self.themes]} for u in self.units
        ]

    def bins(self) -> list[Bin]:
        return heat_bins(v for row in self.values.values() for v in row.values())


HEAT_BANDS = 6  # at most this many colours for shown counts: a legend of 40 shades reads as none


@dataclass(frozen=True)
class Bin:
    """One colour of the heatmap and its words: what a cell of that colour can hold."""

    key: str  # "none", "hidden", or "lowest-highest"
    label: str
    lowest: int | None  # None for hidden: the count is not shown
    highest: int | None


def heat_bins(values: Iterable[int | None], minimum: int | None = None) -> list[Bin]:
    """The classes a heatmap's cells fall in: none (0), hidden, then bands of counts from the
    minimum group size upwards. A shown count is 0 or at least the minimum, so bands start there;
    they are the minimum wide (5-9, 10-14, ...), or a multiple of it when more than HEAT_BANDS
    would be needed, and end at the band holding the largest count."""
    limit = min_group_size() if minimum is None else minimum
    bins = [
        Bin("none", _("None (0)"), 0, 0),
        Bin(
            "hidden",
            _("Hidden: fewer than %(minimum)d, or hidden to protect a smaller figure") % {"minimum": limit},
            None,
            None,
        ),
    ]
    largest = max((v for v in values if v), default=0)
    if largest < limit:
        return bins
    width = limit * max(1, -(-(largest - limit + 1) // (limit * HEAT_BANDS)))
    for lowest in range(limit, largest + 1, width):
        highest = lowest + width - 1
        label = _("%(lowest)d to %(highest)d") % {"lowest": lowest, "highest": highest}
        bins.append(Bin(f"{lowest}-{highest}", label, lowest, highest))
    return bins


def bin_of(value: int | None, bins: list[Bin]) -> Bin:
    if value is None:
        return bins[1]
    return next((b for b in bins if b.lowest is not None and b.lowest <= value <= (b.highest or 0)), bins[0])


def hidden_means() -> str:
    """What "hidden" means on every table of the dashboard (and in its API)."""
    return _(
        "“Hidden” means fewer than %(minimum)d concerns, or a figure hidden as well so that a smaller "
        "one cannot be worked out by adding and subtracting the others: a hidden figure can be large."
    ) % {"minimum": min_group_size()}


def signals_note(shown: int) -> str:
    """Under the warnings shown: why one can name a theme whose cell is hidden."""
    if not shown:
        return ""
    return _(
        "A warning counts only the days it names, not the period above: it can name a theme whose "
        "figure above is hidden, and its count is not that figure."
    )


def signals_withheld_sentence(count: int, *, in_your_inbox: bool = False) -> str:
    """Why some warnings are not listed, and where they are. On a leader's own dashboard they are
    the leader's (`open_signals` lists `warnings_for` the viewer): "the accountable leaders see it"
    read, to the accountable leader, as someone else's job."""
    if not count:
        return ""
    if in_your_inbox:
        return ngettext(
            "%(count)d early warning is not listed here: beside the figures above, its count would let a "
            "reader work out a hidden figure. You see it among the early warnings in your inbox.",
            "%(count)d early warnings are not listed here: beside the figures above, their counts would let "
            "a reader work out a hidden figure. You see them among the early warnings in your inbox.",
            count,
        ) % {"count": count}
    return ngettext(
        "%(count)d early warning is not listed here: beside the figures above, its count would let a "
        "reader work out a hidden figure. The accountable leaders see it among their early warnings.",
        "%(count)d early warnings are not listed here: beside the figures above, their counts would let "
        "a reader work out a hidden figure. The accountable leaders see them among their early warnings.",
        count,
    ) % {"count": count}


def heatmap(filters: Filters) -> Heatmap:
    """Child units x themes for the period (the scope itself when it has no children)."""
    children = list(Unit.objects.get_children(filters.scope).order_by("name")) or [filters.scope]
    cells = ConcernSummary.objects.filter(
        scope__in=children, period=filters.period, role_group=filters.role_group
    ).exclude(theme=ALL)
    found = {(c.scope_id, c.theme): c for c in cells}
    every, labels = _themes()
    themes = [t for t in every if any((u.pk, t[0]) in found for u in children)]
    values = {u.pk: {key: shown_cell(found.get((u.pk, key))) for key, _name in themes} for u in children}
    return Heatmap(children, themes, values, labels)


@dataclass
class Responsiveness:
    unit: Unit
    leaders: list[str]
    concerns: int | None
    acknowledged_on_time: float | None  # share of acknowledgment_due, 0..1
    days_to_acknowledge: float | None
    actioned: float | None
    days_to_action: float | None
    # Concerns whose acknowledgment is decided: acknowledged, or unacknowledged past the deadline.
    acknowledgment_due: int | None = None

    @property
    def on_time_hidden(self) -> bool:
        """The unit's concerns are shown but too few are decided to show a share of them: the
        dashboard and the report say "hidden" (none decided, or no concerns, is "–")."""
        return bool(self.concerns) and self.acknowledgment_due is None


def responsiveness(filters: Filters) -> list[Responsiveness]:
    """Per child unit: how fast its leaders acknowledge and act. Published so leaders are
    accountable for responsiveness; burnout itself is never ranked across units."""
    children = list(Unit.objects.get_children(filters.scope).order_by("name")) or [filters.scope]
    cells = {
        c.scope_id: c
        for c in ConcernSummary.objects.filter(
            scope__in=children, period=filters.period, role_group=filters.role_group, theme=ALL
        )
    }
    names: dict[int, list[str]] = {}
    for assignment in LeaderAssignment.objects.filter(unit__in=children).select_related("user"):
        names.setdefault(assignment.unit_id, []).append(str(assignment.user))
    out = []
    for unit in children:
        cell = cells.get(unit.pk)
        if cell is None or cell.hidden or cell.concerns == 0:
            shown = None if cell is not None and cell.hidden else 0
            out.append(Responsiveness(unit, names.get(unit.pk, []), shown, None, None, None, None, shown))
            continue
        # Fewer decided than the minimum group size: the count is hidden like any small count, and so
        # is the share of it ("67%" of 3 told a role group's 2 of 3; officer's probe).
        due = None if 0 < cell.acknowledgment_due < min_group_size() else cell.acknowledgment_due
        out.append(
            Responsiveness(
                unit=unit,
                leaders=names.get(unit.pk, []),
                concerns=cell.concerns,
                # Of the decided only: a concern still within its deadline is not missed yet.
                acknowledged_on_time=cell.acknowledged_on_time / due if due else None,
                days_to_acknowledge=(cell.ack_days / cell.acknowledged) if cell.acknowledged else None,
                actioned=cell.actioned / cell.concerns,
                days_to_action=(cell.action_days / cell.actioned) if cell.actioned else None,
                acknowledgment_due=due,
            )
        )
    return out


def responsiveness_note() -> str:
    """What the responsiveness columns count, under the table and in the PDF: "On time" read
    against nothing a board could see, and "Days to ack." left out the overdue (officer's probe)."""
    from django.conf import settings

    return _(
        "On time: acknowledged within the deadline (%(days)d business days; an urgent concern "
        "%(hours)d hours), of the concerns acknowledged or past their deadline. Days to acknowledge: "
        "from reaching the leaders to the acknowledgment, of those acknowledged. Acted on: linked to a "
        "published action or moved to 'action taken'."
    ) % {"days": settings.UPSTREAM_ACK_BUSINESS_DAYS, "hours": settings.UPSTREAM_URGENT_ACK_HOURS}


def freshness(data: Figures) -> str:
    """When the figures were computed, under the dashboard's heading and the report's title: a report
    printed before the morning's refresh read "no concerns were raised" of a unit whose three had
    come in since."""
    if data.refreshed is None:
        return _("Figures have not been computed yet; they appear after the next refresh.")
    when = date_format(timezone.localtime(data.refreshed.finished_at), _("j M H:i"))
    # Which figures are live: shared concerns and campaigns are counted as the page is drawn, and a
    # leader who shared one saw the count move under a line that said "refreshed daily" (leader walk).
    return _(
        "Concern, responsiveness, survey, co-sign, thanks and peer-support figures as of %(when)s "
        "(refreshed daily); actions, early warnings, shared concerns and campaigns as of now."
    ) % {"when": when}


def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    year = int(period[:4])
    if "-Q" in period:
        quarter = int(period[-1])
        start = dt.date(year, 3 * quarter - 2, 1)
        end = dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)
    else:
        start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    return start, end


@dataclass
class ActionFigures:
    published: int
    completed: int
    in_progress: int
    recent: list[Action] = field(default_factory=list)


def action_figures(filters: Filters) -> ActionFigures:
    """Actions published in the period in the scope's subtree (leaders' work: not anonymous)."""
    start, end = period_bounds(filters.period)
    tz = timezone.get_current_timezone()
    published = Action.objects.filter(
        state=Action.State.PUBLISHED,
        scope__path__startswith=filters.scope.path,
        published_at__gte=dt.datetime.combine(start, dt.time(), tzinfo=tz),
        published_at__lt=dt.datetime.combine(end, dt.time(), tzinfo=tz),
    )
    total = published.count()
    completed = published.filter(progress=100).count()
    recent = list(published.select_related("scope").order_by("-published_at")[:5])
    placed(recent, filters.scope)
    return ActionFigures(total, completed, total - completed, recent)


def placed(actions: list[Action], scope: Unit) -> list[Action]:
    """Gives each action `place`: its unit's name and, below the scope's children, the child it is
    in ("Medicine, Riverbend General"). "Medicine" alone was one of three departments of that name on
    a system report (officer's probe)."""
    step = Unit.steplen
    tops = {a.scope.path[: (scope.depth + 1) * step] for a in actions if a.scope.depth > scope.depth + 1}
    names = dict(Unit.objects.filter(path__in=tops).values_list("path", "name")) if tops else {}
    for action in actions:
        # Only below the child: an action of the hospital itself read "Riverbend General, Riverbend
        # General" whenever another action sat deeper under it (re-walk).
        below = action.scope.depth > scope.depth + 1
        top = names.get(action.scope.path[: (scope.depth + 1) * step]) if below else None
        action.place = f"{action.scope.name}, {top}" if top else action.scope.name  # type: ignore[attr-defined]
    return actions


def open_signals(user: User | None, filters: Filters) -> tuple[list, int]:
    """Open early warnings in the scope, ten at most (for a leader: those they have not noted; with
    no leader, as in the board report, every one, noted or not), and how many were withheld
    because their count would undo a hidden cell (`signal_is_safe`).

    A warning is one rise seen at several levels; when the sharpest level cannot be shown, the
    highest level within the scope that can be stands in for it."""
    from upstream.signals.services import warnings_for, warnings_in

    path = filters.scope.path
    if user is not None:
        warnings = warnings_for(user, limit=SIGNALS_SHOWN, within=path)
    else:
        warnings = warnings_in(path, limit=SIGNALS_SHOWN)
    shown, withheld = [], 0
    for warning in warnings:
        levels = [warning.signal, *(s for s in warning.also if s.scope.path.startswith(path))]
        safe = next((s for s in levels if signal_is_safe(s)), None)
        if safe is None:
            withheld += 1
        else:
            shown.append(safe)
    return shown, withheld


def _any_open_signal(filters: Filters) -> bool:
    from upstream.signals.services import warnings_in

    return bool(warnings_in(filters.scope.path, limit=1))


def _periods_around(first: dt.date, last: dt.date) -> list[list[str]]:
    """Groups of periods whose cells together hold every day from `first` to `last`: the quarters
    it touches, and the years it touches."""
    quarters = sorted({f"{d.year}-Q{(d.month - 1) // 3 + 1}" for d in (first, last)})
    years = sorted({str(first.year), str(last.year)})
    return [quarters, years]


def signal_is_safe(signal) -> bool:  # type: ignore[no-untyped-def]
    """Whether an early warning's count may be shown beside the dashboards' cells.

    Its concerns lie inside the cells of its unit and every unit above, for its theme and for
    every theme, in the quarter and the year that hold its window (all role groups). For each such
    cell, what a reader can work out about it (the cell when shown; when hidden, what each of its
    lines' shown total leaves for the line's hidden cells) less the warning's count must not be a
    small group (privacy.partial). The check covers every scope and period, not only the page's:
    a reader can change the filters."""
    from upstream.insights.summary import lines_of, total_of
    from upstream.privacy.partial import leaves_a_small_group

    chain = [signal.scope, *reversed(signal.scope.ancestors())]  # the unit, then each one above
    parent = {unit.pk: (chain[i + 1].pk if i + 1 < len(chain) else None) for i, unit in enumerate(chain)}
    first = signal.raised_on - dt.timedelta(days=signal.window_days - 1)
    groups = _periods_around(first, signal.raised_on)
    periods = {p for group in groups for p in group}
    periods |= {f"{p[:4]}-Q{q}" for p in periods for q in range(1, 5)}
    near = Q(pk__in=[u.pk for u in chain])
    for unit in chain[1:]:
        near |= Q(path__startswith=unit.path, depth=unit.depth + 1)
    siblings = Unit.objects.filter(near).values_list("pk", "path")
    by_path = {path: pk for pk, path in siblings}
    for pk, path in siblings:
        parent.setdefault(pk, by_path.get(path[: -Unit.steplen]))
    rows = ConcernSummary.objects.filter(scope__in=list(parent), period__in=periods, role_group=ALL)
    cells = {(c.scope_id, c.period, c.theme, c.role_group): c for c in rows}

    def shown(key: tuple) -> int | None:
        return shown_cell(cells.get(key))

    lines: dict[tuple, list[tuple]] = {}
    for key in cells:
        for line in lines_of(key, parent):
            lines.setdefault(line, []).append(key)
    known: list[int] = []
    for unit in chain:
        for theme in (signal.theme.key, ALL):
            for group in groups:
                keys = [(unit.pk, period, theme, ALL) for period in group]
                values = [shown(key) for key in keys]
                if all(v is not None for v in values):
                    known.append(sum(v for v in values if v is not None))
                if len(keys) != 1 or values[0] is not None:
                    continue
                for line in lines_of(keys[0], parent):
                    total = shown(total_of(line))
                    if total is not None:
                        known.append(total - sum(shown(k) or 0 for k in lines.get(line, [])))
    return not leaves_a_small_group(signal.observed, known)


def last_refresh() -> SummaryRefresh | None:
    return SummaryRefresh.objects.order_by("-finished_at").first()


def subtree_choices(user: User, limit: int = 300) -> list[Unit]:
    query = Q(pk__in=[])
    for top in led_units(user):
        query |= Q(path__startswith=top.path, depth__lte=top.depth + 2)
    return list(Unit.objects.filter(query).order_by("path")[:limit])


@dataclass
class Figures:
    filters: Filters
    volume: Volume
    heatmap: Heatmap
    responsiveness: list[Responsiveness]
    actions: ActionFigures
    signals: list
    refreshed: SummaryRefresh | None
    signals_withheld: int = 0  # open warnings not shown: their count would undo a hidden cell
    # None listed, but the scope has open warnings: the leader noted them all. "None open." was false
    # (the board report and other leaders still list them).
    signals_all_noted: bool = False
    surveys: list = field(default_factory=list)  # engagement.SurveyScore
    community: object = None  # engagement.Community


def figures(user: User | None, filters: Filters) -> Figures:
    """Everything a dashboard, its API and the board report show, for one scope and period.

    `user` is the leader whose dashboard it is: the warnings they noted are left out. The board
    report passes None, so that it lists the scope's open warnings whoever downloads it: one
    leader's "noted" is their own, and a board document must not change with it."""
    from upstream.insights.engagement import community, survey_trend

    signals, withheld = open_signals(user, filters)
    all_noted = user is not None and not signals and not withheld and _any_open_signal(filters)
    return Figures(
        filters=filters,
        volume=volume_by_theme(filters),
        heatmap=heatmap(filters),
        responsiveness=responsiveness(filters),
        actions=action_figures(filters),
        signals=signals,
        signals_withheld=withheld,
        signals_all_noted=all_noted,
        refreshed=last_refresh(),
        surveys=survey_trend(filters),
        community=community(filters),
    )
