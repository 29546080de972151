"""A leader adds a passkey (WebAuthn) instead of an app, with chromium's virtual authenticator."""

from __future__ import annotations

import os
import re

import pytest

from conftest import PASSWORD, Org
from upstream.ops.tests.browser import DESKTOP, shoot

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def password_sign_in(page, base: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label(re.compile("Username|Email|Login", re.I)).first.fill("leader_a")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()


def test_a_passkey_satisfies_the_second_factor_rule(browser, live_server, transactional_db, settings):  # noqa: F811
    settings.UPSTREAM_REQUIRE_MFA = True
    Org()
    base = live_server.url
    page = browser.new_page(viewport=DESKTOP)
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    password_sign_in(page, base)
    # Held at the set-up, with no second request for the password just typed (adapters.py).
    page.wait_for_url(f"{base}/accounts/2fa/totp/activate/")
    page.goto(f"{base}/accounts/2fa/webauthn/add/")
    page.get_by_label(re.compile("Name", re.I)).first.fill("Work laptop")
    shoot(page, "mfa-passkey-add")
    page.locator("#mfa_webauthn_add").click()
    # Wait until the form's own navigation is over (the add page's URL also matches /2fa/), or the
    # next goto races it and is aborted.
    page.wait_for_url(lambda url: "/accounts/2fa/" in url and "/webauthn/add" not in url)
    page.wait_for_load_state("load")
    page.goto(f"{base}/inbox/")
    assert page.url == f"{base}/inbox/"

    page.get_by_role("button", name="Sign out", exact=True).click()
    password_sign_in(page, base)
    page.wait_for_url(f"{base}/accounts/2fa/authenticate/")
    page.get_by_role("button", name=re.compile("security key", re.I)).click()
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/inbox/")
    assert page.url == f"{base}/inbox/"
