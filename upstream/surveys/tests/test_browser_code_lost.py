"""A survey code whose answer never reached the page is got back on the next visit, in a real browser.

Taking a code uses up the person's answer. When the page is left (or the network drops) after the
server signed but before the code was saved, the browser keeps the request and sends the same
blinded message again as the page next opens: the same code comes back, and it answers once.
"""

from __future__ import annotations

import os

import pytest

from conftest import Org
from upstream.intake.services import release_due
from upstream.ops.tests.browser import phone_page
from upstream.surveys import codes
from upstream.surveys.models import Invitation, Response
from upstream.surveys.tests.helpers import PULSE, office_of, open_wave

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PHONE_375 = {"width": 375, "height": 812}


def lose_the_answer(route) -> None:
    route.fetch()  # the request reaches the server, which signs and uses up the answer
    route.abort()  # and the page never hears back


def test_a_survey_code_whose_answer_was_lost_comes_back_and_answers_once(
    browser, live_server, transactional_db, answers_released_singly
):
    org = Org()
    wave = open_wave(org, office_of(org), units=[org.medicine])
    base = live_server.url
    page, errors = phone_page(browser.new_context(viewport=PHONE_375), live_server, "nurse5")

    page.route("**/code/issue", lose_the_answer)
    page.goto(f"{base}/surveys/{wave.pk}/code/")
    page.get_by_role("button", name="Get my code").click()
    page.get_by_text("No answer came back. Reload this page").wait_for()
    assert Invitation.objects.get(wave=wave, user__username="nurse5").answered_on is not None
    assert page.locator(".token-code").count() == 0

    page.unroute("**/code/issue")
    page.reload()
    page.get_by_text("Done: your code is saved in this browser.").wait_for()
    assert page.locator(".token-code").count() == 1
    code = page.locator(".token-code").first.inner_text()
    page.reload()  # nothing is kept waiting any more: the code is listed once
    page.locator(".token-code").first.wait_for()
    assert page.locator(".token-code").count() == 1

    codes.submit_answer_with_code(
        wave, code, unit_id=org.ward_a.pk, role_group="nurse", answers={"upstream-pulse": PULSE}
    )
    release_due(everything=True)
    assert Response.objects.filter(wave=wave).count() == 1
    assert errors == []
