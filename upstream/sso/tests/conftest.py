"""A real OIDC provider on 127.0.0.1 for the SSO tests, and helpers to sign in through it."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
import requests

from upstream.sso.config import providers_from_file
from upstream.sso.tests.oidc_idp import TestIdP

IDP_PASSWORD = "idp-password-for-tests"  # noqa: S105 - test identity provider only
CALLBACK = "/accounts/oidc/hospital/login/callback/"


def configure(settings, tmp_path, idp: TestIdP, **extra) -> None:
    """Point Upstream at the test IdP through the same JSON file an operator writes (docs/sso.md)."""
    entry = {
        "id": "hospital",
        "name": "Riverbend Health sign-in",
        "server_url": idp.url,
        "client_id": idp.client.client_id,
        "secret": idp.client.client_secret,
        "email_domains": ["riverbend.example"],
        **extra,
    }
    path = tmp_path / "sso.json"
    path.write_text(json.dumps({"oidc": [entry]}))
    settings.SOCIALACCOUNT_PROVIDERS = providers_from_file(str(path))


@pytest.fixture
def idp(db, settings, tmp_path):
    server = TestIdP([f"http://testserver{CALLBACK}"]).start()
    server.add_user(
        sub="entra-oid-0001",
        password=IDP_PASSWORD,
        email="avery.stone@riverbend.example",
        given_name="Avery",
        family_name="Stone",
        preferred_username="avery.stone@riverbend.example",
    )
    configure(settings, tmp_path, server)
    yield server
    server.stop()


def sso_sign_in(client, idp: TestIdP, username: str, password: str = IDP_PASSWORD):
    """Start at Upstream, sign in at the IdP (real HTTP), come back with the code: the browser's path."""
    start = client.post("/accounts/oidc/hospital/login/")
    assert start.status_code == 302, start.content[:500]
    authorize = start["Location"]
    assert authorize.startswith(idp.url + "/authorize?")
    at_idp = requests.post(
        authorize, data={"username": username, "password": password}, allow_redirects=False, timeout=10
    )
    assert at_idp.status_code == 302, at_idp.text[:500]
    back = urlsplit(at_idp.headers["Location"])
    assert back.path == CALLBACK
    return client.get(f"{back.path}?{back.query}")
