"""A transcript written without capitals, or all in capitals (automatic captions), is reviewed with
a warning: names are harder to find then, so the leader is asked to read every turn (page and API)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from upstream.api.tests.test_endpoints import auth
from upstream.listening.tests.test_upload import TRANSCRIPT, _form

CAPTIONS = (
    "Facilitator: so what has the winter been like on your unit\n"
    "Nurse 1: honestly um we were short every single night and nobody came to float\n"
    "Nurse 2: yeah and i told odessa we cant keep doing doubles its not safe for anyone\n"
    "Nurse 1: the charting at home is the worst part i finish my notes after the kids are asleep\n"
)
# Some machine transcripts and closed captions write every letter in capitals.
SHOUTED = "".join(
    f"{label}:{words.upper()}\n" for label, words in (line.split(":", 1) for line in CAPTIONS.splitlines())
)


@pytest.mark.parametrize(("text", "warned"), [(CAPTIONS, True), (SHOUTED, True), (TRANSCRIPT, False)])
def test_the_review_page_warns_when_the_transcript_has_almost_no_capitals(client, org, text, warned):
    client.force_login(org.leader)
    page = client.post(reverse("listening:upload"), _form(org, text=text)).content.decode()
    assert ('id="few-capitals"' in page) is warned
    assert ("about one in four or five" in page) is warned


@pytest.mark.parametrize(("text", "warned"), [(CAPTIONS, True), (SHOUTED, True), (TRANSCRIPT, False)])
def test_the_api_review_says_so_too(client, org, text, warned):
    form = {**_form(org, text=text), "scope_id": str(org.ward_a.pk), "guide_used": "true"}
    body = client.post("/api/v1/listening/reviews", form, **auth(org.leader)).json()
    assert body["few_capitals"] is warned
