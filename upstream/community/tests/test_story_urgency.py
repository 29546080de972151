"""A story in crisis words is urgent for whoever moderates stories: first in their list, marked in
words, and the office is emailed as for a peer-support request nobody could take. A named story is
told at once; an anonymous one when its batch is released (nothing about it is kept before)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from upstream.community.models import Story
from upstream.community.tests.factories import make_office

CRISIS = "After the third night in a row I don't want to wake up tomorrow, and I told nobody."
ORDINARY = "The night Mrs. K's daughter made it in time, and the whole unit held the door open."
release_due = pytest.importorskip("upstream.intake.services").release_due


@pytest.fixture
def office(org):
    return make_office(org.chair)


def share(client, org, text: str, *, title: str, anonymous: bool = False, capture=None):
    form = {"title": title, "text": text, "unit": str(org.medicine.pk)}
    if anonymous:
        form["anonymous"] = "on"
    with capture(execute=True):
        return client.post(reverse("community:stories"), form)


def _cards(page: str) -> list[str]:
    return re.findall(r'<article class="card[^"]*">(.*?)</article>', page, re.S)


def test_a_named_story_in_crisis_words_is_first_and_marked_for_the_moderators(
    org, office, client, django_capture_on_commit_callbacks
):
    client.force_login(org.reporter)
    share(client, org, ORDINARY, title="The door", capture=django_capture_on_commit_callbacks)
    assert mail.outbox == []  # an ordinary story tells nobody, as before
    share(client, org, CRISIS, title="Nights", capture=django_capture_on_commit_callbacks)
    notice = mail.outbox[-1]
    assert office.email in notice.to and notice.subject.startswith("Urgent:")
    assert "within hours" in notice.body
    for private in ("wake up", "Nights", org.reporter.username, "Robin"):  # where to look, never what
        assert private not in notice.subject + notice.body, private
    client.force_login(office)
    cards = _cards(client.get(reverse("community:stories_moderate")).content.decode())
    assert "Nights" in cards[0] and "The door" in cards[1]
    assert "Urgent" in cards[0] and "reach them" in cards[0]
    assert "Urgent" not in cards[1]
    listed = client.get("/api/v1/community/stories/moderation").json()
    assert [(s["title"], s["urgent"]) for s in listed] == [("Nights", True), ("The door", False)]
    # "Reach them within hours" now says how: the signed writer's work email, on the page and in the API.
    assert f'href="mailto:{org.reporter.email}"' in cards[0] and "mailto:" not in cards[1]
    assert [s["reach_at"] for s in listed] == [org.reporter.email, None]
    spanish = client.get(reverse("community:stories_moderate"), HTTP_ACCEPT_LANGUAGE="es")
    assert "Urgente" in _cards(spanish.content.decode())[0]


def test_moderating_an_urgent_story_clears_the_flag(org, office, client, django_capture_on_commit_callbacks):
    client.force_login(org.reporter)
    share(client, org, CRISIS, title="Nights", capture=django_capture_on_commit_callbacks)
    story = Story.objects.get()
    client.force_login(office)
    answer = client.post(
        f"/api/v1/community/stories/{story.pk}/moderate", {"approve": False}, content_type="application/json"
    )
    assert answer.status_code == 200
    story.refresh_from_db()
    assert story.status == Story.Status.REJECTED and not story.urgent  # it outlives no moderation


def test_the_moderation_list_is_the_offices_alone(org, office, client):
    client.force_login(org.reporter)
    assert client.get("/api/v1/community/stories/moderation").status_code == 404
    assert client.get(reverse("community:stories_moderate")).status_code == 404


def test_an_anonymous_story_in_crisis_words_is_urgent_from_its_batch_on(
    org, office, client, django_capture_on_commit_callbacks
):
    client.force_login(org.reporter)
    share(client, org, CRISIS, title="Nights", anonymous=True, capture=django_capture_on_commit_callbacks)
    share(client, org, ORDINARY, title="The door", anonymous=True, capture=django_capture_on_commit_callbacks)
    assert mail.outbox == [] and Story.objects.count() == 0  # nothing at the moment of writing
    with django_capture_on_commit_callbacks(execute=True):
        release_due(everything=True)
    released = {s.title: s for s in Story.objects.all()}
    assert released["Nights"].urgent and not released["The door"].urgent
    assert released["Nights"].author is None
    assert released["Nights"].submitted_on == released["The door"].submitted_on  # the batch day only
    notice = mail.outbox[-1]
    assert office.email in notice.to and notice.subject.startswith("Urgent:")
    assert "wake up" not in notice.body and "Nights" not in notice.body
    client.force_login(office)
    cards = _cards(client.get(reverse("community:stories_moderate")).content.decode())
    assert "Nights" in cards[0] and "Urgent" in cards[0] and "Anonymous" in cards[0]
    assert "nobody can reach" in cards[0]
    # The writer's address is given for a signed story only: an anonymous one names no one, anywhere.
    assert "mailto:" not in cards[0] and org.reporter.email not in cards[0]
    listed = client.get("/api/v1/community/stories/moderation").json()
    assert [s["reach_at"] for s in listed] == [None, None]
    assert org.reporter.email not in str(listed)
