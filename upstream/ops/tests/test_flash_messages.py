"""A refusal said after a redirect is announced at once; a confirmation waits its turn.

Every message was in one `role="status"` region, so a screen reader read "No account with that
username." politely, after whatever it was saying, if at all, like "Saved.". Errors now have their
own `role="alert"` region; the rest stay in `role="status"`.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import reverse

from conftest import PASSWORD
from upstream.community.tests.factories import make_office


def _region(page: str, role: str) -> str:
    found = re.search(rf'<div class="flash[^"]*" role="{role}">(.*?)</div>', page, re.S)
    return found.group(1) if found else ""


def test_an_error_is_an_alert_and_a_confirmation_a_status(client, org):
    make_office(org.chair)
    client.login(username="chair", password=PASSWORD)
    url = reverse("community:peer_office")
    refused = client.post(url, {"username": "nobody-here", "about": ""}, follow=True).content.decode()
    assert "No account with that username." in _region(refused, "alert")
    assert "No account with that username." not in _region(refused, "status")
    listed = client.post(url, {"username": "nurse1", "about": ""}, follow=True).content.decode()
    assert "is listed as a peer supporter" in _region(listed, "status")
    assert _region(listed, "alert").strip() == ""


def test_both_kinds_of_message_are_styled():
    from django.contrib.staticfiles import finders

    css = Path(finders.find("upstream/upstream.css")).read_text(encoding="utf-8")
    for tag in ("error", "success"):
        assert re.search(rf"(\.flash )?\.{tag}\b[^{{]*\{{[^}}]*border-left", css), tag
