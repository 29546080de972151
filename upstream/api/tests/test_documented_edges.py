"""What docs/api.md says about a few edges, checked: the daily concern limit's 429, a missing
upload's `loc`, a method an address does not take, and a key sent twice in a JSON body."""

from __future__ import annotations

import json

from upstream.api.tokens import create_token
from upstream.intake.models import IntakeEntry

TEXT = "The lifts are broken again on the east side of the hospital."


def auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {create_token(user)}"}


def test_it_handles_the_eleventh_concern_in_a_day_with_429_and_retry_after(client, org):
    headers = auth(org.reporter)

    def send():
        return client.post("/api/v1/concerns", {"text": TEXT}, content_type="application/json", **headers)

    assert [send().status_code for _ in range(10)] == [201] * 10
    eleventh = send()
    assert eleventh.status_code == 429
    assert 0 < int(eleventh["Retry-After"]) <= 24 * 3600
    assert IntakeEntry.objects.count() == 10


def test_it_handles_a_missing_upload_at_its_place_in_the_form(client, org):
    answer = client.post("/api/v1/org/import", {"dry_run": "true"}, **auth(org.leader))
    assert answer.status_code == 400, answer.content
    [problem] = answer.json()["errors"]
    assert (problem["loc"], problem["type"]) == (["form", "file"], "missing")
    assert answer.json()["detail"].startswith("Invalid request. file: ")


def test_it_handles_a_method_the_address_does_not_take_with_405_before_asking_who_calls(client):
    answer = client.patch("/api/v1/inbox")
    assert answer.status_code == 405
    assert "GET" in answer["Allow"] and answer.json()["detail"]


def test_a_key_sent_twice_in_a_json_body_counts_as_its_last_value(client, org):
    body = '{"text": "short", "text": ' + json.dumps(TEXT) + "}"
    answer = client.post("/api/v1/concerns", body, content_type="application/json", **auth(org.reporter))
    assert answer.status_code == 201, answer.content
    reversed_body = '{"text": ' + json.dumps(TEXT) + ', "text": "short"}'
    refused = client.post(
        "/api/v1/concerns", reversed_body, content_type="application/json", **auth(org.reporter)
    )
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["loc"] == ["body", "payload", "text"]
    assert IntakeEntry.objects.count() == 1  # the first: only the reversed one was refused
