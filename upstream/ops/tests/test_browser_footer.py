"""The footer's language menu on a desktop screen."""

from __future__ import annotations

import os

import pytest

from upstream.ops.tests.browser import DESKTOP, PHONE

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_the_language_menu_is_as_wide_as_its_languages_not_the_screen(browser, live_server, db):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(live_server.url + "/community/resources/")
    menu = page.get_by_label("Language").bounding_box()
    assert menu["width"] < DESKTOP["width"] / 3, menu  # it stretched across all 1280 px
    page.set_viewport_size(PHONE)
    menu = page.get_by_label("Language").bounding_box()
    assert menu["x"] >= 0 and menu["x"] + menu["width"] <= PHONE["width"], menu
    page.close()
