"""The community forms refuse a choice that is not in the list in our words, at its field.

A page left open while the lists changed, or a hand-made post, sent a value not offered: Django's
"Select a valid choice. 999999 is not one of the available choices." showed the person an id they
never typed, in English words run through Django's own catalogue. Now the message is ours, in the
reader's language, tied to the menu, and what was typed is kept.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from conftest import PASSWORD

PLACE = "Elija uno de los lugares de la lista."
OPTION = "Elija una de las opciones de la lista."
NUL = "Contiene un carácter nulo, que no se puede guardar; por favor, bórrelo."
KEPT = "Night shifts need a second pharmacist"
# A day a gathering may start on: in the future and within the year the service allows.
SOON = (dt.date.today() + dt.timedelta(days=40)).isoformat()

CAMPAIGN = {
    "title": KEPT,
    "kind": "staffing",
    "statement": "We wait an hour for every night order.",
    "ask": "Fund a second pharmacist.",
}


def _cases(org):
    return [
        ("reporter", "community:thanks", {"recipient": "p999999", "text": KEPT}, "recipient", OPTION),
        ("reporter", "community:campaign_new", {**CAMPAIGN, "scope": "999999"}, "scope", PLACE),
        (
            "reporter",
            "community:campaign_new",
            {**CAMPAIGN, "kind": "party", "scope": str(org.ward_a.pk)},
            "kind",
            OPTION,
        ),
        (
            "reporter",
            "community:stories",
            {"title": KEPT, "text": "It was a long night.", "unit": "999999"},
            "unit",
            PLACE,
        ),
        (
            "reporter",
            "community:mentoring",
            {"wants": "zzz", "career_stage": "early", "interests": KEPT},
            "wants",
            OPTION,
        ),
        (
            "leader_a",
            "community:gathering_new",
            {
                "kind": "schwartz",
                "title": KEPT,
                "description": "Stories from the night shift.",
                "scope": "999999",
                "location": "Room 4",
                "starts_at": f"{SOON}T12:00",
                "ends_at": f"{SOON}T13:00",
                "capacity": "20",
            },
            "scope",
            PLACE,
        ),
        (
            "reporter",
            "community:thanks",
            {"recipient": f"t{org.ward_a.pk}", "text": KEPT + "\x00"},
            "text",
            NUL,
        ),
    ]


@pytest.mark.parametrize("case", range(7))
def test_a_choice_not_offered_is_refused_in_our_words_at_its_field(client, org, case):
    username, url, data, field, message = _cases(org)[case]
    client.login(username=username, password=PASSWORD)
    response = client.post(reverse(url), data, HTTP_ACCEPT_LANGUAGE="es")
    page = response.content.decode()
    assert response.status_code == 400
    for stock in ("Escoja una opción válida", "no es una de las opciones", "Los caracteres nulos"):
        assert stock not in page
    errors = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', page, re.S)
    assert errors and message in errors.group(1)
    widget = re.search(rf'<(?:select|textarea|input)[^>]*name="{field}"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in widget and f"id_{field}_error" in widget
    assert KEPT in page


GATHERING = {
    "kind": "schwartz_round",
    "title": KEPT,
    "description": "Stories from the night shift.",
    "location": "Room 4",
    "starts_at": f"{SOON}T12:00",
    "ends_at": f"{SOON}T13:00",
    "capacity": "20",
}


def _service_cases(org):
    """Refusals the service makes after the form let the post through."""
    scope = str(org.ward_a.pk)
    return [
        (
            "leader_a",
            "community:gathering_new",
            {**GATHERING, "scope": scope, "location": "4"},
            "location",
            "2",
        ),
        (
            "leader_a",
            "community:gathering_new",
            {**GATHERING, "scope": scope, "starts_at": "2020-01-10T12:00", "ends_at": "2020-01-10T13:00"},
            "starts_at",
            "A gathering starts in the future",
        ),
        (
            "leader_a",
            "community:gathering_new",
            {**GATHERING, "scope": scope, "ends_at": f"{SOON}T11:00"},
            "ends_at",
            "ends after it starts",
        ),
        (
            "leader_a",
            "community:gathering_new",
            {**GATHERING, "scope": scope, "description": "Night\x07 stories"},
            "description",
            "control character",
        ),
        (
            "reporter",
            "community:campaign_new",
            {**CAMPAIGN, "kind": "inside", "scope": scope, "ask": "More."},
            "ask",
            "10",
        ),
        (
            "reporter",
            "community:campaign_new",
            {
                **CAMPAIGN,
                "kind": "inside",
                "scope": scope,
                "statement": "We wait\x1b an hour for every night order.",
            },
            "statement",
            "control character",
        ),
    ]


@pytest.mark.parametrize("case", range(6))
def test_a_rule_the_service_refuses_is_said_at_its_field_not_above_the_form(client, org, case):
    username, url, data, field, words = _service_cases(org)[case]
    client.login(username=username, password=PASSWORD)
    response = client.post(reverse(url), data)
    page = response.content.decode()
    assert response.status_code == 400
    errors = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', page, re.S)
    assert errors and words in errors.group(1)
    assert "nonfield" not in page
    widget = re.search(rf'<(?:select|textarea|input)[^>]*name="{field}"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in widget
    assert KEPT in page
