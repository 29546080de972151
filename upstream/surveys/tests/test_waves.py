"""The office schedules waves (one-off or repeating); leaders ask for one in their subtree; mail goes out."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from upstream.surveys import services
from upstream.surveys.models import Invitation, Status, Wave
from upstream.surveys.services import SurveyError, WavePlan
from upstream.surveys.tests.helpers import office_of, open_wave

TODAY = dt.date(2026, 3, 2)


def plan(units, **extra):
    fields = dict(
        title="Pulse",
        unit_ids=[u.pk for u in units],
        instrument_keys=["upstream-pulse"],
        opens_on=TODAY,
        closes_on=TODAY + dt.timedelta(days=10),
        role_groups=[],
    )
    fields.update(extra)
    return WavePlan(**fields)


def test_it_lets_the_office_schedule_a_wave_and_refuses_a_unit_leader(org):
    office = office_of(org)
    wave = services.schedule_wave(office, plan([org.medicine]), today=TODAY)
    assert wave.status == Status.SCHEDULED
    with pytest.raises(SurveyError, match="well-being office"):
        services.schedule_wave(org.leader, plan([org.ward_a]), today=TODAY)


def test_it_lets_a_leader_ask_for_a_wave_only_in_their_subtree(org):
    office = office_of(org)
    asked = services.request_wave(org.chair, plan([org.ward_a, org.ward_b]), today=TODAY)
    assert asked.status == Status.REQUESTED and asked.requested_by == org.chair
    with pytest.raises(SurveyError, match="units you lead"):
        services.request_wave(org.chair, plan([org.other_hospital]), today=TODAY)
    approved = services.decide_request(office, asked, approve=True)
    assert approved.status == Status.SCHEDULED
    with pytest.raises(SurveyError):
        services.decide_request(org.chair, approved, approve=True)


def test_it_refuses_plans_that_make_no_sense(org):
    office = office_of(org)
    with pytest.raises(SurveyError, match="closing date"):
        past = plan([org.system], closes_on=TODAY - dt.timedelta(days=1))
        services.schedule_wave(office, past, today=TODAY)
    with pytest.raises(SurveyError, match="Unknown instrument"):
        services.schedule_wave(office, plan([org.system], instrument_keys=["mbi"]), today=TODAY)
    with pytest.raises(SurveyError, match="role group"):
        services.schedule_wave(office, plan([org.system], role_groups=["wizard"]), today=TODAY)
    with pytest.raises(SurveyError, match="null character"):
        services.schedule_wave(office, plan([org.system], title="bad\x00title"), today=TODAY)


def test_it_invites_everyone_in_the_chosen_units_and_roles_and_mails_them(
    org, django_capture_on_commit_callbacks
):
    office = office_of(org)
    with django_capture_on_commit_callbacks(execute=True):
        wave = open_wave(org, office, units=[org.ward_a], roles=["nurse"], today=TODAY)
    invited = set(Invitation.objects.filter(wave=wave).values_list("user__username", flat=True))
    assert invited == {"reporter", *(f"nurse{i}" for i in range(7))}
    assert wave.invited == 8
    assert len(mail.outbox) == 8 and "under a minute" in mail.outbox[0].body
    assert services.open_wave(wave, TODAY) == 0  # idempotent: nobody is invited twice


def test_it_reminds_only_those_who_have_not_answered(org, django_capture_on_commit_callbacks):
    office = office_of(org)
    wave = open_wave(org, office, units=[org.ward_a], roles=["nurse"], today=TODAY)
    Invitation.objects.filter(wave=wave, user__username__in=["nurse0", "nurse1"]).update(answered_on=TODAY)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.run_survey_day(wave.closes_on - dt.timedelta(days=2))
    assert counts["reminded"] == 6
    reminded = {m.to[0] for m in mail.outbox}
    assert "nurse0@example.org" not in reminded and "reporter@example.org" in reminded
    assert services.run_survey_day(wave.closes_on - dt.timedelta(days=1))["reminded"] == 0


def test_a_short_wave_is_not_invited_and_reminded_by_the_same_run(org, django_capture_on_commit_callbacks):
    """A wave open two days: the morning it opens brings the invitation only; the reminder comes the
    next morning, to those who have not answered."""
    office = office_of(org)
    wave = services.schedule_wave(
        office, plan([org.ward_a], closes_on=TODAY + dt.timedelta(days=2)), today=TODAY
    )
    Wave.objects.filter(pk=wave.pk).update(opens_on=TODAY + dt.timedelta(days=1))  # opens tomorrow
    opening_day = TODAY + dt.timedelta(days=1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.run_survey_day(opening_day)
    assert counts["invited"] > 0 and counts["reminded"] == 0
    assert {m.subject.split(":")[0] for m in mail.outbox} == {"Pulse survey"}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.run_survey_day(opening_day + dt.timedelta(days=1))["reminded"] == counts["invited"]
    assert {m.subject.split(":")[0] for m in mail.outbox} == {"Reminder"}


def test_it_repeats_a_wave_every_n_weeks(org):
    office = office_of(org)
    first = services.schedule_wave(office, plan([org.medicine], every_weeks=4), today=TODAY)
    assert services.run_survey_day(TODAY + dt.timedelta(weeks=3))["created"] == 0
    counts = services.run_survey_day(TODAY + dt.timedelta(weeks=4))
    assert counts["created"] == 1
    second = Wave.objects.exclude(pk=first.pk).get()
    assert second.opens_on == TODAY + dt.timedelta(weeks=4)
    assert second.closes_on - second.opens_on == first.closes_on - first.opens_on
    assert list(second.units.all()) == [org.medicine]
    assert second.invitations_sent_on == TODAY + dt.timedelta(weeks=4)


def test_it_loads_an_organisations_own_instrument_file(org, tmp_path):
    import json

    from upstream.surveys.instruments import shipped_instruments

    data = json.loads(shipped_instruments()["loneliness-3"].model_dump_json())
    data["key"] = "our-licensed-scale"
    path = tmp_path / "ours.json"
    path.write_text(json.dumps(data))
    loaded = services.load_instrument(path)
    assert loaded.spec.key == "our-licensed-scale" and not loaded.shipped
    with pytest.raises(Exception, match="already loaded"):
        services.load_instrument(path)
    data["key"] = "cbi-work"
    path.write_text(json.dumps(data))
    with pytest.raises(Exception, match="shipped instrument"):
        services.load_instrument(path)
    assert timezone.localdate()  # the loader stamps a day, never a time


def test_the_load_instrument_command_loads_a_file_and_explains_a_bad_one(org, tmp_path):
    import io
    import json

    from django.core.management import CommandError, call_command

    from upstream.surveys.instruments import shipped_instruments

    data = json.loads(shipped_instruments()["loneliness-3"].model_dump_json())
    data["key"] = "our-scale"
    good = tmp_path / "ours.json"
    good.write_text(json.dumps(data))
    out = io.StringIO()
    call_command("load_instrument", str(good), stdout=out)
    assert "Loaded" in out.getvalue() and "our-scale v1" in out.getvalue()
    bad = tmp_path / "bad.json"
    bad.write_text('{"key": "x"}')
    with pytest.raises(CommandError, match="not a valid instrument"):
        call_command("load_instrument", str(bad))
