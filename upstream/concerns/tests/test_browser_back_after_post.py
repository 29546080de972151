"""Back and Reload after a page that answers a POST: the form again, never Chrome's error page.

A tester on a phone looked up a receipt, sent a reply, pressed Back and got "Confirm Form
Resubmission" (ERR_CACHE_MISS): the receipt pages answer a POST and are no-store, so the browser
had no page to go back to but by posting the receipt code again. Such a page now turns its history
entry into the lookup form's address (upstream.js, data-after-post): Back and Reload open the form
by GET, post nothing, and the form says why the thread is gone. The code is in no address.

The signed-in speak-up page is left to post again on Reload: the answer repeats the first one, the
same receipt, and files nothing twice.
"""

from __future__ import annotations

import os
import re

import pytest
from django.urls import reverse

from conftest import Org
from upstream.concerns import services
from upstream.concerns.tests.helpers import released
from upstream.intake.models import IntakeEntry
from upstream.ops.tests.browser import PHONE, phone_page, sign_in

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

NOTE = "For your privacy, this page does not keep your thread: enter your receipt code again."


@pytest.fixture
def live_org(transactional_db):
    return Org()


def _posts(page) -> list[str]:
    """The addresses of the page's POST requests from now on (the list fills as they go)."""
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.url) if request.method == "POST" else None)
    return sent


def _lookup(page, base: str, code: str) -> None:
    page.goto(base + reverse("receipt:lookup"))
    page.get_by_label("Receipt code").fill(code)
    page.get_by_role("button", name="Open my concern").click()
    page.get_by_role("heading", name="Your concern").wait_for()


def test_back_after_a_reply_opens_the_lookup_form_and_reload_posts_nothing(browser, live_server, live_org):
    done = released(unit=live_org.ward_a)
    services.write_to_reporter(done.concern, live_org.leader, "We are adding a float nurse on nights.")
    base = live_server.url
    page, errors = phone_page(browser, live_server)
    _lookup(page, base, done.receipt)
    assert page.url == base + reverse("receipt:lookup")  # the entry's address: the form's, no code
    page.get_by_label("Reply to your leaders").fill("Thank you. From which week?")
    page.get_by_role("button", name="Send reply").click()
    page.get_by_text("Your reply was received").wait_for()
    assert page.url == base + reverse("receipt:lookup")  # not /receipt/reply

    posted = _posts(page)
    response = page.go_back()
    # The thread's entry is the form now: opened by GET, with the page's words, not an error page.
    assert response is not None and response.request.method == "GET" and response.ok
    assert page.get_by_role("heading", name="Follow up on your concern").is_visible()
    assert page.get_by_text(NOTE).is_visible()
    assert page.get_by_label("Receipt code").input_value() == ""
    page.reload()
    assert page.get_by_role("heading", name="Follow up on your concern").is_visible()
    assert page.get_by_text(NOTE).is_hidden()  # said once, when the thread was left
    assert posted == []
    # A visit to the form that leaves no thread behind says nothing about one.
    page.goto(base + reverse("receipt:lookup"))
    assert page.get_by_text(NOTE).is_hidden()
    assert errors == []


def test_reload_after_a_refused_reply_opens_the_form_without_posting(browser, live_server, live_org):
    """The reply box's error page answers a POST too ("make an error in the reply box")."""
    done = released(unit=live_org.ward_a)
    base = live_server.url
    page, errors = phone_page(browser, live_server)
    _lookup(page, base, done.receipt)
    page.get_by_label("Reply to your leaders").fill(" " * 12)  # long enough for the browser, empty
    page.get_by_role("button", name="Send reply").click()
    page.locator("textarea[aria-invalid='true']").wait_for()
    assert page.url == base + reverse("receipt:lookup")
    posted = _posts(page)
    page.reload()
    assert page.get_by_role("heading", name="Follow up on your concern").is_visible()
    assert page.get_by_text(NOTE).is_visible()
    page.go_back()  # the thread before it, turned into the form too
    assert page.get_by_role("heading", name="Follow up on your concern").is_visible()
    assert posted == []
    # A code refused at the form: its page answers a POST as well, and Back leaves no error behind.
    page.get_by_label("Receipt code").fill("AAAA-BBBB-CCCC-DDDD-EEEE")
    page.get_by_role("button", name="Open my concern").click()
    page.locator("#receipt-not-found").wait_for()
    response = page.go_back()
    assert response is not None and response.request.method == "GET" and response.ok
    assert errors == []


def test_reload_of_the_signed_in_receipt_shows_the_same_receipt_and_files_once(
    browser, live_server, live_org
):
    base = live_server.url
    page, errors = phone_page(browser, live_server, viewport=PHONE)
    sign_in(page, base, "reporter")
    page.goto(base + reverse("speak:new"))
    page.get_by_label(re.compile("What is getting in the way")).fill(
        "Our unit has had no break cover on nights for a month; charting waits until morning."
    )
    page.get_by_label(re.compile("Where does this happen")).select_option(label="Medicine (department)")
    page.get_by_role("button", name="Submit anonymously").click()
    code = page.locator("#receipt-code").inner_text().strip()
    assert code not in page.url
    page.reload()
    assert page.locator("#receipt-code").inner_text().strip() == code
    assert page.get_by_text("This was already sent").count() == 0
    assert code not in page.url
    assert IntakeEntry.objects.count() == 1
    assert errors == []


def test_back_from_the_receipt_after_a_refused_submit_opens_the_form(browser, live_server, live_org):
    """A refused submit, fixed and sent, then Back: the refused page's entry was an answer to a POST,
    so Back showed Chrome's "Confirm Form Resubmission". It is now the form's own address."""
    base = live_server.url
    page, errors = phone_page(browser, live_server, viewport=PHONE)
    sign_in(page, base, "reporter")
    page.goto(base + reverse("speak:new"))
    box = page.get_by_label(re.compile("What is getting in the way"))
    box.fill("Too short")
    page.get_by_label(re.compile("Where does this happen")).select_option(label="Medicine (department)")
    page.get_by_role("button", name="Submit anonymously").click()
    page.locator("[aria-invalid='true']").first.wait_for()
    box = page.get_by_label(re.compile("What is getting in the way"))
    box.fill("Our unit has had no break cover on nights for a month; charting waits until morning.")
    page.get_by_role("button", name="Submit anonymously").click()
    page.locator("#receipt-code").wait_for()
    posted = _posts(page)
    response = page.go_back()
    assert response is not None and response.request.method == "GET" and response.ok
    assert page.get_by_role("heading", name="Speak up").is_visible()
    assert posted == [] and IntakeEntry.objects.count() == 1
    assert errors == []


LEAVING = """() => {
    const event = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(event);
    return event.defaultPrevented;
}"""


def test_a_refused_reply_s_words_are_asked_about_before_leaving(browser, live_server, live_org):
    """A leader's reply refused as too short came back in its box, and "Change language" then
    dropped it without a question (re-walk, stop 38): words a refused form gave back count."""
    concern = released(unit=live_org.ward_a).concern
    base = live_server.url
    page, errors = phone_page(browser, live_server, "leader_a", viewport=PHONE)
    page.goto(base + reverse("concerns:detail", args=[concern.pk]))
    page.locator("#reply textarea").fill("Too short")
    # As a browser that does not check minlength itself (the server's refusal is what is tested).
    page.locator("#reply textarea").evaluate("(box) => box.removeAttribute('minlength')")
    with page.expect_navigation():
        page.locator("#reply button[type=submit]").click()
    assert page.locator("#reply textarea").input_value() == "Too short"
    assert page.evaluate(LEAVING) is True
    assert errors == []
