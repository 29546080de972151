"""Survey codes name their survey: with codes for two waves, a person can tell which is which, and a
code whose wave has closed is said to be closed and can be removed. In a real browser, at phone
width (375 px), by keyboard."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
import time_machine
from django.utils import timezone
from django.utils.formats import date_format

from conftest import Org
from upstream.ops.tests.browser import phone_page, sign_in
from upstream.surveys.tests.helpers import autumn_and_night_waves, office_of

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PHONE_375 = {"width": 375, "height": 812}


@pytest.fixture
def two_waves(transactional_db):
    """An autumn pulse open for 13 more days, and a short check-in that closes in 2 days."""
    org = Org()
    office = office_of(org)
    autumn, night = autumn_and_night_waves(org, office)
    return org, autumn, night


def labels(page) -> list[str]:
    return [text.strip() for text in page.locator("[data-token-list] .token > p").all_inner_texts()]


def test_codes_for_two_waves_each_name_their_survey_and_a_closed_one_says_so(browser, live_server, two_waves):
    _org, autumn, night = two_waves
    base = live_server.url
    context = browser.new_context(viewport=PHONE_375)
    page, errors = phone_page(context, live_server, "nurse5")

    for wave in (autumn, night):
        page.goto(f"{base}/surveys/{wave.pk}/code/")
        page.get_by_role("button", name="Get my code").click()
        page.get_by_text("Done: your code is saved in this browser.").wait_for()

    # On either wave's page, both codes are listed, each with its survey's title and closing day.
    page.goto(f"{base}/surveys/{autumn.pk}/code/")
    page.locator(".token-code").nth(1).wait_for()
    listed = labels(page)
    assert len(listed) == 2
    assert listed[0].startswith("Autumn pulse · open until ")
    assert listed[1].startswith("Night shift check-in · open until ")
    # The day as the page's own sentences write it ("17 Dec"), not the browser's "Dec 17" (a walk).
    same_year = autumn.closes_on.year == timezone.localdate().year
    assert (
        listed[0]
        == f"Autumn pulse · open until {date_format(autumn.closes_on, 'j M' if same_year else 'j M Y')}"
    )
    assert "Code 1" not in " ".join(listed)
    assert page.get_by_role("button", name="Copy code").count() == 2
    # Each code leads to the page that answers its own survey, not this page's.
    answer_links = page.get_by_role("link", name="Page to answer with this code")
    assert [answer_links.nth(i).get_attribute("href") for i in range(2)] == [
        f"/surveys/{autumn.pk}/with-code/",
        f"/surveys/{night.pk}/with-code/",
    ]
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # Five days later, the check-in has closed: by the server's day, which decides (the device's
    # date does not): its code says so plainly, has nothing to copy, and offers to be removed; the
    # autumn code is still open. Signed in again after the move, whatever the hour.
    with time_machine.travel(timezone.now() + dt.timedelta(days=5), tick=True):
        context.clear_cookies()
        sign_in(page, base, "nurse5")
        page.goto(f"{base}/surveys/{autumn.pk}/code/")
        page.locator(".token-code").nth(1).wait_for()
        listed = labels(page)
        assert listed[0].startswith("Autumn pulse · open until ")
        assert re.fullmatch(
            r"Night shift check-in · closed on .+\. This code can no longer be used\.", listed[1]
        ), listed[1]
        assert page.get_by_role("button", name="Copy code").count() == 1
        assert page.get_by_role("link", name="Page to answer with this code").count() == 1
        remove = page.get_by_role("button", name="Remove this code")
        assert remove.count() == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= 375

        # By keyboard: the remove button is reached and pressed; only the autumn code is left.
        remove.focus()
        page.keyboard.press("Enter")
        page.get_by_text("The code was removed from this browser.").wait_for()
        assert page.evaluate("document.activeElement.getAttribute('role')") == "status"
        assert len(labels(page)) == 1 and labels(page)[0].startswith("Autumn pulse")
        page.reload()
        page.locator(".token-code").first.wait_for()
        assert len(labels(page)) == 1
        assert errors == []
    context.close()


def test_codes_saved_before_codes_named_their_survey_are_not_guessed(browser, live_server, two_waves):
    """A code saved before codes kept their survey is named only on its own wave's page (its purpose
    is that wave's); elsewhere it is "survey not recorded", never given another wave's title."""
    _org, autumn, night = two_waves
    base = live_server.url
    context = browser.new_context(viewport=PHONE_375)
    page = context.new_page()
    sign_in(page, base, "nurse6")
    page.goto(f"{base}/surveys/{autumn.pk}/code/")
    store = page.locator("[data-speakup-issue]").get_attribute("data-store")
    closes = night.closes_on.isoformat()
    page.evaluate(
        """([store, purpose, closes]) => localStorage.setItem(store, JSON.stringify([
            {code: "an-older-night-code", purpose: purpose, useBy: closes},
        ]))""",
        [store, f"wave:{night.pk}", closes],
    )
    page.reload()
    page.locator(".token-code").first.wait_for()
    assert labels(page)[0].startswith("Survey not recorded (saved before codes named their survey) · use by ")
    assert "Autumn pulse" not in labels(page)[0]
    # On the night shift's own page, the code's purpose names that wave: it gets its title, and keeps it.
    page.goto(f"{base}/surveys/{night.pk}/code/")
    page.locator(".token-code").first.wait_for()
    assert labels(page)[0].startswith("Night shift check-in · open until ")
    page.goto(f"{base}/surveys/{autumn.pk}/code/")
    page.locator(".token-code").first.wait_for()
    assert labels(page)[0].startswith("Night shift check-in · open until ")
    context.close()
