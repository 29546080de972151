"""A concern sent to the wrong unit can be moved; who reads it follows the unit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import PASSWORD
from upstream.api.tokens import create_token
from upstream.concerns import services
from upstream.concerns.models import Event
from upstream.concerns.tests.helpers import released
from upstream.concerns.thread import thread_for


@pytest.fixture
def leader(client, org):
    client.login(username="leader_a", password=PASSWORD)
    return client


def _api_move(client, user, concern, unit_id):
    return client.post(
        f"/api/v1/concerns/{concern.pk}/move",
        {"unit_id": unit_id},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {create_token(user)}",
    )


def test_it_moves_a_concern_to_the_level_above_and_the_new_leaders_see_it(leader, client, org):
    concern = released(unit=org.ward_a).concern
    page = leader.get(reverse("concerns:detail", args=[concern.pk])).content.decode()
    assert "Sent to the wrong unit?" in page and f'value="{org.medicine.pk}"' in page
    move = reverse("concerns:move", args=[concern.pk])
    # It asks first: one click sent it away, out of this leader's inbox for good.
    ask = leader.post(move, {"unit": org.medicine.pk}).content.decode()
    assert f"Move {concern.reference} to Medicine (department)?" in ask
    assert "It leaves your inbox" in ask and f'name="unit" value="{org.medicine.pk}"' in ask
    concern.refresh_from_db()
    assert concern.unit == org.ward_a and not concern.events.exists()
    response = leader.post(move, {"unit": org.medicine.pk, "confirmed": "yes"})
    assert response.status_code == 302 and response["Location"] == reverse("concerns:inbox")
    concern.refresh_from_db()
    assert concern.unit == org.medicine
    event = concern.events.get(kind=Event.Kind.MOVED)
    assert event.leader == org.leader and event.explanation == "Moved from 4 West to Medicine."
    # The owner of 4 West no longer sees it; the colleague on 5 East never did; the chair does.
    assert leader.get(reverse("concerns:detail", args=[concern.pk])).status_code == 404
    client.login(username="leader_b", password=PASSWORD)
    assert client.get(reverse("concerns:detail", args=[concern.pk])).status_code == 404
    client.login(username="chair", password=PASSWORD)
    assert client.get(reverse("concerns:detail", args=[concern.pk])).status_code == 200


def test_a_chair_moving_between_their_own_wards_is_told_it_stays_theirs(client, org):
    concern = released(unit=org.ward_a).concern
    client.login(username="chair", password=PASSWORD)
    ask = client.post(reverse("concerns:move", args=[concern.pk]), {"unit": org.ward_b.pk}).content.decode()
    assert "It stays in your inbox too" in ask and "It leaves your inbox" not in ask


def test_the_reporter_sees_the_move_in_their_thread(org):
    concern = released(unit=org.ward_a).concern
    services.move_concern(concern, org.chair, org.ward_b)
    entries = thread_for(concern, viewer="reporter")
    assert [e.text for e in entries if e.kind == "event"] == ["Moved to another unit."]


def test_it_refuses_a_unit_the_leader_cannot_see(leader, org):
    concern = released(unit=org.ward_a).concern
    with pytest.raises(services.ConcernError, match="only to a unit you lead"):
        services.move_concern(concern, org.leader, org.other_hospital)
    response = leader.post(reverse("concerns:move", args=[concern.pk]), {"unit": org.ward_b.pk})
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.unit == org.ward_a and not concern.events.exists()


def test_the_chair_moves_between_wards_through_the_api(client, org):
    concern = released(unit=org.ward_a).concern
    response = _api_move(client, org.chair, concern, org.ward_b.pk)
    assert response.status_code == 200, response.content
    concern.refresh_from_db()
    assert concern.unit == org.ward_b


def test_the_api_answers_404_for_a_unit_not_yours_and_for_colleagues_and_outsiders(client, org):
    concern = released(unit=org.ward_a).concern
    refused = _api_move(client, org.leader, concern, org.other_hospital.pk)
    assert (refused.status_code, refused.json()["detail"]) == (
        404,
        "A concern can move only to a unit you lead or to the level above its unit.",
    )
    missing = _api_move(client, org.leader, concern, 987654)
    assert (missing.status_code, missing.json()["detail"]) == (404, "No such unit; see GET /api/v1/units.")
    assert _api_move(client, org.other_leader, concern, org.ward_b.pk).status_code == 404
    assert _api_move(client, org.outsider, concern, org.ward_b.pk).status_code == 404
    response = client.post(
        f"/api/v1/concerns/{concern.pk}/move",
        {"unit_id": org.medicine.pk, "extra": 1},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {create_token(org.leader)}",
    )
    assert response.status_code in (400, 422)
    concern.refresh_from_db()
    assert concern.unit == org.ward_a


def test_in_a_large_system_the_page_lists_the_concerns_hospital_and_the_api_takes_any_unit(
    client, org, monkeypatch
):
    from conftest import make_user
    from upstream.org.models import LeaderAssignment

    # The cap is 300 in a deployment; 4 here, so this small tree (6 units) counts as a large one.
    monkeypatch.setattr(services, "MOVE_CHOICES_CAP", 4)
    officer = make_user("officer")
    LeaderAssignment.objects.create(user=officer, unit=org.system, title="Well-being officer")
    concern = released(unit=org.ward_a).concern
    units, shortened = services.move_choices(concern, officer)
    listed = {unit.pk for unit in units}
    assert shortened
    assert org.ward_b.pk in listed and org.medicine.pk in listed
    assert org.other_hospital.pk not in listed and org.ward_a.pk not in listed
    assert listed == {org.hospital.pk, org.medicine.pk, org.ward_b.pk}
    client.force_login(officer)
    page = client.get(reverse("concerns:detail", args=[concern.pk])).content.decode()
    assert "Only this hospital" in page and f'value="{org.other_hospital.pk}"' not in page
    # Not listed on the page, still a unit the officer may send it to.
    response = _api_move(client, officer, concern, org.other_hospital.pk)
    assert response.status_code == 200, response.content
    concern.refresh_from_db()
    assert concern.unit == org.other_hospital


def test_the_api_answers_409_for_a_move_to_where_the_concern_already_is(client, org):
    concern = released(unit=org.ward_a).concern
    response = _api_move(client, org.leader, concern, org.ward_a.pk)
    assert (response.status_code, response.json()["detail"]) == (
        409,
        f"This concern is already in {org.ward_a.name}.",
    )
    schema = client.get("/api/openapi.json").json()
    assert {"404", "409"} <= set(schema["paths"]["/api/v1/concerns/{concern_id}/move"]["post"]["responses"])


def test_units_of_the_same_name_are_told_apart_by_their_hospital(client, org):
    """Every hospital has a "Medicine": the move list offered "Medicine (department)" twice and asked
    "Move ... to Medicine (department)?", so a concern could go to the wrong hospital unnoticed; the
    action form's scope list did the same."""
    from conftest import make_user
    from upstream.org.models import LeaderAssignment, Unit

    northside_medicine = Unit.objects.add_child(
        org.other_hospital, dict(name="Medicine", code="north-medicine", level="department")
    )
    officer = make_user("officer")
    LeaderAssignment.objects.create(user=officer, unit=org.system, title="Well-being officer")
    concern = released(unit=org.ward_a).concern
    client.force_login(officer)
    page = client.get(reverse("concerns:detail", args=[concern.pk])).content.decode()
    ours = f'<option value="{org.medicine.pk}">Medicine (department) · Riverbend General</option>'
    theirs = f'<option value="{northside_medicine.pk}">Medicine (department) · Northside</option>'
    assert ours in page and theirs in page
    ask = client.get(reverse("concerns:move", args=[concern.pk]), {"unit": northside_medicine.pk})
    assert f"Move {concern.reference} to Medicine (department) · Northside?" in ask.content.decode()
    action_form = client.get(reverse("actions:new")).content.decode()
    assert "Medicine (department) · Northside</option>" in action_form
    assert "Medicine (department) · Riverbend General</option>" in action_form
