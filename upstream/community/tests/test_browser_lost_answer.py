"""Tokens whose answer never reached the page are got back on the next visit, in a real browser.

The page asks for its co-sign tokens when "Get my co-signs for this browser" is pressed; a person
who taps away at once, or whose network drops, never sees the answer. The server has signed by
then and offers no new token for those concerns, so the browser keeps the request and sends the
same blinded messages again as the page next opens (only there: the request is this browser's).
"""

from __future__ import annotations

import os
import re

import pytest

from upstream.community.models import SharedConcern
from upstream.community.tests.test_browser import community  # noqa: F401 - the fixture
from upstream.ops.tests.browser import phone_page
from upstream.speakup.models import Allowance

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
release_due = pytest.importorskip("upstream.intake.services").release_due


def lose_the_answer(route) -> None:
    route.fetch()  # the request reaches the server, which signs
    route.abort()  # and the page never hears back


def test_a_co_sign_token_whose_answer_was_lost_is_got_back_and_counts_once(
    browser,
    live_server,
    community,  # noqa: F811 - the fixture
):
    _org, shared, _campaign, _gathering = community
    base = live_server.url
    page, errors = phone_page(browser, live_server, "nurse0")

    page.route("**/community/shared/tokens", lose_the_answer)
    page.goto(f"{base}/community/shared/")
    page.locator("[data-cosign-root][data-cosign-ready]").wait_for()
    assert not Allowance.objects.filter(user__username="nurse0").exists()  # not as the page opens
    page.get_by_role("button", name="Get my co-signs for this browser").click()
    page.get_by_text("Something went wrong").wait_for()
    assert Allowance.objects.get(user__username="nurse0", purpose=shared.purpose).issued == 1
    assert page.get_by_role("button", name=re.compile("This affects me too")).count() == 0
    # Not "given to another browser": the request is kept here, to be sent again.
    page.get_by_text("To co-sign this one, first get your co-signs for this browser").wait_for()

    page.unroute("**/community/shared/tokens")
    page.reload()
    page.locator("[data-cosign-root][data-cosign-ready]").wait_for()
    assert not page.get_by_role("button", name="Get my co-signs for this browser").is_visible()
    page.get_by_role("button", name=re.compile("This affects me too")).click()
    page.get_by_text("Co-signed. It is counted with the next batch").first.wait_for()
    release_due(everything=True)
    assert SharedConcern.objects.get().cosigns == 1
    assert Allowance.objects.get(user__username="nurse0", purpose=shared.purpose).issued == 1
    assert page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('upstream.waiting.'))") == []
    assert errors == []
