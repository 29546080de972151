"""Closing a wave early, and giving it another last day: the office on the page and through the API.

"Close now" makes today the wave's last day and stops answers at once; everything after follows
from that day as for a wave that closed normally (the release, the results, the code key). An
owner (the office), a colleague (a leader, who may not) and an outsider in each case.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from upstream.intake.models import IntakeEntry
from upstream.intake.services import release_due
from upstream.org.models import User
from upstream.surveys import codes, services
from upstream.surveys.models import Response, Series, Status, Wave
from upstream.surveys.results import results_ready
from upstream.surveys.services import WavePlan
from upstream.surveys.tests.helpers import PULSE, office_of, open_wave
from upstream.surveys.tests.test_api import signed_in
from upstream.surveys.tests.test_codes import take

CLOSED = "This survey is closed."


@pytest.fixture
def wave(at_noon, org):
    # At noon: today's 07:00 release is out, so "results after tomorrow's release" is not "already".
    return open_wave(org, office_of(org), units=[org.medicine])


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def decide(client, wave, **form):
    return client.post(reverse("surveys:decide", args=[wave.pk]), form, follow=True)


def unchanged(wave) -> tuple:
    fresh = Wave.objects.get(pk=wave.pk)
    return fresh.status, fresh.closes_on, fresh.closed_early


def test_it_closes_an_open_wave_from_the_page_and_refuses_answers_and_codes_at_once(client, wave, org):
    nurse = User.objects.get(username="nurse3")
    code = take(nurse, wave)  # taken while open, kept for later
    today = timezone.localdate()
    signed_in(client, "office")
    manage = client.get(reverse("surveys:manage")).content.decode()
    assert "Close now" in manage and "Change the closing day" in manage

    page = decide(client, wave, decision="close", confirmed="yes").content.decode()
    assert "Autumn pulse is closed and takes no more answers." in page
    assert "Close now" not in page and "closed early by the office" in page
    assert unchanged(wave) == (Status.SCHEDULED, today, True)

    entries = IntakeEntry.objects.count()
    client.logout()
    signed_in(client, "nurse0")
    form = {f"upstream-pulse__{item}": value for item, value in PULSE.items()}
    refused = client.post(reverse("surveys:surveys_answer:answer", args=[wave.pk]), form)
    assert CLOSED in refused.content.decode()
    assert "No survey is open for you right now." in client.get(reverse("surveys:index")).content.decode()
    api = post(client, f"/api/v1/surveys/answer/{wave.pk}", {"answers": {"upstream-pulse": PULSE}})
    assert (api.status_code, api.json()["detail"]) == (409, CLOSED)
    states = {w["id"]: w["state"] for w in client.get("/api/v1/surveys/code-waves").json()}
    assert states[wave.pk] == "closed"
    with_code = {
        "token": code,
        "unit_id": org.ward_a.pk,
        "role_group": "nurse",
        "answers": {"upstream-pulse": PULSE},
    }
    spent = post(Client(), f"/api/v1/surveys/answer/{wave.pk}/with-code", with_code)
    assert (spent.status_code, spent.json()["detail"]) == (409, CLOSED)
    page_with_code = Client().post(
        reverse("surveys:surveys_answer:with_code", args=[wave.pk]),
        {"code": code, "unit": org.ward_a.pk, "role_group": "nurse", **form},
    )
    assert CLOSED in page_with_code.content.decode()
    assert IntakeEntry.objects.count() == entries

    # The day after, as after a normal close, the daily job retires the wave's code key.
    assert codes.retire_closed_wave_keys(today + dt.timedelta(days=1)) == 1


def test_it_closes_an_open_wave_through_the_api_and_refuses_to_close_or_reopen_it_again(client, wave):
    today = timezone.localdate()
    signed_in(client, "office")
    closed = post(client, f"/api/v1/surveys/waves/{wave.pk}/close")
    assert closed.status_code == 200
    body = closed.json()
    assert (body["closes_on"], body["closed_early"], body["results_ready"]) == (str(today), True, False)
    listed = {w["id"]: w for w in client.get("/api/v1/surveys/waves").json()}
    assert listed[wave.pk]["closed_early"] is True

    already = "This wave has already closed. A closed wave cannot be closed again or reopened."
    again = post(client, f"/api/v1/surveys/waves/{wave.pk}/close")
    assert (again.status_code, again.json()["detail"]) == (409, already)
    later = str(today + dt.timedelta(days=5))
    reopened = post(client, f"/api/v1/surveys/waves/{wave.pk}/closing-day", {"closes_on": later})
    assert (reopened.status_code, reopened.json()["detail"]) == (409, already)
    page = decide(client, wave, decision="move", closes_on=later).content.decode()
    assert already in page
    assert unchanged(wave) == (Status.SCHEDULED, today, True)


def test_a_wave_that_closed_on_its_last_day_cannot_be_closed_or_moved(client, org, at_noon):
    today = timezone.localdate()
    past = open_wave(org, office_of(org), today=today - dt.timedelta(days=30))
    signed_in(client, "office")
    refused = post(client, f"/api/v1/surveys/waves/{past.pk}/close")
    assert refused.status_code == 409 and "already closed" in refused.json()["detail"]
    moved = post(client, f"/api/v1/surveys/waves/{past.pk}/closing-day", {"closes_on": str(today)})
    assert moved.status_code == 409
    assert unchanged(past) == (Status.SCHEDULED, today - dt.timedelta(days=17), False)


def test_a_closed_or_cancelled_wave_is_not_cancelled_and_nothing_changes(client, org, at_noon):
    # A closed wave's answers are out and its results may show: cancelling it after the fact would
    # hide results people were promised. A cancelled one is not cancelled twice.
    today = timezone.localdate()
    office = office_of(org)
    past = open_wave(org, office, today=today - dt.timedelta(days=30))
    early = open_wave(org, office, units=[org.medicine])
    cancelled = open_wave(org, office, units=[org.ward_a])
    services.close_wave(office, early)
    services.cancel_wave(office, cancelled)
    signed_in(client, "office")
    closed_words = "This wave has closed and its answers count; a closed wave cannot be cancelled."
    for target, said in (
        (past, closed_words),
        (early, closed_words),
        (cancelled, "This wave is already cancelled."),
    ):
        before = unchanged(target)
        api = post(client, f"/api/v1/surveys/waves/{target.pk}/decision", {"decision": "cancel"})
        assert (api.status_code, api.json()["detail"]) == (409, said)
        assert said in decide(client, target, decision="cancel").content.decode()
        assert unchanged(target) == before


def test_a_cancelled_requested_or_future_wave_is_not_closed_and_nothing_changes(client, wave, org):
    today = timezone.localdate()
    office = User.objects.get(username="office")
    services.cancel_wave(office, wave)
    plan = dict(title="Later", unit_ids=[org.ward_a.pk], instrument_keys=["upstream-pulse"], role_groups=[])
    future = services.schedule_wave(
        office,
        WavePlan(**plan, opens_on=today + dt.timedelta(days=3), closes_on=today + dt.timedelta(days=9)),
    )
    requested = services.request_wave(
        org.leader, WavePlan(**plan, opens_on=today, closes_on=today + dt.timedelta(days=9))
    )
    signed_in(client, "office")
    for target, said in (
        (wave, "This wave was cancelled, so it cannot be closed or changed."),
        (future, "This wave has not opened yet. Cancel it instead, or wait until it opens."),
        (requested, "This wave is waiting for a decision; approve or decline it first."),
    ):
        before = unchanged(target)
        api = post(client, f"/api/v1/surveys/waves/{target.pk}/close")
        assert (api.status_code, api.json()["detail"]) == (409, said)
        assert said in decide(client, target, decision="close").content.decode()
        assert unchanged(target) == before


def test_only_the_office_closes_or_moves_a_wave(client, wave, org):
    before = unchanged(wave)
    for username in ("leader_a", "chair", "outsider", "nurse0"):
        client.logout()
        signed_in(client, username)
        assert decide(client, wave, decision="close").status_code == 404
        assert post(client, f"/api/v1/surveys/waves/{wave.pk}/close").status_code == 404
        day = {"closes_on": str(timezone.localdate())}
        assert post(client, f"/api/v1/surveys/waves/{wave.pk}/closing-day", day).status_code == 404
    assert unchanged(wave) == before
    signed_in(client, "office")
    assert post(client, "/api/v1/surveys/waves/987654/close").status_code == 404


def test_a_wave_closed_early_is_released_as_a_closed_wave_and_its_results_wait_for_its_last_answers(
    wave, org
):
    people = User.objects
    for name in ("pharm0", "pharm1", "nurse0", "nurse1", "nurse2"):
        services.submit_answer(
            people.get(username=name), wave, unit_id=None, answers={"upstream-pulse": PULSE}
        )
    services.close_wave(people.get(username="office"), wave)
    wave.refresh_from_db()
    # Today's answers go out with tomorrow's release: results shown now would change then.
    assert not results_ready(wave, timezone.now())
    tomorrow = timezone.make_aware(dt.datetime.combine(wave.closes_on + dt.timedelta(days=1), dt.time(7)))
    release_due(now=tomorrow)
    # Five answers of 4 West in groups of two and three: an open wave holds them back; a closed one
    # lets them go under the first label that covers the minimum, 4 West without a role.
    assert not IntakeEntry.objects.exists()
    assert set(Response.objects.values_list("unit", "role_group")) == {(org.ward_a.pk, "")}
    assert Response.objects.count() == 5
    assert results_ready(wave, tomorrow)


def test_no_invitation_or_reminder_goes_out_for_a_wave_closed_early(
    wave, org, django_capture_on_commit_callbacks
):
    office = User.objects.get(username="office")
    today = timezone.localdate()
    plan = dict(title="Short", unit_ids=[org.ward_a.pk], instrument_keys=["upstream-pulse"], role_groups=[])
    fresh = services.schedule_wave(
        office, WavePlan(**plan, opens_on=today, closes_on=today + dt.timedelta(days=1))
    )
    services.close_wave(office, wave)  # invited, closing in 13 days: within reach of a reminder now
    services.close_wave(office, fresh)  # closed on its first day, before anyone was invited
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.run_survey_day(today)
    assert (counts["invited"], counts["reminded"], mail.outbox) == (0, 0, [])


def test_the_office_gives_an_open_wave_another_last_day_within_the_rules(client, wave, org):
    today = timezone.localdate()
    signed_in(client, "office")
    later = today + dt.timedelta(days=20)
    page = decide(client, wave, decision="move", closes_on=later.isoformat()).content.decode()
    assert f"Autumn pulse now closes at the end of {later:%-d %b %Y}." in page
    assert Wave.objects.get(pk=wave.pk).closes_on == later

    url = f"/api/v1/surveys/waves/{wave.pk}/closing-day"
    for day, said in (
        (today - dt.timedelta(days=1), "The closing date is in the past."),
        (wave.opens_on + dt.timedelta(days=91), "A wave may stay open at most 90 days."),
    ):
        refused = post(client, url, {"closes_on": str(day)})
        assert (refused.status_code, refused.json()["detail"]) == (400, said)
    assert Wave.objects.get(pk=wave.pk).closes_on == later
    bad = decide(client, wave, decision="move", closes_on="soon").content.decode()
    assert "Give the new closing day as a date." in bad
    # What was typed is back in the wave's box (the saved day came back instead), once.
    too_long = (wave.opens_on + dt.timedelta(days=91)).isoformat()
    refused_page = decide(client, wave, decision="move", closes_on=too_long).content.decode()
    assert "A wave may stay open at most 90 days." in refused_page
    box = f'id="closes-on-{wave.pk}" name="closes_on" min="{today:%Y-%m-%d}" value="{too_long}"'
    assert box in refused_page
    again = client.get(reverse("surveys:manage")).content.decode()
    assert f'value="{later:%Y-%m-%d}"' in again and f'value="{too_long}"' not in again

    # Today is allowed: the wave stays open until the day ends, and answers are still taken.
    moved = post(client, url, {"closes_on": str(today)})
    assert moved.status_code == 200 and moved.json()["closed_early"] is False
    nurse = User.objects.get(username="nurse0")
    services.submit_answer(
        nurse, Wave.objects.get(pk=wave.pk), unit_id=None, answers={"upstream-pulse": PULSE}
    )

    # A repeating wave closes before its next wave opens.
    series = Series.objects.create(
        title="Every week", every_weeks=1, open_days=3, next_opens_on=today + dt.timedelta(weeks=1)
    )
    Wave.objects.filter(pk=wave.pk).update(series=series)
    weekly = post(client, url, {"closes_on": str(wave.opens_on + dt.timedelta(days=7))})
    assert (weekly.status_code, weekly.json()["detail"]) == (
        400,
        "A repeating wave must close before the next one opens.",
    )


def test_the_schema_lists_each_answer_of_closing(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"200", "404", "409"} <= set(paths["/api/v1/surveys/waves/{wave_id}/close"]["post"]["responses"])
    moved = paths["/api/v1/surveys/waves/{wave_id}/closing-day"]["post"]["responses"]
    assert {"200", "400", "404", "409"} <= set(moved)
