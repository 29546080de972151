"""Vega-Lite specs built with Altair; rendered in the page by the vega files Upstream serves itself.

Every chart has its data table beside it in the page; suppressed cells are left out of the chart
and shown as "hidden" in the table.
"""

from __future__ import annotations

from typing import Any

import altair as alt
from django.utils.translation import gettext as _

from upstream.insights.dashboard import Heatmap, Volume


def volume_spec(volume: Volume) -> dict[str, Any]:
    names = dict(volume.themes)
    rows = [
        {"quarter": period, "theme": names[key], "concerns": value}
        for key in volume.values
        for period, value in volume.values[key].items()
        if value
    ]
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_line(point=True)
        .encode(
            x=alt.X("quarter:O", title=_("Quarter")),
            y=alt.Y("concerns:Q", title=_("Concerns")),
            color=alt.Color("theme:N", title=_("Theme"), legend=alt.Legend(orient="bottom", columns=2)),
            tooltip=["quarter:O", "theme:N", "concerns:Q"],
        )
        .properties(width="container", height=260)
    )
    return chart.to_dict(validate=False)


def heatmap_spec(heatmap: Heatmap) -> dict[str, Any]:
    names = dict(heatmap.themes)
    rows = [
        {"unit": unit.name, "theme": names[key], "concerns": value}
        for unit in heatmap.units
        for key, value in heatmap.values[unit.pk].items()
        if value is not None
    ]
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_rect()
        .encode(
            x=alt.X("theme:N", title=None, axis=alt.Axis(labelAngle=-40, labelLimit=120)),
            y=alt.Y("unit:N", title=None, axis=alt.Axis(labelLimit=140)),
            color=alt.Color("concerns:Q", title=_("Concerns"), scale=alt.Scale(scheme="oranges")),
            tooltip=["unit:N", "theme:N", "concerns:Q"],
        )
        .properties(width="container", height=alt.Step(18))
    )
    return chart.to_dict(validate=False)


def survey_spec(scores: list) -> dict[str, Any]:
    """Each score's mean across the waves (hidden ones left out), drawn as where it sits in the
    score's own range (0 the lowest possible, 100 the highest), since the scores have different
    scales; the table beside it has the means themselves."""
    rows = [
        {
            "wave": f"{s.closed_on:%Y-%m-%d} {s.wave}",
            "score": s.label,
            "mean": round(s.mean, 2),
            "position": round(100 * (s.mean - s.minimum) / ((s.maximum - s.minimum) or 1), 1),
        }
        for s in scores
        if s.mean is not None
    ]
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_line(point=True)
        .encode(
            x=alt.X("wave:O", title=_("Wave"), axis=alt.Axis(labelAngle=-30, labelLimit=140)),
            y=alt.Y(
                "position:Q", title=_("Mean, as % of the score's range"), scale=alt.Scale(domain=[0, 100])
            ),
            color=alt.Color("score:N", title=_("Score"), legend=alt.Legend(orient="bottom", columns=2)),
            tooltip=["wave:O", "score:N", "mean:Q"],
        )
        .properties(width="container", height=220)
    )
    return chart.to_dict(validate=False)


def community_spec(rows: list[dict], quarters: list[str], names: dict[str, str]) -> dict[str, Any]:
    """Co-signs, thanks and peer requests per quarter (hidden quarters left out)."""
    values = [
        {"quarter": quarter, "what": names[row["key"]], "count": value}
        for row in rows
        for quarter, value in zip(quarters, row["values"], strict=True)
        if value is not None
    ]
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_line(point=True)
        .encode(
            x=alt.X("quarter:O", title=_("Quarter")),
            y=alt.Y("count:Q", title=_("Count")),
            color=alt.Color("what:N", title=None, legend=alt.Legend(orient="bottom", columns=2)),
            tooltip=["quarter:O", "what:N", "count:Q"],
        )
        .properties(width="container", height=220)
    )
    return chart.to_dict(validate=False)
