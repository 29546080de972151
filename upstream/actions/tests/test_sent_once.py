"""A new action or a progress update sent twice from one form is saved once.

A double tap on "Save draft" or "Post update" on a slow line, or Back and send again, saved two
identical drafts, or posted the same update twice on the board staff read. Both forms now carry a
one-time key, as the concern and campaign forms do; the API takes an `Idempotency-Key`.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from conftest import PASSWORD
from upstream.actions import services
from upstream.actions.models import Action, ActionUpdate
from upstream.api.tests.test_api import auth, post

ALREADY = "This was already sent. Nothing was sent twice."


@pytest.fixture
def leader(client, org):
    client.login(username="leader_a", password=PASSWORD)
    return client


def _key(page: str, form_id: str = "") -> str:
    start = page.index(f'id="{form_id}"') if form_id else 0
    found = re.search(r'name="form_key" value="([^"]+)"', page[start:])
    assert found, "no one-time key on the form"
    return found.group(1)


def test_a_new_action_form_sent_twice_saves_one_draft_and_says_so(leader, org):
    form = {
        "title": "Float nurse on nights",
        "description": "A float nurse covers breaks on nights from January.",
        "scope": str(org.ward_a.pk),
        "form_key": _key(leader.get(reverse("actions:new")).content.decode()),
    }
    assert leader.post(reverse("actions:new"), form).status_code == 302
    again = leader.post(reverse("actions:new"), form, follow=True)
    assert again.redirect_chain[-1][0] == reverse("actions:board")
    assert ALREADY in again.content.decode()
    assert Action.objects.count() == 1
    fresh = {**form, "form_key": _key(leader.get(reverse("actions:new")).content.decode())}
    assert leader.post(reverse("actions:new"), fresh).status_code == 302
    assert Action.objects.count() == 2


def test_an_update_sent_twice_is_posted_once_and_a_refused_one_keeps_a_usable_key(leader, org):
    action = services.create_action(
        org.leader, title="Break cover", description="A float nurse.", scope=org.ward_a
    )
    detail = reverse("actions:detail", args=[action.pk])
    sent = {
        "text": "Interviews this week.",
        "progress": "20",
        "form_key": _key(leader.get(detail).content.decode(), "update"),
    }
    assert leader.post(reverse("actions:update", args=[action.pk]), sent).status_code == 302
    again = leader.post(reverse("actions:update", args=[action.pk]), sent, follow=True)
    assert again.redirect_chain[-1][0] == detail and ALREADY in again.content.decode()
    assert ActionUpdate.objects.filter(action=action).count() == 1
    # Refused (progress out of range), then corrected on the page drawn with the kept draft.
    refused = {"text": "Two hired.", "progress": "140", "form_key": _key(again.content.decode(), "update")}
    leader.post(reverse("actions:update", args=[action.pk]), refused)
    redrawn = leader.get(detail).content.decode()
    corrected = {"text": "Two hired.", "progress": "60", "form_key": _key(redrawn, "update")}
    assert leader.post(reverse("actions:update", args=[action.pk]), corrected).status_code == 302
    assert list(
        ActionUpdate.objects.filter(action=action).values_list("progress", flat=True).order_by("pk")
    ) == [20, 60]


def test_the_api_refuses_a_repeated_idempotency_key_with_409(client, org):
    headers = auth(org.leader)
    body = {
        "title": "Float nurse",
        "description": "A float nurse covers breaks.",
        "scope_unit_id": org.ward_a.pk,
    }
    assert post(client, "/api/v1/actions", body, HTTP_IDEMPOTENCY_KEY="a-1", **headers).status_code == 201
    repeated = post(client, "/api/v1/actions", body, HTTP_IDEMPOTENCY_KEY="a-1", **headers)
    assert repeated.status_code == 409 and "already sent" in repeated.json()["detail"]
    assert Action.objects.count() == 1
    action = Action.objects.get()
    url = f"/api/v1/actions/{action.pk}/updates"
    # The key a-1 was spent on creating: an update with the same key is another call, and is posted.
    assert (
        post(client, url, {"text": "Interviews."}, HTTP_IDEMPOTENCY_KEY="a-1", **headers).status_code == 201
    )
    assert (
        post(client, url, {"text": "Interviews."}, HTTP_IDEMPOTENCY_KEY="a-1", **headers).status_code == 409
    )
    assert post(client, url, {"text": "Interviews."}, **headers).status_code == 201  # no key: each call posts
    assert ActionUpdate.objects.filter(action=action).count() == 2
