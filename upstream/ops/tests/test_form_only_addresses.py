"""A form-only address opened by GET, and the language switcher after a refused form (walk probe,
stop 38): the switcher sent people to the form's POST-only address, a blank 405 and the browser's own
error page. It now returns to the page the form was sent from, and a GET on such an address is a
page of ours that links to that page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from conftest import PASSWORD
from upstream.concerns.tests.helpers import released


def language_next(page: str) -> str:
    return re.search(r'<input type="hidden" name="next" value="([^"]*)"', page).group(1)


@pytest.fixture
def leader(client, org):
    client.login(username="leader_a", password=PASSWORD)
    return client


def test_after_a_refused_reply_the_language_switch_returns_to_the_concern_page(leader, org):
    concern = released(unit=org.ward_a).concern
    page_url = reverse("concerns:detail", args=[concern.pk])
    form_url = f"/inbox/{concern.pk}/messages"
    refused = leader.post(form_url, {"text": ""}, HTTP_REFERER=f"http://testserver{page_url}?from=inbox")
    assert refused.status_code == 400
    assert language_next(refused.content.decode()) == f"{page_url}?from=inbox"
    # No Referer (a browser that sends none): the page above the form's address.
    bare = leader.post(form_url, {"text": ""})
    assert language_next(bare.content.decode()) == page_url
    # Refused again from its own refusal: the Referer is the form's address; the switch goes there
    # and that GET is sent on to the concern page.
    again = leader.post(form_url, {"text": ""}, HTTP_REFERER=f"http://testserver{form_url}")
    assert language_next(again.content.decode()) == form_url
    onward = leader.get(form_url, HTTP_REFERER=f"http://testserver{form_url}")
    assert onward.status_code == 302 and onward["Location"] == page_url
    # Another site's Referer is never followed.
    elsewhere = leader.post(form_url, {"text": ""}, HTTP_REFERER="https://evil.example/inbox/")
    assert language_next(elsewhere.content.decode()) == page_url
    # And the switch itself lands on the concern page, in Spanish.
    switched = leader.post("/i18n/setlang/", {"language": "es", "next": language_next(bare.content.decode())})
    assert switched.status_code == 302 and switched["Location"] == page_url


def test_a_get_on_a_form_only_address_is_a_page_that_links_to_its_page(leader, org):
    concern = released(unit=org.ward_a).concern
    answer = leader.get(f"/inbox/{concern.pk}/messages")
    assert answer.status_code == 405 and "POST" in answer["Allow"]
    page = answer.content.decode()
    assert "This address takes forms only" in page and "Nothing was sent or changed." in page
    assert f'href="/inbox/{concern.pk}/"' in page
    assert language_next(page) == f"/inbox/{concern.pk}/"  # switching language here goes there too
    # Signed out too: the receipt's reply address leads to the receipt form.
    from django.test import Client

    receipt = Client().get("/receipt/reply")
    assert receipt.status_code == 405 and 'href="/receipt/"' in receipt.content.decode()


def test_the_api_keeps_its_json_answer(client, db):
    answer = client.get("/api/v1/receipts/lookup")
    assert answer.status_code == 405
    assert answer["Content-Type"].startswith("application/json")


def test_a_form_that_posts_to_its_own_page_switches_language_on_that_page(client, org):
    """A refused concern on /speak/ then "Change language" landed on the start page, the words gone
    (re-walk): the page that sent the form is the one to reopen."""
    client.login(username="reporter", password=PASSWORD)
    refused = client.post("/speak/", {"text": "short"}, HTTP_REFERER="http://testserver/speak/")
    assert refused.status_code == 400
    assert language_next(refused.content.decode()) == "/speak/"
