"""The co-sign page's words for a screen reader and for a newcomer.

"Co-signed. It is counted with the next batch…" was written into a box with no live-region
semantics, so a screen reader said nothing after the co-sign button was pressed. The box now sits
in a region that is always on the page with role="status" (a region that appears together with
its words is often missed). The note under a concern one cannot co-sign here ("You have used your
co-sign for this one, or it waits in the browser where you first opened this page: co-sign there.")
now says what happened and what to do in words a new user follows."""

from __future__ import annotations

import html
import re

from django.urls import reverse

USED = (
    "You have co-signed this one already, or your co-sign waits in the browser where you first opened "
    "this page: if that was another device or browser, open this page there to co-sign."
)


def test_the_co_sign_status_box_is_inside_a_polite_live_region(org, client):
    client.force_login(org.reporter)
    page = client.get(reverse("community:shared"))
    assert page.status_code == 200
    text = page.content.decode()
    region = re.search(r'<div role="status" aria-live="polite"[^>]*>(.*?)</div>', text, re.S)
    assert region, "no live region on the page"
    # The box the script writes "Co-signed…" into is inside it, hidden until then.
    assert re.fullmatch(r'<p class="notice" data-cosign-status hidden></p>', region.group(1))
    assert text.count("data-cosign-status") == 1


def test_the_note_for_a_used_or_elsewhere_co_sign_says_what_to_do(org, client):
    client.force_login(org.reporter)
    text = client.get(reverse("community:shared")).content.decode()
    used = re.search(r'data-msg-used="([^"]*)"', text).group(1)
    assert html.unescape(used) == USED
    assert "co-sign there." not in text
