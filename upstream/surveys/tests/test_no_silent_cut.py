"""A text over its limit is refused in words and kept, never cut short by the browser.

The comment box "Anything you want leaders to know?" carried `maxlength="2000"` on both answer
pages, and the wave title on the manage page `maxlength="200"`: a paste lost its end without a word.
Now no box has a `maxlength`; the server refuses what is too long, says so (the comment's refusal at
the comment box), and the page comes back with every answer chosen and the whole text.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from upstream.intake.models import IntakeEntry
from upstream.org.models import User
from upstream.surveys.models import Invitation, Wave
from upstream.surveys.tests.helpers import office_of, open_wave
from upstream.surveys.tests.test_codes import code_for

END = "THE END THAT A CUT WOULD LOSE"


def _long(limit: int) -> str:
    """A text one sentence past `limit`, ending in words a cut would lose."""
    return "We stayed late to cover the ward. " * (limit // 34 + 1) + END


@pytest.fixture
def wave(org):
    return open_wave(org, office_of(org), units=[org.medicine])


def _checked(html: str) -> set[tuple[str, str]]:
    return set(re.findall(r'name="([^"]+)" value="([^"]+)" checked', html))


def _at_the_box(html: str) -> str:
    """The comment box's label, hints, refusal and box, nothing else of the page."""
    start = html.index('<label for="comment">')
    return html[start : html.index("</textarea>", start)]


def test_the_answer_pages_and_the_manage_page_have_no_maxlength(client, org, wave):
    client.force_login(User.objects.get(username="nurse3"))
    answer = client.get(reverse("surveys:surveys_answer:answer", args=[wave.pk])).content.decode()
    with_code = Client().get(reverse("surveys:surveys_answer:with_code", args=[wave.pk])).content.decode()
    client.force_login(User.objects.get(username="office"))
    manage = client.get(reverse("surveys:manage")).content.decode()
    for page in (answer, with_code, manage):
        assert "maxlength" not in page
    # The limit is said under the box instead (the other long text boxes' words).
    assert "Up to 2,000 characters." in _at_the_box(answer) and "Up to 2,000 characters." in _at_the_box(
        with_code
    )


def test_an_over_long_comment_is_refused_at_the_box_with_every_answer_and_the_whole_comment_kept(
    client, org, wave
):
    nurse = User.objects.get(username="nurse3")
    client.force_login(nurse)
    chosen = {"upstream-pulse__up_division": "4", "upstream-pulse__up_meaning": "2"}
    refused = client.post(
        reverse("surveys:surveys_answer:answer", args=[wave.pk]), {**chosen, "comment": _long(2000)}
    )
    html = refused.content.decode()
    assert refused.status_code == 400
    box = _at_the_box(html)
    assert "Comment: please shorten this to 2,000 characters or fewer. It has 2," in box
    assert 'aria-invalid="true"' in box
    assert END in box
    assert _checked(html) == set(chosen.items())
    # Nothing was sent, so the person can shorten it and send again.
    assert IntakeEntry.objects.count() == 0
    assert Invitation.objects.get(wave=wave, user=nurse).answered_on is None
    sent = client.post(
        reverse("surveys:surveys_answer:answer", args=[wave.pk]), {**chosen, "comment": "Short now."}
    )
    assert sent.status_code == 200 and IntakeEntry.objects.count() == 1


def test_the_code_page_refuses_an_over_long_comment_alike_and_keeps_the_code_unspent(org, wave):
    write = reverse("surveys:surveys_answer:with_code", args=[wave.pk])
    form = {
        "code": code_for(wave),
        "unit": str(org.ward_a.pk),
        "role_group": "nurse",
        "upstream-pulse__up_meaning": "4",
        "comment": _long(2000),
    }
    refused = Client().post(write, form)
    html = refused.content.decode()
    assert refused.status_code == 400
    assert "Comment: please shorten this to 2,000 characters or fewer." in _at_the_box(html)
    assert END in _at_the_box(html)
    assert ("upstream-pulse__up_meaning", "4") in _checked(html)
    assert form["code"] in html and "data-speakup-spent" not in html
    assert IntakeEntry.objects.count() == 0
    sent = Client().post(write, form | {"comment": "Short now."})
    assert "Your answers were received" in sent.content.decode()


def test_an_over_long_wave_title_is_refused_and_kept_whole(client, org):
    client.force_login(office_of(org))
    today = timezone.localdate()
    title = _long(200)
    refused = client.post(
        reverse("surveys:manage"),
        {
            "title": title,
            "units": [str(org.ward_a.pk)],
            "instruments": ["upstream-pulse"],
            "opens_on": today.isoformat(),
            "closes_on": (today + dt.timedelta(days=13)).isoformat(),
        },
    )
    html = refused.content.decode()
    assert refused.status_code == 400
    assert "Title: please shorten this to 200 characters or fewer. It has " in html
    assert f'value="{title}"' in html
    assert not Wave.objects.exists()
