"""The office's filter and table pages at the narrowest common phone (375 px), in Spanish, whose
words run longest: nothing may push the page sideways."""

from __future__ import annotations

import gc
import os

import pytest
from django.conf import settings

from conftest import Org
from upstream.ops.tests.test_browser_loop import sign_in
from upstream.org.models import Unit
from upstream.surveys.tests.helpers import office_of, open_wave

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
SMALL_PHONE = {"width": 375, "height": 740}
OVERFLOW = "() => document.scrollingElement.scrollWidth - window.innerWidth"


@pytest.fixture
def live_office(transactional_db):
    org = Org()
    # Hospitals name units at length; the inbox's unit filter lists each one in full.
    Unit.objects.add_child(
        org.medicine,
        dict(name="Cardiothoracic Surgery Step-Down and Progressive Care", code="ctsd", level="unit"),
    )
    # The work-related burnout score has the longest label in the trends menu.
    open_wave(org, office_of(org), units=[org.system], instruments=["upstream-pulse", "cbi-work"])
    gc.collect()  # see conftest's _collect_live_server_connections
    return org


def test_the_filter_and_table_pages_fit_a_small_phone_in_spanish(browser, live_server, live_office):
    context = browser.new_context(viewport=SMALL_PHONE)
    page = context.new_page()
    sign_in(page, live_server.url, "office")
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "es", "url": live_server.url}])
    wide = {}
    for path in ("/inbox/", "/surveys/results/", "/surveys/manage/"):
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == "es"
        wide[path] = page.evaluate(OVERFLOW)
        if path == "/surveys/results/":
            # The open wave is not a link yet; its text still sits inside the card, not on its edge.
            waiting = page.locator(".inbox li", has_text="Autumn pulse")
            inset = waiting.locator("strong").bounding_box()["x"] - waiting.bounding_box()["x"]
            assert inset >= 8
    assert wide == {path: 0 for path in wide}, "pixels each page scrolls sideways at 375 px"
    context.close()


def test_the_office_reaches_a_waves_decisions_on_a_small_phone_without_scrolling_sideways(
    browser, live_server, live_office
):
    """They sat in a fifth column of the waves table, past the right edge of a 375 px screen."""
    page = browser.new_page(viewport=SMALL_PHONE)
    sign_in(page, live_server.url, "office")
    page.goto(live_server.url + "/surveys/manage/")
    for name in ("Close now", "Change the closing day"):
        box = page.get_by_role("button", name=name).first.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= SMALL_PHONE["width"], (name, box)
    page.close()
