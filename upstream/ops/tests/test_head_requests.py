"""HEAD gets the GET's headers and no body from Upstream itself, wherever GET is answered.

Django's WSGI handler leaves dropping a HEAD body to the server; gunicorn drops it but logs "WSGI
app sent body bytes on a no-body response" each time, so every `curl -I` or HEAD probe wrote a
warning. The test client drops HEAD bodies by itself, so these go through the WSGI handler.
"""

from __future__ import annotations

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory


def serve(method: str, path: str) -> tuple[str, dict[str, str], bytes]:
    request = getattr(RequestFactory(), method)(path)
    started: dict[str, object] = {}

    def start_response(status, headers, exc_info=None):
        started.update(status=status, headers=dict(headers))

    # As Django's test client does: a real handler closes the database connection at each request's
    # edges, which on PostgreSQL breaks the test's transaction (and /healthz answered 503).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        chunks = WSGIHandler()(request.environ, start_response)
        try:
            body = b"".join(chunks)
        finally:
            getattr(chunks, "close", lambda: None)()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return str(started["status"]), started["headers"], body  # type: ignore[return-value]


@pytest.mark.parametrize("path", ["/healthz", "/", "/api/docs"])
def test_it_handles_head_without_a_body(db, path):
    status, headers, body = serve("head", path)
    got_status, got_headers, got_body = serve("get", path)
    assert status == got_status and status.startswith(("200", "302"))
    assert body == b""
    assert headers.get("Content-Type") == got_headers.get("Content-Type")


def test_a_static_file_answers_head_without_a_body(db):
    status, _headers, body = serve("head", "/static/upstream/upstream.css")
    assert status.startswith("200") and body == b""


@pytest.mark.parametrize("path", ["/api/v1/themes", "/receipt/", "/api/v1/inbox"])
def test_an_address_that_names_its_methods_answers_head_as_its_get(db, path):
    """The API's operations and the pages limited to GET and POST refused HEAD with a 405."""
    status, headers, body = serve("head", path)
    got_status, got_headers, _ = serve("get", path)
    assert status == got_status and not status.startswith("405")
    assert body == b"" and headers.get("Content-Type") == got_headers.get("Content-Type")


def test_a_405_lists_head_wherever_it_lists_get(client, org):
    answer = client.post("/api/v1/themes", {}, content_type="application/json")
    assert answer.status_code == 405
    assert [m.strip() for m in answer["Allow"].split(",")] == ["GET", "HEAD"]
    page = client.put("/receipt/")
    assert page.status_code == 405 and "HEAD" in page["Allow"] and "POST" in page["Allow"]


def test_head_on_an_address_that_takes_only_post_is_still_a_405(client, org):
    answer = client.head("/api/v1/receipts/lookup")
    assert answer.status_code == 405 and answer["Allow"] == "POST"


def test_the_request_log_says_head(client, org, caplog):
    caplog.set_level("INFO", logger="upstream.lib.request_log")
    client.head("/healthz")
    assert any(r.getMessage().startswith("HEAD /healthz") for r in caplog.records)
