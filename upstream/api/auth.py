from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from upstream.api.tokens import user_for_token
from upstream.concerns import limits


class RateLimited(Exception):
    """Too many attempts; `retry_after` is the number of seconds until the window resets."""

    def __init__(self, message: str | None = None, retry_after: int | None = None) -> None:
        super().__init__(message or limits.limited_message())
        self.retry_after = retry_after or limits.retry_after()


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> object | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


# Token for integrations, session for the browser (with CSRF, as SessionAuth enforces).
signed_in = [BearerToken(), SessionAuth()]
