"""HEAD gets the GET's headers and no body from Upstream itself.

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
