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
"""

from __future__ import annotations

import datetime as dt
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
from upstream.insights.models import ALL, UNCLEAR, ConcernSummary, SummaryRefresh
from upstream.org.models import Unit
from upstream.privacy.groups import min_group_size

logger = logging.getLogger(__name__)
COUNT, ACK, ON_TIME, ACK_DAYS, ACTED, ACT_DAYS = range(6)
MEASURES = ("concerns", "acknowledged", "acknowledged_on_time", "ack_days", "actioned", "action_days")

Key = tuple[int, str, str, str]  # scope id, period, theme, role group


def quarter_label(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _days(value: dt.timedelta | float | int | None) -> float:
    if value is None:
        return 0.0
    if isinstance(value, dt.timedelta):
        return value.total_seconds() / 86400
    return float(value) / 86_400_000_000  # SQLite returns microseconds


def aggregate_rows(now: dt.datetime) -> Iterable[dict]:
    """(unit, main theme, year, quarter, role) groups with the measures, straight from the database."""
    from upstream.themes.models import ConcernTheme

    main_theme = ConcernTheme.objects.filter(concern=OuterRef("pk"), primary=True).values("theme__key")[:1]
    first_action = (
        Event.objects.filter(concern=OuterRef("pk"))
        .filter(Q(kind=Event.Kind.ACTION_LINKED) | Q(kind=Event.Kind.STATUS, to_status=Status.ACTION_TAKEN))
        .order_by("at")
        .values("at")[:1]
    )
    return (
        Concern.objects.filter(merged_into=None, visible_from__lte=now)
        .annotate(
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
            ack_days=Sum(
                ExpressionWrapper(F("acknowledged_at") - F("visible_from"), output_field=DurationField())
            ),
            acted=Count("pk", filter=Q(acted_at__isnull=False)),
            act_days=Sum(ExpressionWrapper(F("acted_at") - F("visible_from"), output_field=DurationField())),
        )
        .order_by()
        .iterator(chunk_size=5000)
    )


def build_cells(rows: Iterable[dict], chain: dict[int, list[int]]) -> dict[Key, list[float]]:
    """Roll database groups up into every cell of the lattice they belong to."""
    cells: dict[Key, list[float]] = defaultdict(lambda: [0, 0, 0, 0.0, 0, 0.0])
    for row in rows:
        values = (
            row["n"],
            row["ack"],
            row["on_time"],
            max(0.0, _days(row["ack_days"])),
            row["acted"],
            max(0.0, _days(row["act_days"])),
        )
        periods = (f"{row['year']}-Q{row['quarter']}", str(row["year"]))
        themes = (row["theme_key"] or UNCLEAR, ALL)
        roles = (row["role_group"], ALL) if row["role_group"] else (ALL,)
        for scope in chain.get(row["unit_id"], ()):
            for period in periods:
                for theme in themes:
                    for role in roles:
                        cell = cells[(scope, period, theme, role)]
                        for i, value in enumerate(values):
                            cell[i] += value
    return cells


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
    """The cells to hide: small ones, then complements until no line has exactly one hidden cell
    beside a visible total. The complement is the smallest visible non-zero cell of the line; when
    there is none (the others are zero), the line's total is hidden instead."""
    limit = min_group_size() if minimum is None else minimum
    lines: dict[tuple, list[Key]] = defaultdict(list)
    for key in counts:
        for line in lines_of(key, parent):
            lines[line].append(key)
    hidden = {key for key, value in counts.items() if 0 < value < limit}
    pending = set(lines)
    while pending:
        line = pending.pop()
        members = lines[line]
        if total_of(line) in hidden:
            continue  # nothing to subtract from
        if sum(1 for key in members if key in hidden and counts[key] > 0) != 1:
            continue
        visible = [(counts[key], key) for key in members if key not in hidden and counts[key] > 0]
        if visible:
            complement = min(visible)[1]
        else:
            complement = total_of(line)
            if complement in hidden or complement not in counts:
                continue
        hidden.add(complement)
        pending.update(lines_of(complement, parent))
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


def refresh_summaries(now: dt.datetime | None = None) -> int:
    """Rebuild every summary cell. Idempotent: the same concerns give the same table."""
    started = time.perf_counter()
    now = now or timezone.now()
    chain, parent = tree()
    cells = build_cells(aggregate_rows(now), chain)
    hidden = suppress_lattice({key: int(values[COUNT]) for key, values in cells.items()}, parent)
    with transaction.atomic():
        ConcernSummary.objects.all().delete()
        ConcernSummary.objects.bulk_create(
            (
                ConcernSummary(
                    scope_id=scope,
                    period=period,
                    theme=theme,
                    role_group=role,
                    concerns=int(v[COUNT]),
                    acknowledged=int(v[ACK]),
                    acknowledged_on_time=int(v[ON_TIME]),
                    ack_days=round(v[ACK_DAYS], 3),
                    actioned=int(v[ACTED]),
                    action_days=round(v[ACT_DAYS], 3),
                    hidden=(scope, period, theme, role) in hidden,
                )
                for (scope, period, theme, role), v in cells.items()
            ),
            batch_size=5000,
        )
        seconds = time.perf_counter() - started
        SummaryRefresh.objects.create(finished_at=timezone.now(), cells=len(cells), seconds=round(seconds, 2))
    logger.info("insights: %d summary cells (%d hidden) in %.1f s", len(cells), len(hidden), seconds)
    return len(cells)
