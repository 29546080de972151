"""Lists put what still needs someone first. Ordered by the status word, a staff member's campaigns
listed the closed ones above the open ones, and a leader's formal asks listed those still waiting
for acknowledgment last, under the ones already answered (found reading the API for its docs)."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from upstream.api.tokens import create_token
from upstream.community.services import campaigns
from upstream.community.tests.factories import charting_campaign, nurse


def test_open_campaigns_come_before_closed_ones(client, org):
    older_open = charting_campaign(org.reporter, org.ward_a)
    newer_closed = charting_campaign(nurse(0), org.ward_a)
    campaigns.close_campaign(nurse(0), newer_closed)
    newest_open = charting_campaign(nurse(1), org.ward_a)
    expected = [newest_open.pk, older_open.pk, newer_closed.pk]
    assert [c.pk for c in campaigns.campaigns_for(nurse(2))] == expected
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(nurse(2))}"}
    listed = client.get("/api/v1/community/campaigns", **headers).json()
    assert [c["id"] for c in listed] == expected


def test_a_leader_s_asks_waiting_for_acknowledgment_come_first(client, org):
    asks = []
    for starter in (org.reporter, nurse(0), nurse(1)):
        campaign = charting_campaign(starter, org.ward_a)
        asks.append(campaigns.send_ask(starter, campaign, "Protected charting time on every shift."))
    answered, acknowledged, waiting = asks
    campaigns.answer_ask(org.leader, answered, answer="Yes, from January.", decision="accepted")
    campaigns.acknowledge_ask(org.leader, acknowledged)
    expected = [waiting.pk, acknowledged.pk, answered.pk]
    assert [a.pk for a in campaigns.asks_for_leader(org.leader)] == expected
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(org.leader)}"}
    listed = client.get("/api/v1/community/campaigns/asks", **headers).json()
    assert [a["id"] for a in listed] == expected
    client.login(username="leader_a", password=PASSWORD)
    page = client.get(reverse("community:campaigns")).content.decode()
    waiting_for_you = page.split("Asks waiting for you")[1].split("</ul>")[0]
    assert waiting_for_you.index("acknowledge by") < waiting_for_you.index("to answer")


def _full_campaign(starter, unit, index):
    """A campaign with all its API answer shows: a member besides its starter, an update, a meeting
    and a formal ask."""
    campaign = charting_campaign(starter, unit, statement=f"We chart for two hours after shift {index}.")
    campaigns.join(nurse(3), campaign)
    campaigns.post_update(starter, campaign, f"Met the manager, round {index}.")
    campaigns.add_meeting(
        starter, campaign, starts_at=timezone.now() + dt.timedelta(days=2), location="Room 4"
    )
    campaigns.send_ask(starter, campaign, "Protected charting time on every shift.")
    return campaign


def test_the_campaign_list_reads_the_same_few_queries_however_many_campaigns_there_are(
    client, org, django_assert_max_num_queries
):
    """Each campaign's members, updates, meetings, ask and the reader's membership were read one
    campaign at a time: a list of 200 campaigns made about 1,200 queries."""
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(nurse(2))}"}
    _full_campaign(org.reporter, org.ward_a, 0)
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/community/campaigns", **headers)
    for index in range(1, 6):
        _full_campaign(nurse(index % 2), org.ward_a, index)
    with django_assert_max_num_queries(len(one)):
        listed = client.get("/api/v1/community/campaigns", **headers).json()
    assert len(listed) == 6
    first = listed[0]
    assert first["members"] == [str(nurse(1)), str(nurse(3))] and first["is_member"] is False
    assert first["updates"][0].endswith("Met the manager, round 5.")
    assert first["meetings"][0].endswith("Room 4") and first["formal_ask"]["to_unit"] == "4 West"
    campaigns.join(nurse(2), campaigns.campaigns_for(nurse(2)).first())
    assert client.get("/api/v1/community/campaigns", **headers).json()[0]["is_member"] is True
