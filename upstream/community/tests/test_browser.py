"""Co-signing, joining a campaign and signing up for a gathering in a real browser, at phone width."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
from django.utils import timezone

from conftest import Org
from upstream.community.models import Cosign, SharedConcern
from upstream.community.services import cosigns, gatherings
from upstream.community.tests.factories import charting_campaign
from upstream.concerns.services import submit_concern
from upstream.ops.tests.browser import PHONE, open_menu, phone_page, shoot, sign_in

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
release_due = pytest.importorskip("upstream.intake.services").release_due


@pytest.fixture
def community(transactional_db):
    org = Org()
    code = submit_concern(
        text="Nights on 4 West run with one nurse short; nobody gets a break.", unit=org.ward_a
    ).receipt
    release_due(everything=True)
    cosigns.offer_for_cosigning(code)
    release_due(everything=True)
    shared = SharedConcern.objects.get()
    cosigns.approve_shared(org.leader, shared, "Nights on 4 West run one nurse short; nobody gets a break.")
    campaign = charting_campaign(org.reporter, org.ward_a)
    start = timezone.now() + dt.timedelta(days=2)
    gathering = gatherings.create_gathering(
        org.chair,
        kind="schwartz_round",
        title="Schwartz Round: the night shift",
        description="Stories, then talk.",
        scope=org.medicine,
        location="Conference room B",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        capacity=12,
    )
    return org, shared, campaign, gathering


def test_co_sign_join_a_campaign_and_sign_up_at_phone_width(browser, live_server, community):
    org, shared, campaign, gathering = community
    base = live_server.url
    page, errors = phone_page(browser, live_server, "nurse0")

    open_menu(page)
    page.get_by_role("link", name="Together").click()
    shoot(page, "community-hub")
    page.get_by_role("link", name="Co-sign", exact=True).click()
    page.locator("[data-cosign-root][data-cosign-ready]").wait_for()
    shoot(page, "community-shared")
    # Tokens come on the explained step, never with the page (docs/community.md, "Co-signs").
    page.get_by_role("button", name="Get my co-signs for this browser").click()
    page.get_by_role("button", name=re.compile("This affects me too")).click()
    page.get_by_text("Co-signed. It is counted with the next batch").first.wait_for()
    # Said in a live region (role="status"), not only shown: a screen reader reads it out.
    page.get_by_role("status").filter(has_text="Co-signed. It is counted with the next batch").wait_for()
    shoot(page, "community-cosigned")
    assert Cosign.objects.count() == 0  # nothing visible until the batch
    release_due(everything=True)
    shared.refresh_from_db()
    assert shared.cosigns == 1
    page.reload()
    page.locator("[data-cosign-root][data-cosign-ready]").wait_for()
    # Plainly "you co-signed this" where it was done: the sentence for a token held elsewhere read
    # as either.
    page.get_by_text("You co-signed this one, from this browser.").wait_for()
    assert page.get_by_role("button", name=re.compile("This affects me too")).count() == 0
    # In another browser (no token, no mark), what is known: the token went to another browser.
    other, _ = phone_page(browser, live_server, "nurse0")
    other.goto(f"{base}/community/shared/")
    other.locator("[data-cosign-root][data-cosign-ready]").wait_for()
    other.get_by_text("Your co-sign for this concern was given to another browser").wait_for()
    assert other.get_by_role("button", name=re.compile("This affects me too")).count() == 0
    other.close()

    page.goto(f"{base}/community/campaigns/")
    page.get_by_role("link", name="Give charting time back").click()
    page.get_by_role("button", name="Join under my name").click()
    page.get_by_text("You joined. Your name is on the member list.").wait_for()
    assert campaign.members.filter(user__username="nurse0").exists()
    shoot(page, "community-campaign")

    page.goto(f"{base}/community/gatherings/")
    page.get_by_role("link", name="Schwartz Round: the night shift").click()
    page.get_by_role("button", name="Sign up").click()
    page.get_by_text("You have a place.").first.wait_for()
    assert page.get_by_role("link", name=re.compile("Add to calendar")).get_attribute("href").endswith(".ics")
    shoot(page, "community-gathering")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "the page scrolls sideways at phone width"

    # Giving the place up asks first, on a page that says the place cannot be taken back.
    page.get_by_role("link", name="Give up my place").click()
    page.get_by_text("You cannot take it back.").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("link", name="No, keep my place").click()
    page.get_by_text("You have a place.").first.wait_for()
    page.get_by_role("link", name="Give up my place").click()
    page.get_by_role("button", name="Yes, give up my place").focus()
    page.keyboard.press("Enter")
    page.get_by_text("Your place is given up.").wait_for()
    assert errors == []


def test_colleagues_co_sign_one_after_the_other_in_the_same_browser(browser, live_server, community):
    """On a computer colleagues share, the next one to sign in co-signs with their own tokens: the
    first's saved tokens made their browser ask for fewer than the server offers (refused: "Something
    went wrong"), or co-sign with the first one's token, which then could not co-sign at all."""
    org, first, campaign, gathering = community
    code = submit_concern(
        text="The 4 West break room has had no working fridge for a month.", unit=org.ward_a
    ).receipt
    release_due(everything=True)
    cosigns.offer_for_cosigning(code)
    release_due(everything=True)
    second = SharedConcern.objects.exclude(pk=first.pk).get()
    cosigns.approve_shared(org.leader, second, "The 4 West break room has had no working fridge for a month.")
    base = live_server.url
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()

    def open_shared(username: str) -> None:
        sign_in(page, base, username)
        page.goto(f"{base}/community/shared/")
        page.locator("[data-cosign-root][data-cosign-ready]").wait_for()
        get = page.get_by_role("button", name="Get my co-signs for this browser")
        if get.is_visible():  # not when this browser already holds this person's tokens
            get.click()
            page.get_by_text("Your anonymous co-sign tokens are ready in this browser.").wait_for()

    def co_sign(shared: SharedConcern) -> None:
        card = page.locator(f"#shared-{shared.pk}")
        card.get_by_role("button", name=re.compile("This affects me too")).click()
        card.get_by_text("Co-signed. It is counted with the next batch").wait_for()

    open_shared("nurse0")
    co_sign(first)  # the token for the second concern stays saved in this browser
    context.clear_cookies()
    open_shared("nurse1")
    assert not page.get_by_text("Something went wrong").is_visible()
    co_sign(first)
    co_sign(second)
    context.clear_cookies()
    open_shared("nurse0")  # their token for the second concern is still theirs to spend
    co_sign(second)
    release_due(everything=True)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.cosigns, second.cosigns) == (2, 2)
    context.close()


WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective));
"""


def test_every_community_page_fits_a_phone_and_runs_under_the_policy(browser, live_server, community):
    org, shared, campaign, gathering = community
    context = browser.new_context(viewport=PHONE)
    context.add_init_script(WATCH_VIOLATIONS)
    page = context.new_page()
    sign_in(page, live_server.url, "nurse0")
    paths = [
        "/community/",
        "/community/resources/",
        "/community/thanks/",
        "/community/gatherings/",
        f"/community/gatherings/{gathering.pk}/",
        "/community/shared/",
        "/community/shared/mine",
        "/community/peer/",
        "/community/campaigns/",
        f"/community/campaigns/{campaign.pk}/",
        "/community/campaigns/new",
        "/community/mentoring/",
        "/community/stories/",
    ]
    for path in paths:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
        assert page.evaluate("window.__violations") == [], path
    # Keyboard: the step that gets the tokens, then the co-sign button, reachable with Tab and
    # working with Enter.
    page.goto(live_server.url + "/community/shared/")
    page.locator("[data-cosign-root][data-cosign-ready]").wait_for()
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.cosignObtain !== undefined"):
            break
    page.keyboard.press("Enter")
    page.get_by_text("Your anonymous co-sign tokens are ready in this browser.").wait_for()
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.cosign !== undefined"):
            break
    page.keyboard.press("Enter")
    page.get_by_text("Co-signed. It is counted with the next batch").first.wait_for()
    # Said in a live region (role="status"), not only shown: a screen reader reads it out.
    page.get_by_role("status").filter(has_text="Co-signed. It is counted with the next batch").wait_for()
    context.close()


SMALL_PHONE = {"width": 375, "height": 812}


def test_urgent_requests_and_stories_read_and_work_at_375_px_and_by_keyboard(
    browser, live_server, transactional_db
):
    """A supporter, then the office, each sees the urgent one first, marked in words, at 375 px,
    and acts on it with the keyboard; an office's refused form is announced as an alert."""
    from conftest import make_user
    from upstream.community.models import PeerRequest, PeerSupporter
    from upstream.community.services import peer, stories
    from upstream.community.tests.factories import make_office
    from upstream.org.models import Membership

    org = Org()
    far = make_user("far", first="Ari", last="Lund")
    Membership.objects.create(user=far, unit=org.other_hospital, role_group="attending")
    PeerSupporter.objects.create(user=far)
    peer.request_support(org.reporter, contact="pager 1001", note="A rough week; I would like to talk.")
    peer.request_support(org.reporter, contact="pager 2002", note="I don't want to wake up tomorrow.")
    stories.share_story(
        org.reporter,
        title="Nights",
        text="After the third night in a row I don't want to wake up tomorrow, and I told nobody.",
        unit=org.medicine,
    )
    make_office(org.chair)
    context = browser.new_context(viewport=SMALL_PHONE)
    context.add_init_script(WATCH_VIOLATIONS)
    page = context.new_page()

    def fits(path: str) -> None:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONE["width"], path
        assert page.evaluate("window.__violations") == [], path

    def tab_to(name: str) -> None:
        for _ in range(60):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent.trim()") == name:
                return
        raise AssertionError(f"no {name!r} reachable with Tab")

    sign_in(page, live_server.url, "far")
    fits("/community/peer/")
    first = page.locator("li.card").first
    assert "Urgent" in first.inner_text() and "pager 2002" in first.inner_text()
    shoot(page, "community-peer-urgent")
    tab_to("I have reached them")  # the first one in the page: the urgent request's
    page.keyboard.press("Enter")
    page.get_by_role("status").get_by_text("Recorded. Thank you for reaching out.").wait_for()
    assert PeerRequest.objects.get(contact="pager 2002").status == PeerRequest.Status.CONTACTED

    context.clear_cookies()
    sign_in(page, live_server.url, "chair")
    fits("/community/peer/office")
    fits("/community/stories/moderate")
    first = page.locator("article.card").first
    assert "Urgent" in first.inner_text() and "Nights" in first.inner_text()
    shoot(page, "community-stories-urgent")
    tab_to("Do not share")
    page.keyboard.press("Enter")
    page.get_by_text("Nothing waiting.").wait_for()
    fits("/community/peer/office")
    username = page.get_by_label("List a trained supporter (name, username or email)")
    about = page.get_by_label("About them (shown to nobody but the office for now)")
    username.fill("nobody-here")
    about.fill("Trained in March")
    username.press("Enter")
    # At its box, tied to it for a screen reader, with what was typed still there.
    page.locator("#id_username_error").get_by_text(
        "No active account has that name, username or email."
    ).wait_for()
    assert username.get_attribute("aria-describedby") == "id_username_error"
    assert about.input_value() == "Trained in March"
    assert page.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONE["width"]
    context.close()
