"""In Chromium at phone width: get codes signed in, sign out, clear cookies, write with a code.

The browser does the blinding with the committed bundle (blindrsa-ts), so this also proves the
bundle and the server's RFC 9474 code work together.
"""

from __future__ import annotations

import os
import re

import pytest

from upstream.concerns.models import Concern
from upstream.ops.tests.browser import PHONE, require_chromium, shoot
from upstream.ops.tests.test_browser_loop import live_org, sign_in  # noqa: F401 - fixtures
from upstream.speakup.models import Allowance, SpentToken
from upstream.speakup.tests.helpers import release_all

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

TEXT = "Our night charge nurse covers two units at once and call bells go unanswered for ages."


def test_codes_obtained_signed_in_then_used_signed_out_at_phone_width(browser, live_server, live_org):  # noqa: F811
    require_chromium()
    base = live_server.url
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, base, "reporter")
    page.goto(base + "/speak/")
    page.get_by_role("link", name=re.compile("write later from your own phone")).click()
    # Wait for the explainer itself: page.content() right after the click can read a half-parsed page.
    page.get_by_text("protects little", exact=False).first.wait_for()
    page.goto(base + "/speak/tokens/")
    page.get_by_label("How many codes?").select_option("2")
    page.get_by_role("button", name="Get codes").click()
    page.get_by_text("Done: 2 new codes are saved in this browser.").wait_for()
    codes = page.locator(".token-code").all_inner_texts()
    assert len(codes) == 2 and all(len(c) > 400 for c in codes)
    assert Allowance.objects.get().issued == 2
    # The count on the page follows: 5 a month, 2 taken (it said "5 more" beside "Done: 2 new codes").
    assert page.locator("[data-remaining]").inner_text() == "3"
    shoot(page, "speakup-codes")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_role("button", name="Sign out").click()
    context.clear_cookies()
    page.goto(base + "/speak/write/")
    assert context.cookies() == [], "the writing page set a cookie"
    page.get_by_text("Codes saved in this browser").click()
    page.get_by_role("button", name="Use this code").first.click()
    assert page.get_by_label("Your speak-up code").input_value() == codes[0]
    page.get_by_label(re.compile("What is getting in the way")).fill(TEXT)
    page.get_by_label(re.compile("Where does this happen")).select_option(str(live_org.medicine.pk))
    shoot(page, "speakup-write")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("button", name="Submit with this code").click()
    receipt = page.locator("#receipt-code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){4}", receipt)
    assert context.cookies() == [], "writing with a code set a cookie"
    assert SpentToken.objects.count() == 1
    release_all()
    assert Concern.objects.get().text == TEXT

    # The used code is gone from the browser; the other is still there.
    page.goto(base + "/speak/write/")
    page.get_by_text("Codes saved in this browser").click()
    assert page.locator(".token-code").all_inner_texts() == [codes[1]]
    assert errors == []
    context.close()


def test_once_the_allowance_is_used_the_page_says_so_and_offers_no_button(browser, live_server, live_org):  # noqa: F811
    """The count offers no more than is left, and after the last codes the button (which could only
    be refused) gives way to the sentence saying when more can be had, where the focus goes."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    sign_in(page, live_server.url, "reporter")
    page.goto(live_server.url + "/speak/tokens/")
    page.get_by_label("How many codes?").select_option("3")
    page.get_by_role("button", name="Get codes").click()
    page.get_by_text("Done: 3 new codes are saved in this browser.").wait_for()
    assert page.get_by_label("How many codes?").locator("option").all_inner_texts() == ["1", "2"]
    page.get_by_label("How many codes?").select_option("2")
    page.get_by_role("button", name="Get codes").click()
    page.get_by_text("Done: 2 new codes are saved in this browser.").wait_for()
    used = page.get_by_text(
        re.compile(r"You have had all 5 of your codes for now\. You can get more from \d+ \w+\.")
    )
    used.wait_for()
    assert not page.get_by_role("button", name="Get codes").is_visible()
    assert not page.get_by_label("How many codes?").is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-when-used')")
    assert Allowance.objects.get().issued == 5
    context.close()
