from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from upstream.community.models import MentoringMeeting
from upstream.community.services import mentoring
from upstream.community.services.common import CommunityError
from upstream.org.models import Membership, User


@pytest.fixture
def people(org):
    mentee = User.objects.get(username="nurse0")
    mentoring.save_profile(
        mentee, wants="mentee", career_stage="early", interests=["Night shifts", "research", "parenting"]
    )
    far = User.objects.create_user(username="far_nurse", first_name="Ana", last_name="Silva", password="x")
    Membership.objects.create(user=far, unit=org.other_hospital, role_group="nurse")
    mentoring.save_profile(
        far,
        wants="mentor",
        career_stage="mid",
        interests=["night shifts", "research"],
        availability="Tuesday lunch",
    )
    peer = User.objects.get(username="nurse1")
    mentoring.save_profile(peer, wants="mentor", career_stage="early", interests=["night shifts"])
    mentoring.save_profile(
        org.leader, wants="mentor", career_stage="senior", interests=["research", "parenting"]
    )
    return mentee, far, peer


def test_it_proposes_mentors_with_reasons_and_not_peers_or_ones_own_leader(org, people):
    mentee, far, peer = people
    proposals = mentoring.propose_matches(mentee)
    assert [m.mentor for m in proposals] == [far]  # the peer is not senior; the leader is the boss
    reasons = " ".join(proposals[0].reasons)
    assert (
        "night shifts, research" in reasons and "outside your unit" in reasons and "Tuesday lunch" in reasons
    )
    assert "Same profession (nurse)" in reasons
    assert mentoring.propose_matches(mentee) == []  # no duplicate proposals


def test_both_accept_before_meetings_are_recorded(org, people):
    mentee, far, _ = people
    match = mentoring.propose_matches(mentee)[0]
    with pytest.raises(CommunityError):
        mentoring.record_meeting(mentee, match, on=timezone.localdate())
    match = mentoring.respond(far, match, accept=True)
    assert match.status == "active"
    mentoring.record_meeting(
        far, match, on=timezone.localdate() - dt.timedelta(days=1), note="Talked nights."
    )
    assert match.meetings.count() == 1
    with pytest.raises(mentoring.NotFound):
        mentoring.match_for(org.outsider, match.pk)


def test_the_api_and_page(org, people, client):
    mentee, far, _ = people
    client.force_login(mentee)
    proposed = client.post("/api/v1/community/mentoring/proposals")
    assert proposed.status_code == 201 and proposed.json()[0]["mentor"] == "Ana Silva"
    client.force_login(far)
    match_id = proposed.json()[0]["id"]
    assert client.post(f"/api/v1/community/mentoring/matches/{match_id}/accept").json()["status"] == "active"
    page = client.get("/community/mentoring/").content.decode()
    assert "Mentoring nurse0" in page and "We met on" in page
    bad = client.put(
        "/api/v1/community/mentoring/profile",
        {"wants": "mentor", "career_stage": "x", "interests": []},
        content_type="application/json",
    )
    assert bad.status_code == 400
    client.force_login(org.outsider)
    assert client.post(f"/api/v1/community/mentoring/matches/{match_id}/decline").status_code == 404


def test_it_records_a_meeting_through_the_api_not_as_an_answer(org, people, client):
    """/matches/{id}/meetings was taken by /matches/{id}/{answer} and refused as a wrong answer."""
    mentee, far, _ = people
    match = mentoring.respond(far, mentoring.propose_matches(mentee)[0], accept=True)
    mentoring.respond(mentee, match, accept=True)
    client.force_login(far)
    met = client.post(
        f"/api/v1/community/mentoring/matches/{match.pk}/meetings",
        {"on": str(timezone.localdate()), "note": "Talked nights."},
        content_type="application/json",
    )
    assert met.status_code == 201, met.content
    assert met.json()["meetings"] == [str(timezone.localdate())]
    wrong = client.post(f"/api/v1/community/mentoring/matches/{match.pk}/maybe")
    assert wrong.status_code == 400 and "answer" in wrong.json()["detail"]
    client.force_login(org.outsider)
    assert (
        client.post(
            f"/api/v1/community/mentoring/matches/{match.pk}/meetings",
            {"on": str(timezone.localdate())},
            content_type="application/json",
        ).status_code
        == 404
    )


@pytest.mark.parametrize("day", ["2027-02-30", "2027-13-01", "\ufffd", ""])
def test_it_handles_a_meeting_date_that_is_no_day_on_the_page(org, people, client, day):
    """A well-formed impossible day (2027-02-30, from an edited form) made parse_date raise: a 500."""
    mentee, far, _ = people
    match = mentoring.respond(far, mentoring.propose_matches(mentee)[0], accept=True)
    mentoring.respond(mentee, match, accept=True)
    client.force_login(far)
    url = f"/community/mentoring/{match.pk}/meeting"
    page = client.post(url, {"on": day, "note": "Talked nights."}, follow=True)
    assert page.status_code == 200
    assert "Give the date of the meeting." in page.content.decode()
    assert not MentoringMeeting.objects.exists()
