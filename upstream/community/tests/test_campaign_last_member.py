"""The last member leaving closes the campaign and withdraws its ask, after a page that says so; the
ask's sentence counts its members in the right number; both ask boxes say one limit.

A new-user walk: a campaign whose last member left stayed open, "… · 0 members", its formal ask
still waiting with leadership; "with 1 members" under the ask; "What you ask for" said "Up to 2,000
characters" and the formal ask's box, prefilled with it, "Up to 4,000 characters"."""

from __future__ import annotations

import pytest
from django.core import mail

from upstream.community.models import Campaign, FormalAsk
from upstream.community.services import campaigns
from upstream.community.services.for_leaders import waiting_for
from upstream.community.tests.factories import charting_campaign, nurse

LAST = "You are the last member: leaving closes the campaign."


@pytest.fixture
def asked(org):
    campaign = charting_campaign(org.reporter, org.ward_a)
    campaigns.send_ask(org.reporter, campaign, "Protected charting time on every shift, from January.")
    mail.outbox.clear()
    return campaign


def test_it_handles_the_last_member_leaving_on_the_page_by_asking_then_closing(
    org, asked, client, django_capture_on_commit_callbacks
):
    client.force_login(org.reporter)
    url = f"/community/campaigns/{asked.pk}/leave"
    page = client.post(url)  # no `confirmed`: the page that says what follows
    assert page.status_code == 200 and LAST in page.content.decode()
    assert "Its formal ask is withdrawn" in page.content.decode()
    assert campaigns.is_member(org.reporter, asked)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"confirmed": "yes"})
    asked.refresh_from_db()
    assert asked.status == Campaign.Status.CLOSED and not asked.members.exists()
    assert FormalAsk.objects.get(campaign=asked).status == FormalAsk.Status.WITHDRAWN
    assert [m.subject for m in mail.outbox] == ["A formal ask was withdrawn: Give charting time back"]
    assert mail.outbox[0].to == [org.leader.email]
    # Leaders: no longer waiting for them, on the list, the badge, their count; no box to answer.
    client.force_login(org.leader)
    listing = client.get("/community/campaigns/").content.decode()
    assert "Asks waiting for you" not in listing
    detail = client.get(f"/community/campaigns/{asked.pk}/").content.decode()
    assert "Withdrawn: the campaign closed" in detail and "Send the answer" not in detail
    assert '<span class="badge">Closed</span></h1>' in detail  # said at the title, not only in the ask
    assert waiting_for(org.leader).asks == 0
    answer = {"answer": "We will fund a pilot from March.", "decision": "accepted"}
    ask_id = FormalAsk.objects.get(campaign=asked).pk
    api = client.post(
        f"/api/v1/community/campaigns/asks/{ask_id}/answer", answer, content_type="application/json"
    )
    assert api.status_code == 409
    # The outsider still sees nothing of it.
    client.force_login(org.outsider)
    assert client.get(f"/community/campaigns/{asked.pk}/").status_code == 404


def test_it_handles_a_member_leaving_a_campaign_others_keep_without_asking(org, asked, client):
    campaigns.join(nurse(0), asked)
    client.force_login(nurse(0))
    client.post(f"/community/campaigns/{asked.pk}/leave")  # one step: the campaign goes on
    assert not campaigns.is_member(nurse(0), asked)
    client.force_login(org.reporter)
    page = client.post(f"/community/campaigns/{asked.pk}/leave").content.decode()
    assert LAST in page  # now the last one


def test_it_handles_the_last_member_leaving_through_the_api_in_one_call(org, asked, client):
    client.force_login(org.reporter)
    answer = client.post(f"/api/v1/community/campaigns/{asked.pk}/leave").json()
    assert answer["status"] == "closed" and answer["members"] == []
    assert answer["formal_ask"]["status"] == "withdrawn" and answer["formal_ask"]["overdue"] is False
    client.force_login(org.leader)
    assert [a["status"] for a in client.get("/api/v1/community/campaigns/asks").json()] == ["withdrawn"]


def test_it_handles_an_answered_ask_by_keeping_it_answered_when_the_campaign_closes(org, asked):
    ask = FormalAsk.objects.get(campaign=asked)
    campaigns.answer_ask(org.leader, ask, answer="We fund a scribe pilot from March.", decision="accepted")
    campaigns.leave(org.reporter, asked)
    assert FormalAsk.objects.get(campaign=asked).status == FormalAsk.Status.ANSWERED


def test_it_handles_one_member_in_the_ask_sentence(org, asked, client):
    client.force_login(org.reporter)
    page = client.get(f"/community/campaigns/{asked.pk}/").content.decode()
    assert "with 1 member." in page and "with 1 members" not in page
    campaigns.join(nurse(0), asked)
    FormalAsk.objects.filter(campaign=asked).update(members_at_sending=2)
    assert "with 2 members." in client.get(f"/community/campaigns/{asked.pk}/").content.decode()


def test_it_handles_both_ask_boxes_with_the_same_limit(org, client):
    client.force_login(org.reporter)
    new = client.get("/community/campaigns/new").content.decode()
    campaign = charting_campaign(org.reporter, org.ward_a, ask="A" * 3000 + " and a scribe pilot.")
    page = client.get(f"/community/campaigns/{campaign.pk}/").content.decode()
    assert "Up to 2,000 characters" not in new  # (on the campaign's page, updates keep 2,000)
    assert new.count("Up to 4,000 characters.") == 2  # the problem and the ask
    assert "Up to 4,000 characters." in page  # the formal ask, prefilled with the 3,000 above


def test_campaigns_left_empty_before_the_upgrade_are_closed_and_their_ask_withdrawn(org):
    """A campaign whose last member left under the previous version stayed open with "0 members"
    and its ask waiting for leaders (the demo kept one after the fix)."""
    import importlib

    from django.apps import apps

    from upstream.community.models import Campaign, CampaignMember, FormalAsk
    from upstream.community.services import campaigns as service
    from upstream.community.tests.factories import charting_campaign

    left = charting_campaign(org.reporter, org.ward_a)
    ask = service.send_ask(org.reporter, left, "Protected charting time of 30 minutes per shift.")
    kept = charting_campaign(org.reporter, org.ward_a)
    CampaignMember.objects.filter(campaign=left).delete()  # as the previous version's leave did
    migration = importlib.import_module("upstream.community.migrations.0016_close_campaigns_left_empty")
    migration.close_empty(apps, None)
    assert Campaign.objects.get(pk=left.pk).status == "closed"
    assert FormalAsk.objects.get(pk=ask.pk).status == "withdrawn"
    assert Campaign.objects.get(pk=kept.pk).status == "open"
