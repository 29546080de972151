"""Every sign-in and account page allauth serves opens, for a visitor and for a leader with a second factor.

The passkey list once answered 500: allauth's template loads `humanize`, which was not installed.
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLResolver, get_resolver, reverse

from conftest import PASSWORD
from upstream.sso.tests.test_mfa import password_sign_in, set_up_totp

# Pages that act at once on a GET (sign out) or stream a file are not pages to walk.
NOT_PAGES = {"accounts/logout/", "accounts/2fa/recovery-codes/download/"}


def account_paths() -> list[str]:
    def walk(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    paths = [p for p in walk(get_resolver()) if p.startswith("accounts/")]
    # Only the pages without a key in their address: `^`, `(?P` and `<` mark those that need one.
    return sorted("/" + p for p in paths if not any(c in p for c in "^(<") and p not in NOT_PAGES)


def test_the_walk_covers_the_second_factor_pages():
    assert {"/accounts/2fa/webauthn/", "/accounts/2fa/recovery-codes/", "/accounts/email/"} <= set(
        account_paths()
    )


@pytest.mark.parametrize("path", account_paths())
def test_a_visitor_never_meets_an_error_page(client, org, path):
    assert client.get(path).status_code < 500


@pytest.fixture
def leader_with_totp(client, org, settings):
    settings.UPSTREAM_REQUIRE_MFA = True
    password_sign_in(client, "leader_a")
    set_up_totp(client)
    return client


@pytest.mark.parametrize("path", account_paths())
def test_a_leader_with_a_second_factor_never_meets_an_error_page(leader_with_totp, path):
    response = leader_with_totp.get(path)
    assert response.status_code < 500, path


def test_every_signed_in_page_links_to_the_second_factor_settings(client, org):
    """The footer linked "Change password" and "API tokens" but not the two-factor page, which a
    leader must use and anyone may: a new-user walk never reached /accounts/2fa/."""
    client.login(username="reporter", password=PASSWORD)
    home = client.get("/").content.decode()
    assert f'<a href="{reverse("mfa_index")}">Two-factor authentication</a>' in home
    page = client.get(reverse("mfa_index"))
    assert page.status_code == 200
    # The link and the page it opens carry one name (the walk read two and wondered which was which).
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", page.content.decode(), re.S)
    assert heading and heading.group(1).strip().lower() == "two-factor authentication"
    client.logout()
    assert reverse("mfa_index") not in client.get("/").content.decode()
