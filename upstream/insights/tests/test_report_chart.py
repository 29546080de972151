"""The board report's theme chart draws the largest themes, the same ones in every language."""

from __future__ import annotations

import datetime as dt
import io
import re

from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader
from reportlab.graphics.charts.legends import Legend

from conftest import PASSWORD
from upstream.api.tests.test_api import auth
from upstream.insights.dashboard import figures, resolve_filters
from upstream.insights.models import UNCLEAR
from upstream.insights.report import _chart_keys, volume_chart
from upstream.insights.summary import refresh_summaries
from upstream.insights.tests.helpers import many

Q4, Q2 = dt.date(2026, 11, 2), dt.date(2026, 5, 4)
SHOWN = {UNCLEAR: 13, "patient_social_needs": 8, "positive_connection": 8, "resources_equipment": 5}
# Too few to show, and first by name in English or in Spanish ("Adecuación", "Aislamiento", ...).
SMALL = {
    "admin_burden_ehr": 1,
    "wellness_program_fit": 2,
    "isolation_disconnection": 1,
    "leadership_autonomy": 2,
    "mental_health_stigma": 1,
    "moral_injury": 1,
}


def _chart(org, language: str) -> tuple[list[str], dict[str, dict[str, int | None]]]:
    with translation.override(language):
        data = figures(org.leader, resolve_filters(org.leader, str(org.ward_a.pk), "2026-Q4"))
        return _chart_keys(data), data.volume.values


def test_the_report_charts_the_largest_themes_in_every_language(client, org):
    """The chart took the first six themes by name in the reader's language: six hidden ones here,
    drawn as 0, and none of the 8, 8, 6, 5 and 13 shown; the Spanish report charted other themes."""
    for key, count in {**SHOWN, **SMALL}.items():
        many(org.ward_a, Q4, count, None if key == UNCLEAR else key)
    many(org.ward_a, Q2, 6, "workload_staffing")  # the chart's quarters count, not only the last one
    refresh_summaries()

    keys, values = _chart(org, "en")
    assert all(values[key]["2026-Q4"] is None for key in SMALL)  # hidden, as on the dashboard
    # Largest shown first (ties by key, never by name); hidden-only themes after them, by key: the
    # hidden counts play no part in the order, so the order tells nothing about them.
    assert keys == [
        UNCLEAR,
        "patient_social_needs",
        "positive_connection",
        "workload_staffing",
        "resources_equipment",
        "admin_burden_ehr",
    ]
    assert _chart(org, "es")[0] == keys

    # What the board reads: the chart's legend, in each language, names the same six themes, each
    # whole or cut at a word, and stays inside the drawing (a second column of names ran past the
    # page's edge, and 28 characters of the report's wide typeface past the drawing's).
    legends = {}
    for language in ("en", "es"):
        with translation.override(language):
            data = figures(org.leader, resolve_filters(org.leader, str(org.ward_a.pk), "2026-Q4"))
            drawing = volume_chart(data)
            names = {key: data.volume.labels.get(key, name) for key, name in data.volume.themes}
        (legend,) = (item for item in drawing.contents if isinstance(item, Legend))
        assert legend.getBounds()[2] <= drawing.width
        legends[language] = [label for _colour, label in legend.colorNamePairs]
        for key, label in zip(keys, legends[language], strict=True):
            whole = names[key]
            assert label == whole or (label.endswith("…") and whole.startswith(label[:-1]))
    headings = {
        "en": "Concerns by theme, quarter by quarter",
        "es": "Inquietudes por tema, trimestre por trimestre",
    }
    client.login(username="leader_a", password=PASSWORD)
    for language, legend in legends.items():
        client.cookies["django_language"] = language
        pdf = client.get(reverse("insights:report"), {"unit": org.ward_a.pk, "period": "2026-Q4"}).content
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        chart = text.split(headings[language])[1].split("\n* ")[0].splitlines()
        lines = [line.strip() for line in chart]  # DejaVu's spacing reads back with leading blanks
        assert [line for line in lines if not re.fullmatch(r"\d*|\d{4}-Q\d\*?", line)] == legend


def test_the_top_themes_table_breaks_ties_the_same_way_in_every_language(org):
    """Two themes with 8 concerns each at the table's last row: English and Spanish boards listed
    different ones, as ties went by the translated name ("Patients'..." / "Lo que ayuda..."); then
    the cut listed one of the two. Both stay now, in the themes' order in every language."""
    from upstream.insights.report import top_themes

    for key, count in SHOWN.items():
        many(org.ward_a, Q4, count, None if key == UNCLEAR else key)
    refresh_summaries()
    names = {}
    for language in ("en", "es"):
        with translation.override(language):
            data = figures(org.leader, resolve_filters(org.leader, str(org.ward_a.pk), "2026-Q4"))
            rows = top_themes(data, count=1)
            names[language] = [name for name, _shown, _before in rows]
    # Both stay at the cut (a tie is not cut in two), in the same order in every language.
    assert [shown for _name, shown, _before in rows] == [8, 8]
    assert names == {
        "en": ["Patients' social needs", "What helps: connection and teamwork"],
        "es": ["Necesidades sociales de los pacientes", "Lo que ayuda: conexión y trabajo en equipo"],
    }


def test_themes_hidden_this_quarter_are_all_listed_after_the_five_largest_shown(org):
    """The table stopped at five shown rows: themes hidden this quarter (which may be the largest)
    were left out, so the board read the fifth-largest shown theme as if it were near the top."""
    from upstream.insights.report import top_themes

    shown = {"patient_social_needs": 11, "positive_connection": 10, "resources_equipment": 9}
    shown |= {"workload_staffing": 8, "moral_injury": 7}
    for key, count in {**shown, **SMALL}.items():
        many(org.ward_a, Q4, count, key)
    refresh_summaries()
    data = figures(org.leader, resolve_filters(org.leader, str(org.ward_a.pk), "2026-Q4"))
    rows = top_themes(data)
    counts = [count for _name, count, _before in rows]
    first_hidden = counts.index(None)
    assert counts[:first_hidden] == sorted(counts[:first_hidden], reverse=True)[:5]
    assert counts[:first_hidden][:4] == [11, 10, 9, 8]
    assert all(count is None for count in counts[first_hidden:])  # hidden ones after, never between
    hidden = [name for name, count, _before in rows if count is None]
    assert len(hidden) == len(SMALL)  # every hidden theme, none cut off
    assert "Documentation and EHR burden" in hidden


def test_hidden_themes_come_in_the_order_of_their_shown_figure_the_quarter_before(org):
    """Hidden themes were listed by key and cut at five: "workload_staffing", last by key, was left
    out though it had been the largest theme the quarter before (found by a leader walk). Their
    own hidden figure never orders them."""
    from upstream.insights.report import top_themes

    for key, count in {"patient_social_needs": 11, **SMALL}.items():
        many(org.ward_a, Q4, count, key)
    many(org.ward_a, Q4, 1, "workload_staffing")
    # Earlier quarters busy enough that their own lines keep Q3's 9 shown (Q2 gives the year's
    # complement for Q4's hidden 1).
    themes = ("workload_staffing", "patient_social_needs", "resources_equipment")
    for day, counts in ((dt.date(2026, 8, 3), (9, 7, 6)), (Q2, (6, 7, 8))):
        for key, count in zip(themes, counts, strict=True):
            many(org.ward_a, day, count, key)
    refresh_summaries()
    data = figures(org.leader, resolve_filters(org.leader, str(org.ward_a.pk), "2026-Q4"))
    hidden = [(name, before) for name, count, before in top_themes(data) if count is None]
    assert hidden[0] == ("Workload and staffing", 9) and len(hidden) == len(SMALL) + 1


def test_a_years_report_compares_the_year_with_the_year_before(client, org):
    """The report for 2026 read its last quarter against the quarter before (7 and 0 here), under a
    title naming the year: a board took them for the year's figures."""
    from upstream.insights.report import top_themes

    many(org.ward_a, dt.date(2025, 8, 4), 5, "workload_staffing")
    many(org.ward_a, dt.date(2026, 2, 3), 6, "workload_staffing")
    many(org.ward_a, Q4, 7, "workload_staffing")
    many(org.ward_a, Q4, 5, "positive_connection")
    refresh_summaries()
    year = figures(org.leader, resolve_filters(org.leader, str(org.ward_a.pk), "2026"))
    assert top_themes(year) == [
        ("Workload and staffing", 13, 5),
        ("What helps: connection and teamwork", 5, 0),
    ]
    quarter = figures(org.leader, resolve_filters(org.leader, str(org.ward_a.pk), "2026-Q4"))
    assert top_themes(quarter) == [
        ("Workload and staffing", 7, 0),
        ("What helps: connection and teamwork", 5, 0),
    ]
    # The API gives the same table, and every theme's figure in the period: the year's own cells.
    answer = client.get(
        "/api/v1/insights/dashboard", {"unit": org.ward_a.pk, "period": "2026"}, **auth(org.leader)
    ).json()
    assert answer["compared_with"] == "2025"
    assert [(t["theme"], t["period"], t["before"]) for t in answer["top_themes"]] == [
        ("workload_staffing", 13, 5),
        ("positive_connection", 5, 0),
    ]
    by_theme = {t["theme"]: (t["period"], t["before"]) for t in answer["themes"]}
    assert by_theme["workload_staffing"] == (13, 5) and by_theme["moral_injury"] == (0, 0)
    quarter = client.get(
        "/api/v1/insights/dashboard", {"unit": org.ward_a.pk, "period": "2026-Q4"}, **auth(org.leader)
    ).json()
    assert quarter["compared_with"] == "2026-Q3"
    assert [(t["theme"], t["period"], t["before"]) for t in quarter["top_themes"]][0] == (
        "workload_staffing",
        7,
        0,
    )
    client.login(username="leader_a", password=PASSWORD)
    pdf = client.get(reverse("insights:report"), {"unit": org.ward_a.pk, "period": "2026"}).content
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    table = text.split("Top themes and how they moved")[1]
    assert "This year" in table and "Year before" in table and "This quarter" not in table


def test_the_largest_theme_of_the_quarter_is_drawn_though_seventh_over_eight(org):
    """Moral injury, top of the quarter at 14, was left out as seventh over eight quarters (officer's
    probe): it takes the last place."""
    earlier = {"workload_staffing": 30, "leadership_autonomy": 25, "admin_burden_ehr": 22,
               "respect_safety": 21, "work_life": 20, "recognition_growth": 19}  # fmt: skip
    for key, count in earlier.items():
        many(org.ward_a, Q2, count, key)
    many(org.ward_a, Q4, 14, "moral_injury")
    many(org.ward_a, Q4, 6, "workload_staffing")
    refresh_summaries()
    keys, values = _chart(org, "en")
    assert values["moral_injury"]["2026-Q4"] == 14 and len(keys) == 6
    assert "moral_injury" in keys and keys[:5] == [
        "workload_staffing", "leadership_autonomy", "admin_burden_ehr", "respect_safety", "work_life",
    ]  # fmt: skip


def test_a_quarter_whose_every_figure_is_hidden_lists_every_theme_raised(org):
    """Every figure of 4 West's quarter hidden and none the quarter before: the table listed five
    themes by key and left out workload, the unit's largest and the theme of its early warning."""
    from upstream.insights.report import top_themes

    for key, count in {**SMALL, "workload_staffing": 4, "respect_safety": 2}.items():
        many(org.ward_a, Q4, count, key)
    refresh_summaries()
    data = figures(org.leader, resolve_filters(org.leader, str(org.ward_a.pk), "2026-Q4"))
    rows = top_themes(data)
    assert all(count is None for _name, count, _before in rows)
    assert "Workload and staffing" in [name for name, _count, _before in rows]
    assert len(rows) == len(SMALL) + 2


def test_the_report_names_the_themes_its_top_table_leaves_out(client, org):
    """Eight themes shown on the dashboard, five in the PDF's table: the other three (8, 7 and 6
    concerns) were nowhere in the report, and a board took their absence for none (officer's walk)."""
    counts = {"patient_social_needs": 12, "positive_connection": 11, "resources_equipment": 10}
    counts |= {"workload_staffing": 9, "moral_injury": 9, "respect_safety": 7, "leadership_culture": 6}
    for key, count in counts.items():
        many(org.ward_a, Q4, count, key)
    refresh_summaries()
    client.login(username="leader_a", password=PASSWORD)
    pdf = client.get(reverse("insights:report"), {"unit": org.ward_a.pk, "period": "2026-Q4"}).content
    text = " ".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
    found = re.search(r"\d+ more themes? had concerns this period: [^.]*\.", text)
    expected = "2 more themes had concerns this period: Respect, civility and safety (7), Leadership"
    assert found and found.group(0).startswith(expected)
