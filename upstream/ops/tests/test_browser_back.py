"""Back after sending: the browser must not hand the sent words back, ready to go a second time.

A tester sent a concern, pressed Back, found the box still holding the text beside a fresh one-time
key, pressed "Submit anonymously" again and filed the same concern twice. The forms that send
anonymous words now ask the browser not to restore them (autocomplete="off").
"""

from __future__ import annotations

import os
import re

import pytest

from conftest import Org
from upstream.ops.tests.browser import PHONE, sign_in

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

TEXT = "Our unit has had no break cover on nights for a month; charting waits until morning."


@pytest.fixture
def live_org(transactional_db):
    return Org()


def test_back_after_sending_a_concern_shows_an_empty_box(browser, live_server, live_org):
    base = live_server.url
    staff = browser.new_page(viewport=PHONE)
    sign_in(staff, base, "reporter")
    staff.goto(base + "/speak/")
    box = staff.get_by_label(re.compile("What is getting in the way"))
    box.fill(TEXT)
    staff.get_by_label(re.compile("Where does this happen")).select_option(label="Medicine (department)")
    staff.get_by_label(re.compile("Your role")).select_option(label="Nurse")
    staff.get_by_role("button", name="Submit anonymously").click()
    staff.locator("#receipt-code").wait_for()
    staff.go_back()
    staff.wait_for_load_state()
    assert staff.get_by_label(re.compile("What is getting in the way")).input_value() == ""


def test_a_double_tap_on_a_slow_line_still_shows_the_receipt_and_files_once(browser, live_server, live_org):
    """The browser shows only the last answer: the second tap's "already sent" page replaced the
    receipt (and the crisis lines). The second tap is now dropped while the first is on its way."""
    from upstream.intake.models import IntakeEntry

    base = live_server.url
    staff = browser.new_page(viewport=PHONE)
    sign_in(staff, base, "reporter")
    staff.goto(base + "/speak/")
    staff.get_by_label(re.compile("What is getting in the way")).fill(
        "I don't want to wake up tomorrow. " + TEXT
    )
    staff.get_by_label(re.compile("Where does this happen")).select_option(label="Medicine (department)")
    # A slow hospital Wi-Fi: each request takes a second to get through.
    network = staff.context.new_cdp_session(staff)
    network.send("Network.enable")
    slow = {"offline": False, "latency": 1000, "downloadThroughput": -1, "uploadThroughput": -1}
    network.send("Network.emulateNetworkConditions", slow)
    # Two taps 250 ms apart, from inside the page (Playwright itself waits for a navigation to end).
    staff.evaluate(
        """() => {
            const button = [...document.querySelectorAll("form button")]
                .find((b) => b.textContent.includes("Submit anonymously"));
            button.click();
            setTimeout(() => button.click(), 250);
        }"""
    )
    staff.locator("#receipt-code").wait_for()
    assert staff.get_by_text("This was already sent").count() == 0
    assert staff.get_by_text("988").count() > 0  # the crisis lines the words call for
    assert IntakeEntry.objects.count() == 1
