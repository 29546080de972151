"""A refusal said after a redirect is announced at once; a confirmation waits its turn.

Every message was in one `role="status"` region, so a screen reader read "No account with that
username." politely, after whatever it was saying, if at all, like "Saved.". Errors now have their
own `role="alert"` region; the rest stay in `role="status"`.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from upstream.community.models import Gathering
from upstream.community.services import gatherings


def _region(page: str, role: str) -> str:
    found = re.search(rf'<div class="flash[^"]*" role="{role}">(.*?)</div>', page, re.S)
    return found.group(1) if found else ""


def _gathering(org, title: str) -> Gathering:
    start = timezone.now() + dt.timedelta(days=1)
    return gatherings.create_gathering(
        org.leader,
        scope=org.ward_a,
        kind=Gathering.Kind.COMMUNITY,
        title=title,
        description="An hour together.",
        location="Room 4",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        capacity=8,
    )


def test_an_error_is_an_alert_and_a_confirmation_a_status(client, org):
    # Signing up answers after a redirect: a refusal and a confirmation both come as messages.
    cancelled = _gathering(org, "Debrief after a hard week")
    Gathering.objects.filter(pk=cancelled.pk).update(cancelled=True)
    open_one = _gathering(org, "Story session")
    client.login(username="reporter", password=PASSWORD)
    refused = client.post(reverse("community:gathering_signup", args=[cancelled.pk]), follow=True)
    refused = refused.content.decode()
    assert "This gathering is no longer taking sign-ups." in _region(refused, "alert")
    assert "no longer taking sign-ups" not in _region(refused, "status")
    placed = client.post(reverse("community:gathering_signup", args=[open_one.pk]), follow=True)
    placed = placed.content.decode()
    assert "You have a place." in _region(placed, "status")
    assert _region(placed, "alert").strip() == ""


def test_both_kinds_of_message_are_styled():
    from django.contrib.staticfiles import finders

    css = Path(finders.find("upstream/upstream.css")).read_text(encoding="utf-8")
    for tag in ("error", "success"):
        assert re.search(rf"(\.flash )?\.{tag}\b[^{{]*\{{[^}}]*border-left", css), tag
