"""A receipt code shown once is not thrown away by changing the language, in a real browser.

A writer chose "español" in the footer to read their receipt and landed on an empty Spanish form:
the code, shown only once, was gone (a new-user walk). Until the code is copied, the page asks first,
in its own words; once it is copied, the language changes without a question.
"""

from __future__ import annotations

import os
import re

import pytest

from upstream.ops.tests.browser import sign_in
from upstream.ops.tests.test_browser_loop import TEXT, live_org  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_changing_language_on_the_receipt_asks_until_the_code_is_copied(browser, live_server, live_org):  # noqa: F811
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    sign_in(page, live_server.url, "reporter")
    page.goto(f"{live_server.url}/speak/")
    page.get_by_label(re.compile("What is getting in the way")).fill(TEXT)
    page.get_by_label(re.compile("Where does this happen")).select_option(label="Medicine (department)")
    page.get_by_role("button", name="Submit anonymously").click()
    code = page.locator("#receipt-code").inner_text().strip()

    asked: list[str] = []

    def refuse(dialog) -> None:  # type: ignore[no-untyped-def]
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", refuse)
    page.locator("#lang-select").select_option("es")
    page.get_by_role("button", name="Change language").click()
    page.wait_for_timeout(300)
    assert asked and "shown only once" in asked[0]
    assert page.locator("#receipt-code").inner_text().strip() == code  # still there, still English

    page.get_by_role("button", name="Copy code").click()
    page.get_by_role("button", name="Change language").click()
    page.wait_for_url(re.compile(r"/speak/$"))
    assert page.locator("#receipt-code").count() == 0
    assert page.locator("html").get_attribute("lang") == "es"
    assert len(asked) == 1  # copied: no second question
    context.close()


def test_a_thread_left_by_changing_language_says_why_the_form_is_empty(browser, live_server, live_org):  # noqa: F811
    from upstream.concerns.tests.helpers import released

    code = released(unit=live_org.ward_a).receipt
    page = browser.new_page()
    page.goto(f"{live_server.url}/receipt/")
    page.get_by_label("Your receipt code").fill(code)
    page.get_by_role("button", name="Open my concern").click()
    page.get_by_label("Reply to your leaders").wait_for()  # the thread, not the form
    page.locator("#lang-select").select_option("es")
    page.get_by_role("button", name="Change language").click()
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("[data-after-post-note]").is_visible()  # "Por su privacidad ..."
    page.reload()
    assert not page.locator("[data-after-post-note]").is_visible()  # said once


def test_following_the_header_link_after_a_wrong_code_shows_no_privacy_note(browser, live_server, live_org):  # noqa: F811
    page = browser.new_page()
    page.goto(f"{live_server.url}/receipt/")
    page.get_by_label("Your receipt code").fill("ABCD-EFGH-JKLM-NPQR-STUV")
    page.get_by_role("button", name="Open my concern").click()
    page.wait_for_load_state("load")
    page.get_by_role("link", name="Follow up").first.click()
    page.wait_for_load_state("load")
    assert not page.locator("[data-after-post-note]").is_visible()
