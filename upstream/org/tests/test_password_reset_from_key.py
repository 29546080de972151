"""The page the emailed reset link opens: a plain form to choose a new password, a confirmation that
leads to sign-in, and, for a used or expired link, plain words and who helps (allauth's said "Bad Token")."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.core import mail

from conftest import PASSWORD, make_user

RESET = "/accounts/password/reset/"
NEW_PASSWORD = "a-brand-new-river-stone"  # noqa: S105 - test account only
HELP = "the IT service desk, extension 4357"


def _emailed_link(client) -> str:
    client.post(RESET, {"email": "forgetful@example.org"})
    assert len(mail.outbox) == 1
    found = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", mail.outbox[0].body)
    assert found, mail.outbox[0].body
    return urlsplit(found.group(0)).path


def test_the_emailed_link_sets_a_new_password_once_and_then_says_so_plainly(client, db, settings):
    settings.UPSTREAM_ACCOUNT_HELP = HELP
    user = make_user("forgetful")
    link = _emailed_link(client)

    form = client.get(link, follow=True)
    page = form.content.decode()
    action = form.redirect_chain[-1][0]  # allauth moves the key out of the address (no Referer leak)
    assert action.endswith("-set-password/")
    assert "<h1>Choose a new password</h1>" in page
    assert f'action="{action}"' in page and 'name="csrfmiddlewaretoken"' in page
    for name in ("password1", "password2"):
        assert f'<label for="id_{name}">' in page
        assert re.search(rf'<input[^>]*autocomplete="new-password"[^>]*id="id_{name}"', page)
    # The rules are a <ul>: inside a <p> the browser would split them off the id aria-describedby names.
    assert '<div class="hint" id="id_password1_helptext"><ul>' in page
    assert "Bad Token" not in page and "Change Password" not in page

    mismatch = client.post(action, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"})
    assert mismatch.status_code == 200
    assert "You must type the same password each time." in mismatch.content.decode()

    done = client.post(action, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, follow=True)
    done_page = done.content.decode()
    assert done.redirect_chain[-1][0] == "/accounts/password/reset/key/done/"
    assert "<h1>Password changed</h1>" in done_page
    assert 'href="/accounts/login/"' in done_page and f"Tell {HELP} now." in done_page

    assert not client.login(username="forgetful", password=PASSWORD)
    signed_in = client.post("/accounts/login/", {"login": "forgetful", "password": NEW_PASSWORD})
    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    client.logout()

    again = client.get(link, follow=True).content.decode()
    assert "This link has already been used or has expired." in again
    assert f'href="{RESET}"' in again
    assert f"Trouble resetting it? Ask {HELP}." in again
    assert "Bad Token" not in again and 'name="password1"' not in again


def test_a_mangled_link_gets_the_same_plain_words(client, db):
    make_user("forgetful")
    page = client.get("/accounts/password/reset/key/1-not-a-real-key/").content.decode()
    assert "This link has already been used or has expired." in page
    assert "Trouble resetting it? Ask your hospital&#x27;s IT service desk." in page
