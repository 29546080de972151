"""What a nurse on a phone found on the speak-up code pages.

- Writing with a code: a wrong code, then the right one, then Back showed Chrome's "Confirm Form
  Resubmission" (ERR_CACHE_MISS). The refused page answers a POST and is no-store; it now puts the
  writing page's own address in its history entry (upstream.js, data-after-post), so Back opens an
  empty form by GET.
- Getting codes: "Get codes" is disabled while the codes are made, and the keyboard's focus fell
  to the top of the page. The message saying the codes were made now takes it.
- The codes' use-by day read "Feb 3, 2027", in the browser's way, under "work until about 3
  February 2027": now the same words, in the page's language.
"""

from __future__ import annotations

import os
import re

import pytest
from django.conf import settings
from django.urls import reverse

from upstream.intake.models import IntakeEntry
from upstream.ops.tests.browser import PHONE, phone_page
from upstream.ops.tests.test_browser_loop import live_org  # noqa: F401 - the fixture
from upstream.org.models import User
from upstream.speakup.models import SpentToken
from upstream.speakup.tests.helpers import obtain

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

TEXT = "Our night charge nurse covers two units at once and call bells go unanswered for ages."


def test_back_after_a_wrong_code_then_the_right_one_opens_the_empty_form(browser, live_server, live_org):  # noqa: F811
    code = obtain(User.objects.get(username="reporter"))[0]
    write = live_server.url + reverse("speakup:write")
    page, errors = phone_page(browser, live_server)
    page.goto(write)
    page.get_by_label("Your speak-up code").fill("not-a-code-at-all")
    page.get_by_label(re.compile("What is getting in the way")).fill(TEXT)
    page.get_by_role("button", name="Submit with this code").click()
    page.locator("[data-token-field][aria-invalid='true']").wait_for()
    assert page.url == write
    page.get_by_label("Your speak-up code").fill(code)
    page.get_by_role("button", name="Submit with this code").click()
    receipt = page.locator("#receipt-code").inner_text().strip()
    assert receipt not in page.url

    posted: list[str] = []
    page.on("request", lambda request: posted.append(request.url) if request.method == "POST" else None)
    response = page.go_back()
    assert response is not None and response.request.method == "GET" and response.ok
    assert page.get_by_role("heading", name="Write with a speak-up code").is_visible()
    assert page.get_by_label("Your speak-up code").input_value() == ""
    assert page.get_by_label(re.compile("What is getting in the way")).input_value() == ""
    page.reload()
    assert page.get_by_role("heading", name="Write with a speak-up code").is_visible()
    assert posted == []
    assert SpentToken.objects.count() == 1 and IntakeEntry.objects.count() == 1
    assert errors == []


def _codes_made(page, count: str) -> None:
    page.get_by_label("How many codes?").select_option(count)
    page.get_by_role("button", name=re.compile("Get codes|Obtener códigos")).click()
    page.locator("[data-token-list] .token").nth(int(count) - 1).wait_for()


def test_after_get_codes_the_focus_is_on_the_message_then_the_codes(browser, live_server, live_org):  # noqa: F811
    page, errors = phone_page(browser, live_server, "reporter", viewport=PHONE)
    page.goto(live_server.url + reverse("speakup:tokens"))
    page.get_by_label("How many codes?").focus()
    _codes_made(page, "2")
    page.get_by_text("Done: new codes saved in this browser: 2.").wait_for()
    focused = page.evaluate(
        "() => [document.activeElement.getAttribute('role'), document.activeElement.textContent.trim()]"
    )
    assert focused == ["status", "Done: new codes saved in this browser: 2."]
    # The next Tab goes on to the codes, not through the menu again.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('[data-token-list]') !== null")
    assert errors == []


def _until(page) -> str:
    said = page.locator("[data-while-allowed].hint").inner_text()
    return re.search(r"(?:work until about|funcionan hasta alrededor del) (.+?)\. ", said).group(1)


def test_the_codes_use_by_day_reads_as_the_page_s_sentence_in_english_and_spanish(
    browser,
    live_server,
    live_org,  # noqa: F811
):
    context = browser.new_context(viewport=PHONE)
    page, errors = phone_page(context, live_server, "reporter")
    page.goto(live_server.url + reverse("speakup:tokens"))
    until = _until(page)
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", until), until  # "3 February 2027"
    _codes_made(page, "1")
    label = page.locator("#speakup-label-1").inner_text()
    assert label == f"Code 1 · use by {until}"

    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "es", "url": live_server.url}])
    page.goto(live_server.url + reverse("speakup:tokens"))
    until = _until(page)
    assert re.fullmatch(r"\d{1,2} de [a-z]+ de \d{4}", until), until  # "3 de febrero de 2027"
    assert page.locator("#speakup-label-1").inner_text() == f"Código 1 · usar antes del {until}"
    assert errors == []
    context.close()


LEAVING = """() => {
    const event = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(event);
    return event.defaultPrevented;
}"""


def test_a_refused_concern_s_words_are_not_lost_to_a_reload_without_a_warning(browser, live_server, live_org):  # noqa: F811
    """After a wrong code the page's entry is the empty form's (Back and Reload post nothing), so a
    Reload silently dropped every word of the concern still in the box (re-walk): the browser now
    asks before leaving while the box holds words, and not once they are sent or gone."""
    write = live_server.url + reverse("speakup:write")
    page, errors = phone_page(browser, live_server)
    page.goto(write)
    page.get_by_label("Your speak-up code").fill("not-a-code-at-all")
    page.get_by_label(re.compile("What is getting in the way")).fill(TEXT)
    page.get_by_role("button", name="Submit with this code").click()
    page.locator("[data-token-field][aria-invalid='true']").wait_for()
    box = page.get_by_label(re.compile("What is getting in the way"))
    assert box.input_value() == TEXT  # kept on the refusal
    assert page.evaluate(LEAVING) is True  # Reload or Back would ask first
    box.fill("")
    assert page.evaluate(LEAVING) is False  # nothing to lose
    page.goto(write)  # a plain visit: nothing typed, nothing asked
    assert page.evaluate(LEAVING) is False
    # Words typed on it count too: the footer's "Change language" dropped them without a word (walk
    # probe, stop 38). Sending another form is leaving them; sending their own form is not.
    page.get_by_label(re.compile("What is getting in the way")).fill(TEXT)
    assert page.evaluate(LEAVING) is True
    page.evaluate(SUBMITTING % "form.lang")
    assert page.evaluate(LEAVING) is True
    page.evaluate(SUBMITTING % "main form[method=post]")
    assert page.evaluate(LEAVING) is False
    assert errors == []


# A submit event as the browser fires it for the form the selector names (nothing is sent: no
# default action runs for a synthetic event).
SUBMITTING = """() => document.querySelector("%s").dispatchEvent(
    new Event("submit", { bubbles: true, cancelable: true }))"""
