"""A long session is saved at once and coded by a background task.

The largest transcript taken (3,000 turns of 550 characters) held the request that saved it for
55 s on two quiet cores and for minutes under load, past a proxy's usual 60 s timeout (found by
fuzzing). A session of more than INLINE_TURNS participant turns is now stored uncoded, with its
task in the same transaction; its page and the API say it is being coded until the task has run.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from conftest import PASSWORD
from upstream.listening import services, tasks
from upstream.listening.models import ListeningSession, Turn
from upstream.listening.transcripts import parse_transcript

TRANSCRIPT = """Facilitator: What gets in the way?
Nurse 1: We are short two nurses on every night shift and nobody comes to help.
Nurse 2: I chart at home for two hours after every shift because the EHR is so slow.
Resident 1: The in-basket messages never stop, even on my days off.
"""


def _record(org):
    return services.record_session(
        user=org.leader,
        title="Nights",
        kind="focus_group",
        held_on=dt.date(2026, 11, 3),
        scope=org.ward_a,
        guide_used=False,
        turns=parse_transcript(TRANSCRIPT),
        redact=[],
    ).session


@pytest.fixture
def queued(monkeypatch):
    """Sessions over two participant turns are long; the task is queued, not run (as a worker would
    run it later)."""
    monkeypatch.setattr(services, "INLINE_TURNS", 2)
    sent: list[int] = []

    class Queued:
        @staticmethod
        def enqueue(session_id: int) -> None:
            sent.append(session_id)

    monkeypatch.setattr(tasks, "code_session_task", Queued)
    return sent


def test_a_long_session_is_saved_uncoded_with_its_task_and_the_task_codes_it_once(org, queued):
    session = _record(org)
    assert queued == [session.pk] and not session.coded
    participants = Turn.objects.filter(session=session).exclude(speaker_role="facilitator")
    assert participants.count() == 3 and not participants.filter(theme__isnull=False).exists()
    assert services.code_session(session.pk) is True
    session.refresh_from_db()
    assert session.coded
    assert participants.filter(theme__key="workload_staffing").exists()
    assert participants.filter(theme__key="admin_burden_ehr").exists()
    assert Turn.objects.get(session=session, speaker_role="facilitator").theme is None
    assert services.code_session(session.pk) is False  # run twice: nothing more


def test_the_page_and_the_api_say_it_is_being_coded_until_the_task_has_run(org, client, queued):
    session = _record(org)
    client.login(username="leader_a", password=PASSWORD)
    page = client.get(reverse("listening:detail", args=[session.pk])).content.decode()
    assert "still being read by theme" in page
    detail = client.get(f"/api/v1/listening/{session.pk}").json()
    assert detail["coded"] is False and detail["rows"] == []
    services.code_session(session.pk)
    page = client.get(reverse("listening:detail", args=[session.pk])).content.decode()
    assert "still being read by theme" not in page
    assert client.get(f"/api/v1/listening/{session.pk}").json()["coded"] is True


def test_a_session_within_the_limit_is_coded_in_the_request_and_the_task_backend_runs_a_long_one(
    org, monkeypatch
):
    short = _record(org)
    assert short.coded and Turn.objects.filter(session=short, theme__isnull=False).exists()
    monkeypatch.setattr(services, "INLINE_TURNS", 2)
    long = _record(org)  # the tests' task backend runs the task at once, as a worker would
    assert long.coded and Turn.objects.filter(session=long, theme__key="admin_burden_ehr").exists()
    assert ListeningSession.objects.filter(coded=False).count() == 0
