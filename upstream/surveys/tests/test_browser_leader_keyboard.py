"""A leader at 375 px with the keyboard only: the survey pages and the speak-up codes page. Every
control is reached with Tab and shows the site's ring, the empty states say what to do, and nothing
is offered that has nothing to act on."""

from __future__ import annotations

import gc
import os

import pytest

from conftest import Org
from upstream.ops.tests.test_browser_loop import sign_in
from upstream.surveys.tests.helpers import office_of, open_wave

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
SMALL_PHONE = {"width": 375, "height": 740}
RING = "() => { const s = getComputedStyle(document.activeElement);return [s.outlineStyle, s.outlineWidth] }"


@pytest.fixture
def live_leader(transactional_db):
    org = Org()
    open_wave(org, office_of(org), units=[org.medicine], instruments=["upstream-pulse"])
    gc.collect()  # see conftest's _collect_live_server_connections
    return org


def tab_until(page, test: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const e = document.activeElement; return {test}; }}"):
            return
    raise AssertionError(f"nothing matching {test} reached with Tab")


def test_a_leader_s_survey_and_codes_pages_work_by_keyboard_at_375_px(browser, live_server, live_leader):
    context = browser.new_context(viewport=SMALL_PHONE)
    page = context.new_page()
    sign_in(page, live_server.url, "chair")

    # Trends with no score chosen yet: it says what to do and offers the choice here.
    page.goto(live_server.url + "/surveys/trends/")
    page.get_by_text("Choose a score to see how it changed from wave to wave.").wait_for()
    tab_until(page, "e.id === 'score'")
    assert page.evaluate(RING) == ["solid", "3px"]

    # A date box: its calendar button is a Tab stop of its own, ringed like the box.
    page.goto(live_server.url + "/surveys/manage/")
    tab_until(page, "e.id === 'opens_on'")
    for _ in range(3):  # month, day, year
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "opens_on"
    assert page.evaluate(RING) == ["solid", "3px"], "the calendar button's focus shows no ring"
    assert page.evaluate("document.scrollingElement.scrollWidth") <= SMALL_PHONE["width"]

    # Codes page, nothing saved here yet: no "Remove all codes" button with nothing to remove.
    page.goto(live_server.url + "/speak/tokens/")
    page.get_by_text("No codes are saved in this browser yet.").wait_for()
    assert not page.get_by_role("button", name="Remove all codes from this browser").is_visible()
    tab_until(page, "e.dataset.obtain !== undefined")
    page.keyboard.press("Enter")
    page.get_by_text("new codes saved in this browser").wait_for()
    assert page.get_by_role("button", name="Remove all codes from this browser").is_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= SMALL_PHONE["width"]
    context.close()


def test_the_office_closes_a_wave_early_by_keyboard_at_375_px(browser, live_server, live_leader):
    context = browser.new_context(viewport=SMALL_PHONE)
    page = context.new_page()
    sign_in(page, live_server.url, "office")
    page.goto(live_server.url + "/surveys/manage/")
    # The new last day: a date box in the wave's row, reached with Tab and ringed.
    tab_until(page, "e.id.startsWith('closes-on-')")
    assert page.evaluate(RING) == ["solid", "3px"]
    tab_until(page, "e.tagName === 'BUTTON' && e.form?.action.endsWith('/close')")
    assert page.evaluate(RING) == ["solid", "3px"]
    assert page.evaluate("document.scrollingElement.scrollWidth") <= SMALL_PHONE["width"]
    # "Close now" asks first, on a page of its own that says what follows and has a way back.
    page.keyboard.press("Enter")
    page.get_by_text("This cannot be undone: a closed wave cannot be opened again.").wait_for()
    assert page.get_by_role("link", name="No, keep it open").is_visible()
    tab_until(page, "e.tagName === 'BUTTON' && e.value === 'close'")
    assert page.evaluate(RING) == ["solid", "3px"]
    assert page.evaluate("document.scrollingElement.scrollWidth") <= SMALL_PHONE["width"]
    page.keyboard.press("Enter")
    page.get_by_text("Autumn pulse is closed and takes no more answers.").wait_for()
    assert page.get_by_text("closed early by the office").is_visible()
    assert not page.get_by_role("button", name="Close now").count()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= SMALL_PHONE["width"]
    context.close()
