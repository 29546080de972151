"""What a tester walking the product found on the thanks and peer-support pages, in a real browser.

- Thanks: a keyboard user who tabbed past "Whom do you want to thank?" thanked the first colleague
  listed. Nothing is chosen now until they choose; without a choice nothing is sent.
- Peer support: the page opened in two tabs and sent from both stored two requests. The second tab
  now says a request is already waiting and stores nothing.
"""

from __future__ import annotations

import os

import pytest

from conftest import Org
from upstream.community.models import PeerRequest, PeerSupporter, Recognition
from upstream.ops.tests.browser import PHONE, phone_page
from upstream.org.models import Membership, User

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

WORDS = "Thanks for taking my admissions when the ED flooded."


def test_a_keyboard_user_who_tabs_past_the_menu_thanks_nobody_by_accident(
    browser, live_server, transactional_db
):
    Org()
    page, errors = phone_page(browser, live_server, "reporter")
    page.goto(live_server.url + "/community/thanks/")
    menu = page.get_by_label("Whom do you want to thank?")
    assert menu.input_value() == ""  # nothing preselected
    menu.focus()
    page.keyboard.press("Tab")  # past the menu, into the words
    page.keyboard.type(WORDS)
    page.get_by_role("button", name="Say thank you").click()
    # The browser keeps the page (the menu is required) and nothing is stored; the words stay.
    assert page.evaluate("document.activeElement.name") == "recipient"
    assert page.get_by_label("In a few words").input_value() == WORDS
    assert not Recognition.objects.exists()
    # Without the browser's check (an old browser), the page says it at the menu, words kept.
    page.evaluate("document.querySelector('select[name=recipient]').required = false")
    page.get_by_role("button", name="Say thank you").click()
    page.get_by_text("Choose the colleague or team you want to thank.").wait_for()
    assert page.get_by_label("In a few words").input_value() == WORDS
    assert page.evaluate("document.activeElement.name") == "recipient"  # focus at the field to fix
    assert not Recognition.objects.exists()
    assert page.locator("form[autocomplete=off]").count() == 1
    assert errors == []


def test_the_peer_page_sent_from_two_tabs_stores_one_request(browser, live_server, transactional_db):
    org = Org()
    far = User.objects.create_user(username="far", email="far@example.org", password="x")
    Membership.objects.create(user=far, unit=org.other_hospital, role_group="attending")
    PeerSupporter.objects.create(user=far)
    context = browser.new_context(viewport=PHONE)  # two tabs of one browser: one session
    first, errors = phone_page(context, live_server, "reporter")
    second = context.new_page()
    for tab, contact in ((first, "pager 4417"), (second, "ext 2231")):
        tab.goto(live_server.url + "/community/peer/")
        tab.get_by_label("How should a supporter reach you?").fill(contact)
    first.get_by_role("button", name="Ask for a conversation").click()
    first.get_by_role("heading", name="Your request is with a peer supporter").wait_for()
    second.get_by_role("button", name="Ask for a conversation").click()
    second.get_by_text("You already have a request waiting for a peer supporter").wait_for()
    assert second.get_by_role("alert").first.inner_text().startswith("You already have a request waiting")
    assert second.get_by_label("How should a supporter reach you?").input_value() == "ext 2231"
    assert list(PeerRequest.objects.values_list("contact", flat=True)) == ["pager 4417"]
    assert errors == []
    context.close()


def test_back_after_a_thank_you_shows_an_empty_box(browser, live_server, transactional_db):
    """After a send, the browser's Back brought the words back, inviting a second send."""
    Org()
    page, errors = phone_page(browser, live_server, "reporter")
    page.goto(live_server.url + "/community/thanks/")
    page.get_by_label("Whom do you want to thank?").select_option(label="nurse1")
    page.get_by_label("In a few words").fill(WORDS)
    page.get_by_role("button", name="Say thank you").click()
    page.get_by_text("Thank you for saying it.").wait_for()
    page.go_back()
    page.wait_for_load_state()
    assert page.get_by_label("In a few words").input_value() == ""
    assert page.get_by_label("Whom do you want to thank?").input_value() == ""
    assert Recognition.objects.count() == 1
    assert errors == []
