"""Vega-Lite specs built with Altair; rendered in the page by the vega files Upstream serves itself.

Every chart has its data table beside it in the page; suppressed cells break the line charts' lines
(null, which Vega leaves undrawn) and read "hidden" in the table; the heatmap draws them in grey as
its "hidden" class.

Building a chart with Altair validates it against the Vega-Lite schema (hashing parts of the schema
as JSON), which took about 40% of a dashboard request. The chart's design does not change between
requests, only its rows and its language: each design is built once per language and the rows are
put into a copy of it.
"""

from __future__ import annotations

import copy
import json
import re
import textwrap
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

import altair as alt
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from upstream.insights.dashboard import Heatmap, Volume, bin_of, heat_bins


def volume_spec(volume: Volume) -> dict[str, Any]:
    names = {key: volume.labels.get(key, name) for key, name in volume.themes}
    series = {names[key]: [volume.values[key][period] for period in volume.periods] for key in volume.values}
    # Fourteen themes: only those with a count above zero somewhere get a line.
    rows = _line_rows(series, volume.periods, "theme", "concerns", drawn=any)
    spec = _on_every_quarter(_with_rows(_volume_design, rows), volume.periods)
    return _wrap_legend(spec, {row["theme"] for row in rows}, 38)


def _line_rows(
    series: dict[str, list[int | None]],
    quarters: list[str],
    name: str,
    count: str,
    *,
    drawn: Callable[[list[int | None]], bool],
) -> list[dict]:
    """A point per quarter of each line that is `drawn`: its zeros too (left out, a line of 6, 0, 7
    was drawn straight from 6 to 7), and its hidden quarters as null, where Vega breaks the line
    (left out, the line ran across them as if they were known)."""
    return [
        {"quarter": quarter, name: label, count: value}
        for label, values in series.items()
        if drawn(values)
        for quarter, value in zip(quarters, values, strict=True)
    ]


def _any_shown(values: list[int | None]) -> bool:
    return any(value is not None for value in values)


def _on_every_quarter(spec: dict[str, Any], quarters: list[str]) -> dict[str, Any]:
    """Every quarter of the table on the axis: a quarter whose every figure was hidden dropped out,
    and the axis read 2026-Q1, Q2, Q4 evenly spaced (a new-user walk)."""
    spec["encoding"]["x"]["scale"] = {"domain": list(quarters)}
    return spec


def _wrap_legend(spec: dict[str, Any], labels: Iterable[str], width: int, **how: bool) -> dict[str, Any]:
    """The spec with its colour legend's labels written on lines of at most `width` characters."""
    spec["encoding"]["color"]["legend"]["labelExpr"] = legend_lines(labels, width, **how)
    return spec


def legend_lines(labels: Iterable[str], width: int, *, at_commas: bool = False) -> str:
    """A Vega label expression that writes each legend label on lines of at most `width` characters
    (and after each comma-and-space `at_commas`). Vega draws a label on one line, so at phone width a
    long one ran past the chart's edge ("Carga de documentación y del expediente electróni",
    "or hidden to protect a smaller figu"): the executive's probe at 390 px."""
    lines = {
        label: [line for part in _parts(label, at_commas) for line in textwrap.wrap(part, width)] or [label]
        for label in labels
    }
    return f"({json.dumps(lines, ensure_ascii=False)})[datum.label] || datum.label"


def _parts(label: str, at_commas: bool) -> list[str]:
    return re.split(r"(?<=,) ", label) if at_commas else [label]  # the comma stays on its line


def _volume_design() -> alt.Chart:
    return _readable(
        alt.Chart(alt.Data(values=[]))
        .mark_line(point=True)
        .encode(
            x=alt.X("quarter:O", title=_("Quarter")),
            y=alt.Y("concerns:Q", title=_("Concerns")),
            # One column, labels unclipped: two columns of theme names cut them short at phone width.
            # Twenty colours: the default ten gave two of fourteen themes each colour (a11y probe).
            color=alt.Color(
                "theme:N",
                title=_("Theme"),
                scale=alt.Scale(scheme="tableau20"),
                # Each label's lines are set per page (legend_lines): one line ran past a phone's edge.
                legend=alt.Legend(orient="bottom", columns=1, labelLimit=320),
            ),
            tooltip=["quarter:O", "theme:N", "concerns:Q"],
        )
        .properties(width="container", height=260)
    )


HEATMAP_ROW = 18  # px per unit


# Light to dark for the bands of shown counts; grey for hidden, near-white for none.
HEAT_COLOURS = ["#fdd0a2", "#fdae6b", "#fd8d3c", "#f16913", "#d94801", "#8c2d04"]
NONE_COLOUR, HIDDEN_COLOUR = "#f4f4f4", "#9e9e9e"


def heatmap_spec(heatmap: Heatmap) -> dict[str, Any]:
    """Cells coloured by the classes they can show (dashboard.heat_bins): none, hidden, then bands
    of counts from the minimum group size. A continuous scale drew a legend of 0-4, values no cell
    can show; hidden cells are drawn too, in grey, with the same words as the table and the API."""
    names = dict(heatmap.columns)
    bins = heat_bins(v for row in heatmap.values.values() for v in row.values())
    rows = []
    for unit in heatmap.units:
        for key, value in heatmap.values[unit.pk].items():
            band = bin_of(value, bins)
            shown = _("hidden") if value is None else str(value)
            rows.append({"unit": unit.name, "theme": names[key], "band": band.label, "concerns": shown})
    spec = _with_rows(_heatmap_design, rows)
    spec["encoding"]["color"]["scale"] = {
        "domain": [b.label for b in bins],
        "range": [NONE_COLOUR, HIDDEN_COLOUR, *HEAT_COLOURS][: len(bins)],
    }
    # A number, not alt.Step(18): the width fits the page ("container"), and Vega drops a fit
    # beside a step size with 'Dropping "fit-y" because spec has discrete height' in the console.
    spec["height"] = HEATMAP_ROW * max(1, len({row["unit"] for row in rows}))
    # The legend starts under the plot, right of the unit names: narrower lines than the volume's.
    return _wrap_legend(spec, (b.label for b in bins), 28, at_commas=True)


def _heatmap_design() -> alt.Chart:
    return _readable(
        alt.Chart(alt.Data(values=[]))
        .mark_rect()
        .encode(
            # Upright: slanted at -40 degrees, fourteen theme names overlapped at phone width. Whole:
            # cut at 120 px, "Leadership, hierarc…" and most Spanish names could not be told apart.
            x=alt.X("theme:N", title=None, axis=alt.Axis(labelAngle=-90, labelLimit=320)),
            y=alt.Y("unit:N", title=None, axis=alt.Axis(labelLimit=140)),
            # The domain and colours are the page's bins (heatmap_spec); listed in their order.
            color=alt.Color(
                "band:N",
                title=_("Concerns"),
                sort=None,
                # The hidden class's words ("Hidden: fewer than 5, or hidden to protect a smaller
                # figure") ran past a phone's edge on one line: heatmap_spec sets each label's lines.
                legend=alt.Legend(orient="bottom", columns=1, labelLimit=300),
            ),
            tooltip=[
                alt.Tooltip("unit:N", title=_("Unit")),
                alt.Tooltip("theme:N", title=_("Theme")),
                alt.Tooltip("concerns:N", title=_("Concerns")),
            ],
        )
        # The height is set per page (heatmap_spec): 18 px a unit.
        .properties(width="container", height=HEATMAP_ROW * 2)
    )


def survey_spec(scores: list) -> dict[str, Any]:
    """Each score's mean across the waves (hidden ones left out), drawn as where it sits in the
    score's own range (0 the lowest possible, 100 the highest), since the scores have different
    scales; the table beside it has the means themselves."""
    rows = [
        {
            "wave": f"{s.closed_on:%Y-%m-%d} {s.wave}",
            "score": s.label,
            # The legend says which way is worse in each score's own entry: a second legend for the
            # dashes sat beside the first, past a phone's edge ("A higher l", "Ur").
            "line": _("%(score)s (higher: %(direction)s)") % {"score": s.label, "direction": _direction(s)},
            "mean": round(s.mean, 2),
            "position": round(100 * (s.mean - s.minimum) / ((s.maximum - s.minimum) or 1), 1),
            # Burnout and division (higher is worse) share the axis with connection and safety
            # (higher is better): a rising line meant opposite things with nothing to say which.
            "direction": _direction(s),
        }
        for s in scores
        if s.mean is not None
    ]
    spec = _with_rows(_survey_design, rows)
    return _wrap_legend(spec, {row["line"] for row in rows}, 38)


def _direction(score) -> str:  # type: ignore[no-untyped-def]
    if score.higher_is == "worse":
        return pgettext("a higher line is", "worse")
    return pgettext("a higher line is", "better")


def _survey_design() -> alt.Chart:
    return _readable(
        alt.Chart(alt.Data(values=[]))
        .mark_line(point=True)
        .encode(
            # Upright labels: slanted ones ran off the left edge at phone width.
            x=alt.X("wave:O", title=_("Wave"), axis=alt.Axis(labelAngle=-90, labelLimit=140)),
            y=alt.Y(
                "position:Q", title=_("Mean, as % of the score's range"), scale=alt.Scale(domain=[0, 100])
            ),
            # One legend, one column, each label wrapped (survey_spec): two columns and a second
            # legend ran past a phone's edge. Its entries name the direction; the dashes repeat it.
            color=alt.Color(
                "line:N", title=_("Score"), legend=alt.Legend(orient="bottom", columns=1, labelLimit=300)
            ),
            strokeDash=alt.StrokeDash("direction:N", title=_("A higher line is"), legend=None),
            tooltip=["wave:O", "score:N", "mean:Q", alt.Tooltip("direction:N", title=_("A higher line is"))],
        )
        .properties(width="container", height=220)
    )


def community_spec(rows: list[dict], quarters: list[str], names: dict[str, str]) -> dict[str, Any]:
    """Co-signs, thanks and peer requests per quarter (hidden quarters break their line)."""
    # Three lines: a line of zeros says as much as one that rises.
    series = {names[row["key"]]: row["values"] for row in rows}
    values = _line_rows(series, quarters, "what", "count", drawn=_any_shown)
    spec = _on_every_quarter(_with_rows(_community_design, values), quarters)
    return _wrap_legend(spec, {row["what"] for row in values}, 38)


def _community_design() -> alt.Chart:
    return _readable(
        alt.Chart(alt.Data(values=[]))
        .mark_line(point=True)
        .encode(
            x=alt.X("quarter:O", title=_("Quarter")),
            y=alt.Y("count:Q", title=_("Count")),
            # One column: two cut "Peer-support requ…" at phone width.
            color=alt.Color(
                "what:N", title=None, legend=alt.Legend(orient="bottom", columns=1, labelLimit=300)
            ),
            tooltip=["quarter:O", "what:N", "count:Q"],
        )
        .properties(width="container", height=220)
    )


def _readable(chart: alt.Chart) -> alt.Chart:
    """Axis and legend words at 12 px: Vega's 10 px default made the heatmap's unit and theme names
    hard to read on a phone. (A unit's row is 18 px, room for a 12 px name.)"""
    return chart.configure_axis(labelFontSize=12, titleFontSize=12).configure_legend(
        labelFontSize=12, titleFontSize=12
    )


@cache
def _design(build: Callable[[], alt.Chart], language: str) -> dict[str, Any]:
    """The chart without its rows, in one language (the titles are translated)."""
    return build().to_dict(validate=False)


def _with_rows(build: Callable[[], alt.Chart], rows: list[dict]) -> dict[str, Any]:
    spec = copy.deepcopy(_design(build, get_language() or ""))
    spec["data"] = {"values": rows}
    return spec
