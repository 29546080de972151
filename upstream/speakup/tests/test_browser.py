"""In Chromium at phone width: get codes signed in, sign out, clear cookies, write with a code.

The browser does the blinding with the committed bundle (blindrsa-ts), so this also proves the
bundle and the server's RFC 9474 code work together.
"""

from __future__ import annotations

import os
import re

import pytest

from upstream.concerns.models import Concern
from upstream.ops.tests.browser import PHONE, open_menu, phone_page, require_chromium, shoot, sign_in
from upstream.ops.tests.test_browser_loop import live_org  # noqa: F401 - the fixture
from upstream.speakup.models import Allowance, SpentToken
from upstream.speakup.tests.helpers import release_all

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

TEXT = "Our night charge nurse covers two units at once and call bells go unanswered for ages."


def test_codes_obtained_signed_in_then_used_signed_out_at_phone_width(browser, live_server, live_org):  # noqa: F811
    require_chromium()
    base = live_server.url
    context = browser.new_context(viewport=PHONE)
    page, errors = phone_page(context, live_server, "reporter")
    page.goto(base + "/speak/")
    page.get_by_role("link", name=re.compile("write later from your own phone")).click()
    # Wait for the explainer itself: page.content() right after the click can read a half-parsed page.
    page.get_by_text("protects little", exact=False).first.wait_for()
    page.goto(base + "/speak/tokens/")
    page.get_by_label("How many codes?").select_option("2")
    page.get_by_label(re.compile("This phone or computer is mine alone")).check()  # their own phone
    page.get_by_role("button", name="Get codes").click()
    page.get_by_text("Done: new codes saved in this browser: 2.").wait_for()
    codes = page.locator(".token-code").all_inner_texts()
    assert len(codes) == 2 and all(len(c) > 400 for c in codes)
    # The use-by day as a person reads it, as the page's sentence writes it ("3 February 2027"), not
    # "2027-02-02" (test_browser_tester_phone.py compares the two).
    labels = page.locator(".token-list [id^='speakup-label-']").all_inner_texts()
    assert [re.fullmatch(r"Code (\d) · use by \d{1,2} [A-Z][a-z]+ \d{4}", t) is not None for t in labels] == [
        True,
        True,
    ], labels
    assert Allowance.objects.get().issued == 2
    # The count on the page follows: 5 a month, 2 taken (it said "5 more" beside "Done: 2 new codes").
    assert page.locator("[data-remaining]").inner_text() == "3"
    shoot(page, "speakup-codes")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    open_menu(page)
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


def test_colleagues_get_codes_one_after_the_other_on_a_shared_computer(browser, live_server, live_org):  # noqa: F811
    """On a computer colleagues share, each sees only their own codes on /speak/tokens/, and the
    signed-out writing page offers only codes got with "mine alone" ticked; a code used there is
    gone from its owner's list too. Before, one store served the whole browser: the next colleague
    saw, and could spend, the previous one's codes."""
    require_chromium()
    base = live_server.url
    context = browser.new_context(viewport=PHONE)
    page, errors = phone_page(context, live_server)

    def get_codes(username: str, count: str, *, mine_alone: bool) -> list[str]:
        context.clear_cookies()
        sign_in(page, base, username)
        page.goto(base + "/speak/tokens/")
        page.get_by_label("How many codes?").select_option(count)
        tick = page.get_by_label(re.compile("This phone or computer is mine alone"))
        assert not tick.is_checked(), "keeping codes for whoever writes here must be chosen"
        tick.set_checked(mine_alone)
        page.get_by_role("button", name="Get codes").click()
        page.get_by_text(f"Done: new codes saved in this browser: {count}.").wait_for()
        return page.locator(".token-code").all_inner_texts()

    def listed(username: str) -> list[str]:
        context.clear_cookies()
        sign_in(page, base, username)
        page.goto(base + "/speak/tokens/")
        page.locator("[data-speakup-issue] [data-token-empty]").wait_for(state="attached")
        return page.locator(".token-code").all_inner_texts()

    def offered_signed_out() -> list[str]:
        context.clear_cookies()
        page.goto(base + "/speak/write/")
        page.get_by_text("Codes saved in this browser").click()
        return page.locator(".token-code").all_inner_texts()

    robins = get_codes("reporter", "2", mine_alone=False)
    assert listed("chair") == []
    assert page.get_by_text("No codes are saved in this browser yet.").is_visible()
    lees = get_codes("chair", "1", mine_alone=True)
    assert len(robins) == 2 and len(lees) == 1 and lees[0] not in robins
    assert listed("reporter") == robins
    assert listed("chair") == lees

    assert offered_signed_out() == lees
    assert page.get_by_role("button", name="Use this code").count() == 1
    # Robin copied a code: pasted on the writing page it works, and is gone from Robin's list.
    page.get_by_label("Your speak-up code").fill(robins[0])
    page.get_by_label(re.compile("What is getting in the way")).fill(TEXT)
    page.get_by_label(re.compile("Where does this happen")).select_option(str(live_org.medicine.pk))
    page.get_by_role("button", name="Submit with this code").click()
    page.locator("#receipt-code").wait_for()
    assert SpentToken.objects.count() == 1
    assert listed("reporter") == robins[1:]

    # Lee removes their codes: gone from their list and from what the writing page offers.
    listed("chair")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Remove all codes from this browser").click()
    page.get_by_text("No codes are saved in this browser yet.").wait_for()
    assert offered_signed_out() == []
    assert listed("reporter") == robins[1:]
    assert errors == []
    context.close()


def test_codes_saved_before_they_were_kept_per_person_are_still_offered_when_writing(
    browser,
    live_server,
    live_org,  # noqa: F811
):
    """Codes a browser kept before (one store for everyone) cannot be told to be anyone's: the
    writing page offers them as before, /speak/tokens/ does not list them but says they are there,
    and its "Remove all codes" removes them too, after saying so."""
    require_chromium()
    base = live_server.url
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    sign_in(page, base, "reporter")
    page.goto(base + "/speak/tokens/")
    page.get_by_role("button", name="Get codes").click()
    page.get_by_text("new codes saved in this browser").wait_for()
    # What the old script left: its store, under its old name, with one of these codes in it.
    old = page.evaluate(
        """(name) => {
            const [mine] = JSON.parse(localStorage.getItem(name));
            localStorage.clear();
            localStorage.setItem("upstream.speakup.v1", JSON.stringify([mine]));
            return mine.code;
        }""",
        page.locator("[data-speakup-issue]").get_attribute("data-store"),
    )
    page.reload()
    page.get_by_text("No codes are saved in this browser yet.").wait_for()
    assert page.locator(".token-code").count() == 0
    assert page.get_by_text("This browser also holds codes saved before").is_visible()

    context.clear_cookies()
    page.goto(base + "/speak/write/")
    page.get_by_text("Codes saved in this browser").click()
    assert page.locator(".token-code").all_inner_texts() == [old]

    sign_in(page, base, "reporter")
    page.goto(base + "/speak/tokens/")
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Remove all codes from this browser").click()
    page.get_by_text("This browser also holds codes saved before").wait_for(state="hidden")
    assert "Nobody can tell whose those are" in asked[0]
    assert page.evaluate("localStorage.getItem('upstream.speakup.v1')") is None
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
    page.get_by_text("Done: new codes saved in this browser: 3.").wait_for()
    assert page.get_by_label("How many codes?").locator("option").all_inner_texts() == ["1", "2"]
    page.get_by_label("How many codes?").select_option("2")
    page.get_by_role("button", name="Get codes").click()
    page.get_by_text("Done: new codes saved in this browser: 2.").wait_for()
    used = page.get_by_text(
        re.compile(r"You have had all 5 of your codes for now\. You can get more from \d+ \w+\.")
    )
    used.wait_for()
    assert not page.get_by_role("button", name="Get codes").is_visible()
    assert not page.get_by_label("How many codes?").is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-when-used')")
    assert Allowance.objects.get().issued == 5
    context.close()
