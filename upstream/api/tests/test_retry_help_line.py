"""A retry that gets 409 (the same Idempotency-Key, or a speak-up code used once already) carries the
quiet help line: a writer whose first answer was lost in the network never saw it otherwise. It does
not say whether the first text was flagged, so the answer is the same whatever was written. (A
concern sent again with the same words gets its first answer instead: test_lost_answers.)"""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from upstream.api.tests.test_help_line import auth, post
from upstream.concerns.tests.helpers import released
from upstream.lib.site_url import site_url

CRISIS = "I don't want to wake up tomorrow. Nights on this ward have been too much for months."
ORDINARY = "Handover on our ward runs forty minutes over every night and nobody is paid for it."
ALREADY = "This was already sent. Nothing was sent twice."


def assert_quiet_help_line_only(body: dict) -> None:
    assert set(body) == {"detail", "help_line"}  # no `urgent`, no `crisis_resources`: nothing kept
    assert body["detail"] == ALREADY
    assert body["help_line"]["lines"] and body["help_line"]["url"] == site_url(reverse("community:resources"))


def test_it_handles_a_key_used_for_another_concern_by_answering_the_help_line_again(client, org):
    answers = []
    for index, text in enumerate((CRISIS, ORDINARY)):
        headers = {**auth(org.reporter), "HTTP_IDEMPOTENCY_KEY": f"retry-{index}"}
        first = post(client, "/api/v1/concerns", {"text": text}, **headers)
        assert first.status_code == 201, first.content
        again = post(client, "/api/v1/concerns", {"text": text + " Again."}, **headers)
        assert again.status_code == 409, again.content
        assert_quiet_help_line_only(again.json())
        answers.append(again.json())
    assert answers[0] == answers[1]  # a flagged first text and an ordinary one look the same


def test_it_handles_a_key_used_for_another_reply_by_answering_the_help_line_again(org):
    """(The same words again get the first answer: test_reply_idempotency.)"""
    done = released(unit=org.ward_a)
    answers = []
    for text in (CRISIS, ORDINARY):
        key = {"HTTP_IDEMPOTENCY_KEY": f"reply-{len(text)}"}
        first = post(Client(), "/api/v1/receipts/reply", {"receipt": done.receipt, "text": text}, **key)
        assert first.status_code == 201
        body = {"receipt": done.receipt, "text": text + " Again."}
        again = post(Client(), "/api/v1/receipts/reply", body, **key)
        assert again.status_code == 409, again.content
        assert_quiet_help_line_only(again.json())
        answers.append(again.json())
    assert answers[0] == answers[1]  # a flagged first reply and an ordinary one look the same


def test_a_retried_story_answers_the_help_line_too(client, org):
    client.force_login(org.reporter)
    story = {"title": "Nights", "text": CRISIS, "unit_id": org.medicine.pk, "anonymous": True}
    assert post(client, "/api/v1/community/stories", story, HTTP_IDEMPOTENCY_KEY="s1").status_code == 202
    again = post(client, "/api/v1/community/stories", story, HTTP_IDEMPOTENCY_KEY="s1")
    assert again.status_code == 409
    assert_quiet_help_line_only(again.json())


def test_the_schema_states_the_help_line_on_every_409_to_a_writer(client, db):
    schema = client.get("/api/openapi.json").json()
    out = schema["components"]["schemas"]["AlreadySentOut"]
    assert set(out["properties"]) == {"detail", "help_line"} and "help_line" in out["required"]
    for path in ("/api/v1/concerns", "/api/v1/receipts/reply", "/api/v1/community/stories"):
        answer = schema["paths"][path]["post"]["responses"]["409"]
        assert answer["content"]["application/json"]["schema"]["$ref"].endswith("/AlreadySentOut"), path
