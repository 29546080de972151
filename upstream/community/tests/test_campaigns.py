from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from upstream.community.models import FormalAsk
from upstream.community.services import campaigns
from upstream.community.services.common import CommunityError
from upstream.community.tests.factories import charting_campaign
from upstream.community.tests.page_boxes import box, error_at
from upstream.org.models import User

STATEMENT = "We chart two hours after every shift because the EHR templates need forty clicks per note."
ASK = "Protected charting time of 30 minutes per shift and a scribe pilot on 4 West."


@pytest.fixture
def campaign(org):
    return charting_campaign(org.reporter, org.ward_a, statement=STATEMENT, ask=ASK)


def nurse(index: int) -> User:
    return User.objects.get(username=f"nurse{index}")


def test_staff_join_under_their_name_and_outsiders_cannot(org, campaign):
    campaigns.join(nurse(0), campaign)
    campaigns.join(nurse(0), campaign)  # twice is once
    assert [m.user.username for m in campaign.members.all()] == ["reporter", "nurse0"]
    with pytest.raises(CommunityError):
        campaigns.join(org.outsider, campaign)
    with pytest.raises(campaigns.NotFound):
        campaigns.campaign_for(org.outsider, campaign.pk)
    assert list(campaigns.campaigns_for(nurse(1))) == [campaign]


def test_only_members_post_updates_meetings_and_the_ask(org, campaign):
    with pytest.raises(CommunityError):
        campaigns.post_update(nurse(1), campaign, "Hello all")
    campaigns.post_update(org.reporter, campaign, "Met with informatics; they will look at templates.")
    campaigns.add_meeting(
        org.reporter, campaign, starts_at=timezone.now() + dt.timedelta(days=3), location="Break room"
    )
    assert campaign.updates.count() == 1 and campaign.meetings.count() == 1


def test_the_formal_ask_runs_on_the_concerns_clock_and_members_see_the_answer(
    org, campaign, settings, django_capture_on_commit_callbacks
):
    settings.UPSTREAM_ACK_BUSINESS_DAYS = 3
    monday = timezone.make_aware(dt.datetime(2026, 11, 30, 10, 0))
    for index in range(4):
        campaigns.join(nurse(index), campaign)
    with django_capture_on_commit_callbacks(execute=True):
        ask = campaigns.send_ask(org.reporter, campaign, ASK, now=monday)
    assert ask.to_unit == org.ward_a and ask.members_at_sending == 5
    assert ask.ack_due_on == dt.date(2026, 12, 3)
    assert mail.outbox[-1].to == [org.leader.email]
    with pytest.raises(CommunityError):
        campaigns.send_ask(org.reporter, campaign, ASK)  # once
    assert campaigns.is_overdue(ask, today=dt.date(2026, 12, 4))
    assert list(campaigns.asks_for_leader(org.chair)) == [ask]  # above: sees it too
    assert not campaigns.asks_for_leader(org.other_leader).exists()
    answered = campaigns.answer_ask(
        org.leader, ask, answer="Yes to protected time from January.", decision="partly"
    )
    assert answered.status == FormalAsk.Status.ANSWERED and answered.acknowledged_at is not None
    assert not campaigns.is_overdue(answered, today=dt.date(2026, 12, 4))


def test_pages_and_api(org, campaign, client):
    client.force_login(nurse(2))
    assert client.post(f"/community/campaigns/{campaign.pk}/join").status_code == 302
    page = client.get(f"/community/campaigns/{campaign.pk}/").content.decode()
    assert "nurse2" in page and "Leave" in page
    body = client.post(
        f"/api/v1/community/campaigns/{campaign.pk}/ask", {"text": ASK}, content_type="application/json"
    )
    assert body.status_code == 201 and body.json()["to_unit"] == "4 West"
    client.force_login(org.leader)
    ask_id = client.get("/api/v1/community/campaigns/asks").json()[0]["id"]
    answer = client.post(
        f"/api/v1/community/campaigns/asks/{ask_id}/answer",
        {"answer": "We will pilot scribes in February.", "decision": "accepted"},
        content_type="application/json",
    )
    assert answer.status_code == 200
    client.force_login(nurse(2))
    seen = client.get(f"/api/v1/community/campaigns/{campaign.pk}").json()
    assert seen["formal_ask"]["decision"] == "accepted" and "nurse2" in seen["members"]
    client.force_login(org.outsider)
    assert client.get(f"/api/v1/community/campaigns/{campaign.pk}").status_code == 404
    assert client.post(f"/api/v1/community/campaigns/asks/{ask_id}/acknowledge").status_code == 404
    made = client.post(
        "/api/v1/community/campaigns",
        {
            "title": "Food for discharged patients",
            "kind": "patients",
            "statement": STATEMENT,
            "ask": ASK,
            "scope_unit_id": org.ward_a.pk,
        },
        content_type="application/json",
    )
    assert made.status_code == 404  # not their unit (as one that does not exist)


def test_who_started_it_closes_it_and_nobody_joins_after(org, campaign, client):
    client.force_login(nurse(0))
    assert client.post(f"/api/v1/community/campaigns/{campaign.pk}/close").status_code == 404
    client.force_login(org.reporter)
    assert client.post(f"/api/v1/community/campaigns/{campaign.pk}/close").json()["status"] == "closed"
    with pytest.raises(CommunityError):
        campaigns.join(nurse(1), campaign)


@pytest.mark.parametrize(
    ("action", "text"),
    [
        ("update", "Hi"),
        ("update", "Met\x00 informatics"),
        ("update", "Met informatics. " * 150),
        ("ask", "Scribes"),
    ],
)
def test_a_refused_update_or_ask_stays_in_its_box(org, campaign, client, action, text):
    """Too short, a NUL or too long was a flash message after a redirect: the text typed was gone."""
    client.force_login(org.reporter)
    page = client.post(f"/community/campaigns/{campaign.pk}/{action}", {"text": text})
    assert page.status_code == 400
    html = page.content.decode()
    assert error_at(html, f"{action}-text").strip()
    assert f">\n{text.strip()}</textarea>" in html  # as it would be stored: its ends trimmed
    assert not campaign.updates.exists() and not FormalAsk.objects.exists()


def test_members_still_post_an_update_and_send_the_ask_from_the_page(org, campaign, client):
    client.force_login(org.reporter)
    url = f"/community/campaigns/{campaign.pk}/"
    assert client.post(f"{url}update", {"text": "Met informatics."})["Location"] == url
    sent = client.post(f"{url}ask", {"text": ASK}, follow=True)
    assert "Sent to leadership." in sent.content.decode()
    assert campaign.updates.get().text == "Met informatics." and FormalAsk.objects.get().text == ASK


# A meeting within the year ahead: one years away is refused as a year typed wrong.
SOON = f"{dt.date.today() + dt.timedelta(days=30)}T12:00"


@pytest.mark.parametrize(
    ("starts", "location", "agenda", "refused"),
    [
        ("2020-01-10T12:00", "Break room", "Templates", "starts_at"),
        ("2030-02-30T12:00", "Break room", "Templates", "starts_at"),
        ("2999-01-01T10:00", "Break room", "Templates", "starts_at"),
        (SOON, "Break room", "Templates\x00", "agenda"),
        (SOON, "B", "Templates", "location"),
    ],
)
def test_a_refused_meeting_stays_in_its_boxes(org, campaign, client, starts, location, agenda, refused):
    client.force_login(org.reporter)
    page = client.post(
        f"/community/campaigns/{campaign.pk}/meeting",
        {"starts_at": starts, "location": location, "agenda": agenda},
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert error_at(html, refused).strip()
    assert f'value="{location}"' in box(html, "location") and f'value="{agenda}"' in box(html, "agenda")
    assert f'value="{starts}"' in box(html, "starts_at")
    assert not campaign.meetings.exists()


def test_a_leader_s_refused_answer_stays_in_its_box_and_outsiders_get_no_page(org, campaign, client):
    campaigns.send_ask(org.reporter, campaign, ASK)
    url = f"/community/campaigns/{campaign.pk}/answer"
    client.force_login(org.leader)
    page = client.post(url, {"answer": "Yes.", "decision": "partly"})
    assert page.status_code == 400
    html = page.content.decode()
    assert error_at(html, "answer").strip()
    assert ">\nYes.</textarea>" in html and '<option value="partly" selected>' in html
    assert not FormalAsk.objects.get().answer
    done = client.post(url, {"answer": "Yes to protected time from January.", "decision": "partly"})
    assert done.status_code == 302 and FormalAsk.objects.get().decision == "partly"
    client.force_login(nurse(0))
    assert client.post(url, {"answer": "Yes.", "decision": "partly"}).status_code == 404


def test_an_overdue_ask_says_since_when_beside_its_status(org, campaign, client):
    """The status "Sent, waiting for acknowledgment" beside a bare "Acknowledgment overdue" read as two
    statuses at odds (a walk): the tag now says the day it was due, as the list of asks does."""
    for index in range(4):
        campaigns.join(nurse(index), campaign)
    sent = timezone.now() - dt.timedelta(days=14)
    ask = campaigns.send_ask(org.reporter, campaign, ASK, now=sent)
    client.force_login(org.reporter)
    page = client.get(f"/community/campaigns/{campaign.pk}/").content.decode()
    assert f"Acknowledgment overdue: due {ask.ack_due_on.day} {ask.ack_due_on:%b}" in page


def test_the_api_gives_what_the_page_shows_of_updates_meetings_and_asks(org, campaign, client):
    """The API's meetings dropped the agenda the page shows, its updates were bare lines, and a
    leader's list of asks did not say which campaign each came from (a walk through the API)."""
    campaigns.post_update(org.reporter, campaign, "Met with informatics; they will look at templates.")
    when = timezone.now() + dt.timedelta(days=3)
    campaigns.add_meeting(org.reporter, campaign, starts_at=when, location="Break room", agenda="Next steps")
    campaigns.send_ask(org.reporter, campaign, ASK)
    client.force_login(org.reporter)
    seen = client.get(f"/api/v1/community/campaigns/{campaign.pk}").json()
    assert [(m["location"], m["agenda"]) for m in seen["meeting_details"]] == [("Break room", "Next steps")]
    [update] = seen["update_details"]
    assert update["text"].startswith("Met with informatics") and update["on"] == str(timezone.localdate())
    client.force_login(org.leader)
    [ask] = client.get("/api/v1/community/campaigns/asks").json()
    assert (ask["campaign_id"], ask["campaign_title"]) == (campaign.pk, campaign.title)
