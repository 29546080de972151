"""A valid receipt opens while its batch is being released.

A load test sent replies through receipts while the hourly release ran: the lookup missed the
concern (not released yet), then waited on the release's lock to read the intake and found it empty
(released by then), so three valid codes were answered "We could not find a concern for that
receipt code" and counted as guesses. Here the release lands exactly between those two reads.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from upstream.concerns import services
from upstream.concerns.models import Concern
from upstream.intake.services import release_due


@pytest.fixture
def released_midway(monkeypatch):
    """The release commits while the lookup waits to read the intake."""
    read_intake = services.pending_by_receipt

    def after_the_release(code: str):
        release_due(everything=True)
        return read_intake(code)

    monkeypatch.setattr(services, "pending_by_receipt", after_the_release)


def _waiting(org) -> str:
    done = services.submit_concern(
        text="The rota leaves nobody to cover lunches on weekends.", unit=org.ward_a
    )
    assert not Concern.objects.exists()  # still sealed in the intake
    return done.receipt


def test_the_page_opens_the_concern_released_during_the_lookup(client, org, released_midway):
    code = _waiting(org)
    page = client.post(reverse("receipt:lookup"), {"receipt": code})
    assert page.status_code == 200
    assert "nobody to cover lunches" in page.content.decode()


def test_a_reply_through_the_api_during_the_release_is_taken(client, org, released_midway):
    code = _waiting(org)
    answer = client.post(
        "/api/v1/receipts/reply",
        {"receipt": code, "text": "Any news on this one?"},
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["status"] == "new" and answer.json()["pending_replies"] == ["Any news on this one?"]


def test_a_lookup_through_the_api_during_the_release_opens_it(client, org, released_midway):
    code = _waiting(org)
    answer = client.post("/api/v1/receipts/lookup", {"receipt": code}, content_type="application/json")
    assert answer.status_code == 200 and answer.json()["status"] == "new"
