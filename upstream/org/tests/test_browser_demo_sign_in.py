"""The sign-in page's demo card on a 375 px phone: nothing wider than the screen."""

from __future__ import annotations

import os

import pytest

from upstream.org.tests.test_demo_sign_in import demo_logins  # noqa: F401 - the fixture, shared

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
NARROW = {"width": 375, "height": 812}


def test_the_demo_card_fits_a_375_px_phone(browser, live_server, settings, demo_logins) -> None:  # noqa: F811
    settings.UPSTREAM_DEMO_SIGN_IN = True
    page = browser.new_page(viewport=NARROW)
    page.goto(live_server.url + "/accounts/login/")
    card = page.get_by_role("region", name="Demo accounts")
    assert card.get_by_role("rowheader", name="wellbeing").count() == 1
    # The table wraps its words instead of scrolling sideways: every column is in view at once.
    for box in (card.bounding_box(), card.get_by_role("table").bounding_box()):
        assert box["x"] >= 0 and box["x"] + box["width"] <= NARROW["width"], box
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    if os.environ.get("DEMO_CARD_SHOT"):
        page.screenshot(path=os.environ["DEMO_CARD_SHOT"], full_page=True)
    page.close()


def test_a_keyboard_user_signs_in_with_tab_and_enter(browser, live_server, transactional_db) -> None:
    """Tab from the username reached "Forgot your password?" (the password's hint, drawn between
    the label and the box): the password was typed into nothing and Enter opened the reset page."""
    from conftest import PASSWORD, make_user

    make_user("keyboard")
    page = browser.new_page()
    page.goto(live_server.url + "/accounts/login/")
    # The reset link is still there, after the button.
    assert page.get_by_role("link", name="Forgot your password?").count() == 1
    page.get_by_label("Username or email").focus()
    page.keyboard.type("keyboard")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/accounts/" not in page.url, page.inner_text("main")
    page.close()
