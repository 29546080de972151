"""Single sign-on through OpenID Connect against a real provider running on 127.0.0.1."""

from __future__ import annotations

import requests
from allauth.socialaccount.models import SocialAccount

from conftest import PASSWORD, make_user
from upstream.org.models import User
from upstream.sso.tests.conftest import sso_sign_in


def signed_in_as(client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def test_a_first_sign_in_creates_the_account_from_the_idp_claims(client, idp):
    response = sso_sign_in(client, idp, "avery.stone@riverbend.example")
    assert response.status_code == 302 and response["Location"] == "/"
    user = signed_in_as(client)
    assert user is not None
    assert user.email == "avery.stone@riverbend.example"
    assert (user.first_name, user.last_name) == ("Avery", "Stone")
    assert user.display_name == "Avery Stone"
    assert not user.has_usable_password()  # the IdP holds the password, never Upstream
    assert SocialAccount.objects.get(user=user).uid == "entra-oid-0001"
    assert idp.sign_ins == 1


def test_an_existing_account_is_matched_by_email_not_duplicated(client, idp):
    existing = make_user("astone")
    existing.email = "Avery.Stone@riverbend.example"
    existing.save(update_fields=["email"])
    response = sso_sign_in(client, idp, "avery.stone@riverbend.example")
    assert response.status_code == 302
    assert signed_in_as(client) == existing
    assert User.objects.filter(email__iexact="avery.stone@riverbend.example").count() == 1
    # Connected: the next sign-in finds the account by the IdP's subject, not by e-mail.
    assert SocialAccount.objects.get(uid="entra-oid-0001").user == existing


def test_a_linked_account_with_a_verified_address_loses_its_local_password_too(client, idp):
    """Found by a hospital-IT walk: allauth removes the password only when the address was
    unverified, so a leader who had set one by a reset (which verifies it) kept it after linking,
    and could sign in with it after IT disabled them at the IdP."""
    from allauth.account.models import EmailAddress

    existing = make_user("astone")
    existing.email = "avery.stone@riverbend.example"
    existing.save(update_fields=["email"])
    EmailAddress.objects.create(user=existing, email=existing.email, verified=True, primary=True)
    assert existing.has_usable_password()
    sso_sign_in(client, idp, "avery.stone@riverbend.example")
    assert signed_in_as(client) == existing
    existing.refresh_from_db()
    assert not existing.has_usable_password()
    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"login": "astone", "password": PASSWORD})
    assert signed_in_as(client) is None


def test_an_idp_that_leaves_out_email_verified_still_matches_its_own_domain(client, idp):
    idp.sends_email_verified = False  # as Microsoft Entra ID does
    existing = make_user("astone")
    existing.email = "avery.stone@riverbend.example"
    existing.save(update_fields=["email"])
    sso_sign_in(client, idp, "avery.stone@riverbend.example")
    assert signed_in_as(client) == existing


def test_a_second_sign_in_uses_the_same_account(client, idp):
    sso_sign_in(client, idp, "avery.stone@riverbend.example")
    first = signed_in_as(client)
    client.post("/accounts/logout/")
    assert signed_in_as(client) is None
    sso_sign_in(client, idp, "avery.stone@riverbend.example")
    assert signed_in_as(client) == first
    assert User.objects.count() == 1


def test_email_from_a_domain_the_idp_does_not_own_is_not_matched(client, idp, settings, tmp_path):
    from upstream.sso.tests.conftest import configure

    configure(settings, tmp_path, idp, email_domains=["elsewhere.example"])
    existing = make_user("astone")
    existing.email = "avery.stone@riverbend.example"
    existing.save(update_fields=["email"])
    sso_sign_in(client, idp, "avery.stone@riverbend.example")
    assert signed_in_as(client) != existing


def test_a_wrong_password_at_the_idp_signs_nobody_in(client, idp):
    start = client.post("/accounts/oidc/hospital/login/")
    login = {"username": "avery.stone@riverbend.example", "password": "wrong"}
    at_idp = requests.post(start["Location"], data=login, timeout=10)
    assert at_idp.status_code == 401
    assert signed_in_as(client) is None


def test_the_sign_in_page_offers_the_provider(client, idp):
    page = client.get("/accounts/login/").content.decode()
    assert "Riverbend Health sign-in" in page


def test_the_password_reset_page_speaks_of_the_hospital_button_only_when_there_is_one(client, idp, settings):
    """It pointed to "the button on the sign-in page" on a site with no single sign-on."""
    words = "If you sign in with your hospital account (the button on the sign-in page)"
    assert words in client.get("/accounts/password/reset/").content.decode()
    settings.SOCIALACCOUNT_PROVIDERS = {}
    assert words not in client.get("/accounts/password/reset/").content.decode()
    assert "Sign in with" not in client.get("/accounts/login/").content.decode()


def test_sso_check_prints_what_to_register_and_reaches_the_provider(idp, settings):
    from io import StringIO

    from django.core.management import call_command

    settings.UPSTREAM_BASE_URL = "https://upstream.riverbend.example"
    out = StringIO()
    call_command("sso_check", stdout=out)
    text = out.getvalue()
    assert "https://upstream.riverbend.example/accounts/oidc/hospital/login/callback/" in text
    assert f"issuer {idp.url}: reachable" in text
