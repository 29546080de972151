"""Co-signing, joining a campaign and signing up for a gathering in a real browser, at phone width."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
from django.utils import timezone

from conftest import Org
from upstream.community.models import Cosign, SharedConcern
from upstream.community.services import campaigns, cosigns, gatherings
from upstream.concerns.services import submit_concern
from upstream.ops.tests.browser import PHONE, shoot
from upstream.ops.tests.test_browser_loop import sign_in

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
    campaign = campaigns.start_campaign(
        org.reporter,
        title="Give charting time back",
        kind="inside",
        statement="We chart for two hours after every shift.",
        ask="Protected charting time on every shift.",
        scope=org.ward_a,
    )
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
    page = browser.new_page(viewport=PHONE)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, base, "nurse0")

    page.get_by_role("link", name="Together").click()
    shoot(page, "community-hub")
    page.get_by_role("link", name="Co-sign", exact=True).click()
    page.locator("[data-cosign-root][data-cosign-ready]").wait_for()
    shoot(page, "community-shared")
    page.get_by_role("button", name=re.compile("This affects me too")).click()
    page.get_by_text("Co-signed. It is counted with the next batch").first.wait_for()
    shoot(page, "community-cosigned")
    assert Cosign.objects.count() == 0  # nothing visible until the batch
    release_due(everything=True)
    shared.refresh_from_db()
    assert shared.cosigns == 1
    page.reload()
    page.locator("[data-cosign-root][data-cosign-ready]").wait_for()
    page.get_by_text("You have used your co-sign for this one").wait_for()

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
    assert errors == []


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
    # Keyboard: the co-sign button is reachable with Tab and works with Enter.
    page.goto(live_server.url + "/community/shared/")
    page.locator("[data-cosign-root][data-cosign-ready]").wait_for()
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.cosign !== undefined"):
            break
    page.keyboard.press("Enter")
    page.get_by_text("Co-signed. It is counted with the next batch").first.wait_for()
    context.close()
