"""A real OpenID Connect provider for the tests, built from authlib's server components on Flask.

It runs in a thread on 127.0.0.1 only, with its own RSA key, discovery document, JWKS, sign-in form,
authorization-code grant with PKCE, signed ID tokens and a userinfo endpoint: the same protocol
Microsoft Entra ID, Okta and ADFS speak to Upstream.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import AuthorizationCodeMixin, ClientMixin, grants
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core.grants import OpenIDCode
from flask import Flask, jsonify, request
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server


@dataclass
class IdPUser:
    sub: str
    password: str
    email: str
    given_name: str
    family_name: str
    preferred_username: str


@dataclass
class Client(ClientMixin):
    client_id: str
    client_secret: str
    redirect_uris: list[str]

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return self.redirect_uris[0]

    def get_allowed_scope(self, scope):
        return " ".join(s for s in scope.split() if s in {"openid", "email", "profile"})

    def check_redirect_uri(self, redirect_uri):
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret):
        return secrets.compare_digest(client_secret, self.client_secret)

    def check_endpoint_auth_method(self, method, endpoint):
        return method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        return grant_type == "authorization_code"


@dataclass
class Code(AuthorizationCodeMixin):
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    user: IdPUser
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    auth_time: int = field(default_factory=lambda: int(time.time()))

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def get_nonce(self):
        return self.nonce

    def get_auth_time(self):
        return self.auth_time

    def get_acr(self):
        return None

    def get_amr(self):
        return None


class TestIdP:
    """Start with `TestIdP(redirect_uris).start()`; `.url` is the issuer; `.stop()` when done."""

    def __init__(self, redirect_uris: list[str]) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-idp", "use": "sig"}, private=True)
        self.client = Client("upstream-test", secrets.token_urlsafe(16), list(redirect_uris))
        self.users: dict[str, IdPUser] = {}
        self.codes: dict[str, Code] = {}
        self.tokens: dict[str, tuple[IdPUser, str]] = {}
        self.nonces: set[str] = set()
        self.sign_ins = 0
        self.sends_email_verified = True  # Entra ID leaves the claim out
        self.server = make_server("127.0.0.1", 0, self._app(), threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def add_user(self, **fields) -> IdPUser:
        user = IdPUser(**fields)
        self.users[user.preferred_username] = user
        return user

    def start(self) -> TestIdP:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)

    def _app(self) -> Flask:
        idp = self
        app = Flask("test-idp")

        class CodeGrant(grants.AuthorizationCodeGrant):
            TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

            def save_authorization_code(self, code, req):
                idp.codes[code] = Code(
                    code=code,
                    client_id=req.client.client_id,
                    redirect_uri=req.payload.redirect_uri,
                    scope=req.payload.scope,
                    user=req.user,
                    nonce=req.payload.data.get("nonce"),
                    code_challenge=req.payload.data.get("code_challenge"),
                    code_challenge_method=req.payload.data.get("code_challenge_method"),
                )

            def query_authorization_code(self, code, client):
                found = idp.codes.get(code)
                return found if found and found.client_id == client.client_id else None

            def delete_authorization_code(self, authorization_code):
                idp.codes.pop(authorization_code.code, None)

            def authenticate_user(self, authorization_code):
                return authorization_code.user

        class IdToken(OpenIDCode):
            def resolve_client_private_key(self, client):
                return idp.key

            def get_client_algorithm(self, client):
                return "RS256"

            def get_encode_header(self, client):
                return {"alg": "RS256", "kid": "test-idp"}

            def get_client_claims(self, client):
                return {"iss": idp.url, "aud": [client.client_id]}

            def exists_nonce(self, nonce, req):
                if nonce in idp.nonces:
                    return True
                idp.nonces.add(nonce)
                return False

            def generate_user_info(self, user, scope):
                return idp.claims(user)

        def save_token(token, req):
            idp.tokens[token["access_token"]] = (req.user, token["scope"])

        server = AuthorizationServer(
            app,
            query_client=lambda cid: idp.client if cid == idp.client.client_id else None,
            save_token=save_token,
        )
        server.register_grant(CodeGrant, [IdToken(require_nonce=False), CodeChallenge(required=False)])

        @app.get("/.well-known/openid-configuration")
        def discovery():
            return jsonify(
                issuer=idp.url,
                authorization_endpoint=f"{idp.url}/authorize",
                token_endpoint=f"{idp.url}/token",
                userinfo_endpoint=f"{idp.url}/userinfo",
                jwks_uri=f"{idp.url}/jwks",
                response_types_supported=["code"],
                subject_types_supported=["public"],
                id_token_signing_alg_values_supported=["RS256"],
                token_endpoint_auth_methods_supported=["client_secret_basic", "client_secret_post"],
                scopes_supported=["openid", "email", "profile"],
                code_challenge_methods_supported=["S256"],
            )

        @app.get("/jwks")
        def jwks():
            return jsonify(keys=[idp.key.as_dict(private=False)])

        @app.route("/authorize", methods=["GET", "POST"])
        def authorize():
            if request.method == "GET":
                server.get_consent_grant(end_user=None)  # validates client, redirect URI, scope
                return (
                    "<!doctype html><title>Test IdP</title><h1>Test identity provider</h1>"
                    '<form method="post"><label>Username <input name="username"></label>'
                    '<label>Password <input name="password" type="password"></label>'
                    "<button>Sign in at the IdP</button></form>"
                )
            user = idp.users.get(request.form.get("username", ""))
            if user is None or not secrets.compare_digest(user.password, request.form.get("password", "")):
                return "wrong username or password", 401
            idp.sign_ins += 1
            return server.create_authorization_response(grant_user=user)

        @app.post("/token")
        def token():
            return server.create_token_response()

        @app.get("/userinfo")
        def userinfo():
            bearer = request.headers.get("Authorization", "").removeprefix("Bearer ")
            if bearer not in idp.tokens:
                return jsonify(error="invalid_token"), 401
            user, _scope = idp.tokens[bearer]
            return jsonify(idp.claims(user))

        return app

    def claims(self, user: IdPUser) -> dict:
        verified = {"email_verified": True} if self.sends_email_verified else {}
        return {
            "sub": user.sub,
            "email": user.email,
            **verified,
            "given_name": user.given_name,
            "family_name": user.family_name,
            "name": f"{user.given_name} {user.family_name}",
            "preferred_username": user.preferred_username,
        }
