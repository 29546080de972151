"""A thank-you sent twice (a double tap, the browser's "resend the form?") is stored once: the form
carries the story form's one-time key, and the API takes an Idempotency-Key as the stories API does.
The second sending says so, on the page and in the API."""

from __future__ import annotations

import re

from django.urls import reverse

from upstream.community.models import Recognition
from upstream.org.models import User

AGAIN = "This was already sent. Nothing was sent twice."
WORDS = "Thanks for taking my admissions when the ED flooded."


def form_from_page(client, colleague: User) -> dict[str, str]:
    page = client.get(reverse("community:thanks")).content.decode()
    key = re.search(r'name="form_key" value="([^"]+)"', page)
    assert key, "the thanks form carries a one-time key"
    return {"recipient": f"p{colleague.pk}", "text": WORDS, "form_key": key.group(1)}


def test_it_handles_a_double_tap_on_the_thanks_page_by_storing_the_thanks_once(org, client):
    client.force_login(org.reporter)
    form = form_from_page(client, User.objects.get(username="nurse1"))
    assert client.post(reverse("community:thanks"), form).status_code == 302
    again = client.post(reverse("community:thanks"), form)
    html = again.content.decode()
    assert again.status_code == 409
    assert AGAIN in html
    assert html.count(WORDS) == 1  # on the feed once, and not typed back into the box
    assert Recognition.objects.count() == 1


def test_a_fresh_thanks_form_after_the_first_sends_a_second_one(org, client):
    client.force_login(org.reporter)
    nurse = User.objects.get(username="nurse1")
    assert client.post(reverse("community:thanks"), form_from_page(client, nurse)).status_code == 302
    assert client.post(reverse("community:thanks"), form_from_page(client, nurse)).status_code == 302
    assert Recognition.objects.count() == 2


def send(client, team_id: int, key: str):
    return client.post(
        "/api/v1/community/thanks",
        {"team_id": team_id, "text": WORDS},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_it_refuses_a_repeated_idempotency_key_on_the_thanks_api(org, client):
    client.force_login(org.reporter)
    assert send(client, org.ward_a.pk, "5f0c3a52-6c1e-4f0e-9a51-0d4c4b1e7a11").status_code == 201
    again = send(client, org.ward_a.pk, "5f0c3a52-6c1e-4f0e-9a51-0d4c4b1e7a11")
    assert again.status_code == 409, again.content
    assert again.json()["detail"] == AGAIN
    assert Recognition.objects.count() == 1
    assert send(client, org.ward_a.pk, "0b6f3c0e-2d7a-4d0c-8a52-6a1f0f7e9b21").status_code == 201
    assert Recognition.objects.count() == 2


def test_the_same_idempotency_key_from_a_colleague_is_their_own(org, client):
    for person in (org.reporter, User.objects.get(username="nurse1")):
        client.force_login(person)
        sent = send(client, org.ward_a.pk, "k1")
        assert sent.status_code == 201, sent.content
    assert Recognition.objects.count() == 2


def test_the_schema_states_the_idempotency_key_and_its_409(org, client):
    operation = client.get("/api/openapi.json").json()["paths"]["/api/v1/community/thanks"]["post"]
    assert "409" in operation["responses"]
    header = [p for p in operation["parameters"] if p["in"] == "header"]
    assert [p["name"] for p in header] == ["Idempotency-Key"]
    assert "409" in header[0]["description"]
