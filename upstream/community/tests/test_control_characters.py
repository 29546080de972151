"""A control character pasted into any text box is refused at the box, in the concern form's words.

The concern and action pages refused an invisible control character (a pasted fragment of a
terminal) with "It contains an invisible control character, which cannot be
stored; please remove it."; the thanks, story, campaign and gathering boxes and a pasted or uploaded
listening transcript took it, or refused it above the form, or not at all. Every PlainForm text box
now refuses it with the same words, at the box, with what was typed kept. (The page breaks text
copied from a PDF carries are taken as line breaks instead: upstream/concerns/tests/test_pasted_breaks.py.)
"""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import PASSWORD
from upstream.listening.tests.test_upload import TRANSCRIPT, _form

CONTROL = "Contiene un carácter de control invisible, que no se puede guardar; por favor, bórrelo."
KEPT = "Thank you for covering my break"


def _error(page: str, field: str) -> str:
    found = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', page, re.S)
    assert found, f"no error tied to {field}"
    return found.group(1)


def _cases(org):
    return [
        ("reporter", "community:thanks", {"recipient": f"t{org.ward_a.pk}", "text": KEPT + "\x07"}, "text"),
        (
            "reporter",
            "community:stories",
            {"title": KEPT, "text": "A long night.\x1b" * 3, "unit": str(org.ward_a.pk)},
            "text",
        ),
        (
            "reporter",
            "community:mentoring",
            {"wants": "mentor", "career_stage": "early", "interests": KEPT + "\x1b[0m"},
            "interests",
        ),
        ("leader_a", "listening:upload", _form(org, title=KEPT + "\x08"), "title"),
        ("leader_a", "listening:upload", _form(org, text=TRANSCRIPT + "\x07"), "text"),
        (
            "leader_a",
            "listening:upload",
            _form(org, text="", file=SimpleUploadedFile("t.txt", (TRANSCRIPT + "\x07").encode())),
            "file",
        ),
    ]


@pytest.mark.parametrize("case", range(6))
def test_a_control_character_is_refused_at_its_box_in_the_concern_forms_words(client, org, case):
    username, url, data, field = _cases(org)[case]
    client.login(username=username, password=PASSWORD)
    response = client.post(reverse(url), data, HTTP_ACCEPT_LANGUAGE="es")
    page = response.content.decode()
    assert response.status_code == 400
    assert CONTROL in _error(page, field)


def test_the_apis_listening_upload_refuses_it_too(client, org):
    from upstream.api.tests.test_api import auth
    from upstream.api.tests.test_listening_upload import _review

    for extra in ({"text": TRANSCRIPT + "\x07"}, {"title": "Residents\x08 spring"}):
        response = _review(client, org, auth(org.leader), **extra)
        assert response.status_code == 400, extra
        assert "invisible control character" in response.json()["detail"]
