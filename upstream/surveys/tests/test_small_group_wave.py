"""Scheduling a wave for a group too small to stay anonymous says so, on the page and in the API.

An officer's walk scheduled a wave for three pharmacists without a word: their answers can show
only within a broader group, never on their own, and nobody was told before invitations went out.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from upstream.api.tests.test_endpoints import auth
from upstream.surveys.tests.helpers import office_of


def _in_days(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def _form(org, **changes) -> dict:
    return {
        "title": "Winter pulse",
        "units": [str(org.ward_a.pk)],
        "instruments": ["upstream-pulse"],
        "opens_on": _in_days(30),
        "closes_on": _in_days(39),
        **changes,
    }


def _said(client, org, **changes) -> list[str]:
    done = client.post(reverse("surveys:manage"), _form(org, **changes), follow=True)
    return [str(m) for m in get_messages(done.wsgi_request)] + [done.content.decode()]


def test_a_wave_for_a_small_role_group_is_scheduled_with_a_warning_naming_it(client, org):
    client.force_login(office_of(org))
    said = " ".join(_said(client, org, role_groups=["pharmacist"]))
    assert "The wave is scheduled." in said
    assert f"Fewer than 5 people are in {org.ward_a.name}, Pharmacist" in said


def test_a_wave_for_a_large_enough_group_has_no_such_warning(client, org):
    client.force_login(office_of(org))
    said = " ".join(_said(client, org, role_groups=["nurse"]))
    assert "The wave is scheduled." in said and "Fewer than" not in said


def test_the_api_names_the_small_groups_of_a_new_wave(client, org):
    office = office_of(org)
    body = {
        "title": "Winter pulse",
        "unit_ids": [org.ward_a.pk],
        "instruments": ["upstream-pulse"],
        "opens_on": _in_days(30),
        "closes_on": _in_days(39),
        "role_groups": ["nurse", "pharmacist"],
    }
    made = client.post("/api/v1/surveys/waves", body, content_type="application/json", **auth(office))
    assert made.status_code == 201, made.content
    assert made.json()["small_groups"] == [f"{org.ward_a.name}, Pharmacist"]
