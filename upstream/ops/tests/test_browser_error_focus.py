"""After a refused form the keyboard is at the first field to fix, in a real browser.

The action update and theme correction come back by a redirect to the page (so a reload sends
nothing again): without this the caret and the screen reader started at the top of a long page,
far from the message. upstream.js (same-origin, allowed by the CSP) focuses the first field marked
aria-invalid, or the form's role="alert" region when no one field is at fault.
"""

from __future__ import annotations

import os

import pytest

from upstream.actions import services
from upstream.concerns.tests.helpers import released
from upstream.ops.tests.test_browser_loop import live_org, sign_in  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_a_refused_update_puts_the_focus_on_the_field_to_fix(browser, live_server, live_org):  # noqa: F811
    action = services.create_action(
        live_org.leader, title="Break cover", description="A float nurse.", scope=live_org.ward_a
    )
    page = browser.new_page()
    sign_in(page, live_server.url, "leader_a")
    page.goto(f"{live_server.url}/actions/{action.pk}/")
    page.fill("#id_text", "Float nurse hired for nights")
    page.fill("#id_progress", "140")
    page.evaluate("document.querySelector('#id_progress').removeAttribute('max')")
    page.get_by_role("button", name="Post update").click()
    page.wait_for_url(f"{live_server.url}/actions/{action.pk}/#update")
    assert page.evaluate("document.activeElement.id") == "id_progress"
    assert page.input_value("#id_text") == "Float nurse hired for nights"


def test_a_refused_theme_correction_opens_its_box_and_focuses_the_menu(browser, live_server, live_org):  # noqa: F811
    concern = released(unit=live_org.ward_a).concern
    page = browser.new_page()
    sign_in(page, live_server.url, "leader_a")
    page.goto(f"{live_server.url}/inbox/{concern.pk}/")
    page.get_by_text("Correct the themes").click()
    page.evaluate(
        "const s = document.querySelector('#id_primary'); const o = new Option('gone', 'no-such-theme');"
        " s.add(o); s.value = 'no-such-theme';"
    )
    page.get_by_role("button", name="Save themes").click()
    page.wait_for_url(f"{live_server.url}/inbox/{concern.pk}/#themes")
    assert page.evaluate("document.activeElement.id") == "id_primary"
    assert page.evaluate("document.querySelector('#themes').open") is True


def test_a_disclosure_shows_the_same_focus_ring_as_every_control(browser, live_server, live_org):  # noqa: F811
    concern = released(unit=live_org.ward_a).concern
    page = browser.new_page()
    sign_in(page, live_server.url, "leader_a")
    page.goto(f"{live_server.url}/inbox/{concern.pk}/")
    page.keyboard.press("Tab")
    for _ in range(40):
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
        page.keyboard.press("Tab")
    ring = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [document.activeElement.textContent.trim(), s.outlineStyle, s.outlineWidth]; })()"
    )
    assert ring == ["Correct the themes", "solid", "3px"]
