"""Requests on the anonymous paths that are answered before any route matches them leave no line in
the request log either.

Found by an API fuzzer: a chunked body refused with 411, a NUL in the address refused with 400, a
404 under /speak/ or /receipt/ and the second-factor redirect were each logged as
`POST /(unmatched) 411 0ms`, to the second, because the log only knew a request was anonymous from
the route Django matched, and these never reached routing.
"""

from __future__ import annotations

import logging

import pytest
from django.test import Client
from django.test.client import FakePayload

from upstream.api.tokens import create_token


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.DEBUG, logger="upstream.requests")
    return caplog


def request_lines(logs) -> list[str]:
    return [record.getMessage() for record in logs.records if record.name == "upstream.requests"]


def chunked(client: Client, path: str, **headers):
    """As gunicorn passes a chunked body on: in `wsgi.input`, without CONTENT_LENGTH."""
    environ = {
        "CONTENT_TYPE": "application/json",
        "HTTP_TRANSFER_ENCODING": "chunked",
        "wsgi.input": FakePayload(b'{"text": "Nights are short-staffed."}'),
    }
    return client.generic("POST", path, b"", **environ, **headers)


@pytest.mark.parametrize("path", ["/api/v1/concerns", "/api/v1/receipts/lookup", "/api/v1/speakup/concerns"])
def test_it_handles_a_chunked_anonymous_write_refused_with_411_without_a_log_line(client, org, logs, path):
    token = create_token(org.reporter)
    assert chunked(client, path, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 411
    assert request_lines(logs) == []


@pytest.mark.parametrize(
    "address",
    [
        "/speak/?unit=%00",
        "/speak/write/%00",
        "/receipt/?code=%00",
        "/api/v1/receipts/lookup%00",
        "/api/v1/concerns?x=%00",
    ],
)
def test_it_handles_a_nul_in_an_anonymous_address_refused_with_400_without_a_log_line(
    client, org, logs, address
):
    assert client.post(address).status_code == 400
    assert request_lines(logs) == []


@pytest.mark.parametrize(
    ("method", "address"),
    [
        ("get", "/speak/nonexistent"),
        ("post", "/speak/nonexistent"),
        ("get", "/receipt/XXXX"),
        ("get", "/api/v1/receipts/ABCD"),
        ("post", "/api/v1/speakup/nonexistent"),
        ("get", "/surveys/1/nonexistent"),
        ("get", "/SPEAK/"),
    ],
)
def test_it_handles_a_404_under_an_anonymous_address_without_a_log_line(client, db, logs, method, address):
    assert getattr(client, method)(address).status_code == 404
    assert request_lines(logs) == []


def test_it_handles_a_doubled_slash_before_an_anonymous_address_without_a_log_line(client, db, logs):
    # Set as the server passes it on: the test client would read "//speak" as a host name.
    assert client.get("/", PATH_INFO="//speak/nonexistent").status_code == 404
    assert request_lines(logs) == []


def test_it_handles_the_redirect_to_the_speak_up_form_without_a_log_line(client, db, logs):
    # /speak has no route: Django adds the slash with a redirect before any route matches.
    assert client.get("/speak").status_code == 301
    assert request_lines(logs) == []


def test_it_handles_the_second_factor_redirect_on_the_speak_up_form_without_a_log_line(
    client, org, logs, settings
):
    settings.UPSTREAM_REQUIRE_MFA = True
    client.force_login(org.leader)  # a leader without a second factor yet
    assert client.get("/speak/").status_code == 302
    assert client.post("/api/v1/concerns", {}, content_type="application/json").status_code == 403
    assert request_lines(logs) == []
    # A leader's own page is still logged when it is redirected.
    assert client.get("/inbox/").status_code == 302
    assert [line.rsplit(" ", 1)[0] for line in request_lines(logs)] == ["GET /(unmatched) 302"]


def test_it_handles_a_refused_host_header_on_the_speak_up_form_without_a_request_line(client, db, logs):
    assert client.get("/speak/", HTTP_HOST="10.9.8.7").status_code == 400
    assert request_lines(logs) == []


def test_it_still_logs_a_refused_or_unknown_address_that_is_not_anonymous(client, org, logs):
    token = create_token(org.leader)
    assert client.get("/nonexistent").status_code == 404
    assert client.get("/inbox%00/").status_code == 400
    assert chunked(client, "/api/v1/inbox", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 411
    assert client.get("/speakers/").status_code == 404
    assert client.get("/inbox/", HTTP_HOST="10.9.8.7").status_code == 400
    without_duration = [line.rsplit(" ", 1)[0] for line in request_lines(logs)]
    assert without_duration == [
        "GET /(unmatched) 404",
        "GET /(unmatched) 400",
        "POST /(unmatched) 411",
        "GET /(unmatched) 404",
        "GET /(unmatched) 400",
    ]
