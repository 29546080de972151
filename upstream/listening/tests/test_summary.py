"""The session page: themes by role group, small groups folded, excerpts only for shared themes."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from conftest import PASSWORD
from upstream.listening.summary import summarise
from upstream.listening.tests.helpers import make_session

EHR = "Charting at home until midnight, every night."


def _residents(count: int, key: str = "admin_burden_ehr", text: str = EHR):
    return [("resident", f"Resident {i}", f"{text} ({i})", key, 0.5 + i / 100) for i in range(1, count + 1)]


@pytest.fixture
def leader(client, org):
    client.login(username="leader_a", password=PASSWORD)
    return client


def test_it_counts_themes_by_role_group_and_leaves_the_facilitator_out(org):
    session = make_session(
        org.ward_a,
        [
            ("facilitator", "Facilitator", "What comes to mind?", None, 0.0),
            *_residents(5),
            ("resident", "Resident 1", "Short two interns every block.", "workload_staffing", 0.7),
            ("resident", "Resident 2", "Nothing to add.", None, 0.0),
        ],
    )
    summary = summarise(session, minimum=5)
    assert [c.label for c in summary.columns] == ["Resident or fellow"]
    assert [(r.key, r.cells) for r in summary.rows] == [
        ("admin_burden_ehr", [5]),
        ("workload_staffing", [1]),
        ("", [1]),
    ]
    assert summary.speakers == 5 and not summary.folded and not summary.left_out


def test_small_role_groups_are_folded_into_other_roles(org):
    session = make_session(
        org.ward_a,
        [
            *_residents(5),
            *[
                ("nurse", f"Nurse {i}", "We are short staffed.", "workload_staffing", 0.6)
                for i in range(1, 6)
            ],
            ("pharmacist", "Pharmacist 1", "We are short staffed.", "workload_staffing", 0.6),
            ("pharmacist", "Pharmacist 2", "Same here.", "workload_staffing", 0.6),
            *[
                ("other", f"Participant {i}", "We are short staffed.", "workload_staffing", 0.6)
                for i in range(1, 4)
            ],
        ],
    )
    summary = summarise(session, minimum=5)
    labels = [c.label for c in summary.columns]
    # Pharmacists (2 speakers) are not shown alone; with 3 participants, "Other roles" has 5 speakers.
    assert "Pharmacist" not in labels and labels[-1] == "Other roles"
    assert summary.folded and not summary.left_out
    row = next(r for r in summary.rows if r.key == "workload_staffing")
    assert row.cells[labels.index("Other roles")] == 5


def test_a_lone_small_group_drags_the_next_smallest_along(org):
    # Suppressing only the 2 pharmacists would let "Other roles" name them; nurses fold in too.
    session = make_session(
        org.ward_a,
        [
            *_residents(7),
            *[
                ("nurse", f"Nurse {i}", "We are short staffed.", "workload_staffing", 0.6)
                for i in range(1, 6)
            ],
            ("pharmacist", "Pharmacist 1", "Short staffed.", "workload_staffing", 0.6),
            ("pharmacist", "Pharmacist 2", "Short staffed.", "workload_staffing", 0.6),
        ],
    )
    summary = summarise(session, minimum=5)
    assert [c.label for c in summary.columns] == ["Resident or fellow", "Other roles"]


def test_two_groups_where_one_is_small_fold_together(org):
    # Showing the residents alone would let the rest of the session be read off as the pharmacists.
    session = make_session(
        org.ward_a,
        [
            *_residents(5),
            ("pharmacist", "Pharmacist 1", "Nobody talks to us.", "isolation_disconnection", 0.9),
            ("pharmacist", "Pharmacist 2", "We eat alone.", "isolation_disconnection", 0.9),
        ],
    )
    summary = summarise(session, minimum=5)
    assert [c.label for c in summary.columns] == ["Other roles"]
    assert {r.key: r.cells for r in summary.rows} == {"admin_burden_ehr": [5], "isolation_disconnection": [2]}


def test_when_other_roles_is_still_too_small_it_is_left_out(org, leader):
    """And the page says only that: it also said they were "counted under Other roles", which the
    table it stood over did not have (a new-user walk)."""
    session = make_session(
        org.ward_a,
        [
            *_residents(6),
            ("pharmacist", "Pharmacist 1", "Nobody talks to us.", "isolation_disconnection", 0.9),
            ("pharmacist", "Pharmacist 2", "We eat alone.", "isolation_disconnection", 0.9),
            ("other", "Participant", "Nobody checks in.", "isolation_disconnection", 0.9),
        ],
    )
    summary = summarise(session, minimum=5)
    assert [c.label for c in summary.columns] == ["Resident or fellow"]
    assert summary.left_out and not summary.folded
    assert "isolation_disconnection" not in {r.key for r in summary.rows}
    assert "isolation_disconnection" not in {t.key for t in summary.top}
    with override_settings(UPSTREAM_MIN_GROUP_SIZE=5):
        page = leader.get(reverse("listening:detail", args=[session.pk])).content.decode()
    assert "Some speakers are left out of this summary" in page
    assert "counted under" not in page


def test_excerpts_are_hidden_for_themes_raised_by_one_speaker(org):
    session = make_session(
        org.ward_a,
        [
            *_residents(5),
            ("resident", "Resident 3", "My attending humiliated me on rounds.", "respect_safety", 0.9),
            ("resident", "resident 3", "And again the next week on rounds.", "respect_safety", 0.8),
        ],
    )
    top = {t.key: t for t in summarise(session, minimum=5).top}
    assert top["respect_safety"].single_speaker and top["respect_safety"].excerpts == []
    ehr = top["admin_burden_ehr"]
    assert not ehr.single_speaker
    # The best-scoring three, most confident first.
    assert [text for text, _ in ehr.excerpts] == [f"{EHR} (5)", f"{EHR} (4)", f"{EHR} (3)"]


def test_excerpts_are_truncated(org):
    long = "The inbox never stops. " * 40
    session = make_session(org.ward_a, _residents(5, text=long))
    text, group = summarise(session, minimum=5).top[0].excerpts[0]
    assert len(text) <= 300 and text.endswith("…") and group == "Resident or fellow"


@override_settings(UPSTREAM_MIN_GROUP_SIZE=5)
def test_the_page_shows_the_table_and_excerpts(leader, org):
    session = make_session(
        org.ward_a,
        [
            *_residents(5),
            ("resident", "Resident 3", "My attending humiliated me on rounds.", "respect_safety", 0.9),
        ],
    )
    page = leader.get(reverse("listening:detail", args=[session.pk])).content.decode()
    assert "Documentation and EHR burden" in page and f"{EHR} (5)" in page
    assert "humiliated" not in page
    assert "Raised by one speaker" in page


def test_a_leader_sees_only_sessions_in_their_subtree(leader, client, org):
    mine = make_session(org.ward_a, _residents(5), title="4 West residents")
    theirs = make_session(org.ward_b, _residents(5), title="5 East residents")
    page = leader.get(reverse("listening:list")).content.decode()
    assert "4 West residents" in page and "5 East residents" not in page
    assert leader.get(reverse("listening:detail", args=[theirs.pk])).status_code == 404
    assert leader.get(reverse("listening:detail", args=[999999])).status_code == 404
    # The department chair above both sees both.
    client.login(username="chair", password=PASSWORD)
    assert client.get(reverse("listening:detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("listening:detail", args=[theirs.pk])).status_code == 200


def test_an_outsider_gets_the_same_404(client, org):
    session = make_session(org.ward_a, _residents(5))
    client.login(username="outsider", password=PASSWORD)
    assert client.get(reverse("listening:detail", args=[session.pk])).status_code == 404
    assert client.get(reverse("listening:list")).status_code == 404


def test_crisis_language_is_flagged_on_the_page_without_quoting_it(leader, org):
    session = make_session(org.ward_a, _residents(5))
    session.turns.filter(speaker_label="Resident 1").update(crisis=True)
    page = leader.get(reverse("listening:detail", args=[session.pk])).content.decode()
    assert "1 turn used language that can" in page and 'role="alert"' in page
