"""The signed-in answer page and the answer-with-a-code page of one survey have different titles
(an accessibility probe: both were titled with the survey's name alone, so a tab or the history list
could not tell them apart)."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from upstream.surveys.tests.helpers import office_of, open_wave

TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def test_it_handles_the_two_answer_pages_of_a_survey_titled_apart(org):
    wave = open_wave(org, office_of(org), units=[org.medicine])
    client = Client()
    client.login(username="nurse3", password=PASSWORD)
    answer = client.get(reverse("surveys:surveys_answer:answer", args=[wave.pk])).content.decode()
    code = Client().get(reverse("surveys:surveys_answer:with_code", args=[wave.pk])).content.decode()
    signed_in, with_code = TITLE.search(answer).group(1), TITLE.search(code).group(1)
    assert signed_in == f"{wave.title} · Upstream"
    assert with_code == f"{wave.title}: answer with a code · Upstream"
