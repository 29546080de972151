"""Links in emails use the configured site address (UPSTREAM_BASE_URL), whatever host the request
that caused them came in on."""

from __future__ import annotations

from django.core import mail

from conftest import make_user
from upstream.lib.site_url import site_url

SITE = "https://upstream.riverbend.example"


def test_site_url_rebases_paths_and_foreign_hosts(settings):
    settings.UPSTREAM_BASE_URL = SITE + "/"
    assert site_url("/inbox/") == f"{SITE}/inbox/"
    assert site_url("http://10.0.0.5:8000/accounts/x/?a=1#b") == f"{SITE}/accounts/x/?a=1#b"


def test_the_password_reset_email_links_to_the_configured_site(client, db, settings):
    settings.UPSTREAM_BASE_URL = SITE
    settings.ALLOWED_HOSTS = ["internal.local"]
    make_user("forgetful")
    response = client.post(
        "/accounts/password/reset/", {"email": "forgetful@example.org"}, HTTP_HOST="internal.local"
    )
    assert response.status_code == 302
    body = mail.outbox[0].body
    assert f"{SITE}/accounts/password/reset/key/" in body
    assert "internal.local" not in body


def test_the_deploy_check_warns_when_the_site_address_is_unset(monkeypatch):
    from upstream.ops.checks import base_url_is_configured

    monkeypatch.delenv("UPSTREAM_BASE_URL", raising=False)
    assert [w.id for w in base_url_is_configured(None)] == ["upstream.W001"]
    monkeypatch.setenv("UPSTREAM_BASE_URL", SITE)
    assert base_url_is_configured(None) == []
