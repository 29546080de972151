"""The reported case end to end: a first name in running speech never reaches storage."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from conftest import PASSWORD
from upstream.listening.models import Turn

TRANSCRIPT = (
    "Facilitator: What does burnout look like on your unit?\n"
    "Nurse 1: Maria Lopez told me she cries in the car before every shift.\n"
    "Nurse 2: so I told maria she should go home, and jen said the same.\n"
    "Nurse 3: Will is on nights again, and I will be honest, Grace's patient coded alone.\n"
    "Nurse 4: Dr. Okafor came in at two in the morning, no complaints. Maria's manager never called.\n"
)


@pytest.fixture
def leader(client, org):
    client.login(username="leader_a", password=PASSWORD)
    return client


def _upload(leader, org) -> str:
    form = {
        "title": "Night nurses",
        "kind": "focus_group",
        "held_on": "2026-03-10",
        "scope": str(org.ward_a.pk),
        "text": TRANSCRIPT,
    }
    return leader.post(reverse("listening:upload"), form).content.decode()


def test_every_name_is_offered_for_redaction_ticked(leader, org):
    page = _upload(leader, org)
    for name in ("Maria", "Lopez", "jen", "Will", "Grace", "Okafor"):
        assert re.search(rf'value="{name}"[^>]*checked', page, re.IGNORECASE), name
    assert 'value="I"' not in page and 'value="honest"' not in page


def test_with_the_defaults_kept_no_name_is_stored(leader, org):
    page = _upload(leader, org)
    payload = re.search(r'name="payload" value="([^"]+)"', page).group(1)
    ticked = re.findall(r'name="redact" value="([^"]+)"', page)
    leader.post(reverse("listening:confirm"), {"payload": payload, "redact": ticked})
    stored = " ".join(Turn.objects.order_by("position").values_list("text", flat=True))
    assert stored.count("[name]") == 7  # "Maria Lopez" becomes one
    for name in ("Maria", "maria", "Lopez", "jen", "Will is", "Grace", "Okafor"):
        assert name not in stored
    assert "[name] told me she cries in the car" in stored
    assert "I will be honest" in stored  # the word stays a word
