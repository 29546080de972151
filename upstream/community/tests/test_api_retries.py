"""Writes the API fuzz found stored twice on a retry: campaign updates and meetings, mentoring meetings
and peer-support requests take an Idempotency-Key; the same key again is a 409 and stores nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from upstream.api.tests.test_api import auth
from upstream.community.models import CampaignMeeting, CampaignUpdate, MentoringMeeting, PeerRequest
from upstream.community.services import mentoring
from upstream.community.tests.factories import charting_campaign
from upstream.community.tests.test_mentoring import people  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


def _post(client, path: str, body: dict, key: str, **headers):
    return client.post(
        path, json.dumps(body), content_type="application/json", HTTP_IDEMPOTENCY_KEY=key, **headers
    )


def test_a_campaign_update_or_meeting_retried_with_its_key_is_posted_once(org, client):
    campaign = charting_campaign(
        org.reporter,
        org.ward_a,
        statement="We chart two hours after every shift.",
        ask="A scribe pilot on 4 West.",
    )
    client.force_login(org.reporter)
    updates = f"/api/v1/community/campaigns/{campaign.pk}/updates"
    body = {"text": "We met the unit manager today."}
    assert _post(client, updates, body, "u-1").status_code == 201
    again = _post(client, updates, body, "u-1")
    assert again.status_code == 409 and "help_line" in again.json()
    assert CampaignUpdate.objects.filter(campaign=campaign).count() == 1
    assert _post(client, updates, body, "u-2").status_code == 201  # a new key is a new post

    meetings = f"/api/v1/community/campaigns/{campaign.pk}/meetings"
    when = (timezone.now() + dt.timedelta(days=3)).isoformat()
    meeting = {"starts_at": when, "location": "Room 4", "agenda": "Plan the ask"}
    assert _post(client, meetings, meeting, "m-1").status_code == 201
    assert _post(client, meetings, meeting, "m-1").status_code == 409
    assert CampaignMeeting.objects.filter(campaign=campaign).count() == 1


def test_a_mentoring_meeting_retried_with_its_key_is_recorded_once(org, people, client):  # noqa: F811
    mentee, far, _ = people
    match = mentoring.respond(far, mentoring.propose_matches(mentee)[0], accept=True)
    mentoring.respond(mentee, match, accept=True)
    client.force_login(far)
    path = f"/api/v1/community/mentoring/matches/{match.pk}/meetings"
    body = {"on": str(timezone.localdate()), "note": "Talked nights."}
    assert _post(client, path, body, "met-1").status_code == 201
    assert _post(client, path, body, "met-1").status_code == 409
    assert MentoringMeeting.objects.filter(match=match).count() == 1
    early = _post(client, path, {"on": "0001-01-01"}, "met-2")
    assert early.status_code == 400 and "when you were matched" in early.json()["detail"]


def test_a_peer_request_retried_with_its_key_is_stored_once(org, client):
    body = {"contact": "555-0199", "when": "after 7pm", "note": "A hard night."}
    headers = auth(org.reporter)
    first = _post(client, "/api/v1/community/peer/requests", body, "ask-1", **headers)
    assert first.status_code == 201
    again = _post(client, "/api/v1/community/peer/requests", body, "ask-1", **headers)
    assert again.status_code == 409
    assert PeerRequest.objects.count() == 1
