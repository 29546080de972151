"""Edited addresses and forms on the community pages get an answer, never a server error.

Found by fuzzing the pages on PostgreSQL: the thanks feed read `?unit=` straight into a query
(`?unit=abc` was a 500 on every database; a NUL in any address is refused before the view,
see upstream/api/tests/test_null_in_address.py), and the office's supporter form read the
username and the note straight from the POST (a NUL in the username is a 500 on PostgreSQL, which
refuses it in a query; a note the service refused was a 500 everywhere, and lost what was typed).
"""

from __future__ import annotations

import pytest

from upstream.community.models import PeerSupporter
from upstream.community.services.recognition import thank
from upstream.community.tests.factories import make_office
from upstream.community.tests.page_boxes import box, error_at

OFFICE = "/community/peer/office"


@pytest.mark.parametrize("value", ["abc", "-1", "\ufffd", "1.5"])
def test_it_handles_a_unit_in_the_thanks_address_that_is_not_a_number(org, client, value):
    thank(org.reporter, text="Thanks for covering my break", team=org.ward_a)
    client.force_login(org.reporter)
    page = client.get("/community/thanks/", {"unit": value})
    assert page.status_code == 200
    assert "Thanks for covering my break" in page.content.decode()  # every unit of yours, as with none


def test_it_handles_a_null_character_in_the_supporters_username(org, client):
    client.force_login(make_office(org.other_leader))
    page = client.post(OFFICE, {"username": "nurse6\x00", "about": "Trained in March"})
    assert page.status_code == 400
    html = page.content.decode()
    assert "null character" in error_at(html, "id_username")
    assert 'value="Trained in March"' in box(html, "about")
    assert not PeerSupporter.objects.exists()


@pytest.mark.parametrize("about", ["Trained\x00 in March", "Trained\x07 in March", "x" * 301])
def test_it_handles_a_note_about_the_supporter_it_cannot_store_and_keeps_what_was_typed(org, client, about):
    client.force_login(make_office(org.other_leader))
    page = client.post(OFFICE, {"username": "nurse6", "about": about})
    assert page.status_code == 400
    html = page.content.decode()
    assert error_at(html, "id_about").strip()
    assert 'value="nurse6"' in box(html, "username")
    assert not PeerSupporter.objects.exists()


def test_it_refuses_an_unknown_username_at_its_box_and_keeps_the_note(org, client):
    """It was a flash message after a redirect: the note typed was gone."""
    client.force_login(make_office(org.other_leader))
    page = client.post(OFFICE, {"username": "nobody", "about": "Trained in March"})
    assert page.status_code == 400
    html = page.content.decode()
    assert "No active account has that name, username or email." in error_at(html, "id_username")
    assert 'value="nobody"' in box(html, "username")
    assert 'value="Trained in March"' in box(html, "about")
    assert not PeerSupporter.objects.exists()


def test_it_still_lists_a_supporter(org, client):
    client.force_login(make_office(org.other_leader))
    listed = client.post(OFFICE, {"username": "nurse6", "about": "Trained in March"}, follow=True)
    assert "is listed as a peer supporter" in listed.content.decode()
    assert PeerSupporter.objects.get().about == "Trained in March"
