"""A date or a date-time in a request is text, as the schema says, never a number.

Pydantic's lax mode read a JSON number (and text of digits) as seconds since 1970: a deputy from
`"starts_on": 0` covered from 1 January 1970, and `"starts_at": 20261203` was a gathering on
23 August 1970. The schema says `string` in `date` or `date-time` format; a number is now a schema
problem (`date_parsing`, `datetime_parsing`) in the documented 400 shape, and nothing is saved.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from upstream.api.tests.test_api import auth, post
from upstream.community.models import Gathering
from upstream.lib.forms import DATE_TIME_WORDS, DATE_WORDS
from upstream.org.models import Deputy
from upstream.surveys.models import Wave
from upstream.surveys.tests.helpers import office_of

# Noon in New York on an ordinary Wednesday, whatever the hour the tests run at.
NOW = dt.datetime(2026, 6, 10, 12, 0, tzinfo=dt.UTC) + dt.timedelta(hours=4)
WORDS = {"date": str(DATE_WORDS), "date-time": str(DATE_TIME_WORDS)}
TYPES = {"date": "date_parsing", "date-time": "datetime_parsing"}


# 8:00 on 12 June 2026 in New York (the site's time zone), as the gathering tests write it.
EIGHT_IN_NEW_YORK = dt.datetime(2026, 6, 12, 12, 0, tzinfo=dt.UTC)


def _instant(written: str) -> dt.datetime:
    return dt.datetime.fromisoformat(written)


def _request_dates(schema: dict) -> list[tuple[str, str, str, str, dict]]:
    """(path, method, media type, field, field schema) for each date or date-time a request body takes."""
    components = schema["components"]["schemas"]
    found = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            for media, content in operation.get("requestBody", {}).get("content", {}).items():
                body = content["schema"]
                if "$ref" in body:
                    body = components[body["$ref"].rsplit("/", 1)[1]]
                for name, field in body.get("properties", {}).items():
                    if field.get("format") in WORDS:
                        found.append((path, method, media, name, field))
    return found


def _problems(response, field: str) -> list[tuple[str, str]]:
    return [(e["type"], e["msg"]) for e in response.json()["errors"] if e["loc"][-1] == field]


@pytest.fixture
def travelled(org):
    with time_machine.travel(NOW, tick=False):
        yield org


def test_every_date_a_request_takes_is_text_and_refuses_a_number(client, travelled):
    org = travelled
    headers = auth(org.chair)  # after travelling: a token is dated
    schema = client.get("/api/openapi.json").json()
    dates = _request_dates(schema)
    assert {(path, name) for path, _, _, name, _ in dates} >= {
        ("/api/v1/deputies", "starts_on"),
        ("/api/v1/deputies", "ends_on"),
        ("/api/v1/surveys/waves", "closes_on"),
        ("/api/v1/surveys/waves/{wave_id}/closing-day", "closes_on"),
        ("/api/v1/listening/reviews", "held_on"),
        ("/api/v1/community/gatherings", "starts_at"),
        ("/api/v1/community/campaigns/{campaign_id}/meetings", "starts_at"),
        ("/api/v1/community/mentoring/matches/{match_id}/meetings", "on"),
    }
    for path, method, media, name, field in dates:
        assert field["type"] == "string", (path, name)
        url = path.replace("{campaign_id}", "1").replace("{match_id}", "1").replace("{wave_id}", "1")
        for number in (0, 20261203):
            if media == "application/json":
                response = getattr(client, method)(url, {name: number}, content_type=media, **headers)
            else:  # a form sends text: digits alone are the same number
                response = getattr(client, method)(url, {name: str(number)}, **headers)
            assert response.status_code == 400, (path, name, response.content)
            wanted = (TYPES[field["format"]], WORDS[field["format"]])
            assert _problems(response, name) == [wanted], (path, name, number)


@pytest.mark.parametrize("number", [0, 20261203, "0", "1781000000"])
def test_a_deputy_from_a_number_is_refused_and_not_saved(client, travelled, number):
    org = travelled
    headers = auth(org.leader)
    today = timezone.localdate().isoformat()
    body = {"person": "leader_b@example.org", "starts_on": number, "ends_on": today}
    refused = post(client, "/api/v1/deputies", body, **headers)
    assert refused.status_code == 400
    assert _problems(refused, "starts_on") == [("date_parsing", str(DATE_WORDS))]
    assert refused.json()["detail"] == f"Invalid request. starts_on: {DATE_WORDS}"
    assert not Deputy.objects.exists()
    accepted = post(client, "/api/v1/deputies", dict(body, starts_on=today), **headers)
    assert accepted.status_code == 201 and accepted.json()["starts_on"] == "2026-06-10"


def _gathering(org, **when) -> dict:
    """A community gathering's body for the API, at the times given."""
    return {
        "kind": "community_event",
        "title": "Unit breakfast",
        "description": "Pancakes.",
        "scope_unit_id": org.ward_a.pk,
        "location": "Break room",
        "capacity": 30,
        **when,
    }


@pytest.mark.parametrize("moment", [0, 1781200000, "1781200000", "2026-06-12"])
def test_a_gathering_at_a_number_or_a_bare_day_is_refused_and_not_saved(client, travelled, moment):
    org = travelled
    client.force_login(org.chair)
    body = _gathering(org, starts_at=moment, ends_at="2026-06-12T09:00:00-04:00")
    refused = post(client, "/api/v1/community/gatherings", body)
    assert refused.status_code == 400
    assert _problems(refused, "starts_at") == [("datetime_parsing", str(DATE_TIME_WORDS))]
    assert not Gathering.objects.exists()
    accepted = post(client, "/api/v1/community/gatherings", dict(body, starts_at="2026-06-12T08:00:00-04:00"))
    assert accepted.status_code == 201 and _instant(accepted.json()["starts_at"]) == EIGHT_IN_NEW_YORK


def test_a_wave_closing_on_a_number_is_refused_and_not_saved(client, travelled):
    org = travelled
    client.force_login(office_of(org))
    body = {
        "title": "API pulse",
        "unit_ids": [org.medicine.pk],
        "instruments": ["cbi-work"],
        "opens_on": "2026-06-15",
        "closes_on": 20260625,
    }
    refused = post(client, "/api/v1/surveys/waves", body)
    assert refused.status_code == 400
    assert _problems(refused, "closes_on") == [("date_parsing", str(DATE_WORDS))]
    assert not Wave.objects.exists()
    accepted = post(client, "/api/v1/surveys/waves", dict(body, closes_on="2026-06-25"))
    assert accepted.status_code == 201 and accepted.json()["closes_on"] == "2026-06-25"


@pytest.mark.parametrize("written", ["2026-06-12T08:00", "2026-06-12 08:00:00"])
def test_a_gathering_at_a_time_without_an_offset_is_read_in_the_sites_time_zone(client, travelled, written):
    """A date-time without an offset was compared with the clock's aware time: a server error."""
    org = travelled
    client.force_login(org.chair)
    body = _gathering(org, starts_at=written, ends_at="2026-06-12T09:00")
    created = post(client, "/api/v1/community/gatherings", body)
    assert created.status_code == 201, created.content
    # The same moment, answered as stored (in UTC), as a later GET answers it.
    assert _instant(created.json()["starts_at"]) == EIGHT_IN_NEW_YORK
    assert Gathering.objects.get().starts_at == EIGHT_IN_NEW_YORK
