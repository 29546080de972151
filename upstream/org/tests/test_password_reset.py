"""The password reset pages say who helps (allauth's said "Please contact us" and named no one)."""

from __future__ import annotations

import re

from django.core import mail
from django.test import Client

from conftest import PASSWORD, make_user

RESET = "/accounts/password/reset/"


def test_the_reset_pages_name_who_helps_and_never_an_unnamed_us(client, db):
    make_user("forgetful")
    page = client.get(RESET).content.decode()
    assert "Ask your hospital&#x27;s IT service desk." in page
    assert "contact us" not in page.lower()
    done = client.post(RESET, {"email": "forgetful@example.org"}, follow=True).content.decode()
    assert len(mail.outbox) == 1
    assert "Check your email" in done and "Ask your hospital&#x27;s IT service desk." in done
    assert "contact us" not in done.lower()


def test_the_helper_is_the_hospitals_own_words_in_every_language(db, settings):
    settings.UPSTREAM_ACCOUNT_HELP = "the IT service desk, extension 4357"
    assert "Ask the IT service desk, extension 4357." in Client().get(RESET).content.decode()
    spanish = Client(HTTP_ACCEPT_LANGUAGE="es").get(RESET).content.decode()
    assert '<html lang="es">' in spanish and "the IT service desk, extension 4357" in spanish
    assert "Restablecer su contraseña" in spanish


def test_an_address_that_is_not_one_is_refused_and_kept(client, db):
    page = client.post(RESET, {"email": "forgetful at example"}).content.decode()
    assert 'value="forgetful at example"' in page
    assert not mail.outbox


def test_the_mail_to_an_unknown_address_names_who_helps_not_a_closed_sign_up(client, db, settings):
    """allauth's mail said "sign up for an account using the link below", to a page that says
    "Sign Up Closed": hospitals make the accounts."""
    settings.UPSTREAM_ACCOUNT_HELP = "the IT service desk, extension 4357"
    client.post(RESET, {"email": "nobody@example.org"})
    [sent] = mail.outbox
    assert "Ask the IT service desk, extension 4357." in sent.body
    assert "sign up" not in sent.body.lower() and "/accounts/signup/" not in sent.body


def test_a_signed_in_person_finds_the_password_change_page_from_any_page(client, db):
    """It was reachable only by typing /accounts/password/change/."""
    make_user("settled")
    assert client.login(username="settled", password=PASSWORD)
    page = client.get("/community/resources/").content.decode()
    assert 'href="/accounts/password/change/"' in page
    change = client.get("/accounts/password/change/")
    assert change.status_code == 200
    # In sentence case, as every other page (allauth's said "Change Password", "New Password").
    text = change.content.decode()
    assert "<h1>Change your password</h1>" in text and "Current password" in text and "New password" in text
    assert "Password" not in text.replace("password", "")
    assert (
        client.post(
            "/accounts/password/change/",
            {
                "oldpassword": PASSWORD,
                "password1": "a-new-long-pass-phrase",
                "password2": "a-new-long-pass-phrase",
            },
        ).status_code
        == 302
    )
    assert client.login(username="settled", password="a-new-long-pass-phrase")


def test_the_sign_in_box_asks_password_managers_for_the_username(client, db):
    page = client.get("/accounts/login/").content.decode()
    assert re.search(r'<input[^>]*name="login"[^>]*autocomplete="username"', page) or re.search(
        r'<input[^>]*autocomplete="username"[^>]*name="login"', page
    )
