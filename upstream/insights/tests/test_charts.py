"""Chart specs: the same Vega-Lite Altair would build for these rows, in the reader's language."""

from __future__ import annotations

import json

import altair as alt
import pytest
from django.utils import translation

from upstream.insights import charts, dashboard

ROWS = {
    charts._volume_design: [{"quarter": "2026-Q3", "theme": "Staffing", "concerns": 9}],
    charts._heatmap_design: [{"unit": "4 West", "theme": "Staffing", "concerns": 9}],
    charts._survey_design: [{"wave": "2026-07-14 Pulse", "score": "Division", "mean": 2.5, "position": 37.5}],
    charts._community_design: [{"quarter": "2026-Q3", "what": "Thanks given", "count": 6}],
}


def _built_in_full(design, rows):
    chart = design()
    chart.data = alt.Data(values=rows)
    return chart.to_dict(validate=False)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("design", list(ROWS), ids=lambda d: d.__name__)
def test_a_spec_is_what_altair_builds_for_its_rows(design, language):
    with translation.override(language):
        assert charts._with_rows(design, ROWS[design]) == _built_in_full(design, ROWS[design])


def test_titles_follow_the_language_and_one_request_cannot_change_the_next():
    with translation.override("es"):
        spanish = charts._with_rows(charts._volume_design, [])
    with translation.override("en"):
        first = charts._with_rows(charts._volume_design, ROWS[charts._volume_design])
        first["encoding"]["x"]["title"] = "changed by a caller"
        second = charts._with_rows(charts._volume_design, [])
    assert second["encoding"]["x"]["title"] == "Quarter"
    assert spanish["encoding"]["x"]["title"] == "Trimestre"
    assert second["data"] == {"values": []}


@pytest.mark.parametrize("design", list(ROWS), ids=lambda d: d.__name__)
def test_a_chart_that_fits_the_page_width_has_a_height_in_pixels(design):
    """Vega drops the fit, with a console warning on every dashboard, when a chart whose width
    fits its container ("container") has a step height (alt.Step)."""
    spec = charts._with_rows(design, ROWS[design])
    assert spec["width"] == "container"
    assert isinstance(spec["height"], int)


def test_the_heatmap_is_18_px_a_unit():
    from types import SimpleNamespace

    units = [SimpleNamespace(pk=1, name="4 West"), SimpleNamespace(pk=2, name="5 East")]
    heatmap = SimpleNamespace(units=units, values={1: {"a": 3}, 2: {"a": 5}}, columns=[("a", "A")])
    assert charts.heatmap_spec(heatmap)["height"] == 36


def test_the_theme_chart_has_a_colour_for_each_of_twenty_themes():
    """With Vega's ten colours, two of fourteen themes shared each one (a11y probe)."""
    spec = charts._with_rows(charts._volume_design, ROWS[charts._volume_design])
    assert spec["encoding"]["color"]["scale"] == {"scheme": "tableau20"}


@pytest.mark.parametrize("design", list(ROWS), ids=lambda d: d.__name__)
def test_axis_and_legend_words_are_12_px(design):
    """Vega's default 10 px made the heatmap's unit and theme names hard to read on a phone."""
    config = charts._with_rows(design, ROWS[design])["config"]
    assert config["axis"]["labelFontSize"] == config["legend"]["labelFontSize"] == 12


def _legend_lines(spec: dict) -> dict[str, list[str]]:
    expression = spec["encoding"]["color"]["legend"]["labelExpr"]
    return json.loads(expression[1 : expression.index(")[datum.label]")])


@pytest.mark.django_db
def test_long_legend_labels_break_into_lines_a_phone_can_show():
    """Vega writes a legend label on one line: at 390 px "Carga de documentación y del expediente
    electróni" and "or hidden to protect a smaller figu" ran past the chart's edge (executive's probe)."""
    with translation.override("es"):
        themes, labels = dashboard._themes()
        values = {key: {"2026-Q3": 5} for key, _name in themes}
        volume = dashboard.Volume(["2026-Q3"], themes, values, {"2026-Q3": 5 * len(themes)}, labels)
        lines = _legend_lines(charts.volume_spec(volume))
    assert set(lines) == {labels.get(key, name) for key, name in themes}
    assert any(len(label) > 38 for label in lines)  # some need breaking
    for label, parts in lines.items():
        assert " ".join(parts) == label and all(len(part) <= 38 for part in parts)

    from types import SimpleNamespace

    units = [SimpleNamespace(pk=1, name="4 West")]
    heatmap = SimpleNamespace(units=units, values={1: {"a": None, "b": 7}}, columns=[("a", "A"), ("b", "B")])
    lines = _legend_lines(charts.heatmap_spec(heatmap))
    hidden = next(label for label in lines if label.startswith("Hidden"))
    assert lines[hidden][0] == "Hidden: fewer than 5," and " ".join(lines[hidden]) == hidden
    assert all(len(part) <= 28 for part in lines[hidden])


def _points(spec: dict, name: str, count: str) -> dict[str, list]:
    lines: dict[str, list] = {}
    for row in spec["data"]["values"]:
        lines.setdefault(row[name], []).append((row["quarter"], row[count]))
    return lines


def test_a_theme_line_dips_to_its_zeros_breaks_at_hidden_quarters_and_every_quarter_stays_on_the_axis():
    """The chart left out zeros and hidden figures: a line of 6, 0, 7 ran straight from 6 to 7,
    a line across a hidden quarter looked known, and a quarter whose every figure was hidden
    dropped off the axis (2026-Q1, Q2, Q4 evenly spaced; a new-user walk)."""
    quarters = ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    themes = [("staffing", "Staffing"), ("ehr", "EHR"), ("quiet", "Quiet")]
    values = {
        "staffing": dict(zip(quarters, [6, 0, None, 7], strict=True)),
        "ehr": dict(zip(quarters, [None, 5, None, None], strict=True)),
        "quiet": dict(zip(quarters, [0, 0, None, 0], strict=True)),
    }
    volume = dashboard.Volume(quarters, themes, values, dict.fromkeys(quarters))
    spec = charts.volume_spec(volume)
    assert spec["encoding"]["x"]["scale"]["domain"] == quarters
    lines = _points(spec, "theme", "concerns")
    assert lines["Staffing"] == [("2026-Q1", 6), ("2026-Q2", 0), ("2026-Q3", None), ("2026-Q4", 7)]
    assert lines["EHR"] == [("2026-Q1", None), ("2026-Q2", 5), ("2026-Q3", None), ("2026-Q4", None)]
    assert "Quiet" not in lines  # no line for a theme never raised: fourteen flat lines hid the rest
    assert set(_legend_lines(spec)) == {"Staffing", "EHR"}


def test_the_community_chart_keeps_a_line_of_zeros_and_breaks_at_hidden_quarters():
    quarters = ["2026-Q3", "2026-Q4"]
    rows = [{"key": "thanks", "values": [None, 8]}, {"key": "peer", "values": [0, 0]}]
    spec = charts.community_spec(rows, quarters, {"thanks": "Thanks given", "peer": "Peer-support requests"})
    assert spec["encoding"]["x"]["scale"]["domain"] == quarters
    lines = _points(spec, "what", "count")
    assert lines == {
        "Thanks given": [("2026-Q3", None), ("2026-Q4", 8)],
        "Peer-support requests": [("2026-Q3", 0), ("2026-Q4", 0)],
    }
