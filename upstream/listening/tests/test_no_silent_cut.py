"""The upload and review boxes take whatever is pasted: too long is refused in words, and kept.

The session title carried `maxlength="200"` (and the pasted transcript one of 2 MB): a browser cut
a pasted title without a word. Now no box has a `maxlength`; the form refuses what is too long at
the box and the page shows the text again, whole.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from conftest import PASSWORD
from upstream.lib.forms import shorten_to
from upstream.listening.models import ListeningSession
from upstream.listening.tests.test_upload import _form

END = "THE END THAT A CUT WOULD LOSE"


def _long(limit: int) -> str:
    return "Nurses and residents on nights. " * (limit // 32 + 1) + END


@pytest.fixture
def leader(client, org):
    client.login(username="leader_a", password=PASSWORD)
    return client


def test_no_box_of_the_upload_or_review_pages_has_a_maxlength(leader, org):
    upload = leader.get(reverse("listening:upload")).content.decode()
    review = leader.post(reverse("listening:upload"), _form(org)).content.decode()
    assert "Review names before saving" in review
    assert "maxlength" not in upload and "maxlength" not in review


def test_an_over_long_title_is_refused_at_its_box_and_kept_whole(leader, org):
    title = _long(200)
    refused = leader.post(reverse("listening:upload"), _form(org, title=title))
    page = refused.content.decode()
    assert refused.status_code == 400
    box = page[page.index('<label for="id_title">') : page.index('<label for="id_kind">')]
    assert shorten_to(200) in box and f'value="{title}"' in box
    assert ListeningSession.objects.count() == 0


def test_over_long_extra_names_are_refused_and_kept_with_the_review(leader, org):
    page = leader.post(reverse("listening:upload"), _form(org)).content.decode()
    payload = re.search(r'name="payload" value="([^"]+)"', page).group(1)
    extra = _long(2000)
    refused = leader.post(reverse("listening:confirm"), {"payload": payload, "extra_names": extra})
    html = refused.content.decode()
    assert refused.status_code == 400
    assert shorten_to(2000) in html and END in html and "Hartwell" in html
    assert ListeningSession.objects.count() == 0
