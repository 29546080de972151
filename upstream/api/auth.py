from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer, SessionAuth

from upstream.api.models import Scope
from upstream.api.tokens import token_for
from upstream.concerns import limits
from upstream.sso.access import has_second_factor, requires_mfa

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
TOKENS_PATH = "/api/v1/tokens"


class RateLimited(Exception):
    """Too many attempts; `retry_after` is the number of seconds until the window resets."""

    def __init__(self, message: str | None = None, retry_after: int | None = None) -> None:
        super().__init__(message or limits.limited_message())
        self.retry_after = retry_after or limits.retry_after()


def required_scope(request: HttpRequest) -> str:
    """Token management needs `admin-tokens`; reading needs `read`; anything else `write`."""
    if request.path.startswith(TOKENS_PATH):
        return Scope.ADMIN_TOKENS
    return Scope.READ if request.method in SAFE_METHODS else Scope.WRITE


class BearerToken(HttpBearer):
    """A token that is unknown, revoked or expired is refused with 401; one lacking the scope, 403."""

    def authenticate(self, request: HttpRequest, token: str) -> object | None:
        found = token_for(token)
        if found is None:
            # Refused outright, not left for the session to answer: a script whose token ran out,
            # run from a browser's session, acted as whoever was signed in there without a word.
            raise AuthenticationError()
        needed = required_scope(request)
        if needed not in found.scopes:
            raise HttpError(403, _("This token lacks the %(scope)r scope.") % {"scope": str(needed)})
        if requires_mfa(found.user) and not has_second_factor(found.user):
            # The pages send such a person to set up a second factor (sso/middleware.py), but that
            # middleware sees a token's request before the token is read, as nobody's: a leader's or
            # an operator's token opened the inbox and the organisation import without one.
            raise HttpError(403, _("Set up a second factor (an authenticator app or a passkey) first."))
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]
        return found.user


class SignedInSession(SessionAuth):
    """The browser's session, with CSRF checked only when the session has someone signed in.

    Ninja's SessionAuth checks CSRF first, so a caller with no session at all (a script with a
    revoked token, say) got 403 "CSRF check Failed" on every POST instead of the 401 that says to
    sign in or send a valid token. Without a signed-in session there is nothing to forge.
    """

    def _get_key(self, request: HttpRequest) -> str | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        try:
            return super()._get_key(request)
        except HttpError as error:  # ninja's English "CSRF check Failed", the only one it raises here
            raise HttpError(
                error.status_code,
                _("CSRF check failed: send the csrftoken cookie's value in an X-CSRFToken header."),
            ) from None


# Token for integrations, session for the browser (with CSRF, as SessionAuth enforces).
signed_in = [BearerToken(), SignedInSession()]


def caller_secret(request: HttpRequest) -> str:
    """Something only the caller holds, for scoping an anonymous write's `Idempotency-Key`: the
    bearer token itself (the server keeps only its SHA-256), or the browser session's CSRF secret
    (kept only in the browser's cookie). Scoped by the account id instead, a guessable key (a
    counter, a hash of the text) let someone holding a dump and the server's keys try it for every
    account and find whose spent key it was, and so whose concern (found by an anonymity audit)."""
    header = request.headers.get("Authorization", "")
    if getattr(request, "api_token", None) is not None and header[:7].lower() == "bearer ":
        return "token:" + header[7:].strip()
    secret = request.META.get("CSRF_COOKIE")
    if secret:
        return "session:" + secret
    return f"account:{request.user.pk}"  # neither: a test client, say
