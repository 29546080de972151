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
    response = leader.post(reverse("concerns:move", args=[concern.pk]), {"unit": org.medicine.pk})
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


def test_the_api_answers_400_for_a_bad_unit_and_404_for_colleagues_and_outsiders(client, org):
    concern = released(unit=org.ward_a).concern
    assert _api_move(client, org.leader, concern, org.other_hospital.pk).status_code == 400
    assert _api_move(client, org.leader, concern, 987654).status_code == 400
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
