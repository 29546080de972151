from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from upstream.community.models import Recognition
from upstream.community.services.common import CommunityError, Missing
from upstream.community.services.recognition import counts_by_unit, feed, thank
from upstream.lib.forms import shorten_to
from upstream.org.models import User

NOT_A_COLLEAGUE = "Choose a colleague who shares one of your units."
NOT_YOUR_TEAM = "Choose one of your units, or the department above it."
NO_UNIT = "You are not listed as a member of any unit, so there is nobody to share this with yet."


def test_it_thanks_a_colleague_into_the_shared_unit_feed(org):
    nurse = User.objects.get(username="nurse0")
    thank(org.reporter, text="You covered my patients when I was sick. Thank you.", person=nurse)
    assert [r.text[:11] for r in feed(nurse)] == ["You covered"]
    assert feed(org.outsider).count() == 0
    assert Recognition.objects.get().unit == org.ward_a


def test_someone_who_works_at_the_department_reads_the_thanks_of_its_units(org):
    """A chair who works in Medicine read "No thanks yet" while the dashboard counted 21 given in
    Medicine's units; someone in another department still reads none of them."""
    from upstream.org.models import Membership, RoleGroup

    thank(
        org.reporter,
        text="You covered my patients when I was sick.",
        person=User.objects.get(username="nurse0"),
    )
    Membership.objects.create(user=org.chair, unit=org.medicine, role_group=RoleGroup.ATTENDING)
    assert [r.unit for r in feed(org.chair)] == [org.ward_a]
    assert [r.unit for r in feed(org.chair, org.medicine)] == [org.ward_a]
    assert feed(org.outsider).count() == 0 and feed(User.objects.get(username="nurse0")).count() == 1


def test_it_thanks_a_team_and_refuses_self_thanks_and_empty_words(org):
    thank(org.reporter, text="5 East took our overflow all weekend.", team=org.ward_b)
    assert feed(org.reporter)[0].to_team == org.ward_b  # the reporter works on 5 East too
    with pytest.raises(CommunityError):
        thank(org.reporter, text="Great job me", person=org.reporter)
    with pytest.raises(CommunityError):
        thank(org.reporter, text="  ", team=org.ward_a)
    with pytest.raises(CommunityError):
        thank(org.reporter, text="x" * 281, team=org.ward_a)


def test_counts_by_unit_hide_small_numbers(org):
    now = timezone.now()
    for index in range(6):
        thank(org.reporter, text=f"Thanks number {index}", team=org.ward_a, now=now)
    thank(org.reporter, text="Thanks, 5 East", team=org.ward_b, now=now)
    today = timezone.localdate()
    week = today - dt.timedelta(days=7)
    # One small cell hides its sibling too, so it cannot be worked out from a total.
    units = [org.ward_a, org.ward_b]
    assert counts_by_unit(units, week, today) == {org.ward_a.pk: None, org.ward_b.pk: None}
    for index in range(4):
        thank(org.reporter, text=f"More thanks {index}", team=org.ward_b, now=now)
    assert counts_by_unit(units, week, today) == {org.ward_a.pk: 6, org.ward_b.pk: 5}


def test_thanks_to_a_team_names_its_unit_once(org, client):
    """The feed read "Robin Quill → 4 West · 4 West · 5 Dec": the team thanked is the unit."""
    thank(org.reporter, text="You took our overflow all weekend.", team=org.ward_a)
    thank(org.reporter, text="Thanks for the coffee.", person=User.objects.get(username="nurse1"))
    client.force_login(org.reporter)
    page = client.get("/community/thanks/").content.decode()
    team, person = (
        page.split("took our overflow")[0].rsplit("<li>", 1)[1],
        page.split("the coffee")[0].rsplit("<li>", 1)[1],
    )
    assert team.count("4 West") == 1 and person.count("4 West") == 1  # the unit a person was thanked in


def test_the_page_and_api_thank_and_list(org, client):
    client.force_login(org.reporter)
    nurse = User.objects.get(username="nurse1")
    page = client.post("/community/thanks/", {"recipient": f"p{nurse.pk}", "text": "Thanks for the coffee"})
    assert page.status_code == 302
    assert "Thanks for the coffee" in client.get("/community/thanks/").content.decode()
    api = client.post(
        "/api/v1/community/thanks",
        {"team_id": org.ward_a.pk, "text": "Best night shift crew"},
        content_type="application/json",
    )
    assert api.status_code == 201
    assert [t["text"] for t in client.get("/api/v1/community/thanks").json()][0] == "Best night shift crew"
    bad = client.post("/api/v1/community/thanks", {"text": "hi there"}, content_type="application/json")
    assert bad.status_code == 400
    assert client.get("/api/v1/community/thanks/counts").status_code == 404  # not a leader
    client.force_login(org.chair)
    counts = client.get("/api/v1/community/thanks/counts").json()
    assert {c["unit"] for c in counts} == {"Medicine", "4 West", "5 East"}


def test_the_thanks_box_counts_a_line_break_as_one_character(org, client):
    """The limit counts a line break as one character, as a person does, but the browser sends it
    as two (CRLF): 280 characters typed on ten lines arrive as 289, and are taken. (The box has no
    `maxlength`: it cut a pasted text silently; see test_no_silent_cut.py.)"""
    client.force_login(org.reporter)
    nurse = User.objects.get(username="nurse1")
    page = client.get("/community/thanks/").content.decode()
    assert "maxlength" not in page
    assert page.count("280 characters") == 1  # said once (a new-user walk read it twice)
    typed = "\n".join(["y" * 27] * 10) + "!"
    assert len(typed) == 280
    sent = client.post(
        "/community/thanks/", {"recipient": f"p{nurse.pk}", "text": typed.replace("\n", "\r\n")}
    )
    assert sent.status_code == 302
    assert Recognition.objects.get().text == typed
    over = typed + "!"
    refused = client.post(
        "/community/thanks/", {"recipient": f"p{nurse.pk}", "text": over.replace("\n", "\r\n")}
    )
    assert refused.status_code == 400
    assert shorten_to(280) in refused.content.decode()
    assert Recognition.objects.count() == 1


def _thank_api(client, **body):
    response = client.post(
        "/api/v1/community/thanks", {"text": "Thanks for the cover", **body}, content_type="application/json"
    )
    return response.status_code, response.json().get("detail")


def test_the_api_thanks_only_whom_the_page_offers(org, client):
    """The page offers colleagues who share a unit, and your units with the department above; the
    API took any active person and any unit, on the other side of the organisation too."""
    nurse = User.objects.get(username="nurse0")  # 4 West only
    retired = User.objects.get(username="nurse1")
    retired.is_active = False
    retired.save(update_fields=["is_active"])
    client.force_login(nurse)
    form = client.get("/community/thanks/").context["form"]
    groups = [choice for choice in form.fields["recipient"].choices if choice[0]]  # past the empty one
    values = {value for _group, options in groups for value, _label in options}
    assert {f"p{org.reporter.pk}", f"t{org.ward_a.pk}", f"t{org.medicine.pk}"} <= values
    for not_offered in (f"p{org.outsider.pk}", f"p{retired.pk}", f"t{org.ward_b.pk}", f"t{org.hospital.pk}"):
        assert not_offered not in values
        page = client.post("/community/thanks/", {"recipient": not_offered, "text": "Thanks for the cover"})
        assert page.status_code == 400

    assert _thank_api(client, person_id=org.outsider.pk) == (404, NOT_A_COLLEAGUE)
    assert _thank_api(client, person_id=retired.pk) == (404, NOT_A_COLLEAGUE)
    assert _thank_api(client, team_id=org.ward_b.pk) == (404, NOT_YOUR_TEAM)
    assert _thank_api(client, team_id=org.hospital.pk) == (404, NOT_YOUR_TEAM)
    assert not Recognition.objects.exists()
    assert _thank_api(client, person_id=org.reporter.pk)[0] == 201
    assert _thank_api(client, team_id=org.medicine.pk)[0] == 201
    assert Recognition.objects.get(to_person=org.reporter).unit == org.ward_a  # the unit they share


def test_someone_in_no_unit_is_told_why_on_the_page_and_in_the_api(org, client):
    """A leader imported with only a leader title belongs to no unit: the page says so instead of a
    form; the API answered 201, or a 400 no document mentioned, and now a documented 403."""
    client.force_login(org.other_leader)  # leads 5 East, a member of nothing
    page = client.get("/community/thanks/").content.decode()
    assert NO_UNIT in page and "Say thank you" not in page
    status, detail = _thank_api(client, person_id=org.reporter.pk)
    assert status == 403 and detail.startswith(NO_UNIT)
    assert _thank_api(client, team_id=org.ward_b.pk)[0] == 403
    assert not Recognition.objects.exists()
    with pytest.raises(Missing):
        thank(org.reporter, text="Thanks from afar", team=org.other_hospital)


NOT_YOURS_PAGE = "That unit is not one of yours, so the thanks of all your units are shown."
NOT_YOURS_API = "That unit is not one of yours. Choose one of your own units, or none for all of them."


def _page_texts(client, **query) -> tuple[list[str], str]:
    page = client.get("/community/thanks/", query)
    assert page.status_code == 200
    return sorted(t.text for t in page.context["thanks"]), page.content.decode()


def test_a_unit_that_is_not_yours_is_named_on_the_page_and_refused_by_the_api(org, client):
    """Any unit id not yours (someone else's, none, 0, not a number) gave the feed of all your units
    without a word, on the page and in the API, so a mistyped id read as "All my units" (a fuzzing
    walk). The page still shows all your units, and says why; the API answers 404. Someone else's
    unit and a missing one get the same sentence (an empty feed once told them apart)."""
    thank(org.reporter, text="4 West covered my patients.", person=User.objects.get(username="nurse0"))
    thank(org.reporter, text="5 East took our overflow.", team=org.ward_b)
    thank(org.outsider, text="Northside only, never shown.", team=org.other_hospital)
    everything = ["4 West covered my patients.", "5 East took our overflow."]
    client.force_login(org.reporter)  # a member of 4 West and 5 East
    texts, page = _page_texts(client, unit=org.ward_a.pk)
    assert texts == everything[:1] and NOT_YOURS_PAGE not in page
    api = client.get("/api/v1/community/thanks", {"unit_id": org.ward_a.pk})
    assert api.status_code == 200 and [t["text"] for t in api.json()] == everything[:1]
    for not_mine in (org.other_hospital.pk, org.medicine.pk, 999_999, 2**62):
        texts, page = _page_texts(client, unit=not_mine)
        assert texts == everything and NOT_YOURS_PAGE in page, not_mine
        assert "No thanks yet" not in page
        api = client.get("/api/v1/community/thanks", {"unit_id": not_mine})
        assert (api.status_code, api.json()["detail"]) == (404, NOT_YOURS_API), not_mine
    for not_an_id in ("0", "abc"):
        texts, page = _page_texts(client, unit=not_an_id)
        assert texts == everything and NOT_YOURS_PAGE in page, not_an_id
    texts, page = _page_texts(client, unit="")
    assert texts == everything and NOT_YOURS_PAGE not in page
    api_zero = client.get("/api/v1/community/thanks", {"unit_id": 0})
    assert (api_zero.status_code, api_zero.json()["errors"][0]["type"]) == (400, "greater_than_equal")
    described = client.get("/api/openapi.json").json()["paths"]["/api/v1/community/thanks"]["get"]
    assert "404" in described["responses"]
    assert "any other id is a 404" in described["parameters"][0]["description"]


def test_two_units_of_the_same_name_keep_a_row_each(org, client):
    """Keyed by name, two units called "4 West" were one row with one count (found reading the API)."""
    org.ward_b.name = "4 West"
    org.ward_b.save()
    now = timezone.now()
    for index in range(6):
        thank(org.reporter, text=f"Thanks number {index}", team=org.ward_a, now=now)
    client.force_login(org.chair)
    counts = client.get("/api/v1/community/thanks/counts").json()
    rows = {row["unit_id"]: (row["unit"], row["thanks"]) for row in counts}
    assert len(counts) == 3 and rows[org.ward_a.pk] == ("4 West", 6) and rows[org.ward_b.pk] == ("4 West", 0)
    assert rows[org.medicine.pk] == ("Medicine", 6)


def test_a_small_unit_s_count_cannot_be_worked_out_from_another_unit_the_leader_leads(org, client):
    """Suppressed across every row at once, 4 West's hidden 3 had 5 East's 17 beside Medicine's 20,
    and the row hidden to protect it was another hospital's: 20 - 17 = 3."""
    from upstream.community.models import Recognition
    from upstream.org.models import LeaderAssignment

    LeaderAssignment.objects.create(user=org.chair, unit=org.other_hospital, title="Acting director")
    for unit, count in ((org.ward_a, 3), (org.ward_b, 17), (org.other_hospital, 10)):
        for _ in range(count):
            Recognition.objects.create(
                author=org.reporter, to_team=unit, unit=unit, text="Thanks", created_at=timezone.now()
            )
    client.force_login(org.chair)
    rows = {row["unit_id"]: row["thanks"] for row in client.get("/api/v1/community/thanks/counts").json()}
    assert rows[org.ward_a.pk] is None
    assert rows[org.medicine.pk] is None or rows[org.ward_b.pk] is None
    assert rows[org.other_hospital.pk] == 10


def test_thanks_of_punctuation_alone_are_refused_at_the_box_and_in_the_api(org, client):
    """ "!!!!!!" went up on the unit's feed (a new-user walk); an emoji is thanks enough."""
    nurse = User.objects.get(username="nurse1")
    client.force_login(org.reporter)
    page = client.post("/community/thanks/", {"recipient": f"p{nurse.pk}", "text": "!!!!!!"})
    assert page.status_code == 400
    body = page.content.decode()
    assert 'aria-invalid="true"' in body and "not only punctuation" in body
    api = client.post(
        "/api/v1/community/thanks", {"person_id": nurse.pk, "text": "... ?"}, content_type="application/json"
    )
    assert api.status_code == 400 and "not only punctuation" in api.json()["detail"]
    assert Recognition.objects.count() == 0
    thank(org.reporter, text="🙏🙏🙏", person=nurse)
    assert [r.text for r in feed(nurse)] == ["🙏🙏🙏"]


def test_thanks_too_short_are_said_at_the_box_with_the_minimum_under_it(org, client):
    """The refusal came above the form, unannounced, and the hint gave only the maximum."""
    nurse = User.objects.get(username="nurse1")
    client.force_login(org.reporter)
    assert "Between 3 and 280 characters." in client.get("/community/thanks/").content.decode()
    body = client.post("/community/thanks/", {"recipient": f"p{nurse.pk}", "text": "ok"}).content.decode()
    box = body.split('id="id_text"')[0].rsplit("<textarea", 1)[1]
    assert 'aria-invalid="true"' in box
    assert "at least 3 characters" in body
