"""A wave's unit ids are database ids: one no integer column holds is a 400 the schema states, never
a 500 (Schemathesis sent 2**63 in `unit_ids`; SQLite and PostgreSQL both refuse it in the query)."""

from __future__ import annotations

import pytest

from conftest import PASSWORD
from upstream.api.schemas import ID_MAX
from upstream.surveys.models import Wave
from upstream.surveys.tests.helpers import office_of


@pytest.mark.parametrize(("unit_id", "kind"), [(ID_MAX + 1, "less_than_equal"), (0, "greater_than_equal")])
def test_a_unit_id_out_of_range_is_a_400_and_schedules_nothing(client, org, unit_id, kind):
    office_of(org)
    assert client.login(username="office", password=PASSWORD)
    body = {
        "title": "API pulse",
        "unit_ids": [org.medicine.pk, unit_id],
        "instruments": ["cbi-work"],
        "opens_on": "2099-02-01",
        "closes_on": "2099-02-10",
    }
    answer = client.post("/api/v1/surveys/waves", body, content_type="application/json")
    assert answer.status_code == 400, answer.content
    error = answer.json()["errors"][0]
    assert (error["loc"], error["type"]) == (["body", "payload", "unit_ids", 1], kind)
    assert not Wave.objects.exists()


def test_the_schema_states_the_range_of_a_wave_unit_id(client, db):
    schema = client.get("/api/openapi.json").json()
    items = schema["components"]["schemas"]["WaveIn"]["properties"]["unit_ids"]["items"]
    assert (items["minimum"], items["maximum"]) == (1, ID_MAX)
