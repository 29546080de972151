"""Community emails link the page their reader opens next (an email walk).

A gathering's reminder, a place that opened, a formal ask to leaders, a peer request to its
supporter, a story's decision and the office's notices said what happened and named a menu path,
but gave no link; the concerns' emails always had one. Each link is on the configured site address
and opens, for its recipient, the page the email is about."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from upstream.community.models import PeerSupporter
from upstream.community.services import campaigns, peer, stories
from upstream.community.services.gatherings import cancel_signup, send_reminders, sign_up
from upstream.community.tests.factories import charting_campaign, make_office, nurse, schwartz_round
from upstream.org.models import Membership, User

SITE = "https://upstream.example.org"


@pytest.fixture(autouse=True)
def site(settings):
    settings.UPSTREAM_BASE_URL = SITE


def opened_by(client, person: User, message) -> str:
    """The one link in `message`, which must open for `person`; returns its path."""
    (link,) = re.findall(r"https?://\S+", message.body)
    assert link.startswith(f"{SITE}/")
    path = urlsplit(link).path
    client.force_login(person)
    assert client.get(path).status_code == 200, path
    return path


def test_gathering_emails_link_the_gathering(org, client, django_capture_on_commit_callbacks):
    gathering = schwartz_round(org, capacity=1)
    sign_up(nurse(0), gathering)
    sign_up(nurse(1), gathering)  # waits
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancel_signup(nurse(0), gathering)  # nurse1 moves up and is told
    assert opened_by(client, nurse(1), mail.outbox[-1]) == f"/community/gatherings/{gathering.pk}/"
    mail.outbox.clear()
    send_reminders(now=gathering.starts_at - dt.timedelta(hours=2))
    assert opened_by(client, nurse(1), mail.outbox[-1]) == f"/community/gatherings/{gathering.pk}/"


def test_a_formal_ask_links_the_campaign_where_its_leader_answers(
    org, client, django_capture_on_commit_callbacks
):
    campaign = charting_campaign(org.reporter, org.ward_a)
    with django_capture_on_commit_callbacks(execute=True):
        campaigns.send_ask(org.reporter, campaign, "Protected charting time on every shift.")
    (ask,) = [m for m in mail.outbox if m.to == [org.leader.email]]
    assert opened_by(client, org.leader, ask) == f"/community/campaigns/{campaign.pk}/"


def test_a_peer_request_links_the_supporter_s_page(org, client, django_capture_on_commit_callbacks):
    supporter = User.objects.create_user(username="far", email="far@example.org", password="x")
    Membership.objects.create(user=supporter, unit=org.other_hospital, role_group="attending")
    PeerSupporter.objects.create(user=supporter)
    with django_capture_on_commit_callbacks(execute=True):
        peer.request_support(
            org.reporter, contact="pager 4417", note="A rough week.", now=dt.datetime.now(dt.UTC)
        )
    (notice,) = [m for m in mail.outbox if m.to == [supporter.email]]
    assert opened_by(client, supporter, notice) == "/community/peer/"


def test_a_story_s_writer_and_the_office_get_links_to_their_pages(
    org, client, django_capture_on_commit_callbacks
):
    office = make_office(org.chair)
    with django_capture_on_commit_callbacks(execute=True):
        stories.share_story(
            org.reporter,
            title="Holding the door",
            text="I want to die, I can't do another night.",
            unit=org.ward_a,
        )
    (urgent,) = [m for m in mail.outbox if m.to == [office.email]]
    assert opened_by(client, office, urgent) == "/community/stories/moderate"
    story = stories.waiting_for_moderation(office).get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        stories.moderate(office, story.pk, approve=True)
    assert opened_by(client, org.reporter, mail.outbox[-1]) == "/community/stories/"
