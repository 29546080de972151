"""allauth's forms in Upstream's style: a checkbox inside its label, no colon after a label, a field's
hint and its errors beside it (upstream/templates/allauth/elements/fields.html), the reset link after
the button."""

from __future__ import annotations

import re

from django.test import Client


def _form(client: Client, path: str, data: dict | None = None) -> str:
    response = client.post(path, data) if data is not None else client.get(path)
    html = response.content.decode()
    return html[html.index('<form method="post"') :]


def test_it_handles_the_remember_checkbox_inside_its_own_label(db, client):
    form = _form(client, "/accounts/login/")
    checkbox_in_label = r'<label class="choice" for="id_remember"><input type="checkbox"[^>]*>'
    assert re.search(checkbox_in_label, form)
    # Labels read as words, not "Login:" or "Remember Me:".
    assert '<label for="id_login">Username or email</label>' in form
    assert "> Keep me signed in on this device</label>" in form and "Remember Me" not in form
    assert ":</label>" not in form


def test_it_handles_the_reset_link_after_the_button_not_between_the_fields(db, client):
    """A link between the username and the password took the password's place in the tab order."""
    form = _form(client, "/accounts/login/")
    password, button = form.index('id="id_password"'), form.index('type="submit"')
    assert password < button < form.index('href="/accounts/password/reset/"')
    assert "id_password_helptext" not in form


def test_it_handles_a_wrong_password_with_the_error_on_the_form(db, client):
    form = _form(client, "/accounts/login/", {"login": "nobody", "password": "wrong-guess"})
    assert 'class="errorlist nonfield"' in form
    assert 'value="nobody"' in form


def test_it_handles_other_allauth_forms_in_the_same_style(db, client):
    form = _form(client, "/accounts/password/reset/")
    assert '<label for="id_email">' in form
    assert ":</label>" not in form


def test_it_handles_the_sign_in_field_label_in_spanish_as_a_noun_not_the_heading(db):
    # allauth's own label translates to "Iniciar sesión", the heading's and the button's words.
    form = _form(Client(HTTP_ACCEPT_LANGUAGE="es"), "/accounts/login/")
    label = re.search(r'<label for="id_login">([^<]*)</label>', form).group(1)
    assert label == "Nombre de usuario o correo electrónico"
