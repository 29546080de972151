"""Single sign-on through SAML 2.0 against pysaml2's IdP running on 127.0.0.1."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount

from conftest import make_user
from upstream.org.models import User
from upstream.sso.config import providers_from_file
from upstream.sso.tests.saml_idp import TestSamlIdP, form_fields, xmlsec_binary

pytestmark = pytest.mark.skipif(
    not xmlsec_binary(), reason="pysaml2's IdP needs xmlsec1 (apt-get install xmlsec1)"
)
PASSWORD = "saml-idp-password"  # noqa: S105 - test identity provider only
UPN = "jordan.lee@riverbend.example"


@pytest.fixture
def saml_idp(db, client, settings, tmp_path):
    server = TestSamlIdP()
    server.add_user(
        UPN, PASSWORD, upn=UPN, email="Jordan.Lee@riverbend.example", given_name="Jordan", family_name="Lee"
    )
    entry = {
        "id": "adfs",
        "name": "Riverbend Health (ADFS)",
        "idp": {"entity_id": server.entity_id, "sso_url": server.sso_url, "x509cert": server.cert},
        "email_domains": ["riverbend.example"],
    }
    path = tmp_path / "sso.json"
    path.write_text(json.dumps({"saml": [entry]}))
    settings.SOCIALACCOUNT_PROVIDERS = providers_from_file(str(path))
    client.defaults["HTTP_HOST"] = "localhost"  # python3-saml refuses dotless hosts such as "testserver"
    metadata = client.get("/accounts/saml/adfs/metadata/")
    assert metadata.status_code == 200
    server.start(metadata.content.decode())
    yield server
    server.stop()


def saml_sign_in(client, idp: TestSamlIdP, username: str = UPN, password: str = PASSWORD):
    start = client.post("/accounts/saml/adfs/login/", {"process": "login"})
    assert start.status_code == 302, start.content[:300]
    assert start["Location"].startswith(idp.sso_url + "?SAMLRequest=")
    page = requests.post(start["Location"], data={"username": username, "password": password}, timeout=20)
    assert page.status_code == 200, page.text[:300]
    action, fields = form_fields(page.text)
    assert urlsplit(action).path == "/accounts/saml/adfs/acs/"
    response = client.post("/accounts/saml/adfs/acs/", fields)
    while response.status_code == 302 and response["Location"].startswith("/accounts/saml/"):
        response = client.get(response["Location"])
    return response


def test_a_first_saml_sign_in_creates_the_account_from_the_attributes(client, saml_idp):
    response = saml_sign_in(client, saml_idp)
    assert response.status_code == 302, response.content[:600]
    user = User.objects.get(pk=client.session["_auth_user_id"])
    assert (user.first_name, user.last_name) == ("Jordan", "Lee")
    assert user.email.lower() == "jordan.lee@riverbend.example"
    assert SocialAccount.objects.get(user=user).uid == UPN


def test_an_existing_account_is_matched_by_the_email_attribute(client, saml_idp):
    existing = make_user("jlee")
    existing.email = "jordan.lee@riverbend.example"
    existing.save(update_fields=["email"])
    saml_sign_in(client, saml_idp)
    assert client.session["_auth_user_id"] == str(existing.pk)


def test_a_tampered_response_signs_nobody_in(client, saml_idp):
    import base64

    start = client.post("/accounts/saml/adfs/login/", {"process": "login"})
    page = requests.post(start["Location"], data={"username": UPN, "password": PASSWORD}, timeout=20)
    _action, fields = form_fields(page.text)
    xml = base64.b64decode(fields["SAMLResponse"]).replace(b"Jordan", b"Mallory")
    fields["SAMLResponse"] = base64.b64encode(xml).decode()
    response = client.post("/accounts/saml/adfs/acs/", fields)
    while response.status_code == 302 and response["Location"].startswith("/accounts/saml/"):
        response = client.get(response["Location"])
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(first_name="Mallory").exists()


def test_saml_sign_ins_write_only_the_day_and_nothing_the_second_time(client, saml_idp):
    from django.test import Client

    from upstream.privacy.tests.test_anonymity import dump, written
    from upstream.sso.tests.test_no_exact_times import times_finer_than_a_day

    before = dump()
    saml_sign_in(client, saml_idp)
    first = written(before, dump())
    assert times_finer_than_a_day(first) == []
    again = Client(HTTP_HOST="localhost")
    before = dump()
    saml_sign_in(again, saml_idp)
    assert "_auth_user_id" in again.session
    assert written(before, dump()) == {}
