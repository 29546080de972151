"""A series starts at the unit's first concern. The eight quarters before the chosen one were drawn as
0 even before the unit had any concern (a health system that started with Upstream this year read a
line of zeros as two calm years: executive's probe); they are left out, and the page says why."""

from __future__ import annotations

import datetime as dt
import io
import re

from django.urls import reverse
from pypdf import PdfReader

from conftest import PASSWORD
from upstream.api.tokens import create_token
from upstream.insights.summary import refresh_summaries
from upstream.insights.tests.helpers import many


def volume_columns(page: str) -> list[str]:
    table = page.split('id="volume-title"')[1].split("</thead>")[0]
    return re.findall(r'<th scope="col" class="num">([^<]+)</th>', table)


def test_the_series_starts_at_the_first_quarter_with_a_concern(client, org):
    many(org.ward_a, dt.date(2026, 5, 4), 6, "workload_staffing")  # 2026-Q2: Medicine's first
    many(org.ward_a, dt.date(2026, 8, 3), 7, "workload_staffing")
    refresh_summaries()
    client.login(username="chair", password=PASSWORD)
    page = client.get(reverse("insights:dashboard"), {"period": "2026-Q3"}).content.decode()
    assert volume_columns(page) == ["2026-Q2", "2026-Q3"]
    assert "The first concern in Medicine was released in 2026-Q2" in page

    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(org.chair)}"}
    body = client.get("/api/v1/insights/dashboard", {"period": "2026-Q3"}, **headers).json()
    assert body["quarters"] == ["2026-Q2", "2026-Q3"] and body["series_starts_in"] == "2026-Q2"
    assert body["totals"] == [6, 7]
    # How the themes moved still compares with the quarter before.
    moved = {row["theme"]: (row["period"], row["before"]) for row in body["themes"]}
    assert moved["workload_staffing"] == (7, 6)

    report = client.get(reverse("insights:report"), {"period": "2026-Q3"}).content
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(report)).pages)
    assert "The first concern in Medicine was released in 2026-Q2" in " ".join(text.split())


def test_a_first_quarter_compares_with_nothing_before_it(client, org):
    many(org.ward_a, dt.date(2026, 8, 3), 7, "workload_staffing")
    refresh_summaries()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(org.chair)}"}
    body = client.get("/api/v1/insights/dashboard", {"period": "2026-Q3"}, **headers).json()
    assert body["quarters"] == ["2026-Q3"] and body["totals"] == [7]
    moved = {row["theme"]: (row["period"], row["before"]) for row in body["themes"]}
    assert moved["workload_staffing"] == (7, 0)
    client.login(username="chair", password=PASSWORD)
    report = client.get(reverse("insights:report"), {"period": "2026-Q3"})
    assert report.status_code == 200
    text = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(report.content)).pages).split())
    assert "No concern was recorded in 2026-Q2, the period before" in text


def test_a_unit_with_concerns_before_the_series_shows_all_eight_quarters_and_no_note(client, org):
    many(org.ward_a, dt.date(2023, 2, 6), 6, "workload_staffing")
    many(org.ward_a, dt.date(2026, 8, 3), 7, "workload_staffing")
    refresh_summaries()
    client.login(username="chair", password=PASSWORD)
    page = client.get(reverse("insights:dashboard"), {"period": "2026-Q3"}).content.decode()
    assert len(volume_columns(page)) == 8 and volume_columns(page)[0] == "2024-Q4"
    assert 'id="series-start"' not in page


def test_the_first_quarter_is_the_unit_s_own(client, org):
    """A unit that joined later starts at its own first concern, not the system's."""
    many(org.ward_b, dt.date(2025, 2, 3), 6, "workload_staffing")
    many(org.ward_a, dt.date(2026, 8, 3), 7, "workload_staffing")
    refresh_summaries()
    client.login(username="chair", password=PASSWORD)
    ward_a = {"period": "2026-Q3", "unit": org.ward_a.pk}
    page = client.get(reverse("insights:dashboard"), ward_a).content.decode()
    assert volume_columns(page) == ["2026-Q3"]
    assert "The first concern in 4 West was released in 2026-Q3" in page
    medicine = client.get(reverse("insights:dashboard"), {"period": "2026-Q3"}).content.decode()
    assert volume_columns(medicine)[0] == "2025-Q1"
