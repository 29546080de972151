"""Cancelling or closing a wave from the page asks first, on a page that says what follows.

"Cancel" beside "Close now" read like "never mind", and one click cancelled a live wave sent to 728
people with only "Saved." to say so. Both end a wave for good, so the manage page links to a
confirmation page (plain HTML, a way back), and nothing changes until the office confirms. The
API keeps its one call: the confirmation is the page's safeguard.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from upstream.org.models import User
from upstream.surveys import services
from upstream.surveys.models import Status, Wave
from upstream.surveys.services import WavePlan
from upstream.surveys.tests.helpers import office_of, open_wave
from upstream.surveys.tests.test_api import signed_in


@pytest.fixture
def wave(at_noon, org):
    wave = open_wave(org, office_of(org), units=[org.medicine])
    Wave.objects.filter(pk=wave.pk).update(invited=728)
    wave.refresh_from_db()
    return wave


def state(wave) -> tuple:
    fresh = Wave.objects.get(pk=wave.pk)
    return fresh.status, fresh.closes_on, fresh.closed_early


def test_it_handles_cancel_on_the_manage_page_as_a_link_to_a_confirmation(client, wave):
    signed_in(client, "office")
    page = client.get(reverse("surveys:manage")).content.decode()
    assert "Cancel this wave" in page
    assert reverse("surveys:confirm_cancel", args=[wave.pk]) in page
    assert reverse("surveys:confirm_close", args=[wave.pk]) in page
    assert 'value="cancel"' not in page and 'value="close"' not in page  # no one-click ending


def test_it_handles_cancelling_an_open_wave_only_once_confirmed(client, wave):
    before = state(wave)
    signed_in(client, "office")
    ask = client.get(reverse("surveys:confirm_cancel", args=[wave.pk]))
    page = ask.content.decode()
    assert ask.status_code == 200
    assert "Cancel the wave “Autumn pulse”?" in page
    assert "728 people were invited to answer it." in page
    assert "The answers already given are kept, but the wave will have no results" in page
    assert "This cannot be undone" in page
    assert 'name="confirmed" value="yes"' in page
    assert f'href="{reverse("surveys:manage")}"' in page  # the way back
    assert state(wave) == before

    # A POST without the confirmation (a stale page, another form) is shown the question too.
    unconfirmed = client.post(reverse("surveys:decide", args=[wave.pk]), {"decision": "cancel"}, follow=True)
    assert "Cancel the wave “Autumn pulse”?" in unconfirmed.content.decode()
    assert state(wave) == before

    done = client.post(
        reverse("surveys:decide", args=[wave.pk]), {"decision": "cancel", "confirmed": "yes"}, follow=True
    )
    page = done.content.decode()
    assert "Wave “Autumn pulse” cancelled." in page and "Saved." not in page
    assert state(wave)[0] == Status.CANCELLED


def test_it_handles_a_scheduled_wave_that_has_not_opened(client, org, at_noon):
    office = office_of(org)
    today = timezone.localdate()
    plan = WavePlan(
        title="Winter pulse",
        unit_ids=[org.ward_a.pk],
        instrument_keys=["upstream-pulse"],
        opens_on=today + dt.timedelta(days=3),
        closes_on=today + dt.timedelta(days=9),
        role_groups=[],
    )
    later = services.schedule_wave(office, plan)
    signed_in(client, "office")
    manage = client.get(reverse("surveys:manage")).content.decode()
    assert reverse("surveys:confirm_cancel", args=[later.pk]) in manage
    page = client.get(reverse("surveys:confirm_cancel", args=[later.pk])).content.decode()
    assert "No invitations have gone out yet, and none will." in page
    assert "answers already given" not in page
    assert Wave.objects.get(pk=later.pk).status == Status.SCHEDULED


def test_it_handles_closing_now_only_once_confirmed(client, wave):
    before = state(wave)
    signed_in(client, "office")
    page = client.get(reverse("surveys:confirm_close", args=[wave.pk])).content.decode()
    assert "Close the wave “Autumn pulse” now?" in page
    assert "728 people were invited to answer it." in page
    assert "Answers already given count" in page
    assert "a closed wave cannot be opened again" in page
    assert state(wave) == before
    unconfirmed = client.post(reverse("surveys:decide", args=[wave.pk]), {"decision": "close"}, follow=True)
    assert "Close the wave “Autumn pulse” now?" in unconfirmed.content.decode()
    assert state(wave) == before
    client.post(reverse("surveys:decide", args=[wave.pk]), {"decision": "close", "confirmed": "yes"})
    assert state(wave) == (Status.SCHEDULED, timezone.localdate(), True)


def test_it_handles_a_wave_that_can_no_longer_be_cancelled_with_the_reason_and_no_question(client, wave):
    services.cancel_wave(User.objects.get(username="office"), wave)
    signed_in(client, "office")
    for name in ("surveys:confirm_cancel", "surveys:confirm_close"):
        shown = client.get(reverse(name, args=[wave.pk]), follow=True)
        page = shown.content.decode()
        assert shown.redirect_chain[-1][0] == reverse("surveys:manage")
        assert "already cancelled" in page or "was cancelled" in page


def test_it_handles_a_colleague_and_an_outsider_as_if_there_were_no_wave(client, wave):
    before = state(wave)
    for username in ("leader_a", "chair", "outsider", "nurse0"):
        client.logout()
        signed_in(client, username)
        assert client.get(reverse("surveys:confirm_cancel", args=[wave.pk])).status_code == 404
        assert client.get(reverse("surveys:confirm_close", args=[wave.pk])).status_code == 404
    assert state(wave) == before
    client.logout()
    signed_in(client, "office")
    assert client.get(reverse("surveys:confirm_cancel", args=[987654])).status_code == 404


def test_the_api_still_cancels_in_one_call(client, wave):
    signed_in(client, "office")
    done = client.post(
        f"/api/v1/surveys/waves/{wave.pk}/decision", {"decision": "cancel"}, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["status"] == "cancelled"
