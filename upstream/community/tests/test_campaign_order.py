"""Lists put what still needs someone first. Ordered by the status word, a staff member's campaigns
listed the closed ones above the open ones, and a leader's formal asks listed those still waiting
for acknowledgment last, under the ones already answered (found reading the API for its docs)."""

from __future__ import annotations

from django.urls import reverse

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
