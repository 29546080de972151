"""A leader's message sent twice from one form reaches the reporter once.

A double tap on "Send to reporter" on a slow line, or Back and send again, put the same message in
the reporter's thread twice (the page's script stops most double taps, but not Back, nor a browser
without scripts). The form now carries a one-time key, as the concern and campaign forms do; the
API takes an `Idempotency-Key`.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from conftest import PASSWORD
from upstream.api.tests.test_api import post
from upstream.concerns.models import Message
from upstream.concerns.tests.helpers import released

WORDS = "We hear you. A second nurse joins nights from Monday."


@pytest.fixture
def leader(client, org):
    client.login(username="leader_a", password=PASSWORD)
    return client


def _key(page: str) -> str:
    found = re.search(r'<form[^>]+id="reply".*?name="form_key" value="([^"]+)"', page, re.S)
    assert found, "no one-time key on the message form"
    return found.group(1)


def test_the_same_message_form_sent_twice_sends_one_message_and_says_so(leader, org):
    concern = released(unit=org.ward_a).concern
    detail = reverse("concerns:detail", args=[concern.pk])
    sent = {"text": WORDS, "form_key": _key(leader.get(detail).content.decode())}
    assert leader.post(reverse("concerns:write", args=[concern.pk]), sent).status_code == 302
    again = leader.post(reverse("concerns:write", args=[concern.pk]), sent, follow=True)
    assert again.redirect_chain[-1][0] == detail
    assert "This was already sent. Nothing was sent twice." in again.content.decode()
    assert list(Message.objects.filter(concern=concern).values_list("text", flat=True)) == [WORDS]
    # The page drawn after the first sending has a new key: the next message is sent.
    fresh = {"text": "And a float nurse on weekends.", "form_key": _key(again.content.decode())}
    assert leader.post(reverse("concerns:write", args=[concern.pk]), fresh).status_code == 302
    assert Message.objects.filter(concern=concern).count() == 2


def test_a_refused_message_keeps_a_usable_key_for_the_corrected_one(leader, org):
    concern = released(unit=org.ward_a).concern
    detail = reverse("concerns:detail", args=[concern.pk])
    key = _key(leader.get(detail).content.decode())
    leader.post(reverse("concerns:write", args=[concern.pk]), {"text": "Soon", "form_key": key})
    redrawn = _key(leader.get(detail).content.decode())
    sent = leader.post(reverse("concerns:write", args=[concern.pk]), {"text": WORDS, "form_key": redrawn})
    assert sent.status_code == 302
    assert Message.objects.filter(concern=concern).count() == 1


def test_the_api_refuses_a_repeated_idempotency_key_on_the_same_concern_with_409(leader, org):
    first = released(unit=org.ward_a).concern
    second = released("The break room has had no working fridge for a month.", unit=org.ward_a).concern
    url = f"/api/v1/concerns/{first.pk}/messages"
    assert post(leader, url, {"text": WORDS}, HTTP_IDEMPOTENCY_KEY="m-1").status_code == 201
    repeated = post(leader, url, {"text": WORDS}, HTTP_IDEMPOTENCY_KEY="m-1")
    assert repeated.status_code == 409 and "already sent" in repeated.json()["detail"]
    assert Message.objects.filter(concern=first).count() == 1
    # The same key on another concern is another message; no key, each call sends.
    other = post(
        leader, f"/api/v1/concerns/{second.pk}/messages", {"text": WORDS}, HTTP_IDEMPOTENCY_KEY="m-1"
    )
    assert other.status_code == 201
    assert post(leader, url, {"text": WORDS}).status_code == 201
    assert Message.objects.filter(concern=first).count() == 2
