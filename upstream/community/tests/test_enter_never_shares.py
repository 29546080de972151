"""Typing why not, then Enter, never shares: a new-user walk pressed Enter in the one-line "why it
should not be shared" box and the concern went to staff unredacted (the browser sends a form on
Enter with its first button, "Share the redacted copy"); the same on story moderation shared the
story the office was refusing. The boxes are text areas now, and the pages take no decision
without a press of one of the two buttons, nor "share" over a reason typed against sharing."""

from __future__ import annotations

import os

import pytest

from conftest import Org
from upstream.community.models import SharedConcern, Story
from upstream.community.services import cosigns, stories
from upstream.community.tests.factories import make_office
from upstream.concerns.services import submit_concern
from upstream.intake.services import release_due
from upstream.ops.tests.browser import phone_page

TEXT = "Nights on 4 West run with one nurse short and Jo on the desk never gets a break."
WHY_NOT = "It names the charge nurse; please rewrite it without her."


def _offered(org) -> SharedConcern:
    code = submit_concern(text=TEXT, unit=org.ward_a).receipt
    release_due(everything=True)
    cosigns.offer_for_cosigning(code)
    release_due(everything=True)
    return cosigns.offers_for_leader(org.leader).get()


def test_share_pressed_over_a_reason_against_sharing_is_asked_again_with_both_boxes_kept(org, client):
    offered = _offered(org)
    client.force_login(org.leader)
    page = client.post(
        f"/community/shared/review/{offered.pk}", {"decision": "approve", "text": TEXT, "reason": WHY_NOT}
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert "You wrote why it should not be shared." in html
    assert WHY_NOT in html and TEXT in html
    offered.refresh_from_db()
    assert offered.status == SharedConcern.Status.OFFERED and offered.text != TEXT


@pytest.mark.parametrize("sent", [{}, {"decision": ""}, {"decision": "publish"}])
def test_a_review_sent_without_either_button_decides_nothing(org, client, sent):
    offered = _offered(org)
    client.force_login(org.leader)
    page = client.post(f"/community/shared/review/{offered.pk}", {"text": TEXT, "reason": WHY_NOT, **sent})
    assert page.status_code == 400
    assert "Choose Share the redacted copy or Do not share." in page.content.decode()
    offered.refresh_from_db()
    assert offered.status == SharedConcern.Status.OFFERED and not offered.decline_reason


def test_a_story_moderation_sent_without_either_button_decides_nothing(org, client):
    story = stories.share_story(org.reporter, title="Holding the door", text=TEXT, unit=org.ward_a).story
    client.force_login(make_office(org.chair))
    page = client.post(f"/community/stories/moderate/{story.pk}", {"note": WHY_NOT})
    assert page.status_code == 400
    html = page.content.decode()
    assert "Choose Share it or Do not share." in html and WHY_NOT in html
    story.refresh_from_db()
    assert story.status == Story.Status.PENDING


@pytest.mark.browser
def test_enter_in_the_why_not_boxes_shares_nothing_in_a_real_browser(browser, live_server, transactional_db):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    org = Org()
    offered = _offered(org)
    story = stories.share_story(org.reporter, title="Holding the door", text=TEXT, unit=org.ward_a).story
    make_office(org.leader)

    page, errors = phone_page(browser, live_server, "leader_a")
    page.goto(f"{live_server.url}/community/shared/review")
    reason = page.get_by_label("Or: why it should not be shared (shown to the reporter)")
    reason.fill(WHY_NOT)
    reason.press("Enter")
    page.goto(f"{live_server.url}/community/stories/moderate")
    note = page.get_by_label("Note to the writer (why not, if you decline)")
    note.fill(WHY_NOT)
    note.press("Enter")
    page.wait_for_timeout(300)  # had Enter sent the form, it would have been by now
    offered.refresh_from_db()
    story.refresh_from_db()
    assert offered.status == SharedConcern.Status.OFFERED
    assert story.status == Story.Status.PENDING

    page.get_by_role("button", name="Do not share").click()
    page.get_by_text("Not shared.").wait_for()
    story.refresh_from_db()
    assert story.status == Story.Status.REJECTED and story.moderation_note.startswith(WHY_NOT)
    assert errors == []
