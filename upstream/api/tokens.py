"""API tokens: created, listed and revoked by their owner; checked without writing anything.

A token is stored only as its SHA-256 digest (it carries 256 random bits, so a fast hash is enough).
Checking a token reads one row and writes nothing: no "last used" time, no counter, because a token
used to submit a concern must leave no trace of when (DESIGN.md anonymity rule 2).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from upstream.api.models import ApiToken, Scope, default_scopes
from upstream.intake import formkeys
from upstream.org.models import User

PREFIX = "ups_"
NAME_MAX = 100
MAX_DAYS = 366
MAX_TOKENS = 50


class TokenError(ValueError):
    """A request about tokens that cannot be honoured; the message says why."""


class TooManyTokens(TokenError):
    """The owner already has MAX_TOKENS active tokens: a state that refuses the request (409), not a
    malformed one; revoking one makes the same request succeed."""


class TokenAlreadySent(TokenError):
    """The create form sent twice (a double click, Back and send again): one token is made, not two."""

    def __init__(self) -> None:
        super().__init__(_("This was already sent. Nothing was sent twice."))


class TokenNotFound(LookupError):
    """No such token among the caller's own (missing and someone else's answer alike)."""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _clean_scopes(scopes: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(scopes))
    unknown = [s for s in chosen if s not in Scope.values]
    if unknown:
        raise TokenError(
            _("Unknown scope %(scope)r; choose from: %(choices)s.")
            % {"scope": unknown[0], "choices": ", ".join(Scope.values)}
        )
    if not chosen:
        raise TokenError(_("Choose at least one scope."))
    return [s for s in Scope.values if s in chosen]


def issue_token(
    user: User,
    name: str = "",
    scopes: Iterable[str] | None = None,
    expires_in_days: int | None = None,
    *,
    now: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
    form_key: str | None = None,
) -> tuple[ApiToken, str]:
    """A new token and its plain value, which is shown once and never stored. With `not_after` (the
    expiry of the token asking for it) the new token expires then at the latest. `form_key` is the
    page's one-time key: the page sent again raises TokenAlreadySent and makes nothing, where it
    made a second live token and showed only that one, the first working and never seen."""
    now = now or timezone.now()
    name = (name or "").strip()
    if len(name) > NAME_MAX or "\x00" in name:
        raise TokenError(_("A token's name is at most %(n)d characters.") % {"n": NAME_MAX})
    chosen = _clean_scopes(default_scopes() if scopes is None else scopes)
    expires_at = None
    if expires_in_days is not None:
        if not 1 <= expires_in_days <= MAX_DAYS:
            raise TokenError(_("A token expires after 1 to %(n)d days, or never.") % {"n": MAX_DAYS})
        expires_at = now + dt.timedelta(days=expires_in_days)
    if not_after is not None and (expires_at is None or expires_at > not_after):
        expires_at = not_after
    token = PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        if form_key is not None and not formkeys.spend(form_key):
            raise TokenAlreadySent()
        if active_tokens(user, now=now).count() >= MAX_TOKENS:
            raise TooManyTokens(_("You have %(n)d active tokens; revoke one first.") % {"n": MAX_TOKENS})
        row = ApiToken.objects.create(
            user=user, name=name, digest=_digest(token), scopes=chosen, expires_at=expires_at
        )
    return row, token


def create_token(user: User, name: str = "", scopes: Iterable[str] | None = None) -> str:
    """A new token's plain value (for the command line and tests)."""
    return issue_token(user, name, scopes)[1]


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """The owner's tokens, newest first, revoked and expired ones included (they say so)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def active_tokens(user: User, *, now: dt.datetime | None = None) -> QuerySet[ApiToken]:
    now = now or timezone.now()
    return tokens_of(user).filter(revoked_at=None).exclude(expires_at__lte=now)


def token_state(token: ApiToken, *, now: dt.datetime | None = None) -> str:
    now = now or timezone.now()
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at is not None and token.expires_at <= now:
        return "expired"
    return "active"


def token_of(user: User, token_id: int) -> ApiToken:
    found = tokens_of(user).filter(pk=token_id).first()
    if found is None:
        raise TokenNotFound(_("No such token among yours."))
    return found


def revoke_token(user: User, token_id: int, *, now: dt.datetime | None = None) -> ApiToken:
    """Revoke one of the owner's tokens at once; revoking twice changes nothing."""
    with transaction.atomic():
        token = token_of(user, token_id)
        if token.revoked_at is None:
            token.revoked_at = now or timezone.now()
            token.save(update_fields=["revoked_at"])
    return token


def token_for(plain: str, *, now: dt.datetime | None = None) -> ApiToken | None:
    """The live token with this value, or None (unknown, revoked, expired, or its owner inactive).

    Reads only: nothing is written when a token is used.
    """
    if not plain.startswith(PREFIX) or len(plain) > 200:
        return None
    found = ApiToken.objects.select_related("user").filter(digest=_digest(plain)).first()
    if found is None or not found.user.is_active or token_state(found, now=now) != "active":
        return None
    return found


def user_for_token(plain: str) -> User | None:
    found = token_for(plain)
    return found.user if found else None
