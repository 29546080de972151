"""Signing in through SSO with a second factor, in a real browser, as a leader would."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
import time_machine
from django.utils import timezone

from conftest import make_user
from upstream.ops.tests.browser import DESKTOP, PHONE, shoot
from upstream.org.models import LeaderAssignment, Unit
from upstream.sso.tests.conftest import CALLBACK, IDP_PASSWORD, configure
from upstream.sso.tests.oidc_idp import TestIdP
from upstream.sso.tests.totp import fresh_code

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
EMAIL = "avery.stone@riverbend.example"


@pytest.fixture
def live_idp(live_server, transactional_db, settings, tmp_path):
    server = TestIdP([f"{live_server.url}{CALLBACK}"]).start()
    server.add_user(
        sub="entra-oid-0001",
        password=IDP_PASSWORD,
        email=EMAIL,
        given_name="Avery",
        family_name="Stone",
        preferred_username=EMAIL,
    )
    configure(settings, tmp_path, server)
    settings.UPSTREAM_REQUIRE_MFA = True
    yield server
    server.stop()


def sso(page, base: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_role("button", name="Sign in with Riverbend Health sign-in").click()
    page.get_by_label("Username").fill(EMAIL)
    page.get_by_label("Password").fill(IDP_PASSWORD)
    page.get_by_role("button", name="Sign in at the IdP").click()


def test_a_leader_signs_in_through_sso_and_sets_up_then_uses_a_second_factor(browser, live_server, live_idp):
    base = live_server.url
    ward = Unit.objects.add_root(dict(name="4 West", code="4west", level="unit"))
    leader = make_user("astone")
    leader.email = EMAIL
    leader.save(update_fields=["email"])
    LeaderAssignment.objects.create(user=leader, unit=ward, title="Nurse manager")

    page = browser.new_page(viewport=PHONE)
    sso(page, base)
    page.wait_for_url(re.compile(re.escape(base) + "/"))
    page.goto(f"{base}/inbox/")
    # The leader is held at the second-factor set-up until it is done.
    page.wait_for_url(f"{base}/accounts/2fa/totp/activate/")
    page.get_by_text("Your role needs a second factor").wait_for()
    shoot(page, "mfa-set-up")
    secret = page.locator("#authenticator_secret").inner_text().strip()
    page.locator("input[name=code]").fill(fresh_code(secret))
    page.get_by_role("button", name="Activate").click()
    page.wait_for_url(f"{base}/accounts/2fa/recovery-codes/")  # shown at once, no second code asked
    page.get_by_text("Authenticator app activated").wait_for()
    assert len(re.findall(r"\b\d{8}\b", page.get_by_label("Unused codes").input_value())) == 10
    shoot(page, "mfa-recovery-codes")
    page.goto(f"{base}/inbox/")
    assert page.url == f"{base}/inbox/"

    page.set_viewport_size(DESKTOP)
    page.get_by_role("button", name="Sign out", exact=True).click()  # the header's button
    # Next sign-in, a new code window: SSO at the IdP, then the code at Upstream.
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=35), tick=True):
        sso(page, base)
        page.wait_for_url(f"{base}/accounts/2fa/authenticate/")
        shoot(page, "mfa-code")
        page.locator("input[name=code]").fill(fresh_code(secret))
        page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
        page.wait_for_url(re.compile(re.escape(base) + "/$"))
        page.goto(f"{base}/inbox/")
        assert page.url == f"{base}/inbox/"
