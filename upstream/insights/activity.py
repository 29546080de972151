"""Build the activity summary (insights.ActivitySummary): survey results, co-signs, recognition and
peer support, each grouped by the database and rolled up the unit tree like the concerns.

Every metric gets its own suppression over the same lattice lines as the concerns (summary.py):
the role groups of one scope, the child units of one parent, the quarters of one year. Anything
else in a row (survey sums and cut-off counts, days to first contact) is linear in the counted
people, so it is protected by the same hidden cells.

- Survey results: one score of one wave, for waves whose results have appeared (closed and last
  answers released); computed once per wave, since a closed wave's answers never change.
- Co-signs: counted where they were given from (their branch unit), by the quarter of their day.
- Recognition: thanks shown in a unit's feed, by quarter. Thanks are named, but counting them
  through the same lattice keeps one rule for every figure.
- Peer support: requests carry no unit (docs/community.md), so they count for the whole system
  only: requests per quarter, and those with a first contact with the days it took.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Case, Count, DurationField, ExpressionWrapper, F, FloatField, Q, Sum, Value, When
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, ExtractQuarter, ExtractYear
from django.utils import timezone

from upstream.insights.models import ALL, ActivitySummary
from upstream.insights.summary import _days, suppress_lattice

Cell = list[float]  # count, extra, total


def _roll(
    rows: Iterable[dict], chain: dict[int, list[int]], *, by_quarter: bool = True
) -> dict[tuple[int, str, str], Cell]:
    """Rows (unit_id, year, quarter or period, role_group, n, extra, total) into (scope, period, role)."""
    cells: dict[tuple[int, str, str], Cell] = defaultdict(lambda: [0, 0, 0.0])
    for row in rows:
        periods = (f"{row['year']}-Q{row['quarter']}", str(row["year"])) if by_quarter else (row["period"],)
        role = row.get("role_group") or ""
        roles = (role, ALL) if role else (ALL,)
        for scope in chain.get(row["unit_id"], ()):
            for period in periods:
                for r in roles:
                    cell = cells[(scope, period, r)]
                    cell[0] += row["n"]
                    cell[1] += row.get("extra") or 0
                    cell[2] += row.get("total") or 0.0
    return cells


def _rows(
    metric: str,
    cells: dict[tuple[int, str, str], Cell],
    parent: dict[int, int | None],
    **fields: object,
) -> list[ActivitySummary]:
    """Suppress one metric's cells over the lattice and make its rows. For survey cells the
    period is the wave, so no quarter line applies (a wave is not part of a year's total)."""
    survey = metric == ActivitySummary.SURVEY

    def key(scope: int, period: str, role: str) -> tuple[int, str, str, str]:
        return (scope, "wave" if survey else period, ALL, role)

    counts = {key(*cell): int(v[0]) for cell, v in cells.items()}
    hidden = suppress_lattice(counts, parent)
    return [
        ActivitySummary(
            metric=metric,
            scope_id=scope,
            period=period,
            role_group=role,
            count=int(v[0]),
            extra=int(v[1]),
            total=round(v[2], 4),
            hidden=key(scope, period, role) in hidden,
            **fields,
        )
        for (scope, period, role), v in cells.items()
    ]


def _quarterly(field: str) -> dict:
    return {"year": ExtractYear(field), "quarter": ExtractQuarter(field)}


def community_rows(chain: dict[int, list[int]], parent: dict[int, int | None]) -> list[ActivitySummary]:
    from upstream.community.models import Cosign, PeerRequest, Recognition
    from upstream.org.models import Unit

    out: list[ActivitySummary] = []
    cosigns = (
        Cosign.objects.filter(branch__isnull=False)
        .annotate(unit_id=F("branch_id"), **_quarterly("day"))
        .values("unit_id", "year", "quarter")
        .annotate(n=Count("pk"))
        .order_by()
    )
    out += _rows(ActivitySummary.COSIGNS, _roll(cosigns, chain), parent)
    thanks = (
        Recognition.objects.annotate(**_quarterly("created_at"))
        .values("unit_id", "year", "quarter")
        .annotate(n=Count("pk"))
        .order_by()
    )
    out += _rows(ActivitySummary.RECOGNITION, _roll(thanks, chain), parent)
    roots = list(Unit.objects.get_root_nodes().values_list("pk", flat=True))
    if len(roots) == 1:  # requests carry no unit: they belong to the one system there is
        days = ExpressionWrapper(F("first_contact_at") - F("created_at"), output_field=DurationField())
        peer = list(
            PeerRequest.objects.annotate(**_quarterly("created_at"))
            .values("year", "quarter")
            .annotate(
                n=Count("pk"),
                contacted=Count("pk", filter=Q(first_contact_at__isnull=False)),
                days=Sum(days, filter=Q(first_contact_at__isnull=False)),
            )
            .order_by()
        )
        root_chain = {roots[0]: [roots[0]]}
        requests = [{**row, "unit_id": roots[0]} for row in peer]
        contacted = [
            {**row, "unit_id": roots[0], "n": row["contacted"], "total": max(0.0, _days(row["days"]))}
            for row in peer
        ]
        out += _rows(ActivitySummary.PEER, _roll(requests, root_chain), parent)
        out += _rows(ActivitySummary.PEER_CONTACTED, _roll(contacted, root_chain), parent)
    return out


def ready_waves(now: dt.datetime) -> list:
    from upstream.surveys.models import Status, Wave
    from upstream.surveys.results import results_ready

    candidates = Wave.objects.filter(status=Status.SCHEDULED, closes_on__lt=timezone.localdate(now))
    return [w for w in candidates.prefetch_related("instruments") if results_ready(w, now)]


def survey_rows(
    waves: list, chain: dict[int, list[int]], parent: dict[int, int | None]
) -> list[ActivitySummary]:
    """One score of one wave per (scope, role): people scored, their sum, how many crossed the
    cut-off. Grouped by the database (the scores live in a JSON column)."""
    from upstream.insights.summary import quarter_label
    from upstream.surveys.models import Response

    out: list[ActivitySummary] = []
    for wave in waves:
        period = quarter_label(wave.closes_on)
        for instrument in wave.instruments.all():
            for score in instrument.spec.scores:
                key = f"scores__{instrument.key}__{score.key}"
                # A score too few items were answered for is stored as JSON null. Some SQLite builds
                # read that null as the text 'null' (cast to 0.0), which counted every skipper as
                # scoring 0: the null is matched as JSON first, so it is never a value.
                value = Case(
                    When(Q(**{key: None}), then=Value(None)),
                    default=Cast(KT(key), FloatField()),
                    output_field=FloatField(),
                )
                measures: dict = {"n": Count("pk", filter=Q(value__isnull=False)), "total": Sum("value")}
                if score.cutoff is not None:
                    lookup = "gte" if score.cutoff.operator == ">=" else "lte"
                    measures["extra"] = Count("pk", filter=Q(**{f"value__{lookup}": score.cutoff.value}))
                rows = (
                    Response.objects.filter(wave=wave)
                    .annotate(value=value)
                    .values("unit_id", "role_group")
                    .annotate(**measures)
                    .order_by()
                )
                grouped = [{**row, "period": period} for row in rows if row["n"]]
                cells = _roll(grouped, chain, by_quarter=False)
                out += _rows(
                    ActivitySummary.SURVEY,
                    cells,
                    parent,
                    wave_id=wave.pk,
                    instrument=instrument.key,
                    score=score.key,
                )
    return out


def rebuild_activity(now: dt.datetime, chain: dict[int, list[int]], parent: dict[int, int | None]) -> int:
    """Replace every activity row (community counts are cheap; survey waves are computed once:
    waves already in the table are kept, newly ready ones added). Call inside a transaction."""
    from upstream.surveys.models import Status, Wave

    ActivitySummary.objects.exclude(metric=ActivitySummary.SURVEY).delete()
    rows = community_rows(chain, parent)
    done = set(
        ActivitySummary.objects.filter(metric=ActivitySummary.SURVEY).values_list("wave_id", flat=True)
    )
    # A wave cancelled or deleted after its results appeared leaves the table with it.
    ActivitySummary.objects.filter(metric=ActivitySummary.SURVEY).exclude(
        wave__in=Wave.objects.filter(pk__in=done, status=Status.SCHEDULED)
    ).delete()
    rows += survey_rows([w for w in ready_waves(now) if w.pk not in done], chain, parent)
    ActivitySummary.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def rebuild_all_activity(now: dt.datetime, chain: dict[int, list[int]], parent: dict[int, int | None]) -> int:
    """A full rebuild for repair: every survey wave recomputed too."""
    ActivitySummary.objects.all().delete()
    return rebuild_activity(now, chain, parent)
