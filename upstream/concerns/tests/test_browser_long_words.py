"""Long unbroken words and addresses stay inside a phone's screen, and the receipt code on one line.

A concern holding an intranet address made the reporter's receipt page and the leader's inbox 621 px
wide at 375 px; a leader's reply with an address made the receipt page 1,852 px wide, and a reply of
one unbroken word the concern page 50,418 px. The receipt code split as "MSTW-967B-MCDH-89N6-" and
"XNYQ", so someone copying it by hand could copy part of it.
"""

from __future__ import annotations

import os

import pytest
from django.urls import reverse

from conftest import Org
from upstream.concerns import services
from upstream.concerns.tests.helpers import released
from upstream.ops.tests.browser import phone_page

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
SMALL_PHONE = {"width": 375, "height": 740}
SMALLEST = {"width": 320, "height": 640}

URL = (
    "https://intranet.example-hospital.org/departments/nursing/rosters/night-shift/"
    "2026-11/ward-4-east/handover-overtime-report-final-version-3.pdf"
)
CONCERN = f"Handover overtime is never paid; the roster is at {URL} and shows it every week."
REPLY = f"We read the roster at {URL} and the overtime is being reviewed on Friday."
UNBROKEN = "a" * 4900


def wide(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_long_addresses_and_words_wrap_on_the_receipt_inbox_and_concern_pages(
    browser, live_server, transactional_db
):
    org = Org()
    done = released(CONCERN, unit=org.ward_a)
    services.write_to_reporter(done.concern, org.leader, REPLY)
    services.write_to_reporter(done.concern, org.leader, UNBROKEN)

    reporter, errors = phone_page(browser, live_server, viewport=SMALL_PHONE)
    reporter.goto(live_server.url + reverse("receipt:lookup"))
    reporter.fill("input[name=receipt]", done.receipt)
    with reporter.expect_navigation():
        reporter.locator("input[name=receipt]").press("Enter")
    assert URL in reporter.content() and UNBROKEN in reporter.content()
    assert wide(reporter) <= SMALL_PHONE["width"]

    leader, leader_errors = phone_page(browser, live_server, "leader_a", viewport=SMALL_PHONE)
    leader.goto(live_server.url + reverse("concerns:inbox"))
    assert "intranet.example-hospital.org" in leader.content()
    assert wide(leader) <= SMALL_PHONE["width"]
    leader.goto(live_server.url + reverse("concerns:detail", args=[done.concern.pk]))
    assert URL in leader.content() and UNBROKEN in leader.content()
    assert wide(leader) <= SMALL_PHONE["width"]
    assert errors == leader_errors == []


def test_a_long_address_in_a_concern_does_not_widen_the_new_action_form(
    browser, live_server, transactional_db
):
    """Its "Concerns it answers" fieldset grew to 707 px at every phone width (walk probe, stop 38):
    a fieldset is as wide as its widest unbroken word unless told otherwise."""
    org = Org()
    address = "https://intranet.example.org/" + "a" * 400
    released(f"The rota lives at {address} and nobody can open it from a ward computer.", unit=org.ward_a)
    leader, errors = phone_page(browser, live_server, "leader_a", viewport=SMALLEST)
    leader.goto(live_server.url + reverse("actions:new"))
    assert "intranet.example.org" in leader.content()
    for size in (SMALLEST, SMALL_PHONE):
        leader.set_viewport_size(size)
        assert wide(leader) <= size["width"], size
    assert errors == []


def test_the_receipt_code_stays_on_one_line_down_to_320_px(browser, live_server, transactional_db):
    Org()
    page, errors = phone_page(browser, live_server, "reporter", viewport=SMALL_PHONE)
    page.goto(live_server.url + reverse("speak:new"))
    page.fill("textarea[name=text]", "The night shift has had no break cover for three weeks now.")
    with page.expect_navigation():
        page.locator("form button[type=submit]").first.click()
    code = page.locator("#receipt-code")
    assert len(code.inner_text().strip()) == 24
    for size in (SMALL_PHONE, SMALLEST):
        page.set_viewport_size(size)
        lines, right, clipped = page.evaluate(
            """() => {
                const code = document.querySelector('#receipt-code');
                const range = document.createRange();
                range.selectNodeContents(code);
                return [range.getClientRects().length, code.getBoundingClientRect().right,
                        code.scrollWidth > code.clientWidth];
            }"""
        )
        assert lines == 1, f"the code is on {lines} lines at {size['width']} px"
        assert right <= size["width"] and not clipped
        assert wide(page) <= size["width"]
    assert errors == []
