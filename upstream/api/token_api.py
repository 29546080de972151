"""Managing one's own API tokens: list, create (with scopes and an expiry), revoke.

A token calling these needs the `admin-tokens` scope (see `upstream.api.auth.required_scope`).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from upstream.api import tokens
from upstream.api.auth import signed_in
from upstream.api.models import ApiToken
from upstream.api.paging import PageParams, paginate
from upstream.api.schemas import Error, PageMeta, RowId, StrictIn, idempotency_key
from upstream.intake import formkeys

router = Router(tags=["tokens"], auth=signed_in)
ScopeName = Literal["read", "write", "admin-tokens"]


class TokenOut(Schema):
    id: int
    name: str
    scopes: list[ScopeName]
    created_on: dt.date
    expires_at: dt.datetime | None = Field(description="Null: never expires.")
    state: Literal["active", "expired", "revoked"]


class TokenPage(PageMeta):
    items: list[TokenOut]


class TokenIn(StrictIn):
    name: str = Field("", max_length=tokens.NAME_MAX, description="What it is for, e.g. 'HR integration'.")
    scopes: list[ScopeName] = Field(
        ["read", "write"],
        min_length=1,
        max_length=3,
        description="read: GET anything you may see; write: everything else you may do; "
        "admin-tokens: manage your tokens.",
    )
    expires_in_days: int | None = Field(
        90, ge=1, le=tokens.MAX_DAYS, description="1 to 366 days; null for a token that never expires."
    )


class TokenCreated(TokenOut):
    token: str = Field(description="Shown once; only its digest is stored.")


def _out(row: ApiToken, schema: type[TokenOut] = TokenOut, **extra: object) -> TokenOut:
    return schema(
        id=row.pk,
        name=row.name,
        scopes=row.scopes,
        created_on=timezone.localdate(row.created_at),
        expires_at=row.expires_at,
        state=tokens.token_state(row),
        **extra,
    )


@router.get("", response={200: TokenPage}, summary="Your tokens, newest first, revoked and expired included")
def list_tokens(request: HttpRequest, page: Query[PageParams]) -> TokenPage:
    """Your own API tokens, newest first, paged, revoked and expired ones included (`state` says
    which). A token's value is never shown again: only its digest is stored. A token calling this
    needs the `admin-tokens` scope; a signed-in browser session may always call it."""
    found = paginate(tokens.tokens_of(request.user), page)
    return TokenPage(items=[_out(t) for t in found.items], **found.meta())


IDEMPOTENCY_HELP = (
    "Optional. A value you choose per token (e.g. a UUID): a retry with the same key, after a "
    "timeout, is refused with 409 and never makes a second live token. The first answer's value "
    "cannot be sent again (only its digest is kept): if it was lost, revoke the newest token and "
    "create another. Kept only as a keyed hash, for a few days."
)


@router.post(
    "",
    response={201: TokenCreated, 400: Error, 403: Error, 409: Error},
    summary="Create a token; its value is shown once",
    description="400 for a name, scope or expiry the rules refuse; 403 when a token asks for a scope "
    "it does not hold itself. A token that expires gives a new token no longer life than its own: "
    "the new one's `expires_at` is then at the latest the caller's. 409 when you already have "
    f"{tokens.MAX_TOKENS} active tokens (revoke one first), or when the `Idempotency-Key` was "
    "already used by you (the token was made then; nothing is made twice).",
)
def create(
    request: HttpRequest,
    payload: TokenIn,
    idempotency_key: str | None = idempotency_key(IDEMPOTENCY_HELP),
) -> tuple[int, TokenCreated]:
    calling = getattr(request, "api_token", None)
    beyond = [s for s in payload.scopes if calling is not None and s not in calling.scopes]
    if beyond:
        # A token that may only manage tokens must not mint itself a way to read or write: the
        # owner gave it less on purpose. A signed-in person in the browser may choose any scope.
        raise HttpError(
            403,
            _("This token cannot give a new token the %(scope)r scope, which it lacks.")
            % {"scope": beyond[0]},
        )
    # Nor outlive it: a token that expires tomorrow could mint one that never does.
    not_after = calling.expires_at if calling is not None else None
    try:
        row, plain = tokens.issue_token(
            request.user,
            payload.name,
            payload.scopes,
            payload.expires_in_days,
            not_after=not_after,
            form_key=formkeys.for_account(request.user.pk, "token", idempotency_key),
        )
    except tokens.TokenAlreadySent:
        # A retry whose first answer was lost: that token exists, and its value was in that answer
        # alone. Say how to recover rather than the page's "Nothing was sent twice."
        raise HttpError(
            409,
            _(
                "A token was already made with this Idempotency-Key; its value was shown only in "
                "that first answer. If you did not get it, revoke your newest token and create another."
            ),
        ) from None
    return 201, _out(row, TokenCreated, token=plain)


@router.delete("/{token_id}", response={200: TokenOut, 404: Error}, summary="Revoke a token at once")
def revoke(request: HttpRequest, token_id: RowId) -> TokenOut:
    """Revokes one of your tokens at once: every call with it from then on gets 401. Revoking a token
    already revoked changes nothing and answers 200 with it; a token may revoke itself. 404 when the id
    is not one of your tokens (someone else's looks the same as a missing one). A token calling this
    needs the `admin-tokens` scope, not `write`."""
    return _out(tokens.revoke_token(request.user, token_id))
