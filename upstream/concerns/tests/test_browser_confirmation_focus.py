"""After writing a concern or a reply, the keyboard starts at what the page confirms, in a real browser.

Leader pages come back by a redirect with a flash message, which upstream.js focuses; the receipt
pages answer the POST themselves, with nothing flashed, and the focus stayed on <body>: a screen
reader began at the menu, not at "Your reply was received" nor at the receipt code shown only once
(an accessibility probe).
"""

from __future__ import annotations

import os
import re

import pytest

from upstream.concerns.tests.helpers import released
from upstream.ops.tests.browser import sign_in
from upstream.ops.tests.test_browser_loop import TEXT, live_org  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def focus_in(page, selector: str) -> bool:
    page.wait_for_load_state("load")  # upstream.js moves the focus on "load"
    return page.evaluate(f"document.activeElement.matches({selector!r})")


def test_it_handles_a_new_concern_with_the_focus_on_its_receipt_code(browser, live_server, live_org):  # noqa: F811
    page = browser.new_page()
    sign_in(page, live_server.url, "reporter")
    page.goto(f"{live_server.url}/speak/")
    page.get_by_label(re.compile("What is getting in the way")).fill(TEXT)
    page.get_by_label(re.compile("Where does this happen")).select_option(label="Medicine (department)")
    page.get_by_label(re.compile("Your role")).select_option(label="Nurse")
    page.get_by_role("button", name="Submit anonymously").click()
    page.locator("#receipt-code").wait_for()
    assert focus_in(page, "[data-confirmation]")
    assert page.evaluate("document.activeElement.contains(document.querySelector('#receipt-code'))")


def test_it_handles_a_sent_reply_with_the_focus_on_its_confirmation(browser, live_server, live_org):  # noqa: F811
    code = released(unit=live_org.ward_a).receipt
    page = browser.new_page()  # not signed in: only the receipt
    page.goto(f"{live_server.url}/receipt/")
    page.get_by_label("Your receipt code").fill(code)
    page.get_by_role("button", name="Open my concern").click()
    page.get_by_label("Reply to your leaders").fill("Thank you. Will days get the same?")
    page.get_by_role("button", name="Send reply").click()
    page.get_by_text("Your reply was received").wait_for()
    assert focus_in(page, ".success[role=status]")
    page.keyboard.press("Tab")  # on inside the page, not back through the menu
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")
