"""A leader's inbox says what colleagues' organising waits for: formal asks, offers, escalations.

Found by a new-user walk: an overdue formal ask to 4 West, and a shared concern escalated to
Medicine, showed only on the Together pages, where neither leader would look.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from upstream.community.services import campaigns, cosigns
from upstream.community.tests.factories import charting_campaign
from upstream.community.tests.test_cosigns import cosign, nurse, release, shared_concern
from upstream.concerns.services import submit_concern

ASK = "Protected charting time of 30 minutes per shift and a scribe pilot on 4 West."


def test_the_inbox_and_the_api_count_what_waits_for_each_leader(org, client, settings):
    settings.UPSTREAM_COSIGN_THRESHOLD = 3
    client.force_login(org.leader)
    assert "Also waiting for you" not in client.get("/inbox/").content.decode()
    assert client.get("/api/v1/community/waiting").json() == {
        "asks": 0,
        "asks_overdue": 0,
        "offers": 0,
        "escalated": 0,
    }
    campaign = charting_campaign(org.reporter, org.ward_a, ask=ASK)
    campaigns.send_ask(org.reporter, campaign, ASK, now=timezone.now() - dt.timedelta(days=10))
    shared, _code = shared_concern(org, org.ward_a)
    for index in range(3):
        cosign(nurse(index), shared)
    with transaction.atomic():
        release()
    waiting_offer = submit_concern(
        text="Night breaks never happen on 4 West lately.", unit=org.ward_a
    ).receipt
    release()
    cosigns.offer_for_cosigning(waiting_offer)
    release()

    page = client.get("/inbox/").content.decode()
    assert "1 formal ask from a campaign" in page and "1 acknowledgment overdue" in page
    assert "1 concern offered for co-signing: share it or decline" in page
    assert client.get("/api/v1/community/waiting").json() == {
        "asks": 1,
        "asks_overdue": 1,
        "offers": 1,
        "escalated": 0,  # escalated above the ward, to Medicine
    }
    client.force_login(org.chair)
    page = client.get("/inbox/").content.decode()
    assert "1 shared concern escalated to you by its co-signs" in page
    assert client.get("/api/v1/community/waiting").json()["escalated"] == 1
    client.force_login(org.other_leader)  # 5 East: none of it is theirs
    assert "Also waiting for you" not in client.get("/inbox/").content.decode()


def test_the_campaigns_page_marks_an_overdue_ask_and_keeps_answered_ones_apart(org, client):
    """A new-user walk read "Answered · acknowledge by 27 Nov" among the asks waiting for a leader,
    and an ask due three days before with no word that it was overdue."""
    late = charting_campaign(org.reporter, org.ward_a, ask=ASK)
    campaigns.send_ask(org.reporter, late, ASK, now=timezone.now() - dt.timedelta(days=10))
    done = campaigns.start_campaign(
        org.reporter, title="Food at discharge", kind="inside", statement="Patients go home hungry.",
        ask="A food bag at discharge.", scope=org.ward_a,
    )  # fmt: skip
    ask = campaigns.send_ask(org.reporter, done, "A food bag for every patient at discharge.")
    campaigns.answer_ask(org.leader, ask, answer="Starting on Monday.", decision="accepted")
    client.force_login(org.leader)
    page = client.get("/community/campaigns/").content.decode()
    waiting = page.split("Asks waiting for you")[1].split("</ul>")[0]
    assert "Give charting time back" in waiting and "Acknowledgment overdue: due" in waiting
    assert "Food at discharge" not in waiting and "acknowledge by" not in waiting
    assert "1 ask you answered" in page and "Accepted" in page.split("1 ask you answered")[1]


def _escalated_to_medicine(org, settings):
    """A 4 West concern shared and co-signed past the threshold: escalated to Medicine (the chair)."""
    settings.UPSTREAM_COSIGN_THRESHOLD = 3
    shared, _code = shared_concern(org, org.ward_a)
    for index in range(3):
        cosign(nurse(index), shared)
    with transaction.atomic():
        release()
    return shared


def test_an_escalated_concern_is_answered_on_its_concerns_page_and_then_stops_waiting(org, client, settings):
    """The chair's inbox said "1 shared concern escalated to you" and the shared page offered nothing
    to do about it, so it waited forever (a new-user walk)."""
    from upstream.actions import services as actions

    shared = _escalated_to_medicine(org, settings)
    client.force_login(org.chair)
    page = client.get("/community/shared/").content.decode()
    assert f'href="/inbox/{shared.concern_id}/"' in page and "Open its concern" in page
    [listed] = client.get("/api/v1/community/shared").json()
    assert listed["answer_concern_id"] == str(shared.concern_id)
    assert (
        "1 shared concern escalated to you by its co-signs: answer it or act"
        in client.get("/inbox/").content.decode()
    )
    action = actions.create_action(
        org.chair, title="Break cover", description="A float nurse covers breaks.", scope=org.medicine,
        concern_ids=[str(shared.concern_id)],
    )  # fmt: skip
    assert client.get("/api/v1/community/waiting").json()["escalated"] == 1  # a draft answers nobody
    actions.publish_action(action, leader=org.chair)
    assert client.get("/api/v1/community/waiting").json()["escalated"] == 0
    assert "Open its concern" not in client.get("/community/shared/").content.decode()
    assert client.get("/api/v1/community/shared").json()[0]["answer_concern_id"] is None
    client.force_login(org.leader)  # the ward's leader: not escalated to them
    assert "Open its concern" not in client.get("/community/shared/").content.decode()


def test_an_escalated_concern_closed_on_its_page_stops_waiting(org, client, settings):
    from upstream.concerns.models import Status
    from upstream.concerns.services import change_status

    shared = _escalated_to_medicine(org, settings)
    client.force_login(org.chair)
    assert client.get("/api/v1/community/waiting").json()["escalated"] == 1
    change_status(shared.concern, org.chair, Status.CLOSED, "Break cover starts Monday on 4 West.")
    assert client.get("/api/v1/community/waiting").json()["escalated"] == 0
