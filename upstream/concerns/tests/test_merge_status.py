"""Merging never sends a reporter's concern back: the survivor takes the furthest open status.

A unit manager merged an acknowledged concern (answered four days before) into a new one: both
reporters then read "New, acknowledge by 7 Dec" on their receipts, and the inbox counted a fresh
deadline for a concern already answered.
"""

from __future__ import annotations

from conftest import PASSWORD
from upstream.api.tests.test_api import post
from upstream.concerns.models import Concern, Event, Status
from upstream.concerns.services import acknowledge, change_status, merge_concerns
from upstream.concerns.tests.helpers import released

KETTLE = "The break room kettle has been broken since spring."
FRIDGE = "The break room has had no working fridge for a month."


def _status(client, receipt: str) -> str:
    return post(client, "/api/v1/receipts/lookup", {"receipt": receipt}).json()["status"]


def test_an_acknowledged_concern_merged_into_a_new_one_stays_acknowledged(client, org):
    new = released(KETTLE, unit=org.ward_a)
    answered = released(FRIDGE, unit=org.ward_a)
    acknowledge(answered.concern, org.chair)
    assert _status(client, answered.receipt) == Status.ACKNOWLEDGED

    merge_concerns(new.concern, [answered.concern], org.chair)

    survivor = Concern.objects.get(pk=new.concern.pk)
    assert survivor.status == Status.ACKNOWLEDGED and survivor.acknowledged_at is not None
    # Both reporters read where their concern is, and neither went back to "New".
    assert _status(client, answered.receipt) == _status(client, new.receipt) == Status.ACKNOWLEDGED
    assert survivor.events.filter(kind=Event.Kind.ACKNOWLEDGED, leader=org.chair).exists()


def test_the_survivor_takes_in_progress_but_is_never_moved_back(client, org):
    new, moving = released(KETTLE, unit=org.ward_a), released(FRIDGE, unit=org.ward_a)
    change_status(moving.concern, org.chair, Status.IN_PROGRESS)
    merge_concerns(new.concern, [moving.concern], org.chair)
    assert Concern.objects.get(pk=new.concern.pk).status == Status.IN_PROGRESS

    further, behind = released(KETTLE, unit=org.ward_a), released(FRIDGE, unit=org.ward_a)
    change_status(further.concern, org.chair, Status.IN_PROGRESS)
    merge_concerns(further.concern, [behind.concern], org.chair)
    assert Concern.objects.get(pk=further.concern.pk).status == Status.IN_PROGRESS


def test_two_new_concerns_merged_stay_new_with_their_deadline(org):
    first, second = released(KETTLE, unit=org.ward_a), released(FRIDGE, unit=org.ward_a)
    merge_concerns(first.concern, [second.concern], org.chair)
    survivor = Concern.objects.get(pk=first.concern.pk)
    assert survivor.status == Status.NEW and survivor.acknowledged_at is None


def test_the_confirmation_says_the_furthest_status_stands(client, org):
    new, answered = released(KETTLE, unit=org.ward_a), released(FRIDGE, unit=org.ward_a)
    acknowledge(answered.concern, org.chair)
    client.login(username="chair", password=PASSWORD)
    page = client.post(
        f"/inbox/{new.concern.pk}/merge", {"merge": [str(answered.concern.pk)]}
    ).content.decode()
    assert "furthest along" in page


def test_merging_into_a_closed_concern_says_it_stays_closed_before_it_is_done(client, org):
    # A leader walk merged a fresh concern into one closed weeks before: its reporter read "Closed"
    # with an explanation written to someone else, and the page had promised "the furthest status".
    closed, fresh = released(KETTLE, unit=org.ward_a), released(FRIDGE, unit=org.ward_a)
    change_status(closed.concern, org.chair, Status.CLOSED, "The kettle was replaced on 3 December.")
    client.login(username="chair", password=PASSWORD)
    page = client.post(
        f"/inbox/{closed.concern.pk}/merge", {"merge": [str(fresh.concern.pk)]}
    ).content.decode()
    assert f"{closed.concern.reference} is marked “Closed” and stays so." in page
    assert "furthest along" not in page
    assert Concern.objects.get(pk=fresh.concern.pk).merged_into_id is None  # only asked so far
