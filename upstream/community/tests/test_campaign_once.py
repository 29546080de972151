"""Starting a campaign twice from one form starts one campaign.

A double click on "Start", or Back and "Start" again, started two identical campaigns (thanks,
stories, peer requests and survey waves already refused the second). The form now carries a
one-time key, as the thanks form does; the API takes an `Idempotency-Key`.
"""

from __future__ import annotations

import re

from django.urls import reverse

from upstream.api.tests.test_api import post
from upstream.community.models import Campaign


def _form(org, page: str) -> dict:
    key = re.search(r'name="form_key" value="([^"]+)"', page)
    assert key, "no one-time key on the form"
    return {
        "title": "Night pharmacist",
        "kind": "inside",
        "statement": "Nights have no pharmacist on site and orders wait hours.",
        "ask": "A pharmacist on site every night from January.",
        "scope": str(org.ward_a.pk),
        "form_key": key.group(1),
    }


def test_the_same_form_sent_twice_starts_one_campaign_and_says_so(org, client):
    client.force_login(org.reporter)
    form = _form(org, client.get(reverse("community:campaign_new")).content.decode())
    first = client.post(reverse("community:campaign_new"), form)
    assert first.status_code == 302
    again = client.post(reverse("community:campaign_new"), form, follow=True)
    assert "This was already sent. Nothing was sent twice." in again.content.decode()
    assert again.redirect_chain[-1][0] == reverse("community:campaigns")
    assert Campaign.objects.count() == 1
    # A fresh form is a new campaign.
    fresh = _form(org, client.get(reverse("community:campaign_new")).content.decode())
    assert client.post(reverse("community:campaign_new"), {**fresh, "title": "Second"}).status_code == 302
    assert Campaign.objects.count() == 2


def test_the_api_refuses_a_repeated_idempotency_key_with_409(org, client):
    client.force_login(org.reporter)
    body = {
        "title": "Night pharmacist",
        "kind": "inside",
        "statement": "Nights have no pharmacist on site and orders wait hours.",
        "ask": "A pharmacist on site every night from January.",
        "scope_unit_id": org.ward_a.pk,
    }
    url = "/api/v1/community/campaigns"
    assert post(client, url, body, HTTP_IDEMPOTENCY_KEY="k-1").status_code == 201
    repeated = post(client, url, body, HTTP_IDEMPOTENCY_KEY="k-1")
    assert repeated.status_code == 409 and "already sent" in repeated.json()["detail"]
    assert post(client, url, body).status_code == 201  # no key: each call starts one
    assert Campaign.objects.count() == 2
