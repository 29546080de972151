"""What an API client is told about a dashboard it cannot have, or filters the schema refuses.

A unit the caller does not lead (or leading none at all) is a 404, as every not-yours is; the
role groups are a fixed list and the period a fixed form, so the schema states both and a filter
outside them is a 400 naming it, in the page's words.
"""

from __future__ import annotations

import datetime as dt

import pytest

from upstream.api.tests.test_api import auth
from upstream.org.models import RoleGroup


@pytest.mark.parametrize("path", ["/api/v1/insights/dashboard", "/api/v1/insights/nam"])
def test_it_handles_a_unit_not_led_and_a_caller_who_leads_none_with_a_404(client, org, path):
    for user, query in ((org.leader, {"unit": org.ward_b.pk}), (org.reporter, {})):
        response = client.get(path, query, **auth(user))
        assert (response.status_code, response.json()["detail"]) == (404, "Choose a unit you lead.")


def test_the_schema_states_the_role_groups_and_the_period(client, org):
    schema = client.get("/api/openapi.json").json()
    params = {p["name"]: p for p in schema["paths"]["/api/v1/insights/dashboard"]["get"]["parameters"]}
    assert set(params["role"]["schema"]["enum"]) == {"", *RoleGroup.values}
    assert params["period"]["schema"]["pattern"] == "^(20[0-9]{2}|2100)(-Q[1-4])?$"
    assert "404" in schema["paths"]["/api/v1/insights/nam"]["get"]["responses"]
    headers = auth(org.chair)
    period = client.get("/api/v1/insights/dashboard", {"period": "1999-Q1"}, **headers).json()
    assert (
        period["errors"][0]["msg"]
        == "Choose a period from 2000 on, like 2026-Q3 (a quarter) or 2026 (a year)."
    )
    role = client.get("/api/v1/insights/dashboard", {"role": "astronaut"}, **headers)
    assert role.status_code == 400 and role.json()["errors"][0]["type"] == "literal_error"
    assert (
        client.get("/api/v1/insights/dashboard", {"role": "nurse", "period": "2026"}, **headers).status_code
        == 200
    )


@pytest.mark.parametrize("path", ["/api/v1/insights/dashboard", "/api/v1/insights/nam"])
def test_it_refuses_a_period_that_has_not_started_saying_so(client, org, path, time_machine):
    """2030-Q1 was accepted and answered with empty figures, which read as "nothing was raised"."""
    time_machine.move_to(dt.datetime(2026, 12, 4, 12, tzinfo=dt.UTC))
    headers = auth(org.chair)
    for period in ("2027-Q1", "2027", "2100"):
        response = client.get(path, {"period": period}, **headers)
        assert (response.status_code, response.json()["detail"]) == (
            400,
            f"{period} has not started yet: choose 2026-Q4 or an earlier period.",
        )
    for period in ("2026-Q4", "2026"):
        assert client.get(path, {"period": period}, **headers).status_code == 200
