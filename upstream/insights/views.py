"""Dashboards for leaders (their subtree) and the well-being office (the whole system)."""

from __future__ import annotations

import dataclasses

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from upstream.insights import charts
from upstream.insights.dashboard import (
    BadFilter,
    Filters,
    ScopeNotFound,
    figures,
    freshness,
    heatmap,
    hidden_means,
    period_menu,
    resolve_filters,
    responsiveness_note,
    series_start_note,
    signals_note,
    signals_withheld_sentence,
    subtree_choices,
    volume_by_theme,
)
from upstream.insights.engagement import community_start_note
from upstream.insights.nam import FACTORS, factor_actions, nam_view
from upstream.org.access import is_leader, led_units
from upstream.org.models import RoleGroup
from upstream.org.pickers import picker_options


def _filters(request: HttpRequest) -> tuple[Filters, int]:
    given = {
        "unit": request.GET.get("unit", "")[:12],
        "period": request.GET.get("period", "").strip()[:7],
        "role": request.GET.get("role", "")[:32],
    }
    try:
        return resolve_filters(request.user, **given), 200
    except (ScopeNotFound, BadFilter):
        if not led_units(request.user):
            raise Http404("No such unit among those you lead.") from None
    # Each filter alone, so that every one it cannot use is named and the others are kept: the page
    # named only the first ("?period=zzz&unit=-1" told of the unit and quietly dropped the period).
    kept = dict(given)
    for key in (key for key, value in given.items() if value):
        alone = {name: (value if name == key else "") for name, value in given.items()}
        try:
            resolve_filters(request.user, **alone)
        except ScopeNotFound:
            messages.error(request, str(NOT_LED))
            kept[key] = ""
        except BadFilter as error:
            messages.error(request, str(error))
            kept[key] = ""
    try:
        return resolve_filters(request.user, **kept), 400
    except ScopeNotFound:
        raise Http404("No such unit among those you lead.") from None


# A unit that is not one of theirs (or not a unit: "?unit=abc") was a bare "We could not find that
# page" (walk probe, stop 38): the default view instead, saying why, as for a bad period.
NOT_LED = gettext_lazy("That unit is not one you lead, or below one. Showing the units you lead instead.")


def _common(request: HttpRequest, filters: Filters) -> dict:
    return {
        "filters": filters,
        # (unit, label): a name two hospitals share is followed by its hospital's.
        "units": picker_options(subtree_choices(request.user)),
        "roles": RoleGroup.choices,
        "period_menu": period_menu(filters.period),
        "query": urlencode(filters.query()),
        # A row's drill-down adds its own unit: "?unit=3&period=...&unit=4" named two units at once.
        "query_without_unit": urlencode(filters.query(unit="")),
    }


def _every_theme_hidden(data) -> bool:  # type: ignore[no-untyped-def]
    """Whether the chosen quarter's figure is hidden for every theme that had concerns: a unit
    manager's dashboard then told her nothing, with no word that the concerns are in her inbox (a
    new-user walk)."""
    if not data.filters.is_quarter or not data.volume.periods:
        return False
    last = data.volume.periods[-1]
    cells = [values[last] for values in data.volume.values.values()]
    return None in cells and not any(cells)


def _year_instead(data) -> str:  # type: ignore[no-untyped-def]
    """The year's address when every theme of the chosen quarter is hidden and the year shows a
    figure, else "": a unit's quarter read "hidden" in every row, a page that told its manager
    nothing (officer's probe). The year sums four quarters, but can be as hidden: offered then, the
    link led an executive to a page of "hidden" cells (executive's probe)."""
    if not _every_theme_hidden(data):
        return ""
    year = dataclasses.replace(data.filters, period=data.filters.period[:4])
    shown = [count for row in heatmap(year).values.values() for count in row.values()]
    shown += [
        count
        for row in volume_by_theme(year).values.values()
        for period, count in row.items()
        if period.startswith(year.period)  # the series reaches back into the years before
    ]
    if not any(shown):  # hidden (None) or none (0) everywhere
        return ""
    return urlencode(data.filters.query(period=data.filters.period[:4]))


def community_names() -> dict[str, str]:
    return {
        "cosigns": _("Co-signs given"),
        "recognition": _("Thanks given"),
        "peer_requests": _("Peer-support requests"),
        "peer_contacted": _("Requests with a first contact"),
    }


def community_rows(community) -> list[dict]:  # type: ignore[no-untyped-def]
    names = community_names()
    return [{"name": names[row["key"]], "values": row["values"]} for row in community.rows()]


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    filters, status = _filters(request)
    return _dashboard_page(request, filters, status)


def _dashboard_page(request: HttpRequest, filters: Filters, status: int) -> HttpResponse:
    data = figures(request.user, filters)
    context = {
        **_common(request, filters),
        "data": data,
        "volume_spec": charts.volume_spec(data.volume),
        "heatmap_spec": charts.heatmap_spec(data.heatmap),
        "heat_bins": data.heatmap.bins(),
        "hidden_means": hidden_means(),
        "series_start_note": series_start_note(filters, data.volume),
        "freshness": freshness(data),
        "responsiveness_note": responsiveness_note(),
        "year_query": _year_instead(data),
        # Only a leader has the inbox it points to (the office may read dashboards without one).
        "every_theme_hidden": _every_theme_hidden(data) and is_leader(request.user),
        "signals_note": signals_note(len(data.signals)),
        "signals_withheld_sentence": signals_withheld_sentence(data.signals_withheld, in_your_inbox=True),
        "survey_spec": charts.survey_spec(data.surveys),
        "community_rows": community_rows(data.community),
        "community_start_note": community_start_note(filters, data.community),
        "community_spec": charts.community_spec(
            data.community.rows(), data.community.quarters, community_names()
        ),
        # A column per quarter: at 1280 px a 60rem page scrolled the latest quarter out of sight.
        "wide_page": True,
    }
    return render(request, "insights/dashboard.html", context, status=status)


@login_required
def nam(request: HttpRequest) -> HttpResponse:
    filters, status = _filters(request)
    data = figures(request.user, filters)
    groups = nam_view(filters, [s.theme.key for s in data.signals])
    # The total is one cell for the whole page: when it is hidden, every share is.
    total_hidden = any(f.share is None for _key, _label, factors in groups for f in factors)
    partly_hidden = any(f.partly_hidden and f.concerns for _key, _label, factors in groups for f in factors)
    context = {
        **_common(request, filters),
        "groups": groups,
        "data": data,
        "total_hidden": total_hidden,
        "partly_hidden": partly_hidden,
        "freshness": freshness(data),
    }
    return render(request, "insights/nam.html", context, status=status)


def _open_signal_of(filters, theme_keys: list[str]) -> bool:  # type: ignore[no-untyped-def]
    """Whether an early warning of these themes is open in the scope, noted by this leader or not."""
    from upstream.signals.models import Signal

    return Signal.objects.filter(
        state=Signal.State.OPEN, scope__path__startswith=filters.scope.path, theme__key__in=theme_keys
    ).exists()


@login_required
def factor(request: HttpRequest, key: str) -> HttpResponse:
    if key not in FACTORS:
        raise Http404("No such factor.")
    filters, status = _filters(request)
    from upstream.themes.models import Theme

    _group, name, theme_keys = FACTORS[key]
    data = figures(request.user, filters)
    themes = list(Theme.objects.filter(key__in=theme_keys))
    actions = factor_actions(filters, theme_keys)
    volume = {t.key: data.volume.values.get(t.key, {}) for t in themes}
    shown = [s for s in data.signals if s.theme.key in theme_keys]
    context = {
        **_common(request, filters),
        "name": name,
        "themes": [(t, [volume[t.key].get(p) for p in data.volume.periods]) for t in themes],
        "periods": data.volume.periods,
        "signals": shown,
        # "None open." was false once the leader had noted the factor's warning (officer's probe).
        "signals_all_noted": not shown and _open_signal_of(filters, theme_keys),
        "actions": actions,
        "freshness": freshness(data),
    }
    return render(request, "insights/factor.html", context, status=status)


def _board_file(request: HttpRequest, ext: str) -> HttpResponse:
    """The board report or its CSV bundle. A filter it cannot use is refused as the dashboard
    refuses it (400, the dashboard with the same message): the current quarter's report was sent
    instead."""
    from upstream.insights.report import board_file

    filters, status = _filters(request)
    if status != 200:
        return _dashboard_page(request, filters, status)
    return board_file(filters, ext)


@login_required
def report(request: HttpRequest) -> HttpResponse:
    return _board_file(request, "pdf")


@login_required
def report_csv(request: HttpRequest) -> HttpResponse:
    return _board_file(request, "zip")
