"""A resource's country: a real ISO 3166 code or blank, and one saved for another country than the
site's stays where the office can find it again.

A new-user walk saved a line with country ES (the form's own example): "Saved. Staff see it in the
directory now", and then nobody saw it, the office included, so it could not be edited or hidden.
"ZZ" and "12" were saved too, for a country nobody is in.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

from upstream.community.models import Category, Resource
from upstream.community.tests.factories import make_office

pytestmark = pytest.mark.django_db

SPAIN_LINE = {
    "name": "Teléfono de la Esperanza",
    "category": Category.CRISIS,
    "description": "Crisis line in Spain, any hour.",
    "country": "es",
    "phone": "717 003 717",
    "order": 5,
    "active": "on",
}


@pytest.fixture
def office(org, client):
    client.force_login(make_office(org.reporter))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_a_resource_for_another_country_is_saved_said_so_and_listed_for_the_office(office):
    response = office.post("/community/resources/new", SPAIN_LINE, follow=True)
    page = response.content.decode()
    assert Resource.objects.get(name=SPAIN_LINE["name"]).country == "ES"
    assert "Saved for ES. Staff here do not see it" in page
    assert "Staff see it in the directory now" not in page
    # The office finds it to edit it, marked with its country; staff of this (US) site do not.
    assert SPAIN_LINE["name"] in page and "· ES" in page
    staff = Client().get("/community/resources/").content.decode()
    assert SPAIN_LINE["name"] not in staff
    # The API gives every country's with country=all.
    every = office.get("/api/v1/community/resources?country=all").json()
    assert SPAIN_LINE["name"] in {row["name"] for row in every}
    assert SPAIN_LINE["name"] not in {row["name"] for row in office.get("/api/v1/community/resources").json()}


@pytest.mark.parametrize("code", ["ZZ", "12", "UK"])
def test_a_code_no_country_has_is_refused_at_its_field_and_nothing_typed_is_lost(office, code):
    response = office.post("/community/resources/new", {**SPAIN_LINE, "country": code})
    assert response.status_code == 400 and not Resource.objects.exists()
    page = response.content.decode()
    assert f"{code} is not a country code" in page
    assert re.search(r'name="country"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="country"', page)
    assert 'value="717 003 717"' in page  # the rest of the form as typed
    api = office.post(
        "/api/v1/community/resources", {**SPAIN_LINE, "country": code}, content_type="application/json"
    )
    assert api.status_code == 400
    if code.isalpha():  # "12" is refused by the schema's pattern first, in its own words
        assert f"{code} is not a country code" in api.content.decode()
