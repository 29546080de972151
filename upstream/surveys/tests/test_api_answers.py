"""What an API client is told when a well-formed survey request cannot be done.

A closed survey, a wave that is not waiting for a decision: 409 (the state, not the request, is
the problem). A unit, instrument or role group that does not exist or is not the caller's (or the
wave's): 404. Scheduling as a leader: 403. Each with the page's sentence. What the schema can state
(role groups, at least one unit and instrument, decisions, key ids, codes) it states, so a request
it allows is not refused for its form.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from upstream.lib.text import PLAIN_TEXT_PATTERN
from upstream.surveys.models import Wave
from upstream.surveys.tests.helpers import PULSE, office_of, open_wave
from upstream.surveys.tests.test_api import signed_in


@pytest.fixture
def wave(org):
    return open_wave(org, office_of(org), units=[org.medicine])


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def answer(response) -> tuple[int, str]:
    return response.status_code, response.json()["detail"]


def test_it_handles_a_closed_survey_with_a_409(client, org, wave):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Wave.objects.filter(pk=wave.pk).update(opens_on=yesterday - dt.timedelta(days=7), closes_on=yesterday)
    signed_in(client, "nurse3")
    closed = (409, "This survey is closed.")
    assert (
        answer(post(client, f"/api/v1/surveys/answer/{wave.pk}", {"answers": {"upstream-pulse": PULSE}}))
        == closed
    )
    code = {"key_id": "0" * 64, "blinded_message": "AQ"}
    assert answer(post(client, f"/api/v1/surveys/answer/{wave.pk}/code", code)) == closed
    with_code = {
        "token": "AQ",
        "unit_id": org.ward_a.pk,
        "role_group": "nurse",
        "answers": {"upstream-pulse": PULSE},
    }
    assert answer(post(Client(), f"/api/v1/surveys/answer/{wave.pk}/with-code", with_code)) == closed


def test_it_handles_a_unit_or_role_the_wave_does_not_cover_with_a_404(client, org, wave):
    url = f"/api/v1/surveys/answer/{wave.pk}/with-code"
    body = {
        "token": "AQ",
        "unit_id": org.other_hospital.pk,
        "role_group": "nurse",
        "answers": {"upstream-pulse": PULSE},
    }
    assert answer(post(Client(), url, body)) == (404, "Choose the unit you are answering for.")
    signed_in(client, "nurse3")
    mine = post(
        client,
        f"/api/v1/surveys/answer/{wave.pk}",
        {"unit_id": org.ward_b.pk, "answers": {"upstream-pulse": PULSE}},
    )
    assert answer(mine) == (404, "Choose the unit you are answering for.")
    # A role group that does not exist at all is the schema's to refuse.
    unknown = post(Client(), url, {**body, "unit_id": org.ward_a.pk, "role_group": "surgeon"})
    assert unknown.status_code == 400 and unknown.json()["errors"][0]["type"] == "literal_error"


def test_it_handles_a_wave_not_waiting_for_a_decision_with_a_409(client, org, wave):
    signed_in(client, "office")
    refused = post(client, f"/api/v1/surveys/waves/{wave.pk}/decision", {"decision": "approve"})
    assert answer(refused) == (409, "This wave is not waiting for a decision.")
    unknown = post(client, f"/api/v1/surveys/waves/{wave.pk}/decision", {"decision": "maybe"})
    assert unknown.status_code == 400 and unknown.json()["errors"][0]["type"] == "literal_error"


def test_it_handles_waves_naming_what_does_not_exist_with_a_404_and_a_leaders_schedule_with_a_403(
    client, org
):
    office_of(org)
    signed_in(client, "office")
    today = timezone.localdate()
    body = {
        "title": "Winter pulse",
        "unit_ids": [org.medicine.pk],
        "instruments": ["upstream-pulse"],
        "opens_on": str(today),
        "closes_on": str(today + dt.timedelta(days=7)),
    }
    unknown_unit = post(client, "/api/v1/surveys/waves", {**body, "unit_ids": [987654]})
    assert answer(unknown_unit) == (404, "Choose one or more units.")
    unknown_instrument = post(client, "/api/v1/surveys/waves", {**body, "instruments": ["no-such"]})
    assert answer(unknown_instrument) == (404, "Unknown instrument: no-such.")
    for empty in ({"unit_ids": []}, {"instruments": []}, {"role_groups": ["wizard"]}):
        refused = post(client, "/api/v1/surveys/waves", {**body, **empty})
        assert refused.status_code == 400 and refused.json()["errors"], empty
    # A date rule the schema cannot state stays a 400 with its sentence.
    past = post(client, "/api/v1/surveys/waves", {**body, "closes_on": str(today - dt.timedelta(days=1))})
    assert past.status_code == 400
    assert not Wave.objects.exists()
    signed_in(client, "leader_a")
    scheduled = post(client, "/api/v1/surveys/waves", body)
    assert answer(scheduled) == (403, "Only the well-being office schedules waves.")


def test_the_schema_lists_each_answer(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    expected = {
        ("/api/v1/surveys/waves", "post"): {"400", "403", "404"},
        ("/api/v1/surveys/waves/{wave_id}/decision", "post"): {"404", "409"},
        ("/api/v1/surveys/answer/{wave_id}", "post"): {"404", "409"},
        ("/api/v1/surveys/answer/{wave_id}/code", "post"): {"404", "409"},
        ("/api/v1/surveys/answer/{wave_id}/with-code", "post"): {"403", "404", "409"},
    }
    for (path, method), codes in expected.items():
        assert codes <= set(paths[path][method]["responses"]), path


def test_the_trend_keys_are_stated_so_a_nul_is_a_schema_problem(client, org):
    """`instrument` and `score` were any text, so a NUL in one was schema-valid and refused."""
    params = client.get("/api/openapi.json").json()["paths"]["/api/v1/surveys/trends"]["get"]["parameters"]
    patterns = {p["name"]: p["schema"]["pattern"] for p in params}
    assert patterns == {"instrument": "^[-a-zA-Z0-9_]+$", "score": PLAIN_TEXT_PATTERN}
    signed_in(client, "chair")
    refused = client.get("/api/v1/surveys/trends", {"instrument": "cbi work", "score": "division"})
    assert refused.status_code == 400 and refused.json()["errors"][0]["loc"] == ["query", "instrument"]
    assert client.get("/api/v1/surveys/trends", {"instrument": "cbi-work", "score": "x"}).status_code == 200
