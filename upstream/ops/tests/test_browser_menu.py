"""The header on a phone: a leader's dozen links took four or five lines above every page. They fold
under a Menu button, all but "Speak up", and open by touch or keyboard; on a desktop all show."""

from __future__ import annotations

import os

import pytest

from upstream.ops.tests.browser import DESKTOP, PHONE, sign_in
from upstream.ops.tests.test_browser_back import live_org  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
HEADER_HEIGHT = "() => document.querySelector('.top').getBoundingClientRect().height"


def test_on_a_phone_the_links_fold_under_menu_and_open_by_touch_and_keyboard(
    browser,
    live_server,
    live_org,  # noqa: F811 - the fixture
):
    page = browser.new_page(viewport=PHONE)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, live_server.url, "chair")
    page.goto(live_server.url + "/speak/")
    menu = page.get_by_role("button", name="Menu")
    inbox = page.locator(".top").get_by_role("link", name="Inbox")
    assert menu.is_visible() and menu.get_attribute("aria-expanded") == "false"
    assert page.locator(".top").get_by_role("link", name="Speak up").is_visible()
    assert not inbox.is_visible()
    folded = page.evaluate(HEADER_HEIGHT)
    assert folded < 80, folded  # one line: the name, "Speak up" and Menu

    menu.click()
    assert menu.get_attribute("aria-expanded") == "true" and inbox.is_visible()
    # Menu and footer links are targets at least 24 px tall (WCAG 2.5.8); they were 20 and 16 px.
    heights = page.evaluate(
        "() => [...document.querySelectorAll('.top nav a, .foot a')]"
        ".map((a) => a.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 24, heights
    assert page.locator(".top").get_by_role("button", name="Sign out").is_visible()
    assert page.evaluate(HEADER_HEIGHT) > folded

    inbox.focus()
    page.keyboard.press("Escape")  # closes, and the focus goes back to the button
    assert menu.get_attribute("aria-expanded") == "false" and not inbox.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('menu-toggle')")
    page.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # "Speak up", then the first folded link
    assert page.evaluate("document.activeElement.textContent.trim()") == "You said, we did"
    # Escape closes it from anywhere on the page too: a walk pressed it with the focus outside it.
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false" and not inbox.is_visible()

    page.set_viewport_size(DESKTOP)  # a wider window shows every link and no button
    page.wait_for_function("() => document.querySelector('.menu-toggle').hidden")
    assert inbox.is_visible() and not menu.is_visible()
    assert errors == []


def test_without_its_script_every_link_shows(browser, live_server, live_org):  # noqa: F811 - the fixture
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server.url, "chair")
    page.goto(live_server.url + "/speak/")
    assert page.locator(".top").get_by_role("link", name="Inbox").is_visible()
    assert not page.get_by_role("button", name="Menu").is_visible()
    context.close()
