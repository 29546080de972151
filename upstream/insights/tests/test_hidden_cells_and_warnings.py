"""A hidden cell and an early warning on the same dashboard: the page explains, and never undoes.

In the demo the well-being officer saw "Workload and staffing: hidden" for the quarter beside "6
concerns about workload and staffing in Medicine in the last 14 days". The quarter was hidden not
for being small (13 concerns) but to protect the quarter before (3), which the year's shown total
(16) would otherwise give away. A warning counts concerns that lie inside that hidden cell, so its
count is a floor under it, and the year less the floor is a ceiling on the small quarter: with the
figures below (year 7, warning 6) the small quarter is pinned to exactly 1. Such a warning is left
off the dashboard and its API (counted, in a sentence); one that narrows nothing is shown, with a
sentence saying why it can name a theme whose figure is hidden.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from conftest import PASSWORD
from upstream.api.tests.test_api import auth
from upstream.insights import dashboard
from upstream.insights.summary import refresh_summaries
from upstream.insights.tests.helpers import many
from upstream.signals.tests.test_noting import rise

RAISED = dt.date(2025, 11, 27)  # a 14-day window, 14 to 27 November: inside 2025-Q4


def _flows(org, *, in_q3: int, in_window: int) -> None:
    many(org.ward_a, dt.date(2025, 8, 12), in_q3)
    many(org.ward_a, dt.date(2025, 11, 20), in_window)
    refresh_summaries()
    rise(org.ward_a, 1e-4, day=RAISED, observed=in_window, expected=0.5)


def _api(client, org, period: str) -> dict:
    response = client.get("/api/v1/insights/dashboard", {"period": period}, **auth(org.leader))
    assert response.status_code == 200
    return response.json()


def _workload(body: dict) -> int | None:
    """The ward's workload figure in the heatmap (the scope has no children: its own row)."""
    column = body["heatmap_themes"].index("workload_staffing")
    return body["heatmap"][0]["values"][column]


def _attack(client, org) -> int | None:
    """Work out the hidden 2025-Q3 figure from what the API shows, as a reader would: the year's
    figure, less every quarter shown, less what an open warning proves is in a hidden quarter;
    every hidden cell holds at least one concern. Returns the figure when pinned, else None."""
    quarter = _api(client, org, "2025-Q4")
    year = _workload(_api(client, org, "2025"))
    series = next(row for row in quarter["volume"] if row["theme"] == "workload_staffing")
    in_2025 = dict(zip(quarter["quarters"], series["values"], strict=True))
    in_2025 = {q: v for q, v in in_2025.items() if q.startswith("2025")}
    hidden = [q for q, v in in_2025.items() if v is None]
    if year is None or "2025-Q3" not in hidden:
        return None
    rest = year - sum(v for v in in_2025.values() if v is not None)
    floors = {q: 1 for q in hidden}
    for warning in quarter["signals"]:
        if warning["theme"] == "workload_staffing" and warning["scope"] == org.ward_a.name:
            floors["2025-Q4"] = max(floors.get("2025-Q4", 1), int(warning["message"].split()[0]))
    ceiling = rest - sum(floor for q, floor in floors.items() if q != "2025-Q3")
    return ceiling if ceiling == floors["2025-Q3"] else None


def test_it_keeps_a_warning_that_would_undo_a_hidden_cell_off_the_dashboard(client, org):
    _flows(org, in_q3=1, in_window=6)
    body = _api(client, org, "2025-Q4")
    assert _workload(body) is None  # the quarter of 6 is hidden to protect the quarter of 1
    assert _workload(_api(client, org, "2025")) == 7
    assert _attack(client, org) is None
    assert body["signals"] == [] and body["signals_withheld"] == 1 and body["signals_note"] == ""
    assert "1 early warning is not listed here" in body["signals_withheld_message"]
    # On the viewer's own dashboard the withheld warning is theirs: it says where they find it.
    assert "You see it among the early warnings in your inbox." in body["signals_withheld_message"]
    client.login(username="leader_a", password=PASSWORD)
    page = client.get(reverse("insights:dashboard"), {"period": "2025-Q4"}).content.decode()
    assert "1 early warning is not listed here" in page
    assert "6 concerns about" not in page
    assert "None open." not in page


def test_the_attack_works_when_the_warning_is_shown(client, org, monkeypatch):
    """The attack above is real: with the warning shown, the hidden quarter of 1 comes out."""
    _flows(org, in_q3=1, in_window=6)
    monkeypatch.setattr(dashboard, "signal_is_safe", lambda signal: True)
    assert _attack(client, org) == 1


def test_a_warning_that_narrows_nothing_names_its_theme_beside_a_hidden_cell_and_says_why(client, org):
    _flows(org, in_q3=1, in_window=6)
    many(org.ward_a, dt.date(2025, 10, 3), 7)  # the quarter holds 13: the year less 6 is 8
    refresh_summaries()
    body = _api(client, org, "2025-Q4")
    assert _workload(body) is None and _workload(_api(client, org, "2025")) == 14
    assert [s["theme"] for s in body["signals"]] == ["workload_staffing"] and body["signals_withheld"] == 0
    assert _attack(client, org) is None
    assert "a hidden figure can be large" in body["hidden_means"]
    assert body["signals_note"].startswith("A warning counts only the days it names")
    client.login(username="leader_a", password=PASSWORD)
    page = client.get(reverse("insights:dashboard"), {"period": "2025-Q4"}).content.decode()
    assert "6 concerns about workload and staffing in 4 West" in page
    assert "A warning counts only the days it names, not the period above" in page
    assert "and its count is not that figure." in page
    assert body["hidden_means"].replace("“", "&ldquo;") in page or body["hidden_means"] in page


@pytest.mark.parametrize(
    ("known", "shown"),
    [([7], False), ([9], False), ([11], True), ([6, 14], True), ([6, 10], False), ([], True)],
)
def test_privacy_says_whether_a_part_leaves_a_small_group(known, shown):
    from upstream.privacy.partial import leaves_a_small_group

    assert leaves_a_small_group(6, known, minimum=5) is not shown
