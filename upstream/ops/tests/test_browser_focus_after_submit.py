"""Where the keyboard lands after a form is sent, on the pages a new-user walk found wanting, in a
real browser: a failed sign-in, a thanks too short, a peer-support request, a new API token.

Each left the focus on <body>: a screen reader heard nothing of the refusal, or began again at the
menu above a confirmation (the API token is shown only once, and had no copy button).
"""

from __future__ import annotations

import os

import pytest

from upstream.ops.tests.browser import sign_in
from upstream.ops.tests.test_browser_loop import live_org  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def focused(page) -> dict:
    page.wait_for_load_state("load")  # upstream.js moves the focus on "load"
    return page.evaluate(
        "(() => { const e = document.activeElement;"
        " return {tag: e.tagName, id: e.id, role: e.getAttribute('role') || '', text: e.textContent.trim(),"
        " confirmation: e.hasAttribute('data-confirmation'),"
        " ring: getComputedStyle(e).outlineWidth + ' ' + getComputedStyle(e).outlineStyle}; })()"
    )


def test_a_failed_sign_in_is_announced_and_focused(browser, live_server, live_org):  # noqa: F811
    page = browser.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_login").fill("reporter")
    page.locator("#id_password").fill("not the password")
    page.locator("#id_password").press("Enter")
    page.get_by_text("not correct").wait_for()
    now = focused(page)
    assert now["role"] == "alert" and "not correct" in now["text"]
    assert now["ring"] == "3px solid"


def test_a_thanks_too_short_is_said_at_its_box_with_the_focus_there(browser, live_server, live_org):  # noqa: F811
    page = browser.new_page()
    sign_in(page, live_server.url, "reporter")
    page.goto(f"{live_server.url}/community/thanks/")
    assert "Between 3 and 280 characters." in page.locator("#id_text_helptext").inner_text()
    page.evaluate("const s = document.querySelector('#id_recipient'); s.selectedIndex = 1;")
    page.fill("#id_text", "ok")
    # The browser would refuse it itself (minlength): the server's refusal is what is tested.
    page.evaluate("document.querySelector('#id_text').removeAttribute('minlength')")
    page.get_by_role("button", name="Say thank you").click()
    page.locator("#id_text[aria-invalid=true]").wait_for()
    assert focused(page)["id"] == "id_text"
    assert page.input_value("#id_text") == "ok"


def test_a_peer_request_sent_puts_the_focus_on_its_confirmation(browser, live_server, live_org):  # noqa: F811
    page = browser.new_page()
    sign_in(page, live_server.url, "reporter")
    page.goto(f"{live_server.url}/community/peer/")
    page.get_by_label("How should a supporter reach you?").fill("pager 4411")
    page.get_by_role("button", name="Ask for a conversation").click()
    page.get_by_text("Your request is with a peer supporter").wait_for()
    now = focused(page)
    assert now["confirmation"] and "will reach you" in now["text"]
    # The page's own ring, not the browser's thin one (a new-user walk on a concern's page).
    assert now["ring"] == "3px solid"


def test_a_new_api_token_gets_the_focus_and_copies(browser, live_server, live_org):  # noqa: F811
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    sign_in(page, live_server.url, "leader_a")
    page.goto(f"{live_server.url}/api-tokens/")
    page.get_by_role("button", name="Create token").click()
    page.locator("#new-token").wait_for()
    now = focused(page)
    assert now["confirmation"] and "Your new token" in now["text"]
    token = page.input_value("#new-token")
    page.get_by_role("button", name="Copy token").click()
    page.get_by_role("button", name="Copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == token
    # Said to a screen reader too: a button's new text is not announced.
    assert page.locator("#copy-said[role=status]").inner_text() == "Copied"
    context.close()
