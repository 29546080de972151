from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from upstream.community.models import MentoringMeeting
from upstream.community.services import mentoring
from upstream.community.services.common import CommunityError
from upstream.community.services.mentoring_reasons import worded
from upstream.community.tests.page_boxes import box, error_at
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
    reasons = " ".join(reason.text for reason in worded(proposals[0], mentee))
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
    match.created_at = timezone.now() - dt.timedelta(days=3)
    mentoring.record_meeting(
        far, match, on=timezone.localdate() - dt.timedelta(days=1), note="Talked nights."
    )
    assert match.meetings.count() == 1
    # Not before they were matched (a meeting on 0001-01-01 was stored and listed).
    for day in (timezone.localdate() - dt.timedelta(days=4), dt.date(1, 1, 1)):
        with pytest.raises(CommunityError, match="when you were matched"):
            mentoring.record_meeting(far, match, on=day)
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
    accepted = client.post(
        reverse("community:mentoring_act", args=[match_id, "accept"]), follow=True
    ).content.decode()
    assert "Accepted: the mentoring has begun." in accepted  # accepting said nothing
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


def _active(people):
    mentee, far, _ = people
    match = mentoring.respond(far, mentoring.propose_matches(mentee)[0], accept=True)
    return mentoring.respond(mentee, match, accept=True), far


@pytest.mark.parametrize("day", ["2027-02-30", "2027-13-01", "\ufffd", ""])
def test_it_handles_a_meeting_date_that_is_no_day_on_the_page(org, people, client, day):
    """A well-formed impossible day (2027-02-30, from an edited form) made parse_date raise: a 500.
    Then it was a flash message after a redirect that lost the note."""
    match, far = _active(people)
    client.force_login(far)
    page = client.post(f"/community/mentoring/{match.pk}/meeting", {"on": day, "note": "Talked nights."})
    assert page.status_code == 400
    html = page.content.decode()
    assert "Give the date of the meeting." in error_at(html, f"on-{match.pk}")
    assert 'value="Talked nights."' in box(html, "note")
    assert not MentoringMeeting.objects.exists()


@pytest.mark.parametrize(
    ("note", "words"),
    [("Talked\x00 nights.", "cannot be stored"), ("Talked nights. " * 40, "500 characters")],
)
def test_it_keeps_a_meeting_note_it_refuses_in_its_box(org, people, client, note, words):
    """A NUL or over 500 characters was a flash message after a redirect: the note was gone."""
    match, far = _active(people)
    client.force_login(far)
    day = str(timezone.localdate())
    page = client.post(f"/community/mentoring/{match.pk}/meeting", {"on": day, "note": note})
    assert page.status_code == 400
    html = page.content.decode()
    assert words in error_at(html, f"note-{match.pk}")
    assert f'value="{note.strip()}"' in box(html, "note")  # as typed (ends trimmed), to be corrected
    assert f'value="{day}"' in box(html, "on")
    assert not MentoringMeeting.objects.exists()


def test_it_still_records_a_meeting_from_the_page(org, people, client):
    match, far = _active(people)
    client.force_login(far)
    day = str(timezone.localdate())
    done = client.post(f"/community/mentoring/{match.pk}/meeting", {"on": day, "note": "Talked nights."})
    assert done.status_code == 302 and done["Location"] == "/community/mentoring/"
    assert MentoringMeeting.objects.get().note == "Talked nights."
    assert "Talked nights." in client.get("/community/mentoring/").content.decode()


def test_an_empty_match_list_says_what_happens_next(org, people, client):
    """ "No matches yet." alone left a new user unsure whether to wait or to do something."""
    mentee, far, _peer = people
    client.force_login(User.objects.get(username="nurse2"))  # no profile
    assert "Save your profile first" in client.get("/community/mentoring/").content.decode()
    client.force_login(far)  # a mentor nobody has asked for yet
    assert (
        "When a colleague who asks for a mentor fits your profile"
        in client.get("/community/mentoring/").content.decode()
    )
    client.force_login(mentee)
    assert "proposals appear here at once" in client.get("/community/mentoring/").content.decode()
