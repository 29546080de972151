"""The dashboard's tab says which unit and period it shows, and a survey score left in English on a
Spanish page is marked so, as on the results page (an accessibility probe: every dashboard was titled
"Dashboard", and a Spanish voice read "Work-related burnout")."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from conftest import PASSWORD
from upstream.insights.summary import refresh_summaries
from upstream.surveys.instruments import shipped_instruments
from upstream.surveys.models import Response
from upstream.surveys.results import results_from
from upstream.surveys.scoring import score_answers
from upstream.surveys.tests.helpers import office_of, open_wave

TITLE = re.compile(r"<title>(.*?)</title>", re.S)
H1 = re.compile(r"<h1>(.*?)</h1>", re.S)


@pytest.fixture
def period_with_results(org):
    office = office_of(org)
    wave = open_wave(
        org, office, units=[org.system], instruments=("upstream-pulse", "cbi-work"), today=dt.date(2026, 7, 1)
    )
    pulse, cbi = shipped_instruments()["upstream-pulse"], shipped_instruments()["cbi-work"]
    given = {"upstream-pulse": {"up_division": 2, "up_safety": 4}, "cbi-work": {i.key: 75 for i in cbi.items}}
    Response.objects.bulk_create(
        Response(
            wave=wave,
            unit=org.ward_a,
            role_group="nurse",
            released_on=wave.closes_on,
            answers=given,
            scores={
                "upstream-pulse": score_answers(pulse, given["upstream-pulse"]),
                "cbi-work": score_answers(cbi, given["cbi-work"]),
            },
        )
        for _ in range(12)
    )
    refresh_summaries(results_from(wave) + dt.timedelta(minutes=1))
    return office, f"{wave.closes_on.year}-Q{(wave.closes_on.month - 1) // 3 + 1}"


def _page(user, language: str, **query) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.login(username=user.username, password=PASSWORD)
    return client.get("/insights/", query).content.decode()


def test_it_handles_the_title_naming_the_unit_and_period_of_the_heading(org, period_with_results):
    office, period = period_with_results
    page = _page(office, "en", unit=org.ward_a.pk, period=period)
    heading = H1.search(page).group(1).strip()
    assert heading == f"{org.ward_a.name}, {period}"
    assert TITLE.search(page).group(1) == f"Dashboard: {heading} · Upstream"
    by_role = _page(office, "en", unit=org.ward_a.pk, period=period, role="nurse")
    assert H1.search(by_role).group(1).strip() in TITLE.search(by_role).group(1)


def test_it_handles_an_untranslated_score_on_a_spanish_dashboard_marked_english(period_with_results):
    office, period = period_with_results
    spanish = _page(office, "es-US,es;q=0.9", period=period)
    table = spanish.split("survey-title", 1)[1].split("</table>", 1)[0]
    assert re.search(r'<span lang="en">Work-related burnout</span>', table)
    assert "<td>Seguridad psicológica <span" in table  # the translated pulse is not marked
    english = _page(office, "en", period=period)
    assert 'lang="en"' not in english.split("survey-title", 1)[1].split("</table>", 1)[0]


def test_the_dashboard_and_nam_api_give_every_theme_its_stored_name(org, client):
    """`volume[].name` was the stored name and `themes[].name` the Spanish one in the same answer (a
    new-user walk of the office's pages): the API gives stored names beside the keys, everywhere."""
    from upstream.api.tests.test_api import auth
    from upstream.insights.tests.helpers import many

    many(org.ward_a, dt.date(2025, 11, 20), 6)
    refresh_summaries()
    headers = {"HTTP_ACCEPT_LANGUAGE": "es", **auth(org.leader)}
    body = client.get("/api/v1/insights/dashboard", {"period": "2025-Q4"}, **headers).json()
    rows = [row for part in ("volume", "themes", "top_themes") for row in body[part]]
    named = {row["name"] for row in rows if row["theme"] == "workload_staffing"}
    assert named == {"Workload and staffing"}
    factor = client.get("/api/v1/insights/nam/team", {"period": "2025-Q4"}, **headers)
    assert factor.status_code == 200
    names = {t["theme"]: t["name"] for t in factor.json()["themes"]}
    assert names["workload_staffing"] == "Workload and staffing"
