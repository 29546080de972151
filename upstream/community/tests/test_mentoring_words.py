"""Mentoring reasons in the reader's words and language; withdrawing a proposal and ending a match
from the page; the saved profile through the API.

Reasons were English sentences stored at proposal time, from the mentee's side: a Spanish reader got
"You share: night shifts.", and the mentor read "a step or two ahead of you" and his own availability.
The page had no way to withdraw a proposal or end a match, and `GET .../mentoring/profile` was 405.
"""

from __future__ import annotations

import importlib
from unittest import mock

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.utils import timezone
from django.utils.translation import trans_real

from upstream.community.models import MentorMatch
from upstream.community.services import mentoring
from upstream.community.tests.test_mentoring import people  # noqa: F401 - the fixture
from upstream.org.models import User

PAGE = "/community/mentoring/"
MATCHES = "/api/v1/community/mentoring/matches"
BEHIND = "%(stage)s: a step or two behind you, earlier in their career."


@pytest.fixture
def spanish_entry():
    """Adds msgid -> msgstr to the Spanish catalogue until the test ends (new sentences are
    translated by the locale team; the test is that they go through gettext when read)."""
    catalogue = trans_real.translation("es")._catalog._catalogs[0]
    with mock.patch.dict(catalogue) as patched:
        yield patched.__setitem__


def _spanish(client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"


def _evenings(mentee: User) -> None:
    mentoring.save_profile(
        mentee,
        wants="mentee",
        career_stage="early",
        interests=["night shifts", "research", "parenting"],
        availability="Evenings",
    )


def test_it_stores_codes_and_words_them_in_the_readers_language(org, people, client):  # noqa: F811
    mentee, far, _peer = people
    [match] = mentoring.propose_matches(mentee)
    assert all(isinstance(reason, dict) and "code" in reason for reason in match.reasons)
    assert "You share" not in str(match.reasons)
    client.force_login(mentee)
    _spanish(client)
    page = client.get(PAGE).content.decode()
    assert "Tienen en común: night shifts, research." in page
    assert "Mitad de carrera (de 5 a 15 años)" in page  # the mentor's stage, in Spanish
    assert "You share" not in page and "Mid career" not in page and "Same profession" not in page


def test_each_side_reads_the_reasons_about_the_other(org, people, client):  # noqa: F811
    mentee, far, _peer = people
    _evenings(mentee)
    mentoring.propose_matches(mentee)
    client.force_login(far)
    page = client.get(PAGE).content.decode()
    assert "Early career (under 5 years): a step or two behind you, earlier in their career." in page
    assert "ahead of you" not in page
    assert "Their availability: Evenings." in page
    assert "availability: Tuesday lunch" not in page  # not his own (his profile form has it)
    client.force_login(mentee)
    page = client.get(PAGE).content.decode()
    assert "Mid career (5 to 15 years): a step or two ahead of you." in page
    assert "Their availability: Tuesday lunch." in page and "availability: Evenings" not in page


def test_the_api_gives_codes_and_the_callers_words(org, people, client, spanish_entry):  # noqa: F811
    mentee, far, _peer = people
    _evenings(mentee)
    mentoring.propose_matches(mentee)
    spanish_entry(BEHIND, "%(stage)s: uno o dos pasos detrás de ti, antes en su carrera.")
    client.force_login(far)
    [match] = client.get(MATCHES, headers={"accept-language": "es"}).json()
    codes = [reason["code"] for reason in match["reasons"]]
    assert codes == ["shared_interests", "career_gap", "same_profession", "outside_unit", "availability"]
    texts = dict((reason["code"], reason["text"]) for reason in match["reasons"])
    assert (
        texts["career_gap"]
        == "Inicio de carrera (menos de 5 años): uno o dos pasos detrás de ti, antes en su carrera."
    )
    assert texts["shared_interests"] == "Tienen en común: night shifts, research."
    assert "Evenings" in texts["availability"]
    client.force_login(org.outsider)
    assert client.get(MATCHES).json() == []


def test_the_migration_turns_old_sentences_into_codes(org, people):  # noqa: F811
    mentee, far, _peer = people
    old = MentorMatch.objects.create(
        mentor=far,
        mentee=mentee,
        score=3.0,
        reasons=["You share: night shifts.", "Mid career (5 to 15 years): a step or two ahead of you."],
        created_at=timezone.now(),
    )
    gone = User.objects.create_user(username="no_profile", password="x")
    orphan = MentorMatch.objects.create(
        mentor=gone, mentee=mentee, score=1.0, reasons=["Available: Monday."], created_at=timezone.now()
    )
    migration = importlib.import_module("upstream.community.migrations.0014_mentoring_reason_codes")
    migration.to_codes(django_apps, None)
    old.refresh_from_db()
    orphan.refresh_from_db()
    assert old.reasons == [
        {"code": "shared_interests", "interests": ["night shifts", "research"]},
        {"code": "career_gap", "mentor_stage": "mid", "mentee_stage": "early"},
        {"code": "same_profession", "role_groups": ["nurse"]},
        {"code": "outside_unit"},
    ]
    assert orphan.reasons == []  # no profile to rebuild from: no sentence in one language either


def test_the_mentee_withdraws_a_proposal_from_the_page(org, people, client):  # noqa: F811
    mentee, far, _peer = people
    [match] = mentoring.propose_matches(mentee)
    client.force_login(mentee)
    page = client.get(PAGE).content.decode()
    assert f'action="/community/mentoring/{match.pk}/decline"' in page and "Withdraw this proposal" in page
    assert client.post(f"/community/mentoring/{match.pk}/decline").status_code == 302
    match.refresh_from_db()
    assert match.status == "declined"
    assert "Withdraw this proposal" not in client.get(PAGE).content.decode()
    client.force_login(far)
    assert "Mentoring nurse0" not in client.get(PAGE).content.decode()


@pytest.mark.parametrize("side", ["mentor", "mentee"])
def test_either_side_ends_an_active_match_after_confirming(org, people, client, side):  # noqa: F811
    mentee, far, _peer = people
    match = mentoring.respond(far, mentoring.propose_matches(mentee)[0], accept=True)
    mentoring.record_meeting(far, match, on=timezone.localdate(), note="Talked nights.")
    reader = far if side == "mentor" else mentee
    client.force_login(org.outsider)
    assert client.post(f"/community/mentoring/{match.pk}/end", {"confirmed": "yes"}).status_code == 404
    client.force_login(reader)
    page = client.get(PAGE).content.decode()
    assert f'action="/community/mentoring/{match.pk}/end"' in page and "End the mentoring" in page
    asked = client.post(f"/community/mentoring/{match.pk}/end")  # the button: a page that asks first
    assert asked.status_code == 200
    assert 'name="confirmed" value="yes"' in asked.content.decode()
    match.refresh_from_db()
    assert match.status == "active"
    done = client.post(f"/community/mentoring/{match.pk}/end", {"confirmed": "yes"})
    assert done.status_code == 302 and done["Location"] == PAGE
    match.refresh_from_db()
    assert match.status == "ended"
    for person in (far, mentee):  # both see it ended, with its meetings, and no more buttons
        client.force_login(person)
        page = client.get(PAGE).content.decode()
        assert "This mentoring has ended." in page and "Talked nights." in page
        assert "End the mentoring" not in page and "Record the meeting" not in page
    assert client.get(MATCHES).json()[0]["status"] == "ended"
    assert client.post(f"{MATCHES}/{match.pk}/decline").status_code == 409


def test_the_saved_profile_can_be_read_through_the_api(org, people, client):  # noqa: F811
    mentee, _far, _peer = people
    client.force_login(User.objects.get(username="nurse2"))
    missing = client.get("/api/v1/community/mentoring/profile")
    assert missing.status_code == 404 and "not saved" in missing.json()["detail"]
    client.force_login(mentee)
    saved = client.get("/api/v1/community/mentoring/profile")
    assert saved.status_code == 200
    assert saved.json() == {
        "wants": "mentee",
        "career_stage": "early",
        "interests": ["night shifts", "research", "parenting"],
        "availability": "",
    }
