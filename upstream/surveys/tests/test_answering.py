"""Answering: once per person per wave, through the intake, and nothing joins who to what."""

from __future__ import annotations

import datetime as dt
import io
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, models
from django.utils import timezone

from upstream.intake.models import IntakeEntry
from upstream.intake.services import release_due
from upstream.surveys import services
from upstream.surveys.models import Comment, Invitation, Response
from upstream.surveys.services import AlreadyAnswered, NotInvited, SurveyError
from upstream.surveys.tests.helpers import PULSE, office_of, open_wave


@pytest.fixture
def wave(org):
    return open_wave(org, office_of(org), units=[org.medicine])


def answer(user, wave, **extra):
    fields = {"unit_id": None, "answers": {"upstream-pulse": PULSE}}
    fields.update(extra)
    return services.submit_answer(user, wave, **fields)


def test_it_marks_the_invitation_to_the_day_and_writes_the_answer_only_at_release(
    org, wave, answers_released_singly
):
    nurse = org.reporter.__class__.objects.get(username="nurse3")
    answer(nurse, wave)
    invitation = Invitation.objects.get(wave=wave, user=nurse)
    assert invitation.answered_on == timezone.localdate()
    assert Response.objects.count() == 0 and IntakeEntry.objects.count() == 1
    release_due(everything=True)
    response = Response.objects.get()
    assert response.unit == org.ward_a and response.role_group == "nurse"
    assert response.answers == {"upstream-pulse": PULSE}
    assert response.scores["upstream-pulse"]["division"] == 4
    assert response.scores["upstream-pulse"]["meaning"] is None
    assert IntakeEntry.objects.count() == 0


def test_it_refuses_a_second_answer_and_someone_not_invited(org, wave):
    nurse = org.reporter.__class__.objects.get(username="nurse3")
    answer(nurse, wave)
    with pytest.raises(AlreadyAnswered):
        answer(nurse, wave)
    with pytest.raises(NotInvited):
        answer(org.outsider, wave)
    assert IntakeEntry.objects.count() == 1


def test_it_asks_which_unit_when_a_person_belongs_to_two(org, wave, answers_released_singly):
    # The reporter is a nurse on 4 West and a pharmacist on 5 East.
    with pytest.raises(SurveyError, match="Choose the unit"):
        answer(org.reporter, wave)
    answer(org.reporter, wave, unit_id=org.ward_b.pk)
    release_due(everything=True)
    assert Response.objects.get().role_group == "pharmacist"


def test_it_refuses_answers_that_are_not_choices_or_text_that_cannot_be_stored(org, wave):
    nurse = org.reporter.__class__.objects.get(username="nurse3")
    with pytest.raises(SurveyError):
        answer(nurse, wave, answers={"upstream-pulse": {"up_division": 9}})
    with pytest.raises(SurveyError):
        answer(nurse, wave, answers={"cbi-work": {"cbi_w1": 100}})
    with pytest.raises(SurveyError, match="null"):
        answer(nurse, wave, comment="bad\x00")
    with pytest.raises(SurveyError):
        answer(nurse, wave, comment="x" * 2001)
    assert Invitation.objects.get(wave=wave, user=nurse).answered_on is None


def test_it_screens_the_comment_for_crisis_and_keeps_it_apart_from_the_answers(
    org, wave, django_capture_on_commit_callbacks, answers_released_singly
):
    nurse = org.reporter.__class__.objects.get(username="nurse3")
    answered = answer(nurse, wave, comment="I can't go on anymore, I want to end my life.")
    assert answered.crisis is True
    other = org.reporter.__class__.objects.get(username="nurse4")
    assert answer(other, wave, comment="Huddles have helped our team a lot.").crisis is False
    with django_capture_on_commit_callbacks(execute=True):
        release_due(everything=True)
    assert Comment.objects.count() == 2 and Response.objects.count() == 2
    assert Comment.objects.filter(crisis=True).count() == 1
    # The office hears how many, in which wave; nothing that narrows it to a unit, role or person.
    told = [m for m in mail.outbox if "crisis" in m.subject]
    assert len(told) == 1 and told[0].to == ["office@example.org"]
    assert "1 comment on 'Autumn pulse' suggests" in told[0].body and "4 West" not in told[0].body


def test_it_refuses_a_closed_wave(org, wave):
    nurse = org.reporter.__class__.objects.get(username="nurse3")
    later = timezone.now() + dt.timedelta(days=20)
    with pytest.raises(SurveyError, match="closed"):
        answer(nurse, wave, now=later)


def test_answers_and_comments_carry_nothing_that_leads_to_a_person():
    for model in (Response, Comment):
        for field in model._meta.get_fields():
            assert not isinstance(field, models.DateTimeField | models.TimeField), field.name
            related = getattr(field, "related_model", None)
            assert related is None or related._meta.label in ("surveys.Wave", "org.Unit"), field.name
        assert isinstance(model._meta.pk, models.UUIDField)
    invitation_fields = {f.name for f in Invitation._meta.get_fields()}
    assert invitation_fields == {"id", "wave", "user", "answered_on"}
    assert isinstance(Invitation._meta.get_field("answered_on"), models.DateField)


@pytest.mark.django_db(transaction=True)
def test_one_answer_per_person_under_concurrent_submissions():
    """Eight simultaneous submissions by one person: exactly one is accepted (run on PostgreSQL in CI)."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is proven on PostgreSQL (DATABASE_URL=postgres://...)")
    from conftest import Org

    org = Org()
    wave = open_wave(org, office_of(org), units=[org.medicine])
    nurse = org.reporter.__class__.objects.get(username="nurse3")
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def attempt() -> None:
        try:
            barrier.wait()
            answer(nurse, wave)
            outcomes.append("ok")
        except AlreadyAnswered:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok"] + ["refused"] * 7
    assert IntakeEntry.objects.count() == 1


def test_answers_are_released_only_in_groups_the_size_of_the_minimum(org, wave):
    """An answer released alone under its unit and role group would be the one person of that
    group whom `surveys_invitation` shows as having answered: it waits for others to join it."""
    people = org.reporter.__class__.objects
    for name in ("nurse0", "nurse1", "nurse2", "nurse3"):
        answer(people.get(username=name), wave, comment=f"Comment from the group, {name[-1]}.")
    # Held back, sealed, nothing lost, and not counted as released: "4 released" every run told an
    # operator the intake was empty while the four waited in it.
    assert release_due(everything=True) == 0
    assert not Response.objects.exists() and not Comment.objects.exists()
    assert IntakeEntry.objects.count() == 4
    out = io.StringIO()
    call_command("release_now", stdout=out)
    assert out.getvalue().splitlines() == [
        "Released 0 pending submissions.",
        "4 submissions are still waiting: survey answers are held back until enough people of their "
        "group have answered (or they were written meanwhile).",
    ]
    answer(people.get(username="nurse4"), wave)
    assert release_due(everything=True) == 5
    assert Response.objects.count() == 5 and Comment.objects.count() == 4
    assert set(Response.objects.values_list("unit", "role_group")) == {(org.ward_a.pk, "nurse")}
    assert not IntakeEntry.objects.exists()

    # A group that never reaches five, even at the top of the tree once the wave has closed, is not
    # released: three rows under the system's name were the three people the invitations show
    # answering whose own groups released nothing (an independent audit).
    for name in ("pharm0", "pharm1", "nurse5"):
        answer(people.get(username=name), wave, comment="Late and few.")
    release_due(everything=True)
    assert Response.objects.count() == 5 and IntakeEntry.objects.count() == 3
    release_due(now=after_close(wave), everything=True)
    assert Response.objects.count() == 5 and Comment.objects.count() == 4
    assert not IntakeEntry.objects.exists()


def after_close(wave):
    return timezone.make_aware(dt.datetime.combine(wave.closes_on + dt.timedelta(days=1), dt.time(7)))


def test_the_last_few_at_the_top_join_a_full_group_of_the_same_batch(org, wave):
    """Three late answers too few even for the whole system are released with the smallest full
    group of their batch, all under the system's name, so no label covers fewer than five."""
    people = org.reporter.__class__.objects
    for name in ("pharm0", "pharm1", "nurse0"):
        answer(people.get(username=name), wave)
    release_due(everything=True)  # held: too few
    for name in ("nurse1", "nurse2", "nurse3", "nurse4", "nurse5"):
        answer(people.get(username=name), wave)
    release_due(now=after_close(wave), everything=True)
    labels = list(Response.objects.values_list("unit", "role_group"))
    assert len(labels) == 8 and not IntakeEntry.objects.exists()
    counts = {label: labels.count(label) for label in set(labels)}
    assert min(counts.values()) >= 5, counts


def test_a_closed_waves_last_answers_go_only_as_far_up_as_they_must(org, wave):
    people = org.reporter.__class__.objects
    for name in ("pharm0", "pharm1", "nurse0", "nurse1", "nurse2"):
        answer(people.get(username=name), wave)
    release_due(everything=True)
    assert not Response.objects.exists()
    after_close = timezone.make_aware(dt.datetime.combine(wave.closes_on + dt.timedelta(days=1), dt.time(7)))
    release_due(now=after_close, everything=True)
    # Two pharmacists and three nurses of 4 West: together five, so 4 West without a role.
    assert set(Response.objects.values_list("unit", "role_group")) == {(org.ward_a.pk, "")}
    assert Response.objects.count() == 5


def test_answers_held_back_survive_a_change_of_the_intake_key(org, wave, settings):
    """Held answers are sealed under the key of their writing; changing the key with the old one
    kept as UPSTREAM_INTAKE_KEY_PREVIOUS lets one release seal them again under the new key."""
    people = org.reporter.__class__.objects
    for name in ("nurse0", "nurse1", "nurse2", "nurse3"):
        answer(people.get(username=name), wave)
    settings.INTAKE_KEY_PREVIOUS = settings.INTAKE_KEY
    settings.INTAKE_KEY = "the new intake key, chosen by the operator, 40+ characters long"
    out = io.StringIO()
    call_command("release_now", stdout=out)
    assert out.getvalue().splitlines()[-1] == (
        "No waiting submission needs UPSTREAM_INTAKE_KEY_PREVIOUS any more: remove it from the "
        "environment of every process."
    )
    assert IntakeEntry.objects.count() == 4
    settings.INTAKE_KEY_PREVIOUS = ""  # removed, as the command said
    answer(people.get(username="nurse4"), wave)
    assert release_due(everything=True) == 5
    assert Response.objects.count() == 5 and not IntakeEntry.objects.exists()
