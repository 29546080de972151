"""The dashboards' figures as JSON: the same service functions, the same suppression (null = hidden)."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext, gettext_lazy
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from upstream.api.auth import signed_in
from upstream.api.schemas import Error, RoleGroupName, RowId
from upstream.insights.dashboard import (
    BadFilter,
    ScopeNotFound,
    figures,
    hidden_means,
    resolve_filters,
    signals_note,
    signals_withheld_sentence,
)
from upstream.insights.moves import Move, period_before, theme_moves, top_moves
from upstream.insights.nam import FACTORS, Factor, factor_actions, nam_view
from upstream.lib.patterns import described

router = Router(tags=["insights"], auth=signed_in)
HIDDEN = "null means hidden: too few, or it would reveal a smaller group."


class ThemeSeries(Schema):
    theme: str
    name: str
    values: list[int | None] = Field(description=HIDDEN)


class HeatRow(Schema):
    unit_id: int
    unit: str
    values: list[int | None] = Field(description=HIDDEN)


class HeatBin(Schema):
    key: str = Field(description='"none", "hidden", or "lowest-highest".')
    label: str = Field(description="The words the chart's legend and the page use.")
    lowest: int | None = Field(description="Null for hidden: the count is not shown.")
    highest: int | None


class ResponsivenessRow(Schema):
    unit_id: int
    unit: str
    leaders: list[str]
    concerns: int | None = Field(description=HIDDEN)
    acknowledged_on_time: float | None = Field(
        description="Share 0..1 of `acknowledgment_due` (concerns still within their deadline are not "
        "counted); null when hidden or none is due."
    )
    days_to_acknowledge: float | None
    actioned: float | None
    days_to_action: float | None
    acknowledgment_due: int | None = Field(
        description="Concerns whose acknowledgment is decided as of the figures' refresh: acknowledged "
        "(on time or late), or unacknowledged past the deadline; " + HIDDEN
    )


class SignalOut(Schema):
    id: int
    scope: str
    theme: str
    raised_on: str
    message: str = Field(
        description="The English sentence stored when the rise was found ('in the last 14 days')."
    )
    sentence: str = Field(
        description="The warning as the pages word it, in the request's language, its window named by its "
        "last day ('in the 14 days to 3 Dec'): show this one."
    )


class SurveyScoreOut(Schema):
    wave_id: int
    wave: str
    closed_on: str
    instrument: str
    score: str
    label: str
    higher_is: str
    people: int | None = Field(description=HIDDEN)
    mean: float | None = Field(description="Null when hidden.")
    share_above_cutoff: float | None = Field(
        description="Share 0..1; null when hidden, with no cut-off, or for fewer people than the comment "
        "threshold (UPSTREAM_MIN_COMMENT_GROUP_SIZE)."
    )
    minimum: float = Field(description="The lowest the score can be.")
    maximum: float = Field(description="The highest the score can be.")


class CommunityOut(Schema):
    quarters: list[str] = Field(
        description="The quarters the series below are counted in: the eight up to the period, or from "
        "`starts_in` when the first activity came later."
    )
    starts_in: str = Field(
        description="The first quarter with any co-sign, thanks or (whole system) peer-support request, "
        "when `quarters` starts there instead of eight quarters back (nothing was recorded before it, "
        "which says the service was not yet in use rather than that those quarters were quiet); empty "
        "otherwise."
    )
    cosigns: list[int | None] = Field(description=HIDDEN + " Everyone: not recorded by role group.")
    recognition: list[int | None] = Field(description=HIDDEN)
    peer_shown: bool = Field(description="Peer requests carry no unit: only the whole system has them.")
    peer_requests: list[int | None] = Field(description=HIDDEN)
    peer_contacted: list[int | None] = Field(description=HIDDEN)
    days_to_first_contact: list[float | None] = Field(description="Mean days; null when hidden or none.")
    days_to_first_contact_hidden: list[bool] = Field(
        description="Per quarter, true where the mean is hidden (too few contacted, or protecting a "
        "smaller figure); a null mean that is not hidden means nobody was contacted."
    )
    shared_published: int
    campaigns_open: int
    campaigns_started: int
    campaign_members: int
    asks_sent: int
    asks_acknowledged_on_time: int
    asks_answered: int


class ThemeMoveOut(Schema):
    theme: str
    name: str
    period: int | None = Field(description="In the chosen period (a year: its own figure). " + HIDDEN)
    before: int | None = Field(description="In `compared_with`, the period before. " + HIDDEN)


class DashboardOut(Schema):
    unit_id: int
    unit: str
    period: str
    role_group: RoleGroupName = Field(description="The role group chosen; empty: everyone.")
    quarters: list[str]
    series_starts_in: str = Field(
        description="The unit's first quarter with a concern, when `quarters` starts there instead of "
        "eight quarters back (the quarters before it held no figures, not zero concerns); empty otherwise."
    )
    volume: list[ThemeSeries]
    totals: list[int | None] = Field(description=HIDDEN)
    heatmap_themes: list[str]
    heatmap: list[HeatRow]
    heatmap_bins: list[HeatBin] = Field(
        description="The heatmap's colour classes: none (0), hidden, then bands from the minimum group size."
    )
    hidden_means: str = Field(description="What a hidden (null) figure means, as the page says it.")
    responsiveness: list[ResponsivenessRow]
    actions_published: int
    actions_completed: int
    signals: list[SignalOut]
    signals_note: str = Field(
        description="Why a warning can name a theme whose cell is hidden; empty when none."
    )
    signals_withheld: int = Field(
        description="Open warnings not listed: beside the shown figures their count would undo a hidden one."
    )
    signals_withheld_message: str = Field(description="The page's sentence about them; empty when none.")
    signals_all_noted: bool = Field(
        description="No warning listed because you noted every open one of the scope: they stay open "
        "for the other leaders and in the board report."
    )
    compared_with: str = Field(description="The quarter before a quarter, or the year before a year.")
    themes: list[ThemeMoveOut] = Field(
        description="Every theme in the period and the one before. A year's figure is its own, suppressed "
        "on its own: not always the sum of `volume`'s quarters, some of which may be hidden."
    )
    top_themes: list[ThemeMoveOut] = Field(
        description='The board report\'s "Top themes and how they moved", in its order: the five largest '
        'shown (more when tied at the cut), then up to five hidden; "unclear" is left out.'
    )
    surveys: list[SurveyScoreOut]
    community: CommunityOut
    refreshed_at: str | None


class FactorOut(Schema):
    key: str
    name: str
    themes: list[str]
    concerns: int | None = Field(
        description="Shown concerns whose main theme maps here (at least this many when `partly_hidden`); "
        "null when every one of its figures is hidden (never 0 then: 0 means none raised)."
    )
    partly_hidden: bool
    share: float | None = Field(
        description="Of all the period's concerns, 0..1; null when that total is hidden (as on the page)."
    )
    signals: int
    level: int = Field(
        description="0 (quiet) to 4: by the share, or by the count when the share is hidden; "
        "at least 3 with an open early warning."
    )


class FactorGroupOut(Schema):
    key: str
    name: str
    factors: list[FactorOut]


# A quarter or a year from 2000 to 2100; parse_period also refuses one that has not started.
PERIOD_PATTERN = described(
    r"^(20[0-9]{2}|2100)(-Q[1-4])?$",
    gettext_lazy("Choose a period from 2000 on, like 2026-Q3 (a quarter) or 2026 (a year)."),
)
SCOPE_ANSWERS = "404: `unit` is not a unit you lead or one below it, or you lead no unit."


class DashboardQuery(Schema):
    unit: RowId | None = Field(None, description="The id of a unit you lead (default: your top unit).")
    period: str | None = Field(
        None,
        max_length=7,
        pattern=PERIOD_PATTERN,
        description="2026-Q3 or 2026, from 2000 to this quarter (default: this quarter). "
        "A period that has not started is a 400 saying so.",
    )
    role: RoleGroupName | None = Field(None, description="A role group (default: everyone).")


def _filters(request: HttpRequest, query: DashboardQuery):
    try:
        return resolve_filters(request.user, str(query.unit or ""), query.period or "", query.role or "")
    except ScopeNotFound:
        raise HttpError(404, gettext("Choose a unit you lead.")) from None
    except BadFilter as error:
        raise HttpError(400, str(error)) from None


def _signal_out(signal) -> SignalOut:  # type: ignore[no-untyped-def]
    return SignalOut(
        id=signal.pk,
        scope=signal.scope.name,
        theme=signal.theme.key,
        raised_on=signal.raised_on.isoformat(),
        message=signal.message,
        sentence=signal.sentence,
    )


def _moves(rows: list[Move], stored: dict[str, str]) -> list[ThemeMoveOut]:
    """The moves with each theme's stored name, as everywhere in the API (docs/languages.md): the
    reader's-language name here, beside the stored one in `volume`, gave a Spanish reader both."""
    return [
        ThemeMoveOut(theme=key, name=stored.get(key, name), period=now, before=before)
        for key, name, now, before in rows
    ]


@router.get(
    "/dashboard",
    response={200: DashboardOut, 400: Error, 404: Error},
    summary="A dashboard's figures",
    description=SCOPE_ANSWERS,
)
def dashboard(request: HttpRequest, query: Query[DashboardQuery]) -> DashboardOut:
    data = figures(request.user, _filters(request, query))
    moves = theme_moves(data)  # a year's reads its own cells: once, for both lists
    return DashboardOut(
        unit_id=data.filters.scope.pk,
        unit=data.filters.scope.name,
        period=data.filters.period,
        role_group=data.filters.role_group,
        quarters=data.volume.periods,
        series_starts_in=data.volume.starts_in,
        volume=[ThemeSeries(**row) for row in data.volume.rows()],
        totals=[data.volume.totals[p] for p in data.volume.periods],
        heatmap_themes=[key for key, _name in data.heatmap.themes],
        heatmap=[
            HeatRow(unit_id=row["unit"].pk, unit=row["unit"].name, values=row["values"])
            for row in data.heatmap.rows()
        ],
        heatmap_bins=[HeatBin(**vars(b)) for b in data.heatmap.bins()],
        hidden_means=hidden_means(),
        responsiveness=[
            ResponsivenessRow(
                unit_id=r.unit.pk,
                unit=r.unit.name,
                leaders=r.leaders,
                concerns=r.concerns,
                acknowledged_on_time=r.acknowledged_on_time,
                days_to_acknowledge=r.days_to_acknowledge,
                actioned=r.actioned,
                days_to_action=r.days_to_action,
                acknowledgment_due=r.acknowledgment_due,
            )
            for r in data.responsiveness
        ],
        actions_published=data.actions.published,
        actions_completed=data.actions.completed,
        signals=[_signal_out(s) for s in data.signals],
        signals_note=signals_note(len(data.signals)),
        signals_withheld=data.signals_withheld,
        signals_withheld_message=signals_withheld_sentence(data.signals_withheld, in_your_inbox=True),
        signals_all_noted=data.signals_all_noted,
        compared_with=period_before(data),
        themes=_moves(moves, dict(data.volume.themes)),
        top_themes=_moves(top_moves(moves), dict(data.volume.themes)),
        surveys=[
            SurveyScoreOut(
                **{k: v for k, v in vars(s).items() if k not in ("closed_on", "cutoff_label")},
                closed_on=s.closed_on.isoformat(),
            )
            for s in data.surveys
        ],
        community=CommunityOut(**vars(data.community)),
        refreshed_at=data.refreshed.finished_at.isoformat() if data.refreshed else None,
    )


def _factor_out(factor: Factor) -> FactorOut:
    """A factor all of whose figures are hidden read `concerns: 0, share: 0.0` beside factors with
    none raised, though its hidden themes held ten (officer's probe): null, as hidden is elsewhere."""
    out = FactorOut(**vars(factor))
    if not factor.concerns and factor.partly_hidden:
        out.concerns, out.share = None, None
    return out


@router.get(
    "/nam",
    response={200: list[FactorGroupOut], 400: Error, 404: Error},
    summary="The NAM model view",
    description=SCOPE_ANSWERS,
)
def nam(request: HttpRequest, query: Query[DashboardQuery]) -> list[FactorGroupOut]:
    data = figures(request.user, _filters(request, query))
    groups = nam_view(data.filters, [s.theme.key for s in data.signals])
    return [
        FactorGroupOut(key=key, name=name, factors=[_factor_out(f) for f in factors])
        for key, name, factors in groups
    ]


class FactorActionOut(Schema):
    id: int
    title: str
    scope: str = Field(
        description="The action's unit; below the chosen unit's children, with the child it is in "
        "('Medicine, Riverbend General')."
    )
    progress: int = Field(description="0 to 100.")
    published_at: str


class FactorDetailOut(Schema):
    key: str
    name: str
    group: str = Field(description="The key of its factor group, as in GET /nam.")
    quarters: list[str]
    themes: list[ThemeSeries] = Field(description="The factor's themes, quarter by quarter, as on the page.")
    signals: list[SignalOut] = Field(description="Open early warnings of its themes in the scope.")
    actions: list[FactorActionOut] = Field(
        description="The 20 newest published actions in the scope linked to a concern of its themes."
    )


@router.get(
    "/nam/{key}",
    response={200: FactorDetailOut, 400: Error, 404: Error},
    summary="One factor of the NAM model: its themes, early warnings and actions",
    description=SCOPE_ANSWERS + " Also 404 for a factor key GET /nam does not list.",
)
def nam_factor(request: HttpRequest, key: str, query: Query[DashboardQuery]) -> FactorDetailOut:
    if key not in FACTORS:
        raise HttpError(404, gettext("No such factor."))
    group, name, theme_keys = FACTORS[key]
    data = figures(request.user, _filters(request, query))
    volume = data.volume
    names = dict(volume.themes)  # stored names, as everywhere in the API
    return FactorDetailOut(
        key=key,
        name=str(name),
        group=group,
        quarters=volume.periods,
        themes=[
            ThemeSeries(
                theme=t,
                name=str(names.get(t, t)),
                values=[volume.values.get(t, {}).get(p, 0) for p in volume.periods],
            )
            for t in theme_keys
        ],
        signals=[_signal_out(s) for s in data.signals if s.theme.key in theme_keys],
        actions=[
            FactorActionOut(
                id=a.pk,
                title=a.title,
                scope=a.place,
                progress=a.progress,
                published_at=a.published_at.isoformat(),
            )
            for a in factor_actions(data.filters, theme_keys)
        ],
    )


class ReportQuery(DashboardQuery):
    format: Literal["pdf", "zip"] = Field(
        "pdf", description="pdf: the board report; zip: the same figures as CSV files."
    )


@router.get(
    "/report",
    response={200: None, 400: Error, 404: Error},
    summary="The board report (PDF) or its figures (CSV files in a zip)",
    description='The dashboard\'s "Board report" buttons: the same files, named as they are '
    "(`upstream-general-2026-Q4.pdf`). " + SCOPE_ANSWERS,
    openapi_extra={
        "responses": {
            "200": {
                "description": "The file, as an attachment.",
                "content": {
                    "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                    "application/zip": {"schema": {"type": "string", "format": "binary"}},
                },
            }
        }
    },
)
def report(request: HttpRequest, query: Query[ReportQuery]) -> HttpResponse:
    from upstream.insights.report import board_file  # reportlab, loaded when a report is asked for

    return board_file(_filters(request, query), query.format)
