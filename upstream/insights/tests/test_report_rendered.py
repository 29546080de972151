"""The board report as it prints: each page rendered to pixels (PDFium, the engine Chrome prints
with), its chart's bars as tall as the figures they stand for, and nothing running off the paper.

Reading the PDF's text (the other report tests) cannot see a chart drawn empty, bars scaled wrongly
or a table wider than the page; a rendering can.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from conftest import PASSWORD
from upstream.actions.models import Action
from upstream.insights.dashboard import figures as dashboard_figures
from upstream.insights.dashboard import resolve_filters
from upstream.insights.report import PALETTE, render_pdf
from upstream.insights.summary import refresh_summaries
from upstream.insights.tests.helpers import many

Q3 = dt.date(2026, 8, 3)
SCALE = 2  # 144 pixels an inch: a bar one concern tall is several pixels
EDGE_MM = 8  # the report's margins are 20 mm; ink this near the edge has run off the layout


def _pages(pdf: bytes) -> list[np.ndarray]:
    document = pdfium.PdfDocument(pdf)
    try:
        return [page.render(scale=SCALE).to_numpy()[:, :, :3].copy() for page in document]
    finally:
        document.close()


def _rgb(colour) -> np.ndarray:  # type: ignore[no-untyped-def]
    return np.array([round(colour.red * 255), round(colour.green * 255), round(colour.blue * 255)])


def _bar_height(page: np.ndarray, colour) -> int:  # type: ignore[no-untyped-def]
    """The tallest run of the colour in any one pixel column: a bar, not the legend's small swatch.

    PDFium renders BGR(A); the comparison allows for anti-aliasing at the bar's edges."""
    rgb = _rgb(colour)
    mask = (np.abs(page[:, :, ::-1].astype(int) - rgb).sum(axis=2) <= 12).astype(np.int8)
    best = 0
    for column in mask.T[mask.any(axis=0)]:
        padded = np.concatenate(([0], column, [0]))
        edges = np.flatnonzero(np.diff(padded))
        best = max(best, int((edges[1::2] - edges[::2]).max()))
    return best


def _ink_near_edges(page: np.ndarray) -> bool:
    edge = round(EDGE_MM / 25.4 * 72 * SCALE)
    ink = page.min(axis=2) < 200  # anything darker than a very light grey
    return bool(ink[:edge].any() or ink[-edge:].any() or ink[:, :edge].any() or ink[:, -edge:].any())


@pytest.fixture
def medicine(org):
    """4 West 7 + 4 East 6 workload concerns and 4 West 5 EHR ones, in 2026-Q3."""
    many(org.ward_a, Q3, 7, "workload_staffing", ack_after_days=1)
    many(org.ward_a, Q3, 5, "admin_burden_ehr", ack_after_days=4)
    many(org.ward_b, Q3, 6, "workload_staffing")
    refresh_summaries()


def _report(org, language: str) -> bytes:
    with translation.override(language):
        return render_pdf(dashboard_figures(org.chair, resolve_filters(org.chair, "", "2026-Q3")))


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_chart_draws_each_theme_as_tall_as_its_count(org, medicine, language):
    first = _pages(_report(org, language))[0]
    workload, ehr = _bar_height(first, PALETTE[0]), _bar_height(first, PALETTE[1])
    # Stacked, largest theme first: 13 workload concerns below 5 EHR ones in the quarter's bar.
    assert ehr > 10, "the second theme's bar is missing"
    assert workload / ehr == pytest.approx(13 / 5, rel=0.08)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("country", ["US", "GB"])
def test_no_page_runs_off_the_paper(org, medicine, settings, language, country):
    """Letter and A4, English and the longer Spanish: every table and label inside the margins."""
    settings.UPSTREAM_COUNTRY = country
    pages = _pages(_report(org, language))
    assert len(pages) >= 2
    assert [n for n, page in enumerate(pages, 1) if _ink_near_edges(page)] == []


def test_the_downloaded_report_is_the_one_rendered(client, org, medicine):
    """The dashboard's button gives the same drawing as the function the tests above render."""
    client.login(username="chair", password=PASSWORD)
    pdf = client.get(reverse("insights:report"), {"period": "2026-Q3"}).content
    first = _pages(pdf)[0]
    assert _bar_height(first, PALETTE[0]) / _bar_height(first, PALETTE[1]) == pytest.approx(13 / 5, rel=0.08)


def _report_with_action(org, title: str) -> tuple[bytes, str]:  # type: ignore[no-untyped-def]
    """The report (and its words) for 2026-Q3 after 4 West's name is saved and an action published."""
    org.ward_a.save()
    Action.objects.create(
        title=title,
        description="d",
        scope=org.ward_a,
        state=Action.State.PUBLISHED,
        progress=40,
        created_at=dt.datetime(2026, 8, 20, tzinfo=dt.UTC),
        published_at=dt.datetime(2026, 8, 20, tzinfo=dt.UTC),
    )
    pdf = _report(org, "en")
    return pdf, " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def test_names_that_look_like_markup_print_as_written(org, medicine):
    """reportlab reads a paragraph as markup: a unit named "Labor <b>& Delivery" or an action titled
    "Ratios <i>now" made the board report a 500 for everyone whose scope held them."""
    org.ward_a.name = "Labor <b>& Delivery"
    pdf, text = _report_with_action(org, "Ratios <i>now")
    assert "Labor <b>& Delivery" in text and "Ratios <i>now" in text
    assert "1 action published. 0 completed." in text


def test_names_beyond_latin_1_print_as_written_not_as_boxes(org, medicine):
    """Helvetica, reportlab's built-in face, has no "Ł" or "ễ": a unit called "Łódź Ortopedia" and
    an action titled "Nguyễn ward: 2 nurses → 3" printed with black boxes where those letters were.
    The report now embeds DejaVu Sans, and its text reads back as written."""
    org.ward_a.name = "Łódź Ortopedia"
    pdf, text = _report_with_action(org, "Nguyễn ward: 2 nurses → 3, Ştefan's rota")
    assert "Łódź Ortopedia" in text and "Nguyễn ward: 2 nurses → 3, Ştefan's rota" in text
    assert "■" not in text
    fonts = {
        str(font["/BaseFont"])
        for page in PdfReader(io.BytesIO(pdf)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("DejaVuSans" in name for name in fonts), fonts  # no face left in Helvetica


def test_a_period_without_actions_says_so_instead_of_an_empty_table(org, medicine):
    pdf = _report(org, "en")
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "No action was published in this period." in text
    assert "Progress" not in text  # the table's header, once drawn over no rows


def test_the_csv_files_open_names_as_text_not_formulas(org, medicine):
    """A unit named "=HYPERLINK(...)" would run as a formula in a board member's spreadsheet; a share
    stays a number for scripts."""
    import zipfile

    from upstream.insights.report import csv_bundle

    org.ward_a.name = '=HYPERLINK("http://example.org","4 West")'
    org.ward_a.save()
    with translation.override("en"):
        bundle = zipfile.ZipFile(
            io.BytesIO(csv_bundle(dashboard_figures(org.chair, resolve_filters(org.chair, "", "2026-Q3"))))
        )
    for name in ("units_by_theme.csv", "responsiveness.csv"):
        text = bundle.read(name).decode()
        assert "\n=HYPERLINK" not in text and "\n\"'=HYPERLINK" in text, name
    assert "5 East,6,0.0," in bundle.read("responsiveness.csv").decode()


def test_a_report_with_more_actions_than_it_lists_says_which_it_lists(org, medicine):
    """ "12 actions published. 5 completed." over five rows read as the whole list (re-walk)."""
    for n in range(7):
        Action.objects.create(
            title=f"Action {n}",
            description="d",
            scope=org.ward_a,
            state=Action.State.PUBLISHED,
            progress=100 if n < 2 else 10,
            created_at=dt.datetime(2026, 8, 20, tzinfo=dt.UTC),
            published_at=dt.datetime(2026, 8, 20, 9, n, tzinfo=dt.UTC),
        )
    pdf = _report(org, "en")
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "7 actions published. 2 completed. The 5 most recently published:" in text
    assert "Action 6" in text and "Action 1" not in text


def test_no_page_is_left_holding_only_the_warnings(org):
    """With every theme raised, the chart and the top themes ran onto page 2, and a forced break
    before "Responsiveness" left that page holding one sentence (executive's probe)."""
    taxonomy = Path(__file__).resolve().parents[2] / "themes" / "data" / "taxonomy.json"
    for theme in json.loads(taxonomy.read_text(encoding="utf-8")):
        many(org.ward_a, Q3, 6, theme["key"])
        many(org.ward_b, Q3, 6, theme["key"])
    refresh_summaries()
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(_report(org, "en"))).pages]
    assert len(pages) >= 2
    assert [len(" ".join(text.split())) for text in pages[:-1] if len(" ".join(text.split())) < 400] == []


def test_the_csv_bundle_holds_the_reports_actions_and_campaign_counts(org, medicine):
    """The zip, documented as "the same figures" as the PDF, had only the count of actions and no
    shared-concern, campaign or formal-ask figure (an officer's walk)."""
    import csv
    import zipfile

    from upstream.insights.report import csv_bundle

    Action.objects.create(
        title="Float pool, =now",
        description="d",
        scope=org.ward_a,
        state=Action.State.PUBLISHED,
        progress=60,
        created_at=dt.datetime(2026, 8, 20, tzinfo=dt.UTC),
        published_at=dt.datetime(2026, 8, 20, 15, tzinfo=dt.UTC),
    )
    data = dashboard_figures(org.chair, resolve_filters(org.chair, "", "2026-Q3"))
    bundle = zipfile.ZipFile(io.BytesIO(csv_bundle(data)))
    recent = list(csv.reader(io.StringIO(bundle.read("actions_recent.csv").decode())))
    assert recent[0] == ["published_on", "action", "where", "progress_percent"]
    assert recent[1:] == [["2026-08-20", "Float pool, =now", "4 West", "60"]]
    counts = dict(csv.reader(io.StringIO(bundle.read("campaigns.csv").decode())))
    assert counts["campaigns_open"] == str(data.community.campaigns_open)
    wanted = {"shared_concerns_open", "campaign_members", "formal_asks_sent", "formal_asks_answered"}
    assert wanted <= set(counts)


def _overprinted(pdf: bytes) -> list[tuple[int, str, str]]:
    """Pairs of characters printed over each other: (page, one, the other). Neighbouring cells whose
    text ran into the next column print there; within a word, glyph boxes only touch (and next
    characters of the chart's slanted quarter labels are left out: their upright boxes overlap)."""
    document = pdfium.PdfDocument(pdf)
    found = []
    try:
        for number, page in enumerate(document, 1):
            text = page.get_textpage()
            boxes = []
            for index in range(text.count_chars()):
                char = text.get_text_range(index, 1)
                if char.strip():
                    left, bottom, right, top = text.get_charbox(index)
                    boxes.append((left, bottom, right, top, char, index))
            boxes.sort()
            for i, (left, bottom, right, top, char, index) in enumerate(boxes):
                for other in boxes[i + 1 :]:
                    if other[0] >= right:
                        break
                    width = min(right, other[2]) - max(left, other[0])
                    height = min(top, other[3]) - max(bottom, other[1])
                    smaller = min(right - left, other[2] - other[0])
                    if abs(other[5] - index) > 1 and height > 1 and smaller > 0 and width > 0.5 * smaller:
                        found.append((number, char, other[4]))
    finally:
        document.close()
    return found


@pytest.mark.parametrize("language", ["en", "es"])
def test_with_every_theme_raised_nothing_runs_off_the_paper_or_prints_over_other_text(org, language):
    """Six themes in the chart's legend put a second column of names past the page's edge ("What
    helps: connection a"), and the Spanish table headings ("Días hasta confirmar", "Con medidas")
    printed over each other (an officer's walk of the board report)."""
    taxonomy = Path(__file__).resolve().parents[2] / "themes" / "data" / "taxonomy.json"
    for theme in json.loads(taxonomy.read_text(encoding="utf-8")):
        many(org.ward_a, Q3, 6, theme["key"], ack_after_days=2)
    refresh_summaries()
    pdf = _report(org, language)
    assert [n for n, page in enumerate(_pages(pdf), 1) if _ink_near_edges(page)] == []
    assert _overprinted(pdf) == []
