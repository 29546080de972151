"""The server, not the device's date, says whether a survey code's wave is open, closed or cancelled.

The code page gives its script the state today (in the site's time zone, America/New_York) of every
wave the person was invited to, and `GET /api/v1/surveys/code-waves` gives the same list. It is the
whole set a code of theirs could be for, so it is the same whether they took a code, answered
signed in or did neither: it cannot depend on which codes their browser holds.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from upstream.org.models import User
from upstream.speakup import keys
from upstream.speakup import services as speakup
from upstream.speakup.tests import client as blinding
from upstream.surveys import codes, services
from upstream.surveys.services import WavePlan
from upstream.surveys.tests.helpers import PULSE, office_of

CLOSES = dt.date(2026, 3, 20)  # New York is on daylight time (UTC-4) then
UTC = dt.UTC
# 22:30 on the closing day in New York, already the next day in UTC: still open.
LATE_ON_THE_CLOSING_DAY = dt.datetime(2026, 3, 21, 2, 30, tzinfo=UTC)
# 01:30 the next day in New York, still the closing day from Chicago to Honolulu: closed.
EARLY_THE_DAY_AFTER = dt.datetime(2026, 3, 21, 5, 30, tzinfo=UTC)


def _wave(org, office, title: str, opens_on: dt.date, closes_on: dt.date):
    plan = WavePlan(
        title=title,
        unit_ids=[org.medicine.pk],
        instrument_keys=["upstream-pulse"],
        opens_on=opens_on,
        closes_on=closes_on,
        role_groups=[],
    )
    wave = services.schedule_wave(office, plan, today=opens_on)
    services.open_wave(wave, opens_on)
    wave.refresh_from_db()
    return wave


@pytest.fixture
def waves(org):
    """Spring closes on CLOSES; winter closed the day before; the night check-in was to close five
    days after CLOSES, and the well-being office cancelled it."""
    office = office_of(org)
    spring = _wave(org, office, "Spring pulse", CLOSES - dt.timedelta(days=13), CLOSES)
    winter = _wave(org, office, "Winter pulse", CLOSES - dt.timedelta(days=20), CLOSES - dt.timedelta(days=1))
    night = _wave(org, office, "Night check-in", CLOSES - dt.timedelta(days=5), CLOSES + dt.timedelta(days=5))
    services.cancel_wave(office, night, today=CLOSES)
    return spring, winter, night


def page_states(page: str) -> list[dict]:
    found = re.search(r'<script id="survey-wave-states" type="application/json">(.*?)</script>', page, re.S)
    assert found, "the code page gives no list of wave states"
    return json.loads(found.group(1))


def by_title(states: list[dict]) -> dict[str, tuple[str, str]]:
    return {s["title"]: (s["state"], s["closes_on"]) for s in states}


def signed_in(username: str) -> Client:
    browser = Client()
    browser.force_login(User.objects.get(username=username))
    return browser


def test_the_page_and_the_api_judge_a_wave_by_new_york_s_day_and_say_when_it_was_cancelled(waves):
    spring, winter, night = waves
    code_page = reverse("surveys:surveys_answer:code", args=[spring.pk])
    with time_machine.travel(LATE_ON_THE_CLOSING_DAY, tick=False):
        assert timezone.localdate() == CLOSES  # a device on UTC already says the next day
        nurse = signed_in("nurse3")
        page = nurse.get(code_page).content.decode()
        states = page_states(page)
        assert by_title(states) == {
            "Spring pulse": ("open", "2026-03-20"),
            "Winter pulse": ("closed", "2026-03-19"),
            "Night check-in": ("cancelled", "2026-03-25"),
        }
        assert {s["purpose"] for s in states} == {codes.purpose_of(w) for w in waves}
        assert "Get my code" in page
        assert 'data-wave-states="survey-wave-states"' in page
        assert "cancelled by the well-being office. This code can no longer be used." in page
        api = nurse.get("/api/v1/surveys/code-waves")
        assert api.status_code == 200 and "no-store" in api["Cache-Control"]
        assert api.json() == states
    schema = Client().get("/api/openapi.json").json()["components"]["schemas"]["CodeWaveOut"]
    assert schema["properties"]["state"]["enum"] == ["open", "closed", "cancelled"]

    with time_machine.travel(EARLY_THE_DAY_AFTER, tick=False):
        assert timezone.localdate() == CLOSES + dt.timedelta(days=1)  # Honolulu still says CLOSES
        nurse = signed_in("nurse3")
        page = nurse.get(code_page).content.decode()
        assert by_title(page_states(page))["Spring pulse"] == ("closed", "2026-03-20")
        assert nurse.get("/api/v1/surveys/code-waves").json() == page_states(page)
        # Its own page is closed: it makes no code, but still lists the saved ones to be removed.
        assert "This survey is closed." in page and "Get my code" not in page
        assert "data-token-list" in page and "Remove all codes from this browser" in page


def test_the_list_is_the_same_whether_a_person_took_a_code_answered_or_did_neither(waves):
    """What the server gives cannot depend on the codes a browser holds: the same list for a nurse
    who took a code, one who answered signed in and one who did nothing, and, for the first two,
    the same page but for the label of their own store, the form tokens and the script nonces."""
    spring, _winter, _night = waves
    code_page = reverse("surveys:surveys_answer:code", args=[spring.pk])
    with time_machine.travel(LATE_ON_THE_CLOSING_DAY - dt.timedelta(days=2), tick=False):
        took = User.objects.get(username="nurse1")
        key = speakup.signing_key_for(codes.purpose_of(spring))
        blinded, _inv = blinding.blind(keys.public_key(key), blinding.prepare())
        codes.issue_code(took, spring, blinded, key.key_id)
        answered = User.objects.get(username="nurse2")
        services.submit_answer(answered, spring, unit_id=None, answers={"upstream-pulse": PULSE})

    with time_machine.travel(LATE_ON_THE_CLOSING_DAY, tick=False):
        pages = {
            name: signed_in(name).get(code_page).content.decode() for name in ("nurse1", "nurse2", "nurse3")
        }
        apis = {name: signed_in(name).get("/api/v1/surveys/code-waves").json() for name in pages}

    lists = [page_states(page) for page in pages.values()]
    assert lists[0] == lists[1] == lists[2] == apis["nurse1"] == apis["nurse2"] == apis["nurse3"]
    assert len(lists[0]) == 3

    def masked(page: str) -> str:
        page = re.sub(r'data-store="[^"]*"|nonce="[^"]*"', "", page)
        return re.sub(r'"X-CSRFToken": "[^"]*"|name="csrfmiddlewaretoken" value="[^"]*"', "csrf", page)

    assert masked(pages["nurse1"]) == masked(pages["nurse2"])


def test_an_outsider_gets_no_wave_and_no_page(org, waves):
    """Someone not invited to any wave: an empty list from the API, and no code page (404)."""
    spring, _winter, _night = waves
    with time_machine.travel(LATE_ON_THE_CLOSING_DAY, tick=False):
        outsider = signed_in("outsider")
        assert outsider.get("/api/v1/surveys/code-waves").json() == []
        assert outsider.get(reverse("surveys:surveys_answer:code", args=[spring.pk])).status_code == 404
    assert Client().get("/api/v1/surveys/code-waves").status_code in (401, 403)
