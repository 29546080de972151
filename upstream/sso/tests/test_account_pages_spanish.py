"""The sign-in library's pages speak the product's Spanish: "usted", one name for two-factor
authentication, "llave de acceso" for a passkey, the product's form words (upstream/lib/library_words.py).
Its own catalogue said "Descarga los códigos", "¿Estás seguro...?" and "vete a" (a Spanish-language walk)."""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

import allauth
import django
import pytest
from django.utils import translation

from conftest import PASSWORD
from upstream.lib import library_words
from upstream.sso.tests.test_mfa import password_sign_in, set_up_totp

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}
LIBRARY_CATALOGUES = [
    Path(allauth.__file__).parent / "locale" / "es" / "LC_MESSAGES" / "django.mo",
    Path(django.__file__).parent / "conf" / "locale" / "es" / "LC_MESSAGES" / "django.mo",
]


def _msgids(path: Path) -> set[str]:
    with path.open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)._catalog  # noqa: SLF001 - the msgids themselves
    return {key[0] if isinstance(key, tuple) else key for key in catalogue}


def _listed() -> list[str]:
    tree = ast.parse(Path(library_words.__file__).read_text(encoding="utf-8"))
    calls = [
        node for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    ]
    return [call.args[0].value for call in calls if call.func.id in {"gettext", "ngettext"}]


def test_every_message_listed_is_one_a_library_still_uses():
    known = set().union(*(_msgids(path) for path in LIBRARY_CATALOGUES))
    assert len(_listed()) > 30
    assert not [msgid for msgid in _listed() if msgid not in known]


def test_each_is_said_in_the_product_s_spanish():
    informal = (" tu ", " tus ", "Has ", "puedes", "Estás", "Descarga ", "vete ", "Utiliza ", "Ten ")
    with translation.override("es"):
        said = {msgid: translation.gettext(msgid) for msgid in _listed()}
    assert not [(m, s) for m, s in said.items() if s == m and m != "Passkey"], "untranslated"
    assert not [(m, s) for m, s in said.items() if any(word in f" {s} " for word in informal)]
    assert said["Two-Factor Authentication"] == "Autenticación de dos factores"
    assert said["Security Keys"] == "Llaves de acceso"


@pytest.fixture(autouse=True)
def _require_mfa(settings):
    settings.UPSTREAM_REQUIRE_MFA = True


def test_the_two_factor_pages_read_as_the_rest_of_the_product(client, org):
    password_sign_in(client, "leader_a")
    set_up_totp(client)
    overview = client.get("/accounts/2fa/", **SPANISH).content.decode()
    assert "Autenticación de dos factores" in overview and "doble factor" not in overview
    codes = client.get("/accounts/2fa/recovery-codes/", **SPANISH).content.decode()
    assert "Descargar los códigos" in codes and "Descarga los códigos" not in codes


def test_the_sign_in_form_answers_in_the_product_s_form_words(client, db):
    page = client.post("/accounts/login/", {"login": "", "password": PASSWORD}, **SPANISH).content.decode()
    assert "Rellene este campo." in page and "Este campo es obligatorio" not in page


def test_the_passkey_pages_say_everything_in_spanish(client, org):
    """allauth's list said "Not used." outside its translation tags and its forms labelled the name
    box with Django's untranslated "Name" (a Spanish-language walk)."""
    from allauth.mfa.models import Authenticator

    password_sign_in(client, "leader_a")
    set_up_totp(client)
    add = client.get("/accounts/2fa/webauthn/add/", **SPANISH)
    if add.status_code == 302:  # adding a factor asks for the password again first
        client.post(add["Location"], {"password": PASSWORD})
        add = client.get("/accounts/2fa/webauthn/add/", **SPANISH)
    assert "Nombre de esta llave" in add.content.decode() and ">Name<" not in add.content.decode()
    # A key as the list reads it (registering a real one takes a browser: test_browser_passkey.py).
    credential = {"clientExtensionResults": {"credProps": {"rk": True}}}
    Authenticator.objects.create(
        user=org.leader, type=Authenticator.Type.WEBAUTHN, data={"name": "Portátil", "credential": credential}
    )
    listed = client.get("/accounts/2fa/webauthn/", **SPANISH).content.decode()
    assert "Portátil" in listed and "Aún no se ha usado." in listed and "Not used" not in listed
    assert "Llave de acceso" in listed  # its kind, as a passkey
