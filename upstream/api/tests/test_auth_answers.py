"""Who gets 401 and who 403: a caller with no session and no valid token is told to sign in."""

from __future__ import annotations

from unittest import mock

import pytest
from django.test import Client
from django.utils.translation import trans_real

SIGN_IN = "Sign in, or send a valid token as 'Authorization: Bearer TOKEN'."
CSRF = "CSRF check failed: send the csrftoken cookie's value in an X-CSRFToken header."


@pytest.mark.parametrize("headers", [{}, {"HTTP_AUTHORIZATION": "Bearer ups_revoked_or_made_up"}])
@pytest.mark.parametrize(
    "path", ["/api/v1/concerns", "/api/v1/actions/1/publish", "/api/v1/tokens", "/api/v1/community/thanks"]
)
def test_it_handles_a_write_without_session_or_valid_token_with_401(db, path, headers):
    """It was 403 "CSRF check Failed": ninja checked CSRF before finding nobody signed in."""
    client = Client(enforce_csrf_checks=True)
    answer = client.post(path, {}, content_type="application/json", **headers)
    assert answer.status_code == 401, answer.content
    assert answer.json() == {"detail": SIGN_IN}
    assert answer["WWW-Authenticate"] == 'Bearer realm="Upstream API"'  # RFC 9110: a 401 names its scheme


def test_a_signed_in_session_still_needs_the_csrf_token(org):
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.reporter)
    body = {"text": "We float to units we were never trained for."}
    refused = client.post("/api/v1/concerns", body, content_type="application/json")
    # Ninja's English "CSRF check Failed" whatever the language; now ours, saying what to send.
    assert refused.status_code == 403 and refused.json() == {"detail": CSRF}
    spanish = "Falta la comprobación CSRF: envíe la cookie csrftoken en X-CSRFToken."
    catalogue = trans_real.translation("es")._catalog._catalogs[0]
    with mock.patch.dict(catalogue, {CSRF: spanish}):
        in_spanish = client.post(
            "/api/v1/concerns", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="es"
        )
    assert in_spanish.json() == {"detail": spanish}
    client.cookies["csrftoken"] = "c" * 32  # the browser sends the cookie's value back in a header
    sent = client.post("/api/v1/concerns", body, content_type="application/json", HTTP_X_CSRFTOKEN="c" * 32)
    assert sent.status_code == 201, sent.content
