"""The heatmap's legend states the classes its cells can show, the same in chart, table and API.

A continuous colour scale drew a legend of 0 to 4 on the demo's dashboard, while a shown cell is 0
or at least the minimum group size (5), and a hidden one was not drawn at all.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re

import pytest
from django.urls import reverse

from conftest import PASSWORD
from upstream.api.tests.test_api import auth
from upstream.insights.dashboard import heat_bins
from upstream.insights.summary import refresh_summaries
from upstream.insights.tests.helpers import many
from upstream.themes.models import Theme


def test_it_bins_by_the_minimum_group_size_with_none_and_hidden_first():
    bins = heat_bins([0, None, 5, 12, 31], minimum=5)
    assert [b.key for b in bins] == ["none", "hidden", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34"]
    assert bins[1].label == "Hidden: fewer than 5, or hidden to protect a smaller figure"
    assert bins[2].label == "5 to 9"
    assert [b.key for b in heat_bins([0, None], minimum=5)] == ["none", "hidden"]
    assert heat_bins([10], minimum=10)[2].key == "10-19"


@pytest.mark.parametrize("largest", [34, 35, 64, 200, 5000])
def test_it_widens_bands_in_multiples_of_the_minimum_so_the_legend_stays_short(largest):
    bins = heat_bins([5, largest], minimum=5)[2:]
    assert len(bins) <= 6
    assert all(b.lowest % 5 == 0 and (b.highest + 1 - b.lowest) % 5 == 0 for b in bins)
    assert bins[0].lowest == 5 and bins[-1].lowest <= largest <= bins[-1].highest


def test_the_chart_its_table_and_the_api_state_the_same_bins(client, org):
    day = dt.date(2025, 11, 5)
    many(org.ward_a, day, 12)
    many(org.ward_a, day, 6, "work_life")
    many(org.ward_b, day, 2)  # hidden, and 4 West's workload with it across the siblings
    many(org.ward_b, day, 7, "work_life")
    many(org.ward_a, day, 9, "respect_safety")
    many(org.ward_b, day, 8, "respect_safety")
    refresh_summaries()
    client.login(username="chair", password=PASSWORD)
    page = client.get(reverse("insights:dashboard"), {"period": "2025-Q4"}).content.decode()
    spec = json.loads(re.search(r'id="heatmap-spec"[^>]*>(.*?)</script>', page, re.S).group(1))
    legend = html.unescape(re.search(r'id="heat-bins">(.*?)</p>', page, re.S).group(1))
    body = client.get("/api/v1/insights/dashboard", {"period": "2025-Q4"}, **auth(org.chair)).json()

    labels = [b["label"] for b in body["heatmap_bins"]]
    assert labels == ["None (0)", "Hidden: fewer than 5, or hidden to protect a smaller figure", "5 to 9"]
    color = spec["encoding"]["color"]
    assert color["type"] == "nominal" and color["scale"]["domain"] == labels
    assert len(color["scale"]["range"]) == len(labels)
    assert legend.split(":", 1)[1].strip() == " · ".join(labels)
    assert not any(re.fullmatch(r"[0-4]", label) for label in labels)

    by_key = {b["key"]: b for b in body["heatmap_bins"]}
    rows = {(r["unit"], r["theme"]): r for r in spec["data"]["values"]}
    themes = body["heatmap_themes"]
    names = {t.key: t.label for t in Theme.objects.filter(key__in=themes)}
    for row in body["heatmap"]:
        for key, value in zip(themes, row["values"], strict=True):
            drawn = rows[(row["unit"], names[key])]
            if value is None:
                assert drawn["band"] == by_key["hidden"]["label"] and drawn["concerns"] == "hidden"
            else:
                band = next(b for b in body["heatmap_bins"] if b["label"] == drawn["band"])
                assert band["lowest"] <= value <= band["highest"] and drawn["concerns"] == str(value)
    shown = [v for row in body["heatmap"] for v in row["values"]]
    assert None in shown and 8 in shown and 9 in shown
