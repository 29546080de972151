"""Resources written for readers of one language: a Spanish reader sees the Spanish crisis line, an
English reader the English one, both see what is for every reader, and nobody is left without a
crisis line because of its language. The office sees them all, to edit them."""

from __future__ import annotations

from html import escape

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from upstream.community.models import Category, Resource
from upstream.community.services import crisis_resources
from upstream.community.tests.factories import crisis_line, make_office

SPANISH_LINE = "988 Línea de Prevención del Suicidio y Crisis"


@pytest.fixture
def lines(db):
    crisis_line(language="en")
    crisis_line(name=SPANISH_LINE, description="Llame al 988 y oprima 2.", language="es")
    Resource.objects.create(
        name="Riverbend Peer Support",
        category=Category.PEER_SUPPORT,
        description="Trained colleagues, outside your unit, within a day.",
        show_in_distress=True,
    )


def names(rows) -> set[str]:
    return {r.name for r in rows}


@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [
        ("en", "988 Suicide & Crisis Lifeline", SPANISH_LINE),
        ("es", SPANISH_LINE, "988 Suicide & Crisis Lifeline"),
    ],
)
def test_each_reader_sees_the_crisis_line_in_their_language_and_what_is_for_everyone(
    lines, language, shown, hidden
):
    with translation.override(language):
        box = names(crisis_resources())
    assert shown in box and hidden not in box and "Riverbend Peer Support" in box
    page = Client(headers={"accept-language": language}).get("/community/resources/").content.decode()
    assert escape(shown) in page and escape(hidden) not in page
    api = Client(headers={"accept-language": language}).get("/api/v1/community/resources/crisis").json()
    assert shown in {r["name"] for r in api} and hidden not in {r["name"] for r in api}


def test_a_crisis_line_in_another_language_is_shown_rather_than_none(db):
    crisis_line(language="en")
    with translation.override("es"):
        assert names(crisis_resources()) == {"988 Suicide & Crisis Lifeline"}


def test_the_office_sees_every_language_and_sets_it(lines, org, client):
    office = make_office(org.reporter)
    client.force_login(office)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/community/resources/?q=988").content.decode()
    assert SPANISH_LINE in page and 'lang="es"' in page and "español" in page
    response = client.post(
        "/community/resources/new",
        {
            "name": "Apoyo entre pares",
            "category": "peer_support",
            "description": "En español.",
            "language": "es",
            "order": 5,
        },
    )
    import re

    assert response.status_code == 302, re.findall(
        r"(?s)(?:error|alert|danger).{0,200}", response.content.decode()
    )[:6]
    assert Resource.objects.get(name="Apoyo entre pares").language == "es"


def test_the_api_lists_the_reader_s_language_or_every_one_and_refuses_an_unknown_one(lines, org, client):
    spanish = client.get("/api/v1/community/resources?q=988", headers={"accept-language": "es"}).json()
    assert [r["name"] for r in spanish] == [SPANISH_LINE] and spanish[0]["language"] == "es"
    every = client.get("/api/v1/community/resources?q=988&language=all").json()
    assert {r["name"] for r in every} == {SPANISH_LINE, "988 Suicide & Crisis Lifeline"}
    client.force_login(make_office(org.reporter))
    body = {
        "name": "Línea",
        "category": "crisis",
        "description": "Una línea.",
        "phone": "024",
        "language": "fr",
    }
    refused = client.post("/api/v1/community/resources", body, content_type="application/json")
    assert refused.status_code == 400
    created = client.post(
        "/api/v1/community/resources", {**body, "language": "es"}, content_type="application/json"
    )
    assert created.status_code == 201 and created.json()["language"] == "es"


def test_the_language_tag_says_it_is_the_listing_s_language(lines, org, client):
    """ "988 Línea ... · español" read as if the line answered in Spanish, and a Spanish listing of an
    English-speaking line ("(en inglés)") as a Spanish line: the tag says what it names."""
    client.force_login(make_office(org.reporter))  # the office lists every language
    page = client.get("/community/resources/", headers={"accept-language": "es"}).content.decode()
    assert "descrito en inglés" in page and "descrito en español" not in page  # the reader's own: untold
    page = client.get("/community/resources/", headers={"accept-language": "en"}).content.decode()
    assert "described in Spanish" in page and "described in English" not in page
    assert "{#" not in page and "#}" not in page  # a comment over two lines was drawn on every card
