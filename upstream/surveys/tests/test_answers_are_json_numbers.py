"""A survey answer sent to the API is a JSON number: `true`, `false` and digits written as text are
refused at the answer itself, and nothing is stored.

A schema-driven fuzzer found `{"up_division": true}` stored as 1 and `{"up_connection": "4"}` as 4,
signed in and with a code alike: the body's guard for numbers read only the body's own fields, and
the service's check for true and false came after pydantic had made them 1 and 0. A whole number
written with a fraction (`4.0`) is read as every other number in a body is. The pages post text,
which the service reads (tests in test_answering.py and test_pages.py).
"""

from __future__ import annotations

import pytest
from django.test import Client

from upstream.intake.models import IntakeEntry
from upstream.org.models import User
from upstream.surveys.models import Invitation
from upstream.surveys.tests.helpers import PULSE, office_of, open_wave
from upstream.surveys.tests.test_api import signed_in
from upstream.surveys.tests.test_codes import take

NOT_NUMBERS = [("up_division", True), ("up_division", False), ("up_connection", "4"), ("up_safety", "2")]
IDS = ["true", "false", "text-4", "text-2"]


@pytest.fixture
def wave(org):
    return open_wave(org, office_of(org), units=[org.medicine])


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def refused_at(response) -> list[tuple[list, str]]:
    assert response.status_code == 400, response.content
    return [(e["loc"], e["type"]) for e in response.json()["errors"]]


@pytest.mark.parametrize(("item", "value"), NOT_NUMBERS, ids=IDS)
def test_a_signed_in_answer_that_is_not_a_json_number_is_refused_at_the_item(client, org, wave, item, value):
    signed_in(client, "nurse3")
    url = f"/api/v1/surveys/answer/{wave.pk}"
    answers = {"upstream-pulse": {**PULSE, item: value}}
    refused = post(client, url, {"unit_id": org.ward_a.pk, "answers": answers})
    assert refused_at(refused) == [(["body", "payload", "answers", "upstream-pulse", item], "int_type")]
    assert refused.json()["errors"][0]["msg"] == "Please enter a whole number, in digits (for example 12)."
    assert not IntakeEntry.objects.exists()
    assert Invitation.objects.get(wave=wave, user__username="nurse3").answered_on is None
    # The same answer with numbers is taken: nothing was used up by the refusal.
    assert (
        post(client, url, {"unit_id": org.ward_a.pk, "answers": {"upstream-pulse": PULSE}}).status_code == 202
    )


def test_a_whole_number_written_with_a_fraction_is_read_and_a_fraction_refused(client, org, wave):
    signed_in(client, "nurse3")
    url = f"/api/v1/surveys/answer/{wave.pk}"
    half = post(client, url, {"answers": {"upstream-pulse": {**PULSE, "up_safety": 4.5}}})
    assert refused_at(half) == [
        (["body", "payload", "answers", "upstream-pulse", "up_safety"], "int_from_float")
    ]
    assert not IntakeEntry.objects.exists()
    whole = post(client, url, {"answers": {"upstream-pulse": {**PULSE, "up_safety": 4.0}}})
    assert whole.status_code == 202, whole.content


@pytest.mark.parametrize(("item", "value"), NOT_NUMBERS, ids=IDS)
def test_an_answer_with_a_code_that_is_not_a_json_number_is_refused_and_the_code_kept(org, wave, item, value):
    code = take(User.objects.get(username="nurse3"), wave)
    url = f"/api/v1/surveys/answer/{wave.pk}/with-code"
    body = {"token": code, "unit_id": org.ward_a.pk, "role_group": "nurse"}
    refused = post(Client(), url, {**body, "answers": {"upstream-pulse": {**PULSE, item: value}}})
    assert refused_at(refused) == [(["body", "payload", "answers", "upstream-pulse", item], "int_type")]
    assert not IntakeEntry.objects.exists()
    assert post(Client(), url, {**body, "answers": {"upstream-pulse": PULSE}}).status_code == 202
