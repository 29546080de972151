"""A real SAML 2.0 identity provider for the tests: pysaml2's IdP `Server` behind a sign-in form.

It runs in a thread on 127.0.0.1 only, signs its assertions with its own key (pysaml2 calls Debian's
`xmlsec1`), takes AuthnRequests by HTTP-Redirect and answers by HTTP-POST, with the claim URIs ADFS
and Entra ID send.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import tempfile
import threading
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from flask import Flask, request
from werkzeug.serving import make_server

CLAIMS = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims"


def xmlsec_binary() -> str | None:
    return shutil.which("xmlsec1")


def _key_and_cert(directory: Path) -> tuple[Path, Path, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test-idp.127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_file, cert_file = directory / "idp.key", directory / "idp.crt"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    pem = cert.public_bytes(serialization.Encoding.PEM).decode()
    cert_file.write_text(pem)
    body = "".join(line for line in pem.splitlines() if "CERTIFICATE" not in line)
    return key_file, cert_file, body


class TestSamlIdP:
    """`TestSamlIdP()`, point Upstream at `.entity_id`/`.sso_url`/`.cert`, then `.start(sp_metadata)`."""

    def __init__(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="saml-idp-"))
        self.key_file, self.cert_file, self.cert = _key_and_cert(self.directory)
        self.users: dict[str, dict] = {}
        self.server = make_server("127.0.0.1", 0, self._app(), threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.entity_id = f"{self.url}/metadata"
        self.sso_url = f"{self.url}/sso"
        self.idp = None
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def add_user(self, username: str, password: str, **attributes: str) -> None:
        self.users[username] = {"password": password, "attributes": attributes}

    def start(self, sp_metadata: str) -> TestSamlIdP:
        from saml2 import BINDING_HTTP_REDIRECT
        from saml2.config import IdPConfig
        from saml2.saml import NAME_FORMAT_URI
        from saml2.server import Server

        config = IdPConfig()
        config.load(
            {
                "entityid": self.entity_id,
                "service": {
                    "idp": {
                        "endpoints": {"single_sign_on_service": [(self.sso_url, BINDING_HTTP_REDIRECT)]},
                        "policy": {
                            "default": {
                                "lifetime": {"minutes": 5},
                                "attribute_restrictions": None,
                                "name_form": NAME_FORMAT_URI,
                            }
                        },
                        "sign_assertion": True,
                        "sign_response": True,
                        "signing_algorithm": "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
                        "digest_algorithm": "http://www.w3.org/2001/04/xmlenc#sha256",
                    }
                },
                "key_file": str(self.key_file),
                "cert_file": str(self.cert_file),
                "metadata": {"inline": [sp_metadata]},
                "xmlsec_binary": xmlsec_binary(),
                "allow_unknown_attributes": True,
            }
        )
        self.idp = Server(config=config)
        self.thread.start()
        return self

    def stop(self) -> None:
        if self.thread.is_alive():
            self.server.shutdown()
            self.thread.join(timeout=5)
        shutil.rmtree(self.directory, ignore_errors=True)

    def _app(self) -> Flask:
        app = Flask("test-saml-idp")
        idp = self

        @app.route("/sso", methods=["GET", "POST"])
        def sso():
            if request.method == "GET":
                return (
                    "<!doctype html><title>Test SAML IdP</title><h1>Test SAML identity provider</h1>"
                    '<form method="post"><label>Username <input name="username"></label>'
                    '<label>Password <input name="password" type="password"></label>'
                    "<button>Sign in at the IdP</button></form>"
                )
            return idp.answer(
                request.args["SAMLRequest"],
                request.args.get("RelayState", ""),
                request.form.get("username", ""),
                request.form.get("password", ""),
            )

        return app

    def answer(self, saml_request: str, relay_state: str, username: str, password: str):
        """The HTML page that posts the signed response back to Upstream (what a browser gets)."""
        from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
        from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID

        user = self.users.get(username)
        if user is None or user["password"] != password:
            return "wrong username or password", 401
        parsed = self.idp.parse_authn_request(saml_request, BINDING_HTTP_REDIRECT)
        message = parsed.message
        binding_out, destination = self.idp.pick_binding(
            "assertion_consumer_service", bindings=[BINDING_HTTP_POST], entity_id=message.issuer.text
        )
        attributes = user["attributes"]
        identity = {
            f"{CLAIMS}/upn": [attributes["upn"]],
            f"{CLAIMS}/emailaddress": [attributes["email"]],
            f"{CLAIMS}/givenname": [attributes["given_name"]],
            f"{CLAIMS}/surname": [attributes["family_name"]],
        }
        response = self.idp.create_authn_response(
            identity,
            in_response_to=message.id,
            destination=destination,
            sp_entity_id=message.issuer.text,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=attributes["upn"]),
            userid=attributes["upn"],
            authn={"class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"},
            sign_assertion=True,
            sign_response=True,
        )
        http = self.idp.apply_binding(binding_out, str(response), destination, relay_state, response=True)
        return http["data"]


def form_fields(page: str) -> tuple[str, dict[str, str]]:
    """The action and hidden fields of pysaml2's auto-posting form."""
    action = html.unescape(re.search(r'action="([^"]+)"', page).group(1))
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', page))
    return action, {k: html.unescape(v) for k, v in fields.items()}
