"""The JSON API for instruments, waves, answering and results, with errors in the schema."""

from __future__ import annotations

import datetime as dt

import jsonschema
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from upstream.intake.models import IntakeEntry
from upstream.privacy.tests.test_anonymity import dump, written
from upstream.surveys.results import results_from
from upstream.surveys.tests.helpers import office_of, open_wave
from upstream.surveys.tests.test_results import add_responses


@pytest.fixture
def wave(org):
    return open_wave(org, office_of(org), units=[org.medicine])


def signed_in(client, username):
    assert client.login(username=username, password=PASSWORD)
    return client


def test_it_lists_instruments_with_their_licenses(client, org):
    body = signed_in(client, "nurse0").get("/api/v1/surveys/instruments").json()
    keys = {i["key"] for i in body}
    assert {"cbi-work", "loneliness-3", "upstream-pulse"} <= keys
    assert all(i["redistribution"] for i in body)


def test_it_answers_once_then_409(client, org, wave):
    signed_in(client, "nurse3")
    open_now = client.get("/api/v1/surveys/open").json()
    assert open_now[0]["id"] == wave.pk and open_now[0]["answered"] is False
    url = f"/api/v1/surveys/answer/{wave.pk}"
    body = {"answers": {"upstream-pulse": {"up_division": 4}}}
    first = client.post(url, body, content_type="application/json")
    assert first.status_code == 202 and first.json()["status"] == "received"
    assert client.post(url, body, content_type="application/json").status_code == 409


def test_a_retried_answer_gets_the_help_line_and_crisis_lines_with_its_409(client, org, wave):
    """A writer whose first answer was lost (a timeout) and who retries got a bare 409 "already
    answered": no help line, and no crisis lines for a comment in crisis words (found by a
    kill-under-load probe)."""
    signed_in(client, "nurse3")
    url = f"/api/v1/surveys/answer/{wave.pk}"
    body = {
        "answers": {"upstream-pulse": {"up_division": 4}},
        "comment": "I keep thinking about ending my life after these shifts.",
    }
    first = client.post(url, body, content_type="application/json").json()
    assert first["crisis"] is True
    before = dump()
    retry = client.post(url, body, content_type="application/json")
    assert retry.status_code == 409
    answer = retry.json()
    assert answer["detail"] == "You have already answered this survey. Thank you."
    assert answer["crisis"] is True and answer["crisis_resources"] == first["crisis_resources"]
    assert answer["help_line"] == first["help_line"] and answer["help_line"]["lines"]
    calm = client.post(url, {**body, "comment": ""}, content_type="application/json").json()
    assert calm["crisis"] is False and calm["crisis_resources"] == [] and calm["help_line"]["lines"]
    assert IntakeEntry.objects.count() == 1  # screened again, never stored again
    assert written(before, dump()) == {}  # nothing in any table, as a full dump shows it


@pytest.mark.parametrize(
    "body",
    [
        {"answers": {"upstream-pulse": {"up_division": 9}}},
        {"answers": {"upstream-pulse": {"up_division": 4}}, "comment": "a\x00b"},
        {"answers": {"upstream-pulse": {"up_division": 4}}, "comment": "\ud800"},
        {"answers": {"upstream-pulse": {"up_division": 4}}, "extra": 1},
        {"answers": {}},
        {"answers": {"upstream-pulse": {}}},
        {"answers": {"upstream-pulse": {"up_division": 4}}, "comment": "x" * 3000},
    ],
)
def test_bad_answers_get_a_clear_4xx_never_a_500(client, org, wave, body):
    signed_in(client, "nurse3")
    response = client.post(f"/api/v1/surveys/answer/{wave.pk}", body, content_type="application/json")
    assert response.status_code in (400, 422), response.content
    assert "detail" in response.json()


def test_an_instrument_or_question_the_wave_does_not_have_is_a_404(client, org, wave):
    """Named and not there, as an unknown unit is; Schemathesis's answers are made-up keys."""
    signed_in(client, "nurse3")
    url = f"/api/v1/surveys/answer/{wave.pk}"
    unknown = client.post(url, {"answers": {"nope": {"x": 1}}}, content_type="application/json")
    assert (unknown.status_code, unknown.json()["detail"]) == (
        404,
        "Unknown instrument in the answers: nope.",
    )
    question = {"answers": {"upstream-pulse": {"no_such_item": 1}}}
    unknown = client.post(url, question, content_type="application/json")
    assert unknown.status_code == 404 and "Unknown question 'no_such_item'" in unknown.json()["detail"]
    out_of_range = {"answers": {"upstream-pulse": {"up_division": 9}}}
    assert client.post(url, out_of_range, content_type="application/json").status_code == 400


def test_the_schema_states_at_least_one_instrument_with_at_least_one_item(client, db):
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]
    for name in ("AnswerIn", "CodeAnswerIn"):
        answers = schema[name]["properties"]["answers"]
        assert answers["minProperties"] == 1 and answers["additionalProperties"]["minProperties"] == 1


def test_the_schema_states_that_at_least_one_answer_is_not_null(client, db):
    """`{"answers": {"upstream-pulse": {"up_division": null}}}` was schema-valid and refused with
    "Answer at least one question." (Schemathesis): a null skips an item, but not every item."""
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    for name in ("AnswerIn", "CodeAnswerIn"):
        validator = jsonschema.Draft202012Validator(schemas[name]["properties"]["answers"])
        for all_null in (
            {"upstream-pulse": {"up_division": None}},
            {"upstream-pulse": {"up_division": None, "up_meaning": None}, "cbi-work": {"cbi_1": None}},
        ):
            assert not validator.is_valid(all_null), (name, all_null)
        for some in (
            {"upstream-pulse": {"up_division": None, "up_meaning": 4}},
            {"upstream-pulse": {"up_division": None}, "cbi-work": {"cbi_1": 2}},
        ):
            assert validator.is_valid(some), (name, some)


def test_an_answer_with_every_item_null_is_refused_as_the_page_refuses_one_with_none(client, org, wave):
    signed_in(client, "nurse3")
    page = client.post(reverse("surveys:surveys_answer:answer", args=[wave.pk]), {"comment": ""})
    assert page.status_code == 400 and "Answer at least one question." in page.content.decode()
    url = f"/api/v1/surveys/answer/{wave.pk}"
    nulls = {"answers": {"upstream-pulse": {"up_division": None, "up_meaning": None}}}
    refused = client.post(url, nulls, content_type="application/json")
    assert (refused.status_code, refused.json()["detail"]) == (400, "Answer at least one question.")
    assert not IntakeEntry.objects.exists()
    one = {"answers": {"upstream-pulse": {"up_division": None, "up_meaning": 4}}}
    assert client.post(url, one, content_type="application/json").status_code == 202


def test_an_outsider_cannot_answer_or_read_results(client, org, wave):
    signed_in(client, "outsider")
    url = f"/api/v1/surveys/answer/{wave.pk}"
    answers = {"answers": {"upstream-pulse": {"up_division": 4}}}
    assert client.post(url, answers, content_type="application/json").status_code == 404
    assert client.get(f"/api/v1/surveys/waves/{wave.pk}/results").status_code == 404


def test_the_office_schedules_and_a_leader_requests_through_the_api(client, org):
    office_of(org)
    signed_in(client, "office")
    body = {
        "title": "API pulse",
        "unit_ids": [org.medicine.pk],
        "instruments": ["cbi-work"],
        "opens_on": str(timezone.localdate() + dt.timedelta(days=30)),
        "closes_on": str(timezone.localdate() + dt.timedelta(days=39)),
    }
    created = client.post("/api/v1/surveys/waves", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["status"] == "scheduled"
    client.logout()
    signed_in(client, "leader_a")
    refused = client.post("/api/v1/surveys/waves", body, content_type="application/json")
    assert (refused.status_code, refused.json()["detail"]) == (
        403,
        "Only the well-being office schedules waves.",
    )
    body.update(request=True)
    not_led = client.post("/api/v1/surveys/waves", body, content_type="application/json")
    assert (not_led.status_code, not_led.json()["detail"]) == (
        404,
        "You can ask for a wave only in units you lead.",
    )
    body.update(unit_ids=[org.ward_a.pk])
    asked = client.post("/api/v1/surveys/waves", body, content_type="application/json")
    assert asked.status_code == 201 and asked.json()["status"] == "requested"


def test_results_through_the_api_hide_small_cells(client, org, wave):
    add_responses(wave, org.ward_a, "nurse", 7, division=2)
    add_responses(wave, org.ward_b, "nurse", 3, division=5)
    with time_machine.travel(results_from(wave) + dt.timedelta(hours=1)):
        signed_in(client, "chair")  # after travelling: a session lasts two weeks
        body = client.get(f"/api/v1/surveys/waves/{wave.pk}/results").json()
        trend = client.get("/api/v1/surveys/trends", {"instrument": "upstream-pulse", "score": "division"})
    rows = {(r["kind"], r["label"]): r for r in body["rows"]}
    assert rows[("unit", "5 East")]["n"] is None
    assert rows[("unit", "Medicine")]["n"] == 10
    assert trend.status_code == 200 and len(trend.json()) == 1


def test_results_through_the_api_open_one_unit_as_the_page_does(client, org):
    wave = open_wave(org, office_of(org), units=[org.system])
    add_responses(wave, org.ward_a, "nurse", 7, division=2)
    add_responses(wave, org.ward_b, "nurse", 6, division=5)
    url = f"/api/v1/surveys/waves/{wave.pk}/results"
    with time_machine.travel(results_from(wave) + dt.timedelta(hours=1)):
        signed_in(client, "office")  # after travelling: a session lasts two weeks
        everything = client.get(url).json()
        opened = client.get(url, {"within": org.medicine.pk}).json()
        elsewhere = client.get(url, {"within": 999999})
    every_unit = {r["label"] for r in everything["rows"] if r["kind"] == "unit"}
    opened_units = {r["label"] for r in opened["rows"] if r["kind"] == "unit"}
    assert {"4 West", "5 East", "Medicine", "Riverbend General"} <= every_unit  # without `within`, every row
    assert opened_units == {"Riverbend Health", "Riverbend General", "Medicine", "4 West", "5 East"}
    ward = next(r for r in opened["rows"] if r["label"] == "4 West")
    assert ward == next(r for r in everything["rows"] if r["label"] == "4 West")  # the same figures
    assert elsewhere.status_code == 404 and "not in the results" in elsewhere.json()["detail"]
