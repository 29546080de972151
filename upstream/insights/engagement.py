"""What the dashboards show beside the concerns: survey results and trends, co-signs and campaigns,
peer support, recognition. Counts are read from insights.ActivitySummary, whose suppression was
decided at refresh (activity.py); sums and shares are shown only where their count is.

Burnout scores are never ranked across units: a dashboard shows its own scope's survey trend only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Min, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from upstream.insights.dashboard import Filters, period_bounds, quarters_ending, quarters_from
from upstream.insights.models import ALL, ActivitySummary
from upstream.surveys.results import share_shown

A = ActivitySummary


@dataclass
class SurveyScore:
    wave_id: int
    wave: str
    closed_on: dt.date
    instrument: str
    score: str
    label: str
    higher_is: str
    cutoff_label: str
    people: int | None  # None: hidden
    mean: float | None
    share_above_cutoff: float | None
    minimum: float = 0.0  # the score's range, so scores on different scales share one chart
    maximum: float = 1.0
    # "en" where the instrument has no translation into the page's language, as on the results page:
    # a screen reader then reads the licensed English label in English.
    lang: str = ""


def survey_trend(filters: Filters) -> list[SurveyScore]:
    """Each score of each wave whose results have appeared and that closed in the eight quarters up
    to the chosen period, for the scope (and role group), oldest first."""
    cells = (
        A.objects.filter(
            metric=A.SURVEY,
            scope=filters.scope,
            role_group=filters.role_group,
            period__in=quarters_ending(filters.period),
        )
        .select_related("wave")
        .prefetch_related("wave__instruments")  # one query for every wave's instruments
        .order_by("wave__closes_on", "wave_id", "instrument", "score")
    )
    specs: dict[int, dict[tuple[str, str], tuple[object, str]]] = {}
    language = get_language()  # score names in the reader's language where translated (the PDF too)
    out = []
    for cell in cells:
        if cell.wave_id not in specs:
            specs[cell.wave_id] = {
                (i.key, s.key): (s, i.spec.lang_in(language))
                for i in cell.wave.instruments.all()
                for s in i.spec.in_language(language).scores
            }
        spec, lang = specs[cell.wave_id].get((cell.instrument, cell.score), (None, ""))
        if spec is None:
            continue
        shown = not cell.hidden and cell.count > 0
        cutoff = getattr(spec, "cutoff", None)
        out.append(
            SurveyScore(
                wave_id=cell.wave_id,
                wave=cell.wave.title,
                closed_on=cell.wave.closes_on,
                instrument=cell.instrument,
                score=cell.score,
                label=spec.label,  # type: ignore[attr-defined]
                higher_is=spec.higher_is,  # type: ignore[attr-defined]
                cutoff_label=cutoff.label if cutoff else "",
                people=None if cell.hidden else cell.count,
                mean=cell.total / cell.count if shown else None,
                # Only for a group of at least the comment threshold (surveys.results.share_shown):
                # 0% or 100% of five people says how each of them answered.
                share_above_cutoff=cell.extra / cell.count
                if shown and cutoff and share_shown(cell.count)
                else None,
                minimum=spec.minimum,  # type: ignore[attr-defined]
                maximum=spec.maximum,  # type: ignore[attr-defined]
                lang=lang,
            )
        )
    return out


@dataclass
class Community:
    quarters: list[str]
    # The first quarter with any co-sign, thanks or peer request, when `quarters` starts there
    # instead of eight quarters back; "" otherwise.
    starts_in: str
    cosigns: list[int | None]
    recognition: list[int | None]
    peer_shown: bool  # peer requests carry no unit: only the whole system's dashboard has them
    peer_requests: list[int | None]
    peer_contacted: list[int | None]
    days_to_first_contact: list[float | None]
    # Per quarter: True where the mean is hidden (its contacted count is), not merely absent: the
    # dashboard read "–" for both, which said nobody had been contacted (an officer's walk).
    days_to_first_contact_hidden: list[bool]
    shared_published: int
    campaigns_open: int
    campaigns_started: int
    campaign_members: int
    asks_sent: int
    asks_acknowledged_on_time: int
    asks_answered: int

    @property
    def days_to_first_contact_pairs(self) -> list[tuple[float | None, bool]]:
        """(mean days, hidden) per quarter, for the dashboard's row."""
        return list(zip(self.days_to_first_contact, self.days_to_first_contact_hidden, strict=True))

    def rows(self) -> list[dict]:
        out = [
            {"key": "cosigns", "values": self.cosigns},
            {"key": "recognition", "values": self.recognition},
        ]
        if self.peer_shown:
            out += [
                {"key": "peer_requests", "values": self.peer_requests},
                {"key": "peer_contacted", "values": self.peer_contacted},
            ]
        return out


def _series(metric: str, filters: Filters, periods: list[str]) -> dict[str, A]:
    # Co-signs, thanks and peer requests are not recorded by role group: always "everyone".
    cells = A.objects.filter(metric=metric, scope=filters.scope, role_group=ALL, period__in=periods)
    return {c.period: c for c in cells}


def _counts(found: dict[str, A], periods: list[str]) -> list[int | None]:
    return [None if (c := found.get(p)) is not None and c.hidden else (c.count if c else 0) for p in periods]


def first_activity_quarter(scope, metrics: list[str]) -> str | None:
    """The first quarter with any of these counts for the scope.

    A row exists only for a count above zero, and each is shown or marked hidden, so where the rows
    start tells nothing the series does not already show (as dashboard.first_quarter)."""
    rows = A.objects.filter(scope=scope, metric__in=metrics, role_group=ALL, period__contains="-Q")
    return rows.aggregate(first=Min("period"))["first"]


def community_quarters(filters: Filters, metrics: list[str]) -> tuple[list[str], str]:
    """The quarters the community series show, and where they start when that cut some.

    A system that began co-signing this year read two years of zeros before it as two quiet years
    (as the concern series did): quarters before the first activity are left out."""
    return quarters_from(filters.period, first_activity_quarter(filters.scope, metrics))


def community_start_note(filters: Filters, found: Community) -> str:
    """The sentence saying why the community series start late, or "" when they do not."""
    if not found.starts_in:
        return ""
    return _(
        "The first co-sign, thanks or peer-support request in %(unit)s was recorded in %(quarter)s: "
        "the quarters before it are not shown."
    ) % {"unit": filters.scope.name, "quarter": found.starts_in}


def community(filters: Filters) -> Community:
    from upstream.community.models import Campaign, FormalAsk, SharedConcern

    peer_shown = filters.scope.is_root()
    metrics = [A.COSIGNS, A.RECOGNITION] + ([A.PEER] if peer_shown else [])
    periods, starts_in = community_quarters(filters, metrics)
    contacted = _series(A.PEER_CONTACTED, filters, periods) if peer_shown else {}
    days = [
        (c.total / c.count) if (c := contacted.get(p)) is not None and not c.hidden and c.count else None
        for p in periods
    ]
    days_hidden = [(c := contacted.get(p)) is not None and c.hidden for p in periods]
    start, end = period_bounds(filters.period)
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time(), tzinfo=tz)
    until = dt.datetime.combine(end, dt.time(), tzinfo=tz)
    in_scope = Q(scope__path__startswith=filters.scope.path)
    # Campaigns are public by design (members join under their own names): plain counts.
    campaigns = Campaign.objects.filter(in_scope).aggregate(
        open=Count("pk", filter=Q(status=Campaign.Status.OPEN), distinct=True),
        started=Count("pk", filter=Q(created_at__gte=since, created_at__lt=until), distinct=True),
        members=Count("members", filter=Q(status=Campaign.Status.OPEN)),
    )
    asks = FormalAsk.objects.filter(
        campaign__scope__path__startswith=filters.scope.path, sent_at__gte=since, sent_at__lt=until
    ).aggregate(
        sent=Count("pk"),
        on_time=Count("pk", filter=Q(acknowledged_at__date__lte=F("ack_due_on"))),
        answered=Count("pk", filter=Q(answered_at__isnull=False)),
    )
    shared = SharedConcern.objects.filter(in_scope, status=SharedConcern.Status.PUBLISHED)
    return Community(
        quarters=periods,
        starts_in=starts_in,
        cosigns=_counts(_series(A.COSIGNS, filters, periods), periods),
        recognition=_counts(_series(A.RECOGNITION, filters, periods), periods),
        peer_shown=peer_shown,
        peer_requests=_counts(_series(A.PEER, filters, periods), periods) if peer_shown else [],
        peer_contacted=_counts(contacted, periods) if peer_shown else [],
        days_to_first_contact=days if peer_shown else [],
        days_to_first_contact_hidden=days_hidden if peer_shown else [],
        shared_published=shared.count(),
        campaigns_open=campaigns["open"],
        campaigns_started=campaigns["started"],
        campaign_members=campaigns["members"],
        asks_sent=asks["sent"],
        asks_acknowledged_on_time=asks["on_time"],
        asks_answered=asks["answered"],
    )
