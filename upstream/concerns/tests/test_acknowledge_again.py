"""Acknowledging a concern already acknowledged (a stale tab, a colleague first) says so, with the
day and who, instead of "Acknowledged. The reporter sees this…" as if it had just happened."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import dateformat, timezone

from conftest import PASSWORD
from upstream.api.tests.test_api import auth
from upstream.concerns import services
from upstream.concerns.models import Event
from upstream.concerns.tests.helpers import released
from upstream.org.models import User

JUST_DONE = "Acknowledged. The reporter sees this with their receipt code."


@pytest.fixture
def leader(client, org):
    client.login(username="leader_a", password=PASSWORD)
    return client


def day(concern) -> str:
    concern.refresh_from_db()
    return dateformat.format(timezone.localtime(concern.acknowledged_at), "j M Y")


def acknowledge(client, concern) -> str:
    response = client.post(reverse("concerns:acknowledge", args=[concern.pk]), follow=True)
    assert response.redirect_chain == [(reverse("concerns:detail", args=[concern.pk]), 302)]
    return response.content.decode()


def test_the_first_acknowledgment_says_it_was_done(leader, org):
    concern = released(unit=org.ward_a).concern
    assert JUST_DONE in acknowledge(leader, concern)


def test_acknowledging_again_from_a_stale_tab_says_you_already_did_and_when(leader, org):
    concern = released(unit=org.ward_a).concern
    acknowledge(leader, concern)
    page = acknowledge(leader, concern)  # the tab drawn before, its button still there
    assert f"You had already acknowledged this concern on {day(concern)}." in page
    assert JUST_DONE not in page
    assert Event.objects.filter(concern=concern, kind=Event.Kind.ACKNOWLEDGED).count() == 1


def test_a_colleague_who_acknowledged_first_is_named(leader, client, org):
    concern = released(unit=org.ward_a).concern
    services.acknowledge(concern, org.chair)
    page = acknowledge(leader, concern)
    assert f"This concern was already acknowledged on {day(concern)} by Lee Park." in page
    assert JUST_DONE not in page


def test_acknowledged_by_writing_to_the_reporter_names_the_writer(leader, org):
    concern = released(unit=org.ward_a).concern
    services.write_to_reporter(concern, org.chair, "We hear you; staffing review Friday.")
    assert f"already acknowledged on {day(concern)} by Lee Park." in acknowledge(leader, concern)


def test_a_leader_no_longer_known_is_another_leader(leader, org):
    concern = released(unit=org.ward_a).concern
    gone = User.objects.create_user(username="gone", password=PASSWORD, first_name="Former")
    services.acknowledge(concern, gone)
    gone.delete()  # the event keeps the moment, no longer the leader
    page = acknowledge(leader, concern)
    assert f"This concern was already acknowledged on {day(concern)} by another leader." in page


def test_the_api_answers_a_second_acknowledgment_with_the_concern_as_it_is(client, org):
    concern = released(unit=org.ward_a).concern
    url = f"/api/v1/concerns/{concern.pk}/acknowledge"
    first = client.post(url, **auth(org.leader))
    concern.refresh_from_db()
    acknowledged_at = concern.acknowledged_at
    again = client.post(url, **auth(org.chair))  # a colleague, or a retry: nothing changes
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json() and again.json()["acknowledged"] is True
    concern.refresh_from_db()
    assert concern.acknowledged_at == acknowledged_at
    assert Event.objects.filter(concern=concern, kind=Event.Kind.ACKNOWLEDGED).count() == 1
