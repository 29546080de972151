"""Every day the API gives is the site's day, not UTC's.

Found by an integrator walking docs/api.md at 22:05 in New York on 5 December: a token made then said
`"created_on": "2026-12-06"` and an action published then `"published_on": "2026-12-06"`, while the
thread entries of the same minutes said 2026-12-05 (UTC's day was tomorrow every evening).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from upstream.actions.tests.helpers import break_cover_published
from upstream.api.tokens import issue_token

EVENING = dt.datetime(2026, 12, 5, 22, 5, tzinfo=ZoneInfo("America/New_York"))  # 03:05 UTC on the 6th


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_a_token_made_in_the_evening_is_made_that_day(client, org, settings):
    settings.TIME_ZONE = "America/New_York"
    with time_machine.travel(EVENING, tick=False):
        _row, token = issue_token(org.leader, "evening script", scopes=["read", "admin-tokens"])
        listed = client.get("/api/v1/tokens", **bearer(token)).json()

    (made,) = [item for item in listed["items"] if item["name"] == "evening script"]
    assert made["created_on"] == "2026-12-05"


def test_an_action_published_in_the_evening_is_published_that_day(client, org, settings):
    settings.TIME_ZONE = "America/New_York"
    with time_machine.travel(EVENING, tick=False):
        break_cover_published(org)
        _row, token = issue_token(org.leader, "board", scopes=["read"])
        board = client.get("/api/v1/board", **bearer(token)).json()

    (item,) = [item for item in board["items"] if item["title"] == "Break cover on nights"]
    assert item["published_on"] == "2026-12-05"
