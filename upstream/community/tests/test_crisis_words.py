"""A peer-support request or a story in crisis words shows crisis lines at once, on the page and in
the API, as a concern does; a peer-support request's notice is marked urgent. Nothing is stored."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from upstream.community.models import PeerRequest, Story
from upstream.community.tests.factories import make_office
from upstream.org.models import User

CRISIS = "I don't want to wake up tomorrow. Nights have been too much for months."
ORDINARY = "A rough week after two codes in a row; I would like to talk it through."
STORY_CRISIS = "After the third night in a row I don't want to wake up tomorrow, and I told nobody."
STORY_ORDINARY = "The night Mrs. K's daughter made it in time, and the whole unit held the door open."
BOX = "You don't have to carry this alone"


def ask_on_page(client, note: str):
    return client.post(reverse("community:peer"), {"contact": "pager 4417", "when": "", "note": note})


def test_it_handles_a_peer_request_in_crisis_words_with_resources_and_an_urgent_notice(
    org, supporter, client, django_capture_on_commit_callbacks
):
    client.force_login(org.reporter)
    with django_capture_on_commit_callbacks(execute=True):
        page = ask_on_page(client, CRISIS)
    assert page.status_code == 200
    html = page.content.decode()
    assert BOX in html and "988" in html and "marked urgent for the peer supporter" in html
    notice = mail.outbox[-1]
    assert notice.to == [supporter.user.email]
    assert notice.subject.startswith("Urgent:") and "within hours" in notice.body
    assert "wake up" not in notice.body and "4417" not in notice.body  # where to look, never the words
    assert PeerRequest.objects.count() == 1


def test_it_handles_an_ordinary_peer_request_as_before(
    org, supporter, client, django_capture_on_commit_callbacks
):
    client.force_login(org.reporter)
    with django_capture_on_commit_callbacks(execute=True):
        page = ask_on_page(client, ORDINARY)
    assert BOX not in page.content.decode()
    assert not mail.outbox[-1].subject.startswith("Urgent")


def test_it_answers_crisis_and_resources_on_the_peer_api(
    org, supporter, client, django_capture_on_commit_callbacks
):
    client.force_login(org.reporter)
    with django_capture_on_commit_callbacks(execute=True):
        flagged = client.post(
            "/api/v1/community/peer/requests",
            {"contact": "555-0100", "note": CRISIS},
            content_type="application/json",
        )
    assert flagged.status_code == 201, flagged.content
    body = flagged.json()
    assert body["crisis"] is True and any("988" in line for line in body["crisis_resources"])
    assert mail.outbox[-1].subject.startswith("Urgent:")
    # A colleague: from the same browser session, the first still waiting, it would be refused (409).
    client.force_login(User.objects.get(username="nurse1"))
    calm = client.post(
        "/api/v1/community/peer/requests",
        {"contact": "555-0101", "note": ORDINARY},
        content_type="application/json",
    ).json()
    assert calm["crisis"] is False and calm["crisis_resources"] == []


def test_with_no_supporter_the_office_is_told_it_is_urgent(org, client, django_capture_on_commit_callbacks):
    office = make_office(org.chair)
    client.force_login(org.reporter)
    with django_capture_on_commit_callbacks(execute=True):
        page = ask_on_page(client, CRISIS)
    assert BOX in page.content.decode()
    notice = mail.outbox[-1]
    assert office.email in notice.to and notice.subject.startswith("Urgent:")
    assert "wake up" not in notice.body


@pytest.mark.parametrize("anonymous", [True, False])
def test_it_handles_a_story_in_crisis_words_with_resources_on_the_page(org, client, anonymous):
    client.force_login(org.reporter)
    form = {"title": "Nights", "text": STORY_CRISIS, "unit": str(org.medicine.pk)}
    if anonymous:
        form["anonymous"] = "on"
    page = client.post(reverse("community:stories"), form)
    assert page.status_code == 200, page.status_code
    html = page.content.decode()
    assert BOX in html and "988" in html and "Your story was received." in html
    calm = client.post(reverse("community:stories"), {**form, "text": STORY_ORDINARY})
    assert calm.status_code == 302  # as before: back to the stories, no box


def test_it_answers_crisis_and_resources_on_the_stories_api(org, client):
    client.force_login(org.reporter)
    story = {"title": "Nights", "text": STORY_CRISIS, "unit_id": org.medicine.pk}
    anon = client.post(
        "/api/v1/community/stories", {**story, "anonymous": True}, content_type="application/json"
    )
    assert anon.status_code == 202, anon.content
    assert anon.json()["crisis"] is True and anon.json()["crisis_resources"]
    named = client.post("/api/v1/community/stories", story, content_type="application/json")
    assert named.status_code == 201
    assert named.json()["crisis"] is True and named.json()["crisis_resources"]
    assert named.json()["status"] == "pending" and Story.objects.filter(author=org.reporter).count() == 1
    calm = client.post(
        "/api/v1/community/stories",
        {**story, "text": STORY_ORDINARY, "anonymous": True},
        content_type="application/json",
    ).json()
    assert calm["crisis"] is False and calm["crisis_resources"] == []
