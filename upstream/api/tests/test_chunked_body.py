"""A body sent with `Transfer-Encoding: chunked` is refused with 411, not read as empty.

Found by fuzzing: gunicorn hands Django a chunked body without CONTENT_LENGTH, and Django reads a
body by CONTENT_LENGTH alone, so a valid concern got "payload: Please fill this in." and 10 MB the
same instead of `body_too_large`. The test client builds the request as gunicorn passes it on: the
body in `wsgi.input`, `HTTP_TRANSFER_ENCODING`, no CONTENT_LENGTH.
"""

from __future__ import annotations

import json

from django.test.client import FakePayload

from upstream.api.tokens import create_token
from upstream.concerns.models import Concern
from upstream.intake.models import IntakeEntry

TEXT = "Night staffing on 4 West is too thin to cover breaks."


def auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {create_token(user)}"}


def chunked(client, path: str, body: bytes, **headers):
    environ = {
        "CONTENT_TYPE": "application/json",
        "HTTP_TRANSFER_ENCODING": "chunked",
        "wsgi.input": FakePayload(body),
    }
    return client.generic("POST", path, b"", **environ, **headers)


def _assert_length_required(answer) -> None:
    assert answer.status_code == 411, answer.content
    assert answer["Content-Type"].startswith("application/json")
    [problem] = answer.json()["errors"]
    assert (problem["loc"], problem["type"]) == (["header", "Content-Length"], "length_required")
    assert answer.json()["detail"] == problem["msg"] and "Content-Length" in problem["msg"]


def test_it_handles_a_chunked_concern_with_411_saying_to_send_content_length(client, org):
    answer = chunked(client, "/api/v1/concerns", json.dumps({"text": TEXT}).encode(), **auth(org.reporter))
    _assert_length_required(answer)
    assert not Concern.objects.exists() and not IntakeEntry.objects.exists()


def test_it_handles_a_large_chunked_body_with_the_same_411_without_reading_it(client, org):
    body = json.dumps({"text": "x" * 10_000_000}).encode()
    answer = chunked(client, "/api/v1/concerns", body, **auth(org.reporter))
    _assert_length_required(answer)


def test_it_handles_a_chunked_body_with_no_account_the_same(client, org):
    answer = chunked(client, "/api/v1/receipts/lookup", b'{"receipt": "ABCD-EFGH"}')
    _assert_length_required(answer)


def test_a_body_with_content_length_is_read_as_before(client, org):
    answer = client.post(
        "/api/v1/concerns", {"text": TEXT}, content_type="application/json", **auth(org.reporter)
    )
    assert answer.status_code == 201, answer.content


def test_the_schema_documents_the_411_on_every_operation_with_a_body(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path, operations in paths.items():
        for method, operation in operations.items():
            has_body = "requestBody" in operation
            assert ("411" in operation["responses"]) == has_body, (method, path)
