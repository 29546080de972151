"""The API's own sentences reach a person in the request's language, through Django's translation.

Some were English literals whatever the request asked for: a JSON true or false where a number
belongs (an f-string), the 401 that says to sign in, a concern, action or early warning that is not
in your units, and the surveys' refusals. Where the Spanish catalogue has the sentence already, the
test asks for it; where it does not yet, a Spanish entry is added for the test's length, and a
Spanish request must get it: the sentence went through gettext with its placeholder named.
"""

from __future__ import annotations

import json
import uuid
from unittest import mock

import pytest
from django.utils.translation import trans_real

from upstream.api.tests.test_api import auth

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}


@pytest.fixture
def spanish_entry():
    """Adds msgid -> msgstr to the Spanish catalogue until the test ends."""
    catalogue = trans_real.translation("es")._catalog._catalogs[0]
    with mock.patch.dict(catalogue) as patched:
        yield patched.__setitem__


def test_a_boolean_where_a_number_belongs_is_refused_in_the_requests_language(client, org, spanish_entry):
    spanish_entry(
        "%(name)s must be a number, not true or false.", "%(name)s debe ser un número, no verdadero o falso."
    )
    body = {"text": "The lifts are broken again on the east side.", "unit_id": True}
    response = client.post(
        "/api/v1/concerns", json.dumps(body), content_type="application/json", **SPANISH, **auth(org.reporter)
    )
    assert response.status_code == 400
    [problem] = response.json()["errors"]
    assert problem["msg"] == "unit_id debe ser un número, no verdadero o falso."


def test_the_401_is_in_the_requests_language(client, db, spanish_entry):
    english = "Sign in, or send a valid token as 'Authorization: Bearer TOKEN'."
    spanish_entry(english, "Inicie sesión o envíe un token válido como 'Authorization: Bearer TOKEN'.")
    assert client.get("/api/v1/inbox").json() == {"detail": english}
    refused = client.get("/api/v1/inbox", **SPANISH)
    assert refused.status_code == 401
    assert refused.json() == {
        "detail": "Inicie sesión o envíe un token válido como 'Authorization: Bearer TOKEN'."
    }


def test_what_is_not_in_your_units_is_said_as_the_pages_say_it(client, org):
    headers = {**auth(org.leader), **SPANISH}
    missing = uuid.uuid4()
    concern = client.get(f"/api/v1/concerns/{missing}", **headers)
    assert (concern.status_code, concern.json()) == (
        404,
        {"detail": "Esa inquietud no existe en sus unidades."},
    )
    action = client.post("/api/v1/actions/999999/publish", content_type="application/json", **headers)
    assert (action.status_code, action.json()) == (404, {"detail": "Esa medida no existe en sus unidades."})
    warning = client.post("/api/v1/signals/999999/note", content_type="application/json", **headers)
    assert (warning.status_code, warning.json()) == (
        404,
        {"detail": "Esa alerta temprana no existe en sus unidades."},
    )


def test_the_surveys_refusals_are_in_the_requests_language(client, org, spanish_entry):
    spanish_entry("No such survey for you.", "Esa encuesta no es para usted.")
    spanish_entry("Only leaders and the well-being office see waves.", "Solo los responsables ven las olas.")
    answer = {"answers": {"upstream-pulse": {"up_division": 4}}}
    survey = client.post(
        "/api/v1/surveys/answer/999999",
        json.dumps(answer),
        content_type="application/json",
        **SPANISH,
        **auth(org.reporter),
    )
    assert (survey.status_code, survey.json()) == (404, {"detail": "Esa encuesta no es para usted."})
    waves = client.get("/api/v1/surveys/waves", **SPANISH, **auth(org.reporter))
    assert (waves.status_code, waves.json()) == (404, {"detail": "Solo los responsables ven las olas."})
