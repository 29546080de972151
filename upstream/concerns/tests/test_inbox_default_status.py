"""The inbox opens on the open concerns: a leader's first page is what is left to answer.

It listed every status, closed concerns after the open ones, and counted them all ("132 concerns"
for ten to answer); "All, closed too" lists them again, and every link that keeps filters keeps it.
"""

from __future__ import annotations

import html
import re

from django.urls import reverse

from conftest import PASSWORD
from upstream.concerns.models import Concern, Status
from upstream.concerns.tests.helpers import released

ROW = re.compile(r'<a class="row" href="/inbox/([0-9a-f-]{36})/"')
SELECTED = re.compile(r'<select name="status">.*?<option value="([^"]*)" selected>', re.S)


def listed(client, query: dict | None = None) -> tuple[set[str], str]:
    response = client.get(reverse("concerns:inbox"), query or {})
    assert response.status_code == 200
    page = response.content.decode()
    return set(ROW.findall(page)), page


def test_the_inbox_opens_on_open_concerns_and_lists_closed_ones_on_asking(client, org):
    open_one = released(unit=org.ward_a).concern
    closed = released("Handover runs an hour late every evening shift.", unit=org.ward_a).concern
    Concern.objects.filter(pk=closed.pk).update(status=Status.CLOSED)
    client.login(username="leader_a", password=PASSWORD)

    rows, page = listed(client)
    assert rows == {str(open_one.pk)}
    assert SELECTED.search(page).group(1) == "open"
    assert "1 concern<" in page

    rows, page = listed(client, {"status": "all"})
    assert rows == {str(open_one.pk), str(closed.pk)}
    assert SELECTED.search(page).group(1) == "all"
    assert "2 concerns<" in page
    # A link from before the default, whose empty status meant every status, still means it.
    rows, page = listed(client, {"status": ""})
    assert rows == {str(open_one.pk), str(closed.pk)} and SELECTED.search(page).group(1) == "all"


def test_an_empty_open_inbox_offers_the_closed_concerns(client, org):
    closed = released(unit=org.ward_a).concern
    Concern.objects.filter(pk=closed.pk).update(status=Status.CLOSED)
    client.login(username="leader_a", password=PASSWORD)
    rows, page = listed(client)
    assert rows == set()
    link = re.search(r'<a href="\?([^"]*)">Show closed concerns too</a>', page)
    assert link is not None
    rows, _ = listed(client, dict(pair.split("=", 1) for pair in html.unescape(link.group(1)).split("&")))
    assert rows == {str(closed.pk)}


def test_a_status_the_inbox_does_not_have_lists_every_status_and_keeps_it_in_its_links(
    client, org, monkeypatch
):
    from upstream.concerns import access

    monkeypatch.setattr(access, "PAGE_SIZE", 1)
    for _ in range(2):
        released(unit=org.ward_a)
    client.login(username="leader_a", password=PASSWORD)
    response = client.get(reverse("concerns:inbox"), {"status": "pending"}, follow=True)
    page = response.content.decode()
    assert "so every status is listed" in page
    assert SELECTED.search(page).group(1) == "all"
    # The next page lists every status too, not the page's default.
    assert re.search(r'rel="next" href="\?status=all&amp;after=', page)


def test_the_theme_filter_finds_the_concerns_the_model_placed_under_no_theme(client, org):
    """The dashboard counts "Theme unclear" concerns; the inbox's theme filter had no way to list
    them (an officer's walk)."""
    from upstream.api.tests.test_endpoints import auth
    from upstream.themes.models import ConcernTheme

    themed = released(unit=org.ward_a).concern
    unclear = released("Nothing anyone could file under a theme, really.", unit=org.ward_a).concern
    ConcernTheme.objects.filter(concern=unclear).delete()
    Concern.objects.filter(pk=unclear.pk).update(main_theme=None)
    assert Concern.objects.get(pk=themed.pk).main_theme_id is not None
    client.login(username="leader_a", password=PASSWORD)
    rows, page = listed(client, {"theme": "unclear"})
    assert rows == {str(unclear.pk)}
    assert '<option value="unclear" selected>Theme unclear</option>' in page
    body = client.get("/api/v1/inbox", {"theme": "unclear"}, **auth(org.leader)).json()
    assert [row["id"] for row in body["items"]] == [str(unclear.pk)]
