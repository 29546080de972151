"""A campaign's meetings and updates, as a new-user walk at phone width found them: a meeting in
the year 2999 was accepted and listed as "Tuesday 1 January, 10:00" (read as next month), posting
gave no word (the page came back at the top, the new item far below), and a new campaign started
on the whole health system."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone

from upstream.community.models import Campaign
from upstream.community.services import campaigns
from upstream.community.services.common import CommunityError
from upstream.community.tests.factories import charting_campaign, nurse
from upstream.community.tests.page_boxes import box, error_at

TOO_FAR = "A meeting starts within a year: check the year."


@pytest.fixture
def campaign(org):
    return charting_campaign(org.reporter, org.ward_a)


def _status(html: str) -> str:
    """What the page's confirmation line (base.html, role="status") says."""
    found = re.search(r'<div class="flash" role="status">(.*?)</div>', html, re.S)
    return found.group(1) if found else ""


def test_it_handles_a_meeting_years_away_as_a_year_typed_wrong(org, campaign):
    now = timezone.now()
    with pytest.raises(CommunityError, match=TOO_FAR) as refused:
        campaigns.add_meeting(
            org.reporter, campaign, starts_at=now + dt.timedelta(days=367), location="Room", now=now
        )
    assert refused.value.field == "starts_at"
    with pytest.raises(CommunityError, match="Choose a time in the future"):
        campaigns.add_meeting(
            org.reporter, campaign, starts_at=now - dt.timedelta(hours=1), location="Room", now=now
        )
    kept = campaigns.add_meeting(
        org.reporter, campaign, starts_at=now + dt.timedelta(days=366), location="Room", now=now
    )
    assert campaign.meetings.get() == kept  # a year ahead to the day is still a meeting


def test_it_handles_the_year_2999_on_the_page_at_its_box_and_in_the_api(org, campaign, client):
    client.force_login(org.reporter)
    page = client.post(
        f"/community/campaigns/{campaign.pk}/meeting",
        {"starts_at": "2999-01-01T10:00", "location": "Room", "agenda": ""},
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert TOO_FAR in error_at(html, "starts_at")
    assert 'value="2999-01-01T10:00"' in box(html, "starts_at")  # kept, to correct
    api = client.post(
        f"/api/v1/community/campaigns/{campaign.pk}/meetings",
        {"starts_at": "2999-01-01T10:00:00-05:00", "location": "Room"},
        content_type="application/json",
    )
    assert (api.status_code, api.json()["detail"]) == (400, TOO_FAR)
    assert not campaign.meetings.exists()
    client.force_login(org.outsider)
    assert client.post(f"/community/campaigns/{campaign.pk}/meeting", {}).status_code == 404


def test_it_handles_a_meeting_next_year_by_showing_its_year(org, campaign, client):
    late_november = timezone.make_aware(dt.datetime(2026, 11, 30, 9, 0))
    with time_machine.travel(late_november, tick=False):
        for day in (dt.datetime(2026, 12, 15, 12, 30), dt.datetime(2027, 1, 5, 12, 30)):
            campaigns.add_meeting(
                org.reporter, campaign, starts_at=timezone.make_aware(day), location="Room 4"
            )
        client.force_login(nurse(0))  # a colleague of the ward, not a member, reads the same list
        html = client.get(f"/community/campaigns/{campaign.pk}/").content.decode()
    assert "Tuesday 15 December, 12:30 · Room 4" in html  # this year's, as before
    assert "Tuesday 5 January 2027, 12:30 · Room 4" in html


def test_it_handles_an_update_and_a_meeting_with_a_confirmation(org, campaign, client):
    client.force_login(org.reporter)
    url = f"/community/campaigns/{campaign.pk}/"
    posted = client.post(f"{url}update", {"text": "Met informatics."}, follow=True)
    assert "Update posted. Every member sees it under Updates." in _status(posted.content.decode())
    when = timezone.localtime() + dt.timedelta(days=3)
    added = client.post(
        f"{url}meeting",
        {"starts_at": when.strftime("%Y-%m-%dT12:30"), "location": "Break room", "agenda": ""},
        follow=True,
    )
    said = _status(added.content.decode())
    assert f"Meeting added: {when:%A} {when.day} {when:%B %Y}, 12:30, Break room." in said
    assert "Every member sees it under Meetings." in said
    assert campaign.updates.count() == 1 and campaign.meetings.count() == 1


def test_it_handles_a_new_campaign_by_starting_on_the_smallest_own_unit(org, client):
    client.force_login(org.reporter)  # in 4 West and 5 East: the deepest, then by name
    html = client.get("/community/campaigns/new").content.decode()
    assert f'<option value="{org.ward_a.pk}" selected>' in html
    assert f'<option value="{org.system.pk}" selected>' not in html
    started = client.post(
        "/community/campaigns/new",
        {
            "title": "Food for discharged patients",
            "kind": "patients",
            "statement": "Patients go home at night with nothing to eat until the next morning.",
            "ask": "A meal bag for every patient discharged after 18:00.",
            "scope": str(org.system.pk),  # still changeable
            "form_key": "",
        },
    )
    assert started.status_code == 302
    assert Campaign.objects.get(title="Food for discharged patients").scope == org.system
    assert campaigns.suggested_scope(org.outsider) == org.other_hospital
    assert campaigns.suggested_scope(org.leader) is None  # leads, belongs nowhere: no suggestion
