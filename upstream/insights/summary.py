"""Rebuild the dashboards' summary table from the concerns, with suppression decided for all of it.

One aggregate query groups released, unmerged concerns by (unit, main theme, quarter, role group);
Python rolls the groups up the unit tree, into years, "every theme" and "every role", then runs
complementary suppression over every line of the lattice until nothing changes:

- the themes of one (scope, period, role),
- the role groups of one (scope, period, theme),
- the child units of one parent (period, theme, role),
- the quarters of one year (scope, theme, role).

In each line a cell below the minimum group size is hidden, and a line never has exactly one
hidden cell: the smallest visible one is hidden with it (privacy.suppress). A page that shows any
mix of these cells (a heatmap of siblings, a series over quarters, one role, a year) therefore
cannot recover a hidden cell by subtraction. Idempotent; runs in one transaction.

Incremental refresh (`refresh_changed`, what the scheduled task runs): the quarters touched since
the last refresh are aggregated again, for every unit in them (a day's changes touch a few
quarters of twenty; a quarter aggregated whole stays exact). A quarter is touched when a concern
was released into it since the last refresh's watermark, or when a concern of it changed
afterwards (changes.py marks its unit and day in `DirtyDay`: acknowledgment, status, action,
merge, move, new themes, deletion), or when an unacknowledged concern of it passed its
acknowledgment deadline since then (it now counts as decided, without any change of its own).
Year cells are the exact sums of their quarters (durations are summed in integer microseconds),
and no lattice line crosses a year, so suppression is decided again for the touched years only,
in a fixed order: the result is the very table a full rebuild gives (tested). Only rows whose
figures or hidden flag changed are written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import logging
import time
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils import timezone

from upstream.concerns.models import Concern, Event, Status
from upstream.insights.models import ALL, UNCLEAR, ConcernSummary, DirtyDay, SummaryRefresh
from upstream.org.models import Unit
from upstream.privacy.groups import min_group_size

logger = logging.getLogger(__name__)
COUNT, ACK, ON_TIME, ACK_MICROS, ACTED, ACT_MICROS, DUE = range(7)
DAY_MICROS = 86_400_000_000
# A release committed just after a refresh may carry a release time just before its watermark.
WATERMARK_OVERLAP = dt.timedelta(days=1)

Key = tuple[int, str, str, str]  # scope id, period, theme, role group


def quarter_label(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarter_range(label: str) -> tuple[dt.date, dt.date]:
    year, quarter = int(label[:4]), int(label[-1])
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)
    return start, end


def _micros(value: dt.timedelta | float | int | None) -> int:
    """A summed duration as whole microseconds (PostgreSQL gives a timedelta, SQLite a number)."""
    if value is None:
        return 0
    if isinstance(value, dt.timedelta):
        return value // dt.timedelta(microseconds=1)
    return int(value)


def _days(value: dt.timedelta | float | int | None) -> float:
    return _micros(value) / DAY_MICROS


def aggregate_rows(now: dt.datetime, quarters: Iterable[str] | None = None) -> Iterable[dict]:
    """(unit, main theme, year, quarter, role) groups with the measures, straight from the database;
    only the given quarters when asked."""
    from upstream.themes.models import ConcernTheme

    main_theme = ConcernTheme.objects.filter(concern=OuterRef("pk"), primary=True).values("theme__key")[:1]
    first_action = (
        Event.objects.filter(concern=OuterRef("pk"))
        .filter(Q(kind=Event.Kind.ACTION_LINKED) | Q(kind=Event.Kind.STATUS, to_status=Status.ACTION_TAKEN))
        .order_by("at")
        .values("at")[:1]
    )
    today = timezone.localdate(now)
    concerns = Concern.objects.filter(merged_into=None, visible_from__lte=now)
    if quarters is not None:
        within = Q(pk__in=[])
        for label in quarters:
            start, end = quarter_range(label)
            within |= Q(received_on__gte=start, received_on__lt=end)
        concerns = concerns.filter(within)
    return (
        concerns.annotate(
            theme_key=Subquery(main_theme),
            acted_at=Subquery(first_action),
            year=ExtractYear("received_on"),
            quarter=ExtractQuarter("received_on"),
        )
        .values("unit_id", "theme_key", "year", "quarter", "role_group")
        .annotate(
            n=Count("pk"),
            ack=Count("pk", filter=Q(acknowledged_at__isnull=False)),
            on_time=Count("pk", filter=Q(acknowledged_at__date__lte=F("ack_due_on"))),
            # Decided: acknowledged, or the deadline day is over. One still within its deadline is
            # neither on time nor missed yet (changed_quarters touches its quarter when it passes).
            due=Count("pk", filter=Q(acknowledged_at__isnull=False) | Q(ack_due_on__lt=today)),
            ack_days=Sum(
                ExpressionWrapper(F("acknowledged_at") - F("visible_from"), output_field=DurationField())
            ),
            acted=Count("pk", filter=Q(acted_at__isnull=False)),
            act_days=Sum(ExpressionWrapper(F("acted_at") - F("visible_from"), output_field=DurationField())),
        )
        .order_by()
        .iterator(chunk_size=5000)
    )


def build_cells(rows: Iterable[dict], chain: dict[int, list[int]]) -> dict[Key, list[int]]:
    """Roll database groups up into every quarter cell of the lattice they belong to (years: add_years)."""
    cells: dict[Key, list[int]] = defaultdict(lambda: [0] * len(FIELDS))
    for row in rows:
        values = (
            row["n"],
            row["ack"],
            row["on_time"],
            max(0, _micros(row["ack_days"])),
            row["acted"],
            max(0, _micros(row["act_days"])),
            row["due"],
        )
        period = f"{row['year']}-Q{row['quarter']}"
        themes = (row["theme_key"] or UNCLEAR, ALL)
        roles = (row["role_group"], ALL) if row["role_group"] else (ALL,)
        for scope in chain.get(row["unit_id"], ()):
            for theme in themes:
                for role in roles:
                    cell = cells[(scope, period, theme, role)]
                    for i, value in enumerate(values):
                        cell[i] += value
    return cells


def add_years(cells: dict[Key, list[int]]) -> None:
    """Each year cell is the exact sum of its quarter cells (integers, so in any order)."""
    years: dict[Key, list[int]] = defaultdict(lambda: [0] * len(FIELDS))
    for (scope, period, theme, role), values in cells.items():
        if "-Q" in period:
            year = years[(scope, period[:4], theme, role)]
            for i, value in enumerate(values):
                year[i] += value
    cells.update(years)


def lines_of(key: Key, parent: dict[int, int | None]) -> list[tuple]:
    scope, period, theme, role = key
    lines: list[tuple] = []
    if theme != ALL:
        lines.append(("theme", scope, period, role))
    if role != ALL:
        lines.append(("role", scope, period, theme))
    if parent.get(scope) is not None:
        lines.append(("siblings", parent[scope], period, theme, role))
    if "-Q" in period:
        lines.append(("quarters", scope, period[:4], theme, role))
    return lines


def total_of(line: tuple) -> Key:
    """The cell a line adds up to: every theme, every role, the parent, or the year."""
    kind = line[0]
    if kind == "theme":
        return (line[1], line[2], ALL, line[3])
    if kind == "role":
        return (line[1], line[2], line[3], ALL)
    return (line[1], line[2], line[3], line[4])  # siblings: the parent's cell; quarters: the year's


def suppress_lattice(
    counts: dict[Key, int], parent: dict[int, int | None], minimum: int | None = None
) -> set[Key]:
    """The cells to hide: small ones, then complements until no line beside a visible total has
    exactly one hidden cell, or hidden cells adding up to fewer than the minimum (the total less the
    shown cells gives their sum: 1 and 2 hidden beside 9 shown under 12 say "3 between these two
    units"). A hidden total beside shown parts is their sum, so one of the parts is hidden with it.

    The complement is the smallest visible non-zero cell of the line, except that a year's latest
    quarter goes last: it is the one leaders read (the dashboards open on this quarter), and hiding
    an earlier quarter protects as well. When no cell is left (the others are zero), the line's
    total is hidden instead.

    Lines are taken in sorted order (a heap), so the result does not depend on the order of the
    cells given, and a part of the lattice no line leaves (one year) gives the same hidden cells
    alone as within the whole."""
    limit = min_group_size() if minimum is None else minimum
    lines: dict[tuple, list[Key]] = defaultdict(list)
    for key in counts:
        for line in lines_of(key, parent):
            lines[line].append(key)
    summed_by: dict[Key, list[tuple]] = defaultdict(list)  # the lines a cell is the total of
    for line in lines:
        summed_by[total_of(line)].append(line)
    hidden = {key for key, value in counts.items() if 0 < value < limit}
    heap = list(lines)
    heapq.heapify(heap)
    pending = set(heap)
    while heap:
        line = heapq.heappop(heap)
        pending.discard(line)
        members = lines[line]
        total = total_of(line)
        held = [counts[key] for key in members if key in hidden and counts[key] > 0]
        if total in hidden:
            # Nothing to subtract from, but a hidden total is the sum of its parts when all of
            # them are shown: one of them must be hidden too.
            if held or counts.get(total, 0) == 0:
                continue
        elif not held or (len(held) > 1 and sum(held) >= limit):
            continue
        latest = max(key[1] for key in members) if line[0] == "quarters" else None
        visible = [
            (key[1] == latest, counts[key], key) for key in members if key not in hidden and counts[key] > 0
        ]
        if visible:
            complement = min(visible)[2]
        else:
            complement = total_of(line)
            if complement in hidden or complement not in counts:
                continue
        hidden.add(complement)
        for again in [*lines_of(complement, parent), *summed_by.get(complement, ())]:
            if again in lines and again not in pending:
                pending.add(again)
                heapq.heappush(heap, again)
    return hidden


def tree() -> tuple[dict[int, list[int]], dict[int, int | None]]:
    """Each unit's chain (itself and every ancestor) and each unit's parent."""
    units = list(Unit.objects.values_list("pk", "path"))
    by_path = {path: pk for pk, path in units}
    step = Unit.steplen
    parent = {pk: by_path.get(path[:-step]) for pk, path in units}
    chain = {
        pk: [by_path[path[:end]] for end in range(len(path), 0, -step) if path[:end] in by_path]
        for pk, path in units
    }
    return chain, parent


def tree_digest(parent: dict[int, int | None]) -> str:
    """Changes when units are added, removed or moved: the lattice's lines change with them."""
    text = ",".join(f"{pk}:{parent[pk]}" for pk in sorted(parent))
    return hashlib.sha256(text.encode()).hexdigest()


FIELDS = (
    "concerns",
    "acknowledged",
    "acknowledged_on_time",
    "ack_micros",
    "actioned",
    "action_micros",
    "acknowledgment_due",
)


def _fields(values: list[int], hidden: bool) -> dict:
    return {
        **dict(zip(FIELDS, (int(v) for v in values), strict=True)),
        "ack_days": round(values[ACK_MICROS] / DAY_MICROS, 3),
        "action_days": round(values[ACT_MICROS] / DAY_MICROS, 3),
        "hidden": hidden,
    }


def _row(key: Key, values: list[int], hidden: bool) -> ConcernSummary:
    scope, period, theme, role = key
    return ConcernSummary(
        scope_id=scope, period=period, theme=theme, role_group=role, **_fields(values, hidden)
    )


def _finish(now: dt.datetime, started: float, cells: int, digest: str, *, full: bool) -> None:
    from upstream.insights.activity import rebuild_activity, rebuild_all_activity

    chain, parent = tree()
    (rebuild_all_activity if full else rebuild_activity)(now, chain, parent)
    seconds = time.perf_counter() - started
    SummaryRefresh.objects.create(
        finished_at=timezone.now(),
        cells=cells,
        seconds=round(seconds, 2),
        watermark=now,
        full=full,
        tree=digest,
    )


def _serialise() -> None:
    """Two refreshes (a duplicate enqueue) run one after the other: the second waits on the latest
    refresh row's lock (PostgreSQL; SQLite serialises writers anyway)."""
    list(SummaryRefresh.objects.select_for_update().order_by("-finished_at")[:1])


def refresh_summaries(now: dt.datetime | None = None) -> int:
    """Rebuild every summary cell (the repair command; the first refresh). Idempotent: the same
    concerns give the same table."""
    started = time.perf_counter()
    now = now or timezone.now()
    chain, parent = tree()
    with transaction.atomic():
        _serialise()
        # Taken first: a change made while the rebuild runs is marked again and seen next time.
        DirtyDay.objects.all().delete()
        cells = build_cells(aggregate_rows(now), chain)
        add_years(cells)
        hidden = suppress_lattice({key: int(values[COUNT]) for key, values in cells.items()}, parent)
        ConcernSummary.objects.all().delete()
        ConcernSummary.objects.bulk_create(
            (_row(key, values, key in hidden) for key, values in cells.items()), batch_size=5000
        )
        _finish(now, started, len(cells), tree_digest(parent), full=True)
    logger.info("insights: %d summary cells (%d hidden), full rebuild", len(cells), len(hidden))
    return len(cells)


def changed_quarters(since: dt.datetime, now: dt.datetime) -> tuple[set[str], list[int]]:
    """Quarters with a release since the watermark, a marked change, or an acknowledgment deadline
    passed unmet since then (its concern did not change, but it now counts as decided), and the
    marks read."""
    marks = list(DirtyDay.objects.values_list("pk", "day"))
    days = {day for _pk, day in marks}
    released = Concern.objects.filter(visible_from__gt=since - WATERMARK_OVERLAP, visible_from__lte=now)
    days.update(released.values_list("received_on", flat=True).distinct().order_by())
    # A few days of deadlines among every concern: a plain scan once a day (no index of its own).
    lapsed = Concern.objects.filter(
        acknowledged_at__isnull=True,
        ack_due_on__gte=timezone.localdate(since) - WATERMARK_OVERLAP,
        ack_due_on__lt=timezone.localdate(now),
    )
    days.update(lapsed.values_list("received_on", flat=True).distinct().order_by())
    return {quarter_label(day) for day in days}, [pk for pk, _day in marks]


def refresh_changed(now: dt.datetime | None = None) -> int:
    """Refresh only the quarters touched since the last refresh (and their years' suppression);
    a full rebuild when there was none or the unit tree changed. Idempotent: it gives the table a
    full rebuild gives. Returns the number of rows written."""
    started = time.perf_counter()
    now = now or timezone.now()
    chain, parent = tree()
    digest = tree_digest(parent)
    last = SummaryRefresh.objects.filter(watermark__isnull=False).order_by("-finished_at").first()
    if last is None or last.tree != digest:
        return refresh_summaries(now)
    with transaction.atomic():
        _serialise()
        # Read again under the lock: a refresh that ran meanwhile moved the watermark.
        last = SummaryRefresh.objects.filter(watermark__isnull=False).order_by("-finished_at").first()
        if last is None:
            return refresh_summaries(now)
        quarters, marks = changed_quarters(last.watermark, now)
        written = _refresh_quarters(sorted(quarters), now, chain, parent) if quarters else 0
        DirtyDay.objects.filter(pk__in=marks).delete()
        _finish(now, started, written, digest, full=False)
    if quarters:
        logger.info("insights: quarters %s refreshed, %d rows written", ",".join(sorted(quarters)), written)
    else:
        logger.info("insights: nothing changed since the last refresh")
    return written


def _refresh_quarters(
    quarters: list[str], now: dt.datetime, chain: dict[int, list[int]], parent: dict[int, int | None]
) -> int:
    years = sorted({q[:4] for q in quarters})
    periods = [p for y in years for p in (y, f"{y}-Q1", f"{y}-Q2", f"{y}-Q3", f"{y}-Q4")]
    names = [*FIELDS, "ack_days", "action_days", "hidden"]
    # Plain tuples, not model instances: a year of a large system is a few hundred thousand rows.
    stored: dict[Key, tuple[int, tuple]] = {
        (row[1], row[2], row[3], row[4]): (row[0], tuple(row[5:]))
        for row in ConcernSummary.objects.filter(period__in=periods)
        .values_list("pk", "scope_id", "period", "theme", "role_group", *names)
        .iterator(chunk_size=10000)
    }
    cells: dict[Key, list[int]] = {
        key: list(values[: len(FIELDS)])
        for key, (_pk, values) in stored.items()
        if "-Q" in key[1] and key[1] not in quarters
    }
    cells.update(build_cells(aggregate_rows(now, quarters), chain))
    add_years(cells)
    hidden = suppress_lattice({key: int(values[COUNT]) for key, values in cells.items()}, parent)
    create = []
    for key, values in cells.items():
        fields = _fields(values, key in hidden)
        row = stored.get(key)
        if row is not None and row[1] == tuple(fields[name] for name in names):
            del stored[key]  # unchanged: kept as it is
            continue
        create.append(_row(key, values, key in hidden))
    # Rows gone or changed are deleted, changed and new ones inserted (cheaper than UPDATE ... CASE).
    stale = [pk for pk, _values in stored.values()]
    for start in range(0, len(stale), 5000):
        ConcernSummary.objects.filter(pk__in=stale[start : start + 5000]).delete()
    ConcernSummary.objects.bulk_create(create, batch_size=5000)
    return len(create) + len(set(stored) - set(cells))  # changed or new, and gone
