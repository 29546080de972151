"""Publishing a gathering or adding a resource twice from one form does it once.

A new-user walk pressed Back after "Publish" and published again: two identical gatherings, each
"Published to everyone invited"; the new-resource form added the same line twice. Both forms now
carry the one-time key the other forms use, and the gatherings API takes an `Idempotency-Key`.
"""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

from upstream.api.tests.test_api import post
from upstream.community.models import Gathering, Resource
from upstream.community.tests.factories import make_office

ALREADY = "This was already sent. Nothing was sent twice."


def _key(page: str) -> str:
    key = re.search(r'name="form_key" value="([^"]+)"', page)
    assert key, "no one-time key on the form"
    return key.group(1)


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _gathering(org, page: str, **changes) -> dict:
    start = timezone.now() + dt.timedelta(days=3)
    form = {
        "kind": "schwartz_round",
        "title": "Schwartz Round",
        "description": "Three colleagues tell a story; then we talk.",
        "scope": str(org.medicine.pk),
        "location": "Conference room B",
        "starts_at": _local(start),
        "ends_at": _local(start + dt.timedelta(hours=1)),
        "capacity": "30",
        "form_key": _key(page),
    }
    form.update(changes)
    return form


def test_a_gathering_published_twice_from_one_form_is_published_once(org, client):
    client.force_login(org.chair)
    form = _gathering(org, client.get(reverse("community:gathering_new")).content.decode())
    assert client.post(reverse("community:gathering_new"), form).status_code == 302
    again = client.post(reverse("community:gathering_new"), form, follow=True)
    assert ALREADY in again.content.decode()
    assert Gathering.objects.filter(title="Schwartz Round").count() == 1
    fresh = _gathering(org, client.get(reverse("community:gathering_new")).content.decode(), title="Second")
    assert client.post(reverse("community:gathering_new"), fresh).status_code == 302
    assert Gathering.objects.count() == 2


def test_a_refused_gathering_keeps_its_key_and_is_published_once_corrected(org, client):
    client.force_login(org.chair)
    page = client.get(reverse("community:gathering_new")).content.decode()
    refused = client.post(reverse("community:gathering_new"), _gathering(org, page, capacity="0"))
    assert refused.status_code == 400 and _key(refused.content.decode()) == _key(page)
    assert client.post(reverse("community:gathering_new"), _gathering(org, page)).status_code == 302
    assert Gathering.objects.count() == 1


def test_the_gatherings_api_refuses_a_repeated_idempotency_key(org, client):
    client.force_login(org.chair)
    start = timezone.now() + dt.timedelta(days=3)
    body = {
        "kind": "schwartz_round",
        "title": "Schwartz Round",
        "description": "Three colleagues tell a story; then we talk.",
        "scope_unit_id": org.medicine.pk,
        "location": "Conference room B",
        "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=1)).isoformat(),
        "capacity": 30,
    }
    url = "/api/v1/community/gatherings"
    assert post(client, url, body, HTTP_IDEMPOTENCY_KEY="g-1").status_code == 201
    repeated = post(client, url, body, HTTP_IDEMPOTENCY_KEY="g-1")
    assert repeated.status_code == 409 and repeated.json()["detail"] == ALREADY
    assert post(client, url, body).status_code == 201  # no key: each call publishes one
    assert Gathering.objects.count() == 2


def test_a_new_resource_saved_twice_from_one_form_is_added_once(org, client):
    client.force_login(make_office(org.outsider))
    page = client.get(reverse("community:resource_new")).content.decode()
    form = {"name": "Flowers line", "category": "other", "description": "Send flowers.", "order": 5}
    form.update(form_key=_key(page), active="on")
    assert client.post(reverse("community:resource_new"), form).status_code == 302
    again = client.post(reverse("community:resource_new"), form, follow=True)
    assert ALREADY in again.content.decode()
    assert Resource.objects.filter(name="Flowers line").count() == 1
    # Editing is not adding: the same edit saved twice changes it, twice, harmlessly.
    resource = Resource.objects.get(name="Flowers line")
    edit = reverse("community:resource_edit", args=[resource.pk])
    changed = {**form, "description": "Send flowers to a colleague."}
    assert client.post(edit, changed).status_code == 302 and client.post(edit, changed).status_code == 302
    assert Resource.objects.get(pk=resource.pk).description == "Send flowers to a colleague."
