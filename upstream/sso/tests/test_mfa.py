"""Leaders, the well-being office and operators cannot reach their pages without a second factor."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.contrib.auth.models import Permission
from django.utils import timezone

from conftest import PASSWORD, make_user
from upstream.sso.access import requires_mfa
from upstream.sso.tests.totp import fresh_code

ACTIVATE = "/accounts/2fa/totp/activate/"
AUTHENTICATE = "/accounts/2fa/authenticate/"


@pytest.fixture(autouse=True)
def _require_mfa(settings):
    settings.UPSTREAM_REQUIRE_MFA = True


def password_sign_in(client, username: str):
    return client.post("/accounts/login/", {"login": username, "password": PASSWORD})


def set_up_totp(client) -> str:
    """Scan the QR code (read the secret) and confirm with the app's current code, as a person would."""
    page = client.get(ACTIVATE)
    if page.status_code == 302 and page["Location"].startswith("/accounts/reauthenticate/"):
        # Adding a factor asks a password user to confirm the password first (allauth's default).
        client.post(page["Location"], {"password": PASSWORD})
        page = client.get(ACTIVATE)
    assert page.status_code == 200
    secret = page.context["form"].secret
    assert secret in page.context["totp_url"]
    done = client.post(ACTIVATE, {"code": fresh_code(secret)})
    assert done.status_code == 302, done.content[:400]
    assert done["Location"] == "/accounts/2fa/recovery-codes/"
    return secret


def test_a_leader_cannot_reach_the_inbox_until_totp_is_set_up(client, org):
    assert password_sign_in(client, "leader_a").status_code == 302
    response = client.get("/inbox/")
    assert response.status_code == 302 and response["Location"] == ACTIVATE
    assert client.get("/api/v1/inbox").status_code == 403
    set_up_totp(client)
    assert client.get("/inbox/").status_code == 200


def test_after_set_up_every_sign_in_asks_for_the_code(client, org):
    password_sign_in(client, "leader_a")
    secret = set_up_totp(client)
    client.post("/accounts/logout/")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2), tick=False):
        response = password_sign_in(client, "leader_a")
        assert response["Location"] == AUTHENTICATE
        assert client.get("/inbox/").status_code == 302  # not signed in yet
        assert client.post(AUTHENTICATE, {"code": "000000"}).status_code == 200  # wrong code: form again
        assert "_auth_user_id" not in client.session
        response = client.post(AUTHENTICATE, {"code": fresh_code(secret)})
        assert response.status_code == 302
        assert client.get("/inbox/").status_code == 200


def test_a_recovery_code_signs_in_once(client, org):
    password_sign_in(client, "leader_a")
    set_up_totp(client)
    codes = RecoveryCodes(
        Authenticator.objects.get(user=org.leader, type="recovery_codes")
    ).get_unused_codes()
    assert len(codes) == 10
    client.post("/accounts/logout/")
    password_sign_in(client, "leader_a")
    # The page says the box takes one, and has the focus: a leader without their phone read only
    # "Please enter an authenticator code" and took themselves to be locked out (a new-user walk).
    page = client.get(AUTHENTICATE).content.decode()
    assert "Lost your phone? Type one of the recovery codes" in page
    assert re.search(r'<input[^>]*name="code"[^>]*autofocus', page)
    assert client.post(AUTHENTICATE, {"code": codes[0]}).status_code == 302
    assert client.get("/inbox/").status_code == 200
    client.post("/accounts/logout/")
    password_sign_in(client, "leader_a")
    assert client.post(AUTHENTICATE, {"code": codes[0]}).status_code == 200  # spent
    assert "_auth_user_id" not in client.session


def test_who_must_use_a_second_factor(org, settings):
    operator = make_user("operator")
    operator.is_staff = True
    operator.save()
    office = make_user("office")
    office.user_permissions.add(Permission.objects.get(codename="wellbeing_office"))
    assert requires_mfa(org.leader) and requires_mfa(org.chair) and requires_mfa(operator)
    assert requires_mfa(type(office).objects.get(pk=office.pk))
    assert not requires_mfa(org.reporter)
    settings.UPSTREAM_REQUIRE_MFA = False
    assert not requires_mfa(org.leader)


def test_staff_without_a_role_still_report_without_a_second_factor(client, org):
    password_sign_in(client, "reporter")
    assert client.get("/speak/").status_code in (200, 302)
    assert client.get("/speak/").get("Location", "") != ACTIVATE


def test_recovery_codes_are_shown_right_after_set_up_without_asking_again(client, org):
    password_sign_in(client, "leader_a")
    set_up_totp(client)
    page = client.get("/accounts/2fa/recovery-codes/")
    assert page.status_code == 200
    codes = RecoveryCodes(
        Authenticator.objects.get(user=org.leader, type="recovery_codes")
    ).get_unused_codes()
    assert all(code in page.content.decode() for code in codes)


def test_an_operator_cannot_open_the_admin_without_a_second_factor(client, db):
    operator = make_user("operator")
    operator.is_staff = operator.is_superuser = True
    operator.save(update_fields=["is_staff", "is_superuser"])
    password_sign_in(client, "operator")
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"] == ACTIVATE
    set_up_totp(client)
    assert client.get("/admin/").status_code == 200


def test_a_token_is_held_to_the_same_second_factor_as_the_pages(client, org):
    """The pages' check ran before a token was read, so a leader's token (or an operator's) opened
    the inbox, with concern texts, and the organisation import without any second factor."""
    from upstream.api.tokens import create_token

    leader = {"HTTP_AUTHORIZATION": f"Bearer {create_token(org.leader)}"}
    refused = client.get("/api/v1/inbox", **leader)
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Set up a second factor (an authenticator app or a passkey) first."
    operator = make_user("operator")
    operator.is_superuser = operator.is_staff = True
    operator.save()
    as_operator = {"HTTP_AUTHORIZATION": f"Bearer {create_token(operator)}"}
    assert client.get("/api/v1/audit/reads", **as_operator).status_code == 403
    # Staff need no second factor: their token works as before.
    staff = {"HTTP_AUTHORIZATION": f"Bearer {create_token(org.reporter)}"}
    assert client.get("/api/v1/units", **staff).status_code == 200
    # Once the leader has an authenticator app, the same token opens the inbox.
    Authenticator.objects.create(user=org.leader, type="totp", data={"secret": "x"})
    assert client.get("/api/v1/inbox", **leader).status_code == 200


def test_create_token_says_when_the_token_will_wait_for_a_second_factor(org):
    from io import StringIO

    from django.core.management import call_command

    out, err = StringIO(), StringIO()
    call_command("create_token", "leader_a", stdout=out, stderr=err)
    assert out.getvalue().strip() and "second factor" not in out.getvalue()  # the token alone
    assert "must set up a second factor" in err.getvalue()
    out, err = StringIO(), StringIO()
    call_command("create_token", "reporter", stdout=out, stderr=err)
    assert err.getvalue() == ""


def test_a_leader_who_just_signed_in_sets_up_the_app_without_typing_the_password_again(client, org):
    """Sign-in led straight to "Confirm Access: enter your password" before the authenticator page.
    Within allauth's own window (5 minutes) the sign-in counts; after it, the password is asked."""
    with time_machine.travel(timezone.now(), tick=False) as clock:
        landed = client.post(
            "/accounts/login/", {"login": "leader_a", "password": PASSWORD}, follow=True
        ).redirect_chain
        assert landed[-1][0] == ACTIVATE
        assert client.get(ACTIVATE).status_code == 200
        clock.shift(dt.timedelta(minutes=6))
        later = client.get(ACTIVATE)
        assert later.status_code == 302 and later["Location"].startswith("/accounts/reauthenticate/")


def test_a_leader_who_set_a_password_by_reset_can_set_up_the_second_factor(client, org):
    """An imported leader's first password comes from "Forgot your password?" (import-org.md). Asking
    for the reset leaves an unverified address, and allauth refuses a second factor while one is
    unverified: the leader was held at the set-up page for good."""
    from allauth.account.models import EmailAddress
    from django.core import mail

    client.post("/accounts/password/reset/", {"email": org.leader.email})
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/password/reset/key/" in line)
    form_page = client.get(link[link.index("/accounts/") :].strip(), follow=True)
    assert form_page.status_code == 200
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"password1": "A new one 4 nights", "password2": "A new one 4 nights"},
    )
    assert done.status_code == 302
    assert EmailAddress.objects.filter(user=org.leader, verified=False).count() == 0
    client.post("/accounts/login/", {"login": "leader_a", "password": "A new one 4 nights"})
    assert client.get("/inbox/")["Location"] == ACTIVATE
    page = client.get(ACTIVATE, follow=True)
    assert "until you have verified your email address" not in page.content.decode()
    assert page.context["form"].secret  # the set-up form itself, not a dead end


def test_a_leader_who_opened_the_email_page_can_still_set_up_the_second_factor(client, org, settings):
    """The Email page records the account's address the first time it opens; recorded unverified,
    it made allauth refuse the second factor, and with the factor required the leader could reach
    no page at all (a Spanish-language walk). An address the organisation gave is verified."""
    from allauth.account.models import EmailAddress

    password_sign_in(client, "leader_a")
    assert client.get("/accounts/email/").status_code == 200
    assert EmailAddress.objects.get(user=org.leader).verified
    page = client.get(ACTIVATE, follow=True)
    assert "until you have verified your email address" not in page.content.decode()
    set_up_totp(client)
    assert client.get("/inbox/").status_code == 200

    # With self-signup on, anyone may type anyone's address: allauth's rule stands.
    settings.UPSTREAM_OPEN_SIGNUP = True
    client.force_login(org.other_leader)
    client.get("/accounts/email/")
    assert not EmailAddress.objects.get(user=org.other_leader).verified


def test_an_unverified_address_cannot_take_the_organisation_s_place(client, org):
    """Made primary, an address someone typed took every digest, escalation and reset (an email
    walk). With the organisation's address recorded verified, allauth refuses that."""
    client.force_login(org.reporter)
    client.get("/accounts/email/")
    client.post("/accounts/email/", {"action_add": "", "email": "pat.personal@gmail.example"})
    client.post("/accounts/email/", {"action_primary": "", "email": "pat.personal@gmail.example"})
    org.reporter.refresh_from_db()
    assert org.reporter.email == "reporter@example.org"
