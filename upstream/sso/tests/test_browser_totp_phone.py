"""A leader sets up the authenticator app on the phone they carry.

The set-up page showed the secret in a greyed-out box that cut its end off at 390 px and could be
neither selected nor copied; a phone cannot scan its own screen, so a leader with only a phone
could not set up the second factor every leader must have (a new-user walk).
"""

from __future__ import annotations

import os
import re

import pytest

from conftest import Org
from upstream.ops.tests.browser import PHONE, shoot
from upstream.sso.tests.test_browser_passkey import password_sign_in
from upstream.sso.tests.totp import fresh_code

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_the_secret_is_whole_copyable_and_opens_the_app_at_phone_width(
    browser, live_server, transactional_db, settings
):
    settings.UPSTREAM_REQUIRE_MFA = True
    Org()
    base = live_server.url
    page = browser.new_page(viewport=PHONE)
    password_sign_in(page, base)
    page.wait_for_url(f"{base}/accounts/2fa/totp/activate/")
    shown = page.locator("#authenticator_secret")
    secret = shown.inner_text().strip()
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret)
    box = shown.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert shown.evaluate("e => e.scrollWidth <= e.clientWidth")  # nothing cut off inside it
    link = page.get_by_role("link", name="open it in your authenticator app")
    assert link.get_attribute("href").startswith("otpauth://totp/") and secret in link.get_attribute("href")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy secret").click()
    assert page.evaluate("navigator.clipboard.readText()") == secret
    shoot(page, "mfa-totp-phone")
    page.get_by_label(re.compile("code", re.I)).first.fill(fresh_code(secret))
    page.get_by_role("button", name="Activate").click()
    page.wait_for_url(f"{base}/accounts/2fa/recovery-codes/")
