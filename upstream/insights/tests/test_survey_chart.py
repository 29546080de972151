"""The survey chart says which way is worse for each line it draws.

Burnout and division (higher is worse) shared one axis with connection and safety (higher is
better), so a rising line meant opposite things with nothing on the chart to say which."""

from __future__ import annotations

import datetime as dt

from upstream.insights.charts import survey_spec
from upstream.insights.engagement import SurveyScore


def score(label: str, higher_is: str, mean: float) -> SurveyScore:
    return SurveyScore(
        wave_id=1, wave="Pulse", closed_on=dt.date(2026, 9, 30), instrument="pulse", score=label,
        label=label, higher_is=higher_is, cutoff_label="", people=12, mean=mean,
        share_above_cutoff=None, minimum=1, maximum=5,
    )  # fmt: skip


def test_a_higher_line_says_whether_it_is_worse_or_better():
    spec = survey_spec([score("Division", "worse", 4.0), score("Connection", "better", 4.0)])
    assert spec["encoding"]["strokeDash"]["field"] == "direction"
    lines = {row["score"]: (row["position"], row["direction"]) for row in spec["data"]["values"]}
    # The same height on the axis, told apart by the line's dash and its legend entry.
    assert lines == {"Division": (75.0, "worse"), "Connection": (75.0, "better")}
    # One legend, each entry saying its direction: a second legend for the dashes sat beside the
    # first, past a phone's edge ("A higher l"; phone-width probe).
    assert spec["encoding"]["color"]["field"] == "line"
    assert spec["encoding"]["strokeDash"]["legend"] is None
    entries = {row["line"] for row in spec["data"]["values"]}
    assert entries == {"Division (higher: worse)", "Connection (higher: better)"}
