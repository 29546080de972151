"""A survey code is judged open or closed by the server, not by the device's date: a code of a wave the
office cancelled says so and can be removed, a device in another time zone does not move the
closing day, and the page the server sends is the same whatever codes the browser holds. In a real
browser, at phone width (375 px), by keyboard."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
import time_machine
from django.utils import timezone

from conftest import Org
from upstream.ops.tests.test_browser_loop import sign_in
from upstream.surveys import services
from upstream.surveys.tests.helpers import autumn_and_night_waves, office_of

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PHONE_375 = {"width": 375, "height": 812}
CANCELLED = "Night shift check-in · cancelled by the well-being office. This code can no longer be used."


@pytest.fixture
def two_waves(transactional_db):
    """An autumn pulse open for 13 more days, and a night shift check-in that closes in 2 days."""
    org = Org()
    office = office_of(org)
    autumn, night = autumn_and_night_waves(org, office)
    return office, autumn, night


def labels(page) -> list[str]:
    return [text.strip() for text in page.locator("[data-token-list] .token > p").all_inner_texts()]


def take_codes(page, base: str, *waves) -> None:
    for wave in waves:
        page.goto(f"{base}/surveys/{wave.pk}/code/")
        page.get_by_role("button", name="Get my code").click()
        page.get_by_text("Done: your code is saved in this browser.").wait_for()


def test_a_code_of_a_cancelled_survey_says_so_and_is_removed_by_keyboard(browser, live_server, two_waves):
    office, autumn, night = two_waves
    base = live_server.url
    context = browser.new_context(viewport=PHONE_375)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, base, "nurse5")
    take_codes(page, base, autumn, night)

    # The office cancels the check-in two days before its last day; this device's date says nothing.
    services.cancel_wave(office, night)
    page.goto(f"{base}/surveys/{autumn.pk}/code/")
    page.locator(".token-code").nth(1).wait_for()
    listed = labels(page)
    assert listed[0].startswith("Autumn pulse · open until ")
    assert listed[1] == CANCELLED
    assert page.get_by_role("button", name="Copy code").count() == 1
    assert page.get_by_role("link", name="Page to answer with this code").count() == 1
    assert page.get_by_role("button", name="Remove this code").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # The cancelled survey's own page makes no code, but lists the saved ones, to be removed there.
    page.goto(f"{base}/surveys/{night.pk}/code/")
    page.locator(".token-code").nth(1).wait_for()
    page.get_by_text("This survey is closed.").wait_for()
    assert page.get_by_role("button", name="Get my code").count() == 0
    assert labels(page)[1] == CANCELLED
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # By keyboard: from the autumn code's last control, Tab (past the cancelled code itself, which can
    # be focused to select it) reaches "Remove this code"; Enter removes it.
    page.get_by_role("link", name="Page to answer with this code").focus()
    for _ in range(3):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Remove this code":
            break
    assert page.evaluate("document.activeElement.textContent") == "Remove this code"
    assert page.evaluate("document.activeElement.getAttribute('aria-describedby')") == "speakup-label-2"
    page.keyboard.press("Enter")
    page.get_by_text("The code was removed from this browser.").wait_for()
    assert page.evaluate("document.activeElement.getAttribute('role')") == "status"
    assert len(labels(page)) == 1 and labels(page)[0].startswith("Autumn pulse · open until ")
    page.reload()
    page.locator(".token-code").first.wait_for()
    assert len(labels(page)) == 1
    assert errors == []
    context.close()


def test_a_device_behind_new_york_does_not_keep_a_closed_survey_open(browser, live_server, two_waves):
    """At 01:30 in New York the day after the check-in's last day, a phone in Honolulu still reads
    that last day (20:30): the code is said to be closed all the same, on the server's day."""
    _office, autumn, night = two_waves
    base = live_server.url
    context = browser.new_context(viewport=PHONE_375, timezone_id="Pacific/Honolulu")
    page = context.new_page()
    last_day = night.closes_on
    noon = timezone.make_aware(dt.datetime.combine(last_day, dt.time(12)))
    with time_machine.travel(noon, tick=True):
        sign_in(page, base, "nurse5")
        take_codes(page, base, autumn, night)

    after = timezone.make_aware(dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(1, 30)))
    with time_machine.travel(after, tick=True):
        page.clock.set_fixed_time(after)
        context.clear_cookies()
        sign_in(page, base, "nurse5")
        assert page.evaluate("new Date().getDate()") == last_day.day  # the device's date: the last day
        page.goto(f"{base}/surveys/{autumn.pk}/code/")
        page.locator(".token-code").nth(1).wait_for()
        listed = labels(page)
        assert listed[0].startswith("Autumn pulse · open until ")
        assert re.fullmatch(
            r"Night shift check-in · closed on .+\. This code can no longer be used\.", listed[1]
        )
        assert page.get_by_role("button", name="Remove this code").count() == 1
    context.close()


def test_the_page_the_server_sends_is_the_same_whatever_codes_the_browser_holds(
    browser, live_server, two_waves
):
    """The browser tells the server nothing about its codes: loading the code page with a code saved
    and with none makes the same requests and gets the same page (but for its one-time tokens)."""
    _office, autumn, _night = two_waves
    base = live_server.url
    context = browser.new_context(viewport=PHONE_375)
    page = context.new_page()
    sign_in(page, base, "nurse5")
    take_codes(page, base, autumn)

    def load() -> tuple[str, list[tuple[str, str, str | None]]]:
        sent: list[tuple[str, str, str | None]] = []

        def record(request) -> None:
            sent.append((request.method, request.url, request.post_data))

        page.on("request", record)
        response = page.goto(f"{base}/surveys/{autumn.pk}/code/")
        page.wait_for_load_state("networkidle")
        page.remove_listener("request", record)
        body = re.sub(r'"X-CSRFToken": "[^"]*"|value="[^"]*"|nonce="[^"]*"', "", response.text())
        return body, [request for request in sent if "/static/" not in request[1]]

    with_code, asked_with_code = load()
    assert page.locator(".token-code").count() == 1
    page.evaluate("localStorage.clear()")
    without_code, asked_without_code = load()
    assert page.locator(".token-code").count() == 0
    assert with_code == without_code
    assert asked_with_code == asked_without_code == [("GET", f"{base}/surveys/{autumn.pk}/code/", None)]
    context.close()
