"""After "Share it" or "Do not share" the moderation page says what happened, in its message region
(which upstream.js focuses); a story moderated meanwhile says how, not the 404 page; the API, 409."""

from __future__ import annotations

import re

import pytest

from upstream.community.models import Story
from upstream.community.services import stories
from upstream.community.services.common import Conflict
from upstream.community.tests.factories import make_office

TEXT = "The night Mrs. K's daughter made it in time, and the whole unit held the door open for her."


@pytest.fixture
def story(org) -> Story:
    return stories.share_story(org.reporter, title="Holding the door", text=TEXT, unit=org.ward_a).story


def region(html: str, role: str) -> str:
    """The text of the page's flash region with that role (the one upstream.js gives the focus)."""
    found = re.search(rf'<div class="flash" role="{role}">(.*?)</div>', html, re.S)
    return found.group(1) if found else ""


@pytest.mark.parametrize(
    ("decision", "said", "status"),
    [("approve", "Shared with 4 West.", "approved"), ("reject", "Not shared.", "rejected")],
)
def test_the_page_says_what_was_done_in_its_message_region(org, client, story, decision, said, status):
    client.force_login(make_office(org.chair))
    page = client.post(f"/community/stories/moderate/{story.pk}", {"decision": decision}, follow=True)
    assert page.redirect_chain == [("/community/stories/moderate", 302)]
    assert said in region(page.content.decode(), "status")
    story.refresh_from_db()
    assert story.status == status


@pytest.mark.parametrize(
    ("first", "said"),
    [
        (True, "This story was already moderated: shared."),
        (False, "This story was already moderated: not shared."),
    ],
)
def test_a_story_moderated_in_another_tab_says_how_not_404(org, client, story, first, said):
    office = make_office(org.chair)
    stories.moderate(office, story.pk, approve=first)
    client.force_login(office)
    page = client.post(f"/community/stories/moderate/{story.pk}", {"decision": "reject"}, follow=True)
    assert page.status_code == 200 and said in region(page.content.decode(), "alert")
    story.refresh_from_db()
    assert story.status == ("approved" if first else "rejected")  # unchanged
    with pytest.raises(Conflict, match=said):
        stories.moderate(office, story.pk, approve=not first)
    api = client.post(
        f"/api/v1/community/stories/{story.pk}/moderate",
        {"approve": not first, "note": ""},
        content_type="application/json",
    )
    assert (api.status_code, api.json()["detail"]) == (409, said)


def test_a_story_that_never_was_or_an_outsider_is_still_404(org, client, story):
    stories.moderate(make_office(org.chair), story.pk, approve=True)
    client.force_login(org.outsider)  # not the office: never told it exists, nor how it went
    assert client.post(f"/community/stories/moderate/{story.pk}", {"decision": "reject"}).status_code == 404
    api = f"/api/v1/community/stories/{story.pk}/moderate"
    assert client.post(api, {"approve": True}, content_type="application/json").status_code == 404
    client.force_login(make_office(org.other_leader))
    nowhere = "/community/stories/moderate/00000000-0000-0000-0000-000000000000"
    assert client.post(nowhere, {"decision": "reject"}).status_code == 404


def test_a_refused_note_on_an_anonymous_story_keeps_the_anonymous_hint(org, client):
    """Sent back for a note over 500 characters, the box of an anonymous story read "Shown only to
    the writer of a signed story, beside it." where it had said the writer cannot be told."""
    from upstream.intake.services import release_due

    stories.share_story(org.reporter, title="Anon", text=TEXT, unit=org.medicine, anonymous=True)
    release_due(everything=True)
    anonymous = Story.objects.get()
    client.force_login(make_office(org.chair))
    hint = "Anonymous: the writer cannot be told; the note stays here."
    assert hint in client.get("/community/stories/moderate").content.decode()
    refused = client.post(
        f"/community/stories/moderate/{anonymous.pk}", {"decision": "reject", "note": "x" * 600}
    )
    page = refused.content.decode()
    assert refused.status_code == 400 and "x" * 600 in page
    assert hint in page and "Shown only to the writer of a signed story" not in page
