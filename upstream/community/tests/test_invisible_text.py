"""A text of nothing but invisible characters is empty, on the page and in the API.

Three zero-width spaces (U+200B) pasted into the thanks box were published: the feed showed an
empty thank-you. Zero-width spaces and joiners, direction marks, soft hyphens and the byte-order
mark are now trimmed like spaces, so such a text is refused as blank (and counted without them).
So are the other characters drawn as nothing or as a blank: twelve Hangul fillers were filed as a
concern.
"""

from __future__ import annotations

import re

import pytest

from upstream.api.tests.test_api import post
from upstream.community.models import Recognition
from upstream.lib.text import plain_text_pattern

INVISIBLE = [
    "\u200b\u200b\u200b",
    "\ufeff \u200d",
    "\u00ad\u2060\u200e",
    # Drawn as blanks too (found by fuzzing): Hangul fillers, the blank Braille cell, a direction
    # override and the combining grapheme joiner.
    "\u3164" * 12,
    "\u2800" * 12,
    "\u115f\u1160\uffa0",
    "\u202e\u034f\u061c",
]


@pytest.mark.parametrize("text", INVISIBLE)
def test_a_thanks_with_nothing_visible_is_refused_at_its_box(org, client, text):
    client.force_login(org.reporter)
    page = client.post("/community/thanks/", {"recipient": f"t{org.ward_a.pk}", "text": text})
    assert page.status_code == 400 and "Please fill this in." in page.content.decode()
    assert not Recognition.objects.exists()


@pytest.mark.parametrize("text", INVISIBLE)
def test_the_api_refuses_it_and_its_schema_says_so(org, client, text):
    client.force_login(org.reporter)
    answer = post(client, "/api/v1/community/thanks", {"text": text, "team_id": org.ward_a.pk})
    assert answer.status_code == 400
    assert not Recognition.objects.exists()
    assert not re.search(plain_text_pattern(1), text)  # schema-invalid too, not a surprise refusal


def test_visible_words_between_invisible_characters_are_kept(org, client):
    client.force_login(org.reporter)
    answer = post(
        client,
        "/api/v1/community/thanks",
        {"text": "\u200bThank you, 4 West\u200b", "team_id": org.ward_a.pk},
    )
    assert answer.status_code == 201
    assert Recognition.objects.get().text == "Thank you, 4 West"


def test_a_concern_of_blank_looking_characters_is_refused_and_korean_words_are_kept(org, client):
    client.force_login(org.reporter)
    blank = post(client, "/api/v1/concerns", {"text": "\u3164" * 12})
    assert blank.status_code == 400
    words = "\u3164야간 근무에 간호사가 너무 부족합니다\u3164"  # "far too few nurses on nights"
    assert post(client, "/api/v1/concerns", {"text": words}).status_code == 201
