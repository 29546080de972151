from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from upstream.api.tokens import user_for_token
from upstream.concerns.ratelimit import LIMITED_MESSAGE


class RateLimited(Exception):
    def __init__(self) -> None:
        super().__init__(LIMITED_MESSAGE)


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> object | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


# Token for integrations, session for the browser (with CSRF, as SessionAuth enforces).
signed_in = [BearerToken(), SessionAuth()]
