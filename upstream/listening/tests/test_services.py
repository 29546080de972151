"""What listening sessions feed into insights and the early-warning job, and the discussion guide."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from conftest import PASSWORD
from upstream.listening import guide
from upstream.listening.services import ListeningError, daily_theme_counts, record_session, theme_counts
from upstream.listening.tests.helpers import make_session
from upstream.listening.transcripts import parse_transcript

TURNS = [
    ("facilitator", "Facilitator", "What comes to mind?", "wellness_program_fit", 0.9),
    ("resident", "Resident 1", "Charting at home.", "admin_burden_ehr", 0.9),
    ("resident", "Resident 2", "Notes until midnight.", "admin_burden_ehr", 0.8),
    ("nurse", "Nurse 1", "Short two nurses.", "workload_staffing", 0.8),
    ("nurse", "Nurse 2", "Hard to say.", None, 0.0),
]


def test_theme_counts_cover_the_subtree_since_a_date_without_the_facilitator(org):
    make_session(org.ward_a, TURNS, held_on=dt.date(2026, 3, 10))
    make_session(org.ward_b, TURNS[:2], held_on=dt.date(2026, 3, 12))
    make_session(org.ward_a, TURNS, held_on=dt.date(2026, 1, 5))
    make_session(org.other_hospital, TURNS, held_on=dt.date(2026, 3, 10))
    assert theme_counts(org.ward_a, dt.date(2026, 3, 1)) == {"admin_burden_ehr": 2, "workload_staffing": 1}
    assert theme_counts(org.medicine, dt.date(2026, 3, 1)) == {"admin_burden_ehr": 3, "workload_staffing": 1}
    assert theme_counts(org.ward_b, dt.date(2026, 3, 13)) == {}


def test_daily_theme_counts_count_on_the_day_held_against_the_scope_unit(org):
    make_session(org.ward_a, TURNS, held_on=dt.date(2026, 3, 10))
    make_session(org.medicine, TURNS[:2], held_on=dt.date(2026, 3, 11))
    make_session(org.ward_b, TURNS, held_on=dt.date(2026, 2, 1))
    counts = daily_theme_counts(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert counts == {
        (org.ward_a.pk, "admin_burden_ehr", dt.date(2026, 3, 10)): 2,
        (org.ward_a.pk, "workload_staffing", dt.date(2026, 3, 10)): 1,
        (org.medicine.pk, "admin_burden_ehr", dt.date(2026, 3, 11)): 1,
    }


def test_recording_for_a_unit_not_led_is_refused(org):
    turns = parse_transcript("Nurse 1: We are short.")
    with pytest.raises(ListeningError):
        record_session(
            user=org.leader,
            title="x",
            kind="focus_group",
            held_on=dt.date(2026, 3, 1),
            scope=org.ward_b,
            guide_used=False,
            turns=turns,
            redact=[],
        )


def test_the_guide_has_the_seven_questions_and_ground_rules(client, org):
    assert [q.number for q in guide.QUESTIONS] == list(range(1, 8))
    client.login(username="reporter", password=PASSWORD)
    page = client.get(reverse("listening:guide")).content.decode()
    assert "resilience" in page and "Roles, not names" in page and "988" in page
    # It prints cleanly: the shared stylesheet hides navigation when printing.
    from django.contrib.staticfiles import finders

    assert "@media print" in open(finders.find("upstream/upstream.css")).read()
