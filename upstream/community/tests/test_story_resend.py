"""A story's confirmation refreshed, or its button tapped twice, stores the story once: the form
carries the concern form's one-time key (and the API takes an Idempotency-Key). The second sending
says so, and a writer in crisis words still sees the crisis lines."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from upstream.community.models import Story
from upstream.intake.models import IntakeEntry, UsedFormKey
from upstream.org.models import User

CRISIS = "After the third night in a row I don't want to wake up tomorrow, and I told nobody."
ORDINARY = "The night Mrs. K's daughter made it in time, and the whole unit held the door open."
BOX = "You don't have to carry this alone"
AGAIN = "This was already sent"


def form_from_page(client, org, text: str, *, anonymous: bool) -> dict[str, str]:
    page = client.get(reverse("community:stories")).content.decode()
    key = re.search(r'name="form_key" value="([^"]+)"', page)
    assert key, "the stories form carries a one-time key"
    form = {"title": "Nights", "text": text, "unit": str(org.medicine.pk), "form_key": key.group(1)}
    if anonymous:
        form["anonymous"] = "on"
    return form


@pytest.mark.parametrize("anonymous", [True, False])
def test_it_handles_a_refreshed_crisis_confirmation_by_storing_the_story_once(org, client, anonymous):
    client.force_login(org.reporter)
    form = form_from_page(client, org, CRISIS, anonymous=anonymous)
    first = client.post(reverse("community:stories"), form)
    assert first.status_code == 200 and BOX in first.content.decode()
    again = client.post(reverse("community:stories"), form)  # the browser's "resend the form?"
    html = again.content.decode()
    assert again.status_code == 409
    assert AGAIN in html and "nothing was sent twice" in html
    assert BOX in html and "988" in html  # the lines are still in front of the writer
    assert IntakeEntry.objects.count() == (1 if anonymous else 0)
    assert Story.objects.count() == (0 if anonymous else 1)
    assert UsedFormKey.objects.count() == 1


def test_it_handles_a_double_tap_on_an_ordinary_story_without_the_crisis_box(org, client):
    client.force_login(org.reporter)
    form = form_from_page(client, org, ORDINARY, anonymous=True)
    assert client.post(reverse("community:stories"), form).status_code == 302
    again = client.post(reverse("community:stories"), form)
    assert again.status_code == 409 and AGAIN in again.content.decode()
    assert BOX not in again.content.decode()
    assert IntakeEntry.objects.count() == 1


def test_a_fresh_form_after_the_first_story_sends_a_second_one(org, client):
    client.force_login(org.reporter)
    client.post(reverse("community:stories"), form_from_page(client, org, ORDINARY, anonymous=True))
    client.post(reverse("community:stories"), form_from_page(client, org, ORDINARY, anonymous=True))
    assert IntakeEntry.objects.count() == 2


@pytest.mark.parametrize("anonymous", [True, False])
def test_it_refuses_a_repeated_idempotency_key_on_the_stories_api(org, client, anonymous):
    client.force_login(org.reporter)
    story = {"title": "Nights", "text": CRISIS, "unit_id": org.medicine.pk, "anonymous": anonymous}

    def send():
        return client.post(
            "/api/v1/community/stories",
            story,
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="5f0c3a52-6c1e-4f0e-9a51-0d4c4b1e7a11",
        )

    assert send().status_code == (202 if anonymous else 201)
    again = send()
    assert again.status_code == 409, again.content
    assert again.json()["detail"] == "This was already sent. Nothing was sent twice."
    assert IntakeEntry.objects.count() + Story.objects.count() == 1


def test_the_same_idempotency_key_from_a_colleague_is_their_own(org, client):
    story = {"title": "Nights", "text": ORDINARY, "unit_id": org.medicine.pk, "anonymous": True}
    for person in (org.reporter, User.objects.get(username="nurse0")):
        client.force_login(person)
        sent = client.post(
            "/api/v1/community/stories", story, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1"
        )
        assert sent.status_code == 202, sent.content
    assert IntakeEntry.objects.count() == 2
