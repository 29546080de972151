"""Back after scheduling a wave, then Schedule again, schedules nothing twice, in a real browser.

A new-user walk scheduled a wave, pressed Back (the browser put every value back) and pressed
Schedule again: a second identical wave, so everyone would have been invited twice. The page loaded
by Back had a new one-time key. upstream.js now sends the first key again when a form reopened by
Back is sent with the same contents; changed after Back, it is a new wave.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.utils import timezone

from conftest import Org
from upstream.ops.tests.browser import phone_page
from upstream.surveys.models import Wave
from upstream.surveys.tests.helpers import office_of

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
ALREADY = "This was already sent. Nothing was sent twice."


@pytest.fixture
def live_office(transactional_db):
    org = Org()
    office_of(org)
    return org


def _fill(page, org, title: str) -> None:
    opens = timezone.localdate() + dt.timedelta(days=30)
    page.locator("#title").fill(title)
    page.locator("#units").select_option(str(org.ward_a.pk))
    page.locator('input[name="instruments"][value="upstream-pulse"]').check()
    page.locator("#opens_on").fill(opens.isoformat())
    page.locator("#closes_on").fill((opens + dt.timedelta(days=9)).isoformat())


def test_back_and_schedule_again_schedules_one_wave(browser, live_server, live_office):
    org = live_office
    page, errors = phone_page(browser, live_server, "office")
    page.goto(f"{live_server.url}/surveys/manage/")
    _fill(page, org, "Winter pulse")
    page.get_by_role("button", name="Schedule").click()
    page.get_by_text("The wave is scheduled.").wait_for()
    assert Wave.objects.filter(title="Winter pulse").count() == 1

    page.go_back()
    page.wait_for_load_state("load")
    _fill(page, org, "Winter pulse")  # as the browser put them back, whether or not it did
    page.get_by_role("button", name="Schedule").click()
    page.get_by_text(ALREADY).wait_for()
    assert Wave.objects.filter(title="Winter pulse").count() == 1

    # Back again and changed: a wave of its own.
    page.go_back()
    page.wait_for_load_state("load")
    _fill(page, org, "Spring pulse")
    page.get_by_role("button", name="Schedule").click()
    page.get_by_text("The wave is scheduled.").wait_for()
    assert Wave.objects.filter(title="Spring pulse").count() == 1
    assert Wave.objects.count() == 2 and errors == []


def test_an_anonymous_form_leaves_no_key_in_the_tab(browser, live_server, live_office):
    """A concern's key sent again with the same words gets its first answer, the receipt: the speak-up
    form keeps nothing for Back (the next person on a shared computer would reach it)."""
    page, errors = phone_page(browser, live_server, "nurse3")
    page.goto(f"{live_server.url}/speak/")
    page.locator("textarea[name=text]").fill("Nights on 4 West run two nurses short every week.")
    page.locator("form[data-anonymous-write] button[type=submit]").first.click()
    page.wait_for_load_state("load")
    assert page.evaluate("sessionStorage.getItem('upstreamSentFormKeys')") is None
    assert errors == []
