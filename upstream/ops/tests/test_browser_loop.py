"""The whole loop in a real browser, as people would walk it.

Staff submits and keeps the receipt; the leader signs in, acknowledges, replies and publishes an
action; the receipt page shows the reply and the action; the reporter answers back.
"""

from __future__ import annotations

import os
import re

import pytest
from django.core.management import call_command

from conftest import Org
from upstream.concerns.models import Concern
from upstream.ops.tests.browser import DESKTOP, PHONE, shoot, sign_in

pytestmark = pytest.mark.browser
# Playwright's sync API runs an event loop in this thread; Django's ORM calls here are synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

TEXT = (
    "Nights on our unit have been two nurses short for a month; "
    "nobody gets a break and charting waits until 9am."
)


@pytest.fixture
def live_org(transactional_db):
    return Org()


def test_the_whole_loop(browser, live_server, live_org):
    base = live_server.url
    staff = browser.new_page(viewport=PHONE)
    staff.goto(base + "/")
    shoot(staff, "home-signed-out")
    sign_in(staff, base, "reporter")
    shoot(staff, "home-staff")
    staff.get_by_role("link", name="Report a concern").click()
    staff.get_by_label(re.compile("What is getting in the way")).fill(TEXT)
    staff.get_by_label(re.compile("Where does this happen")).select_option(label="Medicine (department)")
    staff.get_by_label(re.compile("Your role")).select_option(label="Nurse")
    shoot(staff, "speak-up")
    staff.get_by_role("button", name="Submit anonymously").click()
    code = staff.locator("#receipt-code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){4}", code)
    shoot(staff, "receipt")

    # The concern waits sealed for its batch; an operator releases the pending batch now.
    assert not Concern.objects.exists()
    call_command("release_now")

    leader = browser.new_page(viewport=DESKTOP)
    sign_in(leader, base, "chair")
    leader.get_by_role("link", name="Inbox").first.click()
    shoot(leader, "inbox")
    leader.locator(".inbox a.row").first.click()
    leader.get_by_role("button", name="Acknowledge").click()
    leader.get_by_text("Acknowledged. The reporter sees this").wait_for()
    leader.get_by_label("Write to the reporter").fill(
        "Thank you for telling us. We are adding a night float nurse."
    )
    leader.get_by_role("button", name="Send to reporter").click()
    leader.get_by_text("Message sent").wait_for()
    # The confirmation has the focus (read out, and the next Tab stays in the page, not the menu).
    leader.wait_for_function("document.activeElement.matches('.flash[role=status]')")
    leader.keyboard.press("Tab")
    assert leader.evaluate("document.querySelector('main').contains(document.activeElement)")
    shoot(leader, "concern")
    leader.get_by_role("link", name="Create an action for this concern").click()
    leader.get_by_label("What will change").fill("Night float nurse on Medicine")
    leader.get_by_label("Details for staff").fill(
        "From next month a float nurse covers breaks on every night shift."
    )
    leader.get_by_label("Who sees it (scope)").select_option(label="Medicine (department)")
    leader.get_by_role("button", name="Save draft").click()
    leader.get_by_role("link", name="Publish to staff").click()
    leader.get_by_role("button", name="Yes, publish it").click()
    leader.get_by_text("Published on the").wait_for()
    # Back from the published action reopens the question (a GET), not the browser's resubmission page;
    # the question now says it is already published and nothing is published twice.
    leader.go_back()
    leader.get_by_text("This action is already published.").wait_for()

    reporter = browser.new_page(viewport=PHONE)  # not signed in: only the receipt
    reporter.goto(base + "/receipt/")
    reporter.get_by_label("Your receipt code").fill(code.lower())
    reporter.get_by_role("button", name="Open my concern").click()
    reporter.get_by_text("We are adding a night float nurse").wait_for()
    reporter.get_by_text("From next month a float nurse covers breaks").wait_for()
    shoot(reporter, "receipt-thread")
    reporter.get_by_label("Reply to your leaders").fill("Thank you. Will days get the same?")
    reporter.get_by_role("button", name="Send reply").click()
    reporter.get_by_text("Your reply was received").wait_for()
    assert "?receipt" not in reporter.url
    reporter.reload()  # the browser offers to send the form again: it must not arrive twice
    call_command("release_now")
    assert Concern.objects.get().messages.filter(author="reporter").count() == 1

    leader.goto(base + "/inbox/")
    leader.get_by_text("Reporter replied").wait_for()
    staff.goto(base + "/actions/")
    staff.get_by_text("Night float nurse on Medicine").wait_for()
    shoot(staff, "board")


def test_small_group_warning_appears_while_filling_the_form(browser, live_server, live_org):
    page = browser.new_page(viewport=PHONE)
    sign_in(page, live_server.url, "reporter")
    page.goto(live_server.url + "/speak/")
    page.get_by_label(re.compile("Where does this happen")).select_option(label="4 West (unit)")
    page.get_by_label(re.compile("Your role")).select_option(label="Pharmacist")
    page.get_by_text("Few people share this unit and role").wait_for()
    shoot(page, "speak-up-small-group")
