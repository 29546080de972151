"""The dashboards in a real browser at phone and desktop width: charts drawn under the CSP, no overflow."""

from __future__ import annotations

import datetime as dt
import gc
import os

import pytest

from conftest import Org
from upstream.community.models import Recognition
from upstream.insights.summary import refresh_summaries
from upstream.insights.tests.helpers import UTC, many
from upstream.insights.tests.test_engagement import answers
from upstream.ops.tests.browser import DESKTOP, PHONE, shoot
from upstream.ops.tests.test_browser_loop import sign_in
from upstream.surveys.results import results_from
from upstream.surveys.tests.helpers import office_of, open_wave

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
Q3 = dt.date(2026, 8, 3)
# Pixels from where each caption's table can be seen (its left edge, or its scroll box's when the
# table is scrolled sideways) to where the caption's words begin, and how far they run past its right.
CAPTION_INDENTS = """() => Array.from(document.querySelectorAll("caption")).map((caption) => {
  const words = document.createRange();
  words.selectNodeContents(caption);
  const seen = words.getBoundingClientRect();
  const table = caption.closest("table").getBoundingClientRect();
  const frame = (caption.closest(".scroll-x") || caption.closest("table")).getBoundingClientRect();
  return [
    Math.abs(Math.round(seen.left - Math.max(table.left, frame.left))),
    Math.max(0, Math.round(seen.right - frame.right)),
  ];
})"""
HEADING_INSETS = """() => Array.from(document.querySelectorAll("section.card > h2:first-child")).map(
  (h) => Math.round(h.getBoundingClientRect().top - h.parentElement.getBoundingClientRect().top),
)"""


@pytest.fixture
def live_figures(transactional_db):
    org = Org()
    for unit, theme, count in (
        (org.ward_a, "workload_staffing", 9),
        (org.ward_a, "admin_burden_ehr", 6),
        (org.ward_b, "workload_staffing", 7),
        (org.ward_b, "moral_injury", 5),
    ):
        many(unit, Q3, count, theme, ack_after_days=2)
        many(unit, Q3 - dt.timedelta(days=95), count - 2, theme, ack_after_days=4)
    # Concerns since 2024: the quarter table has its eight quarters (a series starts at the first).
    many(org.ward_a, dt.date(2024, 2, 5), 5, "workload_staffing", ack_after_days=2)
    # A pulse wave that closed in Q3, answered by 4 West (7) and 5 East (6), and thanks given in
    # 4 West: the survey and community sections draw charts too.
    wave = open_wave(org, office_of(org), units=[org.system], today=dt.date(2026, 7, 1))
    answers(wave, org.ward_a, 7, division=2)
    answers(wave, org.ward_b, 6, division=4)
    at = dt.datetime(2026, 8, 5, 9, tzinfo=UTC)
    for _ in range(6):
        Recognition.objects.create(
            author=org.reporter, to_team=org.ward_a, unit=org.ward_a, text="Thanks", created_at=at
        )
    # No collection while SQLite runs Django's Python functions (see conftest's
    # _collect_live_server_connections): a garbage connection closed then deadlocks.
    gc.collect()
    gc.disable()
    try:
        refresh_summaries(max(results_from(wave), dt.datetime(2026, 9, 1, tzinfo=UTC)))
    finally:
        gc.enable()
    return org


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_dashboards_draw_their_charts_and_fit_the_screen(browser, live_server, live_figures, size):
    from playwright.sync_api import expect

    page = browser.new_page(viewport=size)
    problems: list[str] = []
    warnings: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    sign_in(page, live_server.url, "chair")
    page.goto(f"{live_server.url}/insights/?period=2026-Q3")
    page.wait_for_selector(".chart.drawn canvas", timeout=15000)
    # Every chart on the page is drawn: concerns by theme, the heatmap, survey results and
    # community activity.
    # (A locator assertion, not wait_for_function: polling a string of JavaScript is an eval the
    # page's Content-Security-Policy refuses.)
    expect(page.locator(".chart:not(.drawn)")).to_have_count(0, timeout=15000)
    assert page.locator(".chart.drawn").count() == 4
    # Each drawn chart keeps the page's own description as its name: Vega replaced it with its
    # English "Vega visualization", whatever the reader's language.
    names = page.eval_on_selector_all(".chart.drawn", "cs => cs.map(c => c.getAttribute('aria-label'))")
    assert all(name and "the same figures are in the table below" in name for name in names), names
    assert page.locator(".chart [aria-label='Vega visualization']").count() == 0
    assert page.locator("table").count() >= 4
    # Each new section's table beside its chart carries the figures a reader would check: the
    # department's 13 survey answers (7 + 6, both units above the minimum) and the 6 thanks.
    surveys = page.locator("section[aria-labelledby=survey-title] table")
    assert "Autumn pulse" in surveys.inner_text()
    assert "13" in surveys.locator("td.num").all_inner_texts()
    community = page.locator("section[aria-labelledby=community-title] table")
    assert "6" in community.locator("td.num").all_inner_texts()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= size["width"] + 1, f"page is {width}px wide at {size['width']}px"
    # A caption starts where its table starts: centred over a table wider than a phone, it was cut
    # off at the right edge ("C" of "Concerns by main theme" and nothing more). On a table opened on
    # its latest quarter, its words stay in sight ("incipal en cada trimestre" in Spanish).
    assert page.evaluate(CAPTION_INDENTS) == [[0, 0]] * page.locator("caption").count()
    # A card's heading starts at the card's padding (1 px border + 16 px), not 24 px of its own
    # margin further down: the gap above the title was twice the one under the last line.
    assert set(page.evaluate(HEADING_INSETS)) == {17}
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
    # Vega says when a spec asks for something it cannot do ('Dropping "fit-y" because spec has
    # discrete height'): every leader's console would carry it.
    assert warnings == [], warnings
    shoot(page, "dashboard")
    page.get_by_role("link", name="Where the system is failing: the NAM model").click()
    page.wait_for_selector(".nam")
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"] + 1
    shoot(page, "nam-model")
    page.locator(".nam a").first.click()
    page.wait_for_selector("h1")
    shoot(page, "nam-factor")


def test_on_a_desktop_the_latest_quarter_is_in_sight_without_scrolling(browser, live_server, live_figures):
    """At 1280 px the page was held to 60rem: the quarter table scrolled sideways and hid the latest
    quarter, the one a leader opens the dashboard for, past the card's right edge."""
    page = browser.new_page(viewport=DESKTOP)
    sign_in(page, live_server.url, "chair")
    page.goto(f"{live_server.url}/insights/?period=2026-Q3")
    table = page.locator("section[aria-labelledby=volume-title] .scroll-x")
    hidden = table.evaluate("(box) => box.scrollWidth - box.clientWidth")
    assert hidden <= 0, f"the quarter table hides {hidden}px to the right at 1280 px"
    page.close()


def test_on_a_phone_the_quarter_table_opens_on_the_latest_quarter(browser, live_server, live_figures):
    """At 375 px the table opened on 2025's columns of zeros; the quarter a leader came for was
    off the screen to the right."""
    page = browser.new_page(viewport=PHONE)
    sign_in(page, live_server.url, "chair")
    page.goto(f"{live_server.url}/insights/?period=2026-Q3")
    box = page.locator("section[aria-labelledby=volume-title] .scroll-x")
    page.wait_for_function("(box) => box.scrollLeft > 0", arg=box.element_handle(), timeout=5000)
    latest = box.locator("thead th").last
    assert latest.inner_text().strip() == "2026-Q3"
    inside = box.evaluate(
        """(box) => {
            const cell = box.querySelector('thead th:last-child').getBoundingClientRect();
            const frame = box.getBoundingClientRect();
            return cell.left >= frame.left - 1 && cell.right <= frame.right + 1;
        }"""
    )
    assert inside, "the latest quarter is not in sight at 375 px"
    # Scrolled to its latest quarter, each row still says which theme it is: the theme column stays.
    named = box.evaluate(
        """(box) => {
            const frame = box.getBoundingClientRect();
            const heads = [...box.querySelectorAll('tbody th')].map((th) => th.getBoundingClientRect());
            const latest = box.querySelector('thead th:last-child').getBoundingClientRect();
            return heads.every((h) => h.left >= frame.left - 1 && h.right <= latest.left + 1);
        }"""
    )
    assert named, "the theme column scrolled out of sight at 375 px"
    page.close()
