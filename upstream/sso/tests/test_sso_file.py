"""The sign-on file refuses what it would otherwise misread, naming the entry and the key.

An install walk found a typo ("emial_domains") accepted without a word: the domain list was empty,
so no existing account was matched by e-mail and each first sign-in made a new account without its
imported roles; and "create_accounts": "false", a string, read as true.
"""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from upstream.sso.config import providers_from_file

ENTRY = {
    "id": "entra",
    "name": "Riverbend Health (Microsoft)",
    "server_url": "https://login.example.org/v2.0",
    "client_id": "client",
    "secret": "secret",
    "email_domains": ["riverbend.org"],
}


def _read(tmp_path, data) -> dict:
    path = tmp_path / "sso.json"
    path.write_text(json.dumps(data))
    return providers_from_file(str(path))


def test_the_documented_file_is_read(tmp_path):
    apps = _read(tmp_path, {"oidc": [{**ENTRY, "create_accounts": False}]})["openid_connect"]["APPS"]
    assert apps[0]["settings"]["verified_email"] == ["riverbend.org"]
    assert apps[0]["settings"]["create_accounts"] is False


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {
                "oidc": [
                    {**{k: v for k, v in ENTRY.items() if k != "email_domains"}, "emial_domains": ["r.org"]}
                ]
            },
            "oidc entry 'entra' has unknown key(s) 'emial_domains'",
        ),
        ({"oidc": [{**ENTRY, "create_accounts": "false"}]}, "'create_accounts' must be true or false"),
        ({"oidc": [{**ENTRY, "email_domains": "riverbend.org"}]}, '"email_domains" is a list of domains'),
        ({"oicd": [ENTRY]}, 'expected an object with "oidc" and/or "saml" lists'),
        (
            {"saml": [{"id": "adfs", "name": "ADFS", "idp": {}, "server_url": "x"}]},
            "unknown key(s) 'server_url'",
        ),
        # Found by a hospital-IT walk: the OIDC provider vanished, and a callback address had a space.
        (
            {"oidc": [ENTRY], "saml": [{"id": ENTRY["id"], "name": "ADFS", "idp": {"entity_id": "x"}}]},
            f"the id {ENTRY['id']!r} is used twice",
        ),
        ({"oidc": [{**ENTRY, "id": "my idp/1"}]}, "the id 'my idp/1' must be letters, digits, - or _"),
    ],
)
def test_a_misread_file_is_refused_with_the_key_named(tmp_path, data, message):
    with pytest.raises(ImproperlyConfigured) as refused:
        _read(tmp_path, data)
    assert message in str(refused.value)


def test_sso_check_reads_the_saml_metadata_and_the_files_permissions(tmp_path, settings, monkeypatch):
    """The SP metadata page reads the IdP's metadata URL; unreachable, that page was a server error
    and sso-check said nothing. And the file holds secrets: readable by others, it says so."""
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    entry = {
        "id": "adfs",
        "name": "ADFS",
        "idp": {"entity_id": "http://adfs.example/trust", "metadata_url": "http://127.0.0.1:9/metadata.xml"},
    }
    path = tmp_path / "sso.json"
    path.write_text(json.dumps({"saml": [entry]}))
    path.chmod(0o644)
    monkeypatch.setenv("UPSTREAM_SSO_FILE", str(path))
    settings.SOCIALACCOUNT_PROVIDERS = providers_from_file(str(path))
    out = StringIO()
    with pytest.raises(CommandError, match="1 provider could not be reached"):
        call_command("sso_check", stdout=out)
    # In words an operator can act on, not three lines of connection-pool internals.
    assert "cannot read http://127.0.0.1:9/metadata.xml: the connection was refused" in out.getvalue()
    assert "HTTPConnectionPool" not in out.getvalue()
    assert "can be read by other accounts on this machine (mode 0o644)" in out.getvalue()
    path.chmod(0o600)
    out = StringIO()
    call_command("sso_check", "--offline", stdout=out)
    assert "other accounts" not in out.getvalue() and "cannot read" not in out.getvalue()


def test_upstream_names_a_bad_file_in_one_line_without_a_traceback(tmp_path):
    """`upstream serve` with a bad file showed `KeyError: 'serve'` first, the cause at the very end."""
    from upstream.ops.tests.cli import run_upstream

    path = tmp_path / "sso.json"
    path.write_text(json.dumps({"oidc": [{**ENTRY, "emial_domains": ["r.org"]}]}))
    path.chmod(0o600)
    done = run_upstream(tmp_path, "check", "--system-only", UPSTREAM_SSO_FILE=str(path))
    assert done.returncode == 2
    assert done.stderr.startswith("upstream: UPSTREAM_SSO_FILE: oidc entry 'entra' has unknown key(s)")
    assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("providers", "address"),
    [
        (
            {
                "saml": [
                    {
                        "id": "adfs",
                        "name": "Riverbend ADFS",
                        "idp": {"entity_id": "x", "metadata_url": "http://127.0.0.1:9/m.xml"},
                    }
                ]
            },
            "/accounts/saml/adfs/metadata/",
        ),
        ({"oidc": [{**ENTRY, "server_url": "http://127.0.0.1:9/v2.0"}]}, "/accounts/oidc/entra/login/"),
    ],
)
def test_an_identity_provider_that_does_not_answer_gets_a_page_that_says_so(
    tmp_path, settings, db, providers, address
):
    """Found by a hospital-IT walk: the SAML metadata page IT gives the IdP, and the sign-in button,
    were a bare "Something went wrong on our side" while the IdP could not be reached."""
    from django.test import Client

    settings.SOCIALACCOUNT_PROVIDERS = _read(tmp_path, providers)
    client = Client(raise_request_exception=False)
    response = client.post(address) if "login" in address else client.get(address)
    assert response.status_code == 502, response.content[:300]
    body = response.content.decode()
    assert "Single sign-on is not answering" in body
    name = (providers.get("saml") or providers.get("oidc"))[0]["name"]
    assert name in body and "127.0.0.1" not in body


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (
            "HTTPSConnectionPool(host='login.example.invalid', port=443): Max retries exceeded "
            "(Caused by NameResolutionError(\"Failed to resolve 'login.example.invalid'\"))",
            "its host name does not resolve (DNS)",
        ),
        (
            "HTTPConnectionPool(host='127.0.0.1', port=9): [Errno 111] Connection refused",
            "the connection was refused",
        ),
    ],
)
def test_sso_check_says_why_a_provider_cannot_be_read_in_a_few_words(error, words):
    """Found by an install walk: an unreachable provider printed requests' whole message."""
    import requests

    from upstream.sso.management.commands.sso_check import why

    assert why(requests.ConnectionError(error)) == words
    assert why(requests.ReadTimeout("read timed out")) == "no answer within 10 seconds (ReadTimeout)"
