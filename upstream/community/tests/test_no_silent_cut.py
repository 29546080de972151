"""A text over its limit is refused in words and kept, never cut short by the browser.

The thanks box carried `maxlength="280"`: a pasted text lost its end without a word. Every community
text box now goes without `maxlength`; the form refuses an over-long text with "Please shorten this
to N characters or fewer." at the box, and the page shows the text again as typed.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from upstream.community.models import Campaign, Gathering, PeerRequest, Recognition, Story
from upstream.lib.forms import shorten_to
from upstream.org.models import User


def _long(limit: int) -> str:
    """A text one sentence past `limit`, ending in words a cut would lose."""
    body = "We stayed late to cover the ward. " * (limit // 34 + 1)
    return body + "THE END THAT A CUT WOULD LOSE"


@pytest.mark.parametrize(
    ("username", "url"),
    [
        ("reporter", "community:thanks"),
        ("reporter", "community:campaign_new"),
        ("chair", "community:gathering_new"),
        ("reporter", "community:peer"),
        ("reporter", "community:stories"),
    ],
)
def test_it_handles_no_text_box_with_a_maxlength(client, org, username, url):
    client.force_login(User.objects.get(username=username))
    page = client.get(reverse(url))
    assert page.status_code == 200
    assert "maxlength" not in page.content.decode()


def test_it_handles_an_over_long_thanks_by_refusing_it_and_keeping_the_text(client, org):
    client.force_login(org.reporter)
    text = _long(280)
    page = client.get(reverse("community:thanks")).content.decode()
    assert "Between 3 and 280 characters." in page
    refused = client.post(reverse("community:thanks"), {"recipient": f"t{org.ward_a.pk}", "text": text})
    page = refused.content.decode()
    assert refused.status_code == 400
    assert shorten_to(280) in page
    assert "THE END THAT A CUT WOULD LOSE" in page
    assert Recognition.objects.count() == 0


def test_it_handles_an_over_long_campaign_statement_and_ask_alike(client, org):
    client.force_login(org.reporter)
    data = {
        "title": "Night pharmacist",
        "kind": "staffing",
        "statement": _long(4000),
        "ask": _long(4000),
        "scope": str(org.ward_a.pk),
    }
    refused = client.post(reverse("community:campaign_new"), data)
    page = refused.content.decode()
    assert refused.status_code == 400
    assert page.count(shorten_to(4000)) == 2  # the ask's limit is the formal ask's: 4,000
    assert page.count("THE END THAT A CUT WOULD LOSE") == 2
    assert Campaign.objects.count() == 0


def test_it_handles_an_over_long_gathering_description_alike(client, org):
    client.force_login(org.chair)
    start = timezone.localtime() + dt.timedelta(days=2)
    data = {
        "kind": Gathering.Kind.choices[0][0],
        "title": "Schwartz Round",
        "description": _long(4000),
        "scope": str(org.medicine.pk),
        "location": "Room B",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "capacity": "10",
    }
    refused = client.post(reverse("community:gathering_new"), data)
    page = refused.content.decode()
    assert refused.status_code == 400
    assert shorten_to(4000) in page and "THE END THAT A CUT WOULD LOSE" in page
    assert Gathering.objects.count() == 0


def test_it_handles_an_over_long_peer_request_note_alike(client, org):
    client.force_login(org.reporter)
    refused = client.post(reverse("community:peer"), {"contact": "pager 4417", "note": _long(500)})
    page = refused.content.decode()
    assert refused.status_code == 400
    assert shorten_to(500) in page and "THE END THAT A CUT WOULD LOSE" in page
    assert PeerRequest.objects.count() == 0


def test_it_handles_an_over_long_story_alike(client, org):
    client.force_login(org.reporter)
    data = {"title": "The night shift", "text": _long(8000), "unit": str(org.ward_a.pk)}
    refused = client.post(reverse("community:stories"), data)
    page = refused.content.decode()
    assert refused.status_code == 400
    assert shorten_to(8000) in page and "THE END THAT A CUT WOULD LOSE" in page
    assert Story.objects.count() == 0


@pytest.mark.parametrize(
    ("url", "english", "spanish"),
    [
        ("community:stories", "Between 20 and 8,000 characters.", "Entre 20 y 8\u00a0000 caracteres."),
        ("community:campaign_new", "Up to 4,000 characters.", "Hasta 4\u00a0000 caracteres."),
    ],
)
def test_a_long_text_box_says_its_limit_before_anything_is_refused(client, org, url, english, spanish):
    client.force_login(org.reporter)
    assert english in client.get(reverse(url)).content.decode()
    client.cookies["django_language"] = "es"
    assert spanish in client.get(reverse(url)).content.decode()


def test_a_box_with_its_own_help_says_its_limit_after_it(client, org):
    """An action's details said what to write and not how much: the limit came only as a refusal."""
    client.force_login(org.leader)
    page = client.get(reverse("actions:new")).content.decode()
    assert "Describe the change, not the concerns' wording. Up to 5,000 characters." in page


@pytest.mark.parametrize("url", ["speak:new", "speakup:write"])
def test_a_box_with_a_least_length_says_both_once(client, org, url):
    client.force_login(org.reporter)
    page = client.get(reverse(url)).content.decode()
    assert page.count("Between 10 and 5,000 characters.") == 1
    client.cookies["django_language"] = "es"
    page = client.get(reverse(url)).content.decode()
    assert page.count("Entre 10 y 5\u00a0000 caracteres.") == 1
