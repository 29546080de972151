"""API for speak-up tokens: the public keys, obtaining (signed in) and writing with a token (no account).

Binary values travel as base64url without padding. The blinded messages and blind signatures are
not stored; a spent token is stored as a hash of its message, without time or caller.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
from typing import Annotated

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema
from pydantic import StrictBool

from upstream.api.auth import RateLimited, signed_in
from upstream.api.errors import InvalidInput
from upstream.api.org import GroupCheckOut, group_check_answer
from upstream.api.schemas import (
    HELP_LINE_DESCRIPTION,
    REPLAYED,
    TEXT_MAX,
    TEXT_MIN,
    AlreadySentOut,
    Error,
    HelpLineOut,
    RoleGroupName,
    RowId,
    StrictIn,
    UnitLevelValue,
)
from upstream.community.api.resources import help_line_out
from upstream.community.services.resources import crisis_lines
from upstream.concerns.safety import confirmation_question
from upstream.lib.patterns import described
from upstream.speakup import keys, services
from upstream.speakup.models import SigningKey
from upstream.speakup.services import BASE64URL, CODE_PATTERN, KEY_ID_PATTERN

NO_STORE = "no-store, max-age=0"
router = Router(tags=["speak-up tokens"])


Strict = StrictIn  # unknown fields refused, as every API body


class KeyOut(Schema):
    purpose: str
    key_id: str = Field(description="SHA-256 of the key's SubjectPublicKeyInfo, hex.")
    public_key: str = Field(description="SubjectPublicKeyInfo DER, base64url; import as RSA-PSS, SHA-384.")
    modulus_bits: int
    issuing: bool = Field(description="True for the key that signs new tokens for this purpose.")
    use_by: dt.date | None = Field(description="Last day its tokens are accepted, if known.")


class AllowanceOut(Schema):
    purpose: str
    remaining: int
    period_ends: dt.date | None


# The purposes registered in upstream.speakup.purposes, exactly as they are written: "concern", a
# survey wave's id (upstream.surveys.codes) and a shared concern's id in hex (upstream.community
# .tokens), so every purpose that matches is one the service knows; one whose wave or shared
# concern does not exist is a 404. Each id is written one way only (a wave's without a leading
# zero, a shared concern's in lower case): `wave:04` was wave 4 under a name of its own, and asking
# for its key made one.
PURPOSE_PATTERN = described(
    r"^(concern|wave:[1-9][0-9]{0,11}|cosign:[0-9a-f]{32})$",
    gettext_lazy("Unknown purpose: give concern, wave:<id> or cosign:<id>."),
)
PURPOSE_HELP = '"concern", "wave:<id>" or "cosign:<id>" (the shared concern\'s id as 32 hex digits).'
Purpose = Annotated[str, Field(description=PURPOSE_HELP, pattern=PURPOSE_PATTERN)]


class IssueIn(Strict):
    purpose: Purpose = Field("concern", max_length=80)
    key_id: str = Field(
        max_length=64, pattern=KEY_ID_PATTERN, description="The issuing key the messages were blinded with."
    )
    blinded_messages: list[Annotated[str, Field(min_length=1, max_length=1200, pattern=BASE64URL)]] = Field(
        min_length=1, max_length=50, description="RFC 9474 blinded messages, base64url, modulus length each."
    )


class IssueOut(Schema):
    key_id: str
    blind_signatures: list[str] = Field(
        description="One per blinded message, in order; finalize in the client."
    )
    remaining: int
    period_ends: dt.date | None
    use_by: dt.date | None


class TokenConcernIn(Strict):
    token: str = Field(
        max_length=services.MAX_CODE_LENGTH * 2,
        pattern=CODE_PATTERN,
        description="base64url of the prepared message (64 bytes) followed by the signature; spaces and "
        "line breaks in it are ignored.",
    )
    text: str = Field(
        min_length=TEXT_MIN,
        max_length=TEXT_MAX,
        description="What is wrong: at least 10 characters once trimmed, at most 5,000 as sent; no NUL or "
        "control characters.",
    )
    unit_id: RowId | None = Field(
        None, description="Any unit of the organisation; omit for the whole organisation."
    )
    role_group: RoleGroupName | None = Field(None, description="A role group, or omit.")
    confirmed: StrictBool = Field(
        False,
        description="Send even though the unit and role cover fewer people than the minimum group size, "
        "or the text seems to name someone: without it such a concern is a 400 that says which.",
    )


class TokenSubmittedOut(Schema):
    receipt: str = Field(description="Shown once. Keep it: it is the only way back to the concern.")
    urgent: bool
    crisis_resources: list[str]
    help_line: HelpLineOut = Field(description=HELP_LINE_DESCRIPTION)
    acknowledgment_due: dt.date


def _b64(value: bytes) -> str:
    return base64.urlsafe_b64encode(value).rstrip(b"=").decode()


def _unb64(value: str) -> bytes:
    try:
        if not re.fullmatch(r"[A-Za-z0-9_-]+", value):
            raise ValueError
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        raise services.TokenError(_("A blinded message is not valid base64url.")) from None


def _key_out(key: SigningKey) -> KeyOut:
    public = keys.public_key(key)
    return KeyOut(
        purpose=key.purpose,
        key_id=key.key_id,
        public_key=keys.spki_b64(key),
        modulus_bits=public.key_size,
        issuing=key.retired_on is None,
        use_by=services.use_by(key),
    )


@router.get(
    "/keys", response=list[KeyOut], auth=None, summary="The public keys whose tokens are accepted now"
)
def list_keys(request: HttpRequest) -> list[KeyOut]:
    """Every signing key whose tokens are accepted today, for every purpose (`concern`, survey waves,
    shared concerns), by purpose and newest first: the one that signs new tokens (`issuing`) and
    retired ones still in their grace period, with the last day their tokens count (`use_by`), when
    known. No sign-in is needed, and the request is not logged (anonymity.md, M10). Not paged."""
    today = timezone.localdate()
    found = SigningKey.objects.order_by("purpose", "-created_on")
    return [_key_out(k) for k in found if keys.accepts_on(k, today)]


@router.get(
    "/keys/{purpose}",
    response={200: KeyOut, 400: Error, 404: Error},
    auth=signed_in,
    summary="The key that signs new tokens for a purpose (made on first use)",
    description="400: not a purpose. 404: no survey wave or shared concern goes with the purpose.",
)
def issuing_key(request: HttpRequest, purpose: Purpose):
    try:
        return 200, _key_out(services.published_key_for(purpose))
    except services.TokenError as error:
        return error.status, Error(detail=str(error))


@router.get(
    "/allowance", response={200: AllowanceOut, 400: Error}, auth=signed_in, summary="Tokens you may still get"
)
def allowance(
    request: HttpRequest,
    purpose: Purpose = Query(  # noqa: B008 - ninja's parameter spec
        "concern",
        description='Which codes: "concern" (the default), "wave:<id>" (a survey wave) or "cosign:<id>" '
        "(the shared concern's id as 32 hex digits).",
    ),
):
    """How many more tokens you may get for a purpose this period (`remaining`), and the period's last
    day (`period_ends`; null for a survey wave or a shared concern, which give one token for good). It
    counts the tokens issued to you so far; whether your account may have one at all is checked when
    you ask (POST /api/v1/speakup/issue answers 403). Any signed-in account; the request is not logged
    (anonymity.md, M10). 400: not a purpose. Needs the `read` scope."""
    try:
        left = services.allowance_left(request.user, purpose)
    except services.TokenError as error:
        return 400, Error(detail=str(error))
    return 200, AllowanceOut(purpose=purpose, remaining=left.remaining, period_ends=left.period_ends)


@router.post(
    "/issue",
    response={200: IssueOut, 400: Error, 403: Error, 409: Error, 429: Error},
    auth=signed_in,
    url_name="speakup_issue",
    summary="Sign blinded messages (RFC 9474 BlindSign) within your allowance",
    description=(
        "400: unknown purpose, or more messages at once than the purpose gives in a whole period "
        "(`errors` names `blinded_messages`; see GET /allowance). 403: your account cannot obtain tokens "
        "for this purpose. 409: the key changed since you fetched it, or a message is not of its modulus "
        "length or out of its range (fetch /keys/{purpose} again and blind with it), or a purpose that "
        "gives its token once (a survey wave, a shared concern) gave it already. 429: not that many "
        "tokens left this period; `Retry-After` gives the seconds until the next period starts."
    ),
)
def issue(request: HttpRequest, payload: IssueIn, response: HttpResponse):
    response["Cache-Control"] = NO_STORE
    try:
        blinded = [_unb64(m) for m in payload.blinded_messages]
        issued = services.issue_tokens(request.user, payload.purpose, blinded, payload.key_id)
    except services.TooManyAtOnce as error:
        # Bad input in the shape of every other 400 that names its field: waiting never mends it.
        where = ["body", "payload", services.TooManyAtOnce.field]
        problem = {"loc": where, "msg": str(error), "type": "too_long", "ctx": {"max_length": error.most}}
        raise InvalidInput([problem]) from None
    except services.AlreadyHad as error:
        return error.status, Error(detail=str(error))
    except services.LimitReached as error:
        raise RateLimited(str(error), error.retry_after) from None
    except services.TokenError as error:
        return error.status, Error(detail=str(error))
    return 200, IssueOut(
        key_id=issued.key.key_id,
        blind_signatures=[_b64(s) for s in issued.blind_signatures],
        remaining=issued.remaining,
        period_ends=issued.period_ends,
        use_by=services.use_by(issued.key),
    )


@router.post(
    "/concerns",
    response={201: TokenSubmittedOut, 400: Error, 403: Error, 404: Error, 409: AlreadySentOut},
    auth=None,
    summary="Report a concern with a speak-up token, without an account",
    description=(
        "No session, cookie or token header is needed or read. 400: text rules, or a group smaller than "
        "the minimum without `confirmed`. 403: the code is not valid, or has expired (it is the only "
        "credential, and it grants nothing). 404: no unit with that `unit_id`. 201 with "
        "`Idempotent-Replayed: true`: the same concern sent again with its spent code (a retry whose "
        "answer was lost); nothing new was filed, and the answer, receipt included, is the first one. "
        "409: the token was already used for another concern (with `help_line`)."
    ),
)
def submit(request: HttpRequest, payload: TokenConcernIn, response: HttpResponse):
    response["Cache-Control"] = NO_STORE
    try:
        services.clean_field(payload.text)
        # The code first: without a valid one, nothing is said about the unit or its groups (a 400
        # "fewer than 5 people share this unit and role" answered a made-up code).
        services.check_token(services.CONCERN, payload.token)
        unit = services.unit_choice(payload.unit_id)
        role = services.role_choice(payload.role_group)
        question = "" if payload.confirmed else confirmation_question(payload.text, unit, role)
        if question:  # as the signed-in API and both pages ask: a small group, a name in the text
            raise services.TokenError(question)
        done = services.submit_concern_with_token(
            code=payload.token, text=payload.text, unit=unit, role_group=role
        )
    except services.TokenError as error:
        if not isinstance(error, services.TokenSpent):
            return error.status, Error(detail=str(error))
        # A retry, perhaps after a lost answer: the same concern gets that answer again, its receipt
        # above all; another text paid for with a spent code, the 409.
        done = services.earlier_concern(
            code=payload.token, text=payload.text, unit_id=payload.unit_id, role_group=payload.role_group
        )
        if done is None:
            return 409, AlreadySentOut(detail=str(error), help_line=help_line_out())
        response[REPLAYED] = "true"
    resources = crisis_lines() if done.crisis else []
    return 201, TokenSubmittedOut(
        receipt=done.receipt,
        urgent=done.crisis,
        crisis_resources=resources,
        help_line=help_line_out(),
        acknowledgment_due=done.ack_due_on,
    )


# Where a concern written with a speak-up code can go, and whether a choice is large enough, with
# no sign-in: as the writing page lists every unit and checks the group while signed out. The
# signed-in GET /api/v1/units and /units/group-check, called just before an anonymous write, would
# tie the two in time (fuzz probe, parity). Under /api/v1/speakup/, so never logged (M10).


class WritableUnitOut(Schema):
    id: int
    code: str
    name: str
    level: UnitLevelValue
    parent_id: int | None


@router.get(
    "/units",
    response=list[WritableUnitOut],
    auth=None,
    summary="Every unit a concern written with a speak-up code may go to, in tree order (no sign-in)",
)
def writable_units(request: HttpRequest) -> list[WritableUnitOut]:
    """Every unit of the organisation with its parent, in tree order, as the writing page lists them:
    where a concern written with a speak-up code may go (`unit_id` of POST /api/v1/speakup/concerns).
    No sign-in, and the request is not logged (anonymity.md, M10), so reading the list just before
    writing ties nothing to an account. Not paged."""
    from upstream.org.models import Unit

    units = list(Unit.objects.get_tree())
    by_path = {u.path: u.pk for u in units}
    return [
        WritableUnitOut(
            id=u.pk,
            code=u.code,
            name=u.name,
            level=u.level,
            parent_id=by_path.get(u.path[: -Unit.steplen]) if u.depth > 1 else None,
        )
        for u in units
    ]


@router.get(
    "/group-check",
    response={200: GroupCheckOut, 400: Error, 404: Error},
    auth=None,
    summary="Before writing with a code: do this unit and role group cover enough people? (no sign-in)",
    description="Leave both out for the whole organisation. 404: no such unit.",
)
def writable_group_check(
    request: HttpRequest,
    unit_id: RowId | None = Query(  # noqa: B008 - ninja's parameter spec
        None,
        description="Any unit (see GET /api/v1/speakup/units). Left out (default): the top of the "
        "organisation, or with no role group either, the whole organisation.",
    ),
    role_group: RoleGroupName = Query(  # noqa: B008 - as above
        "", description="A role group key (see GET /api/v1/role-groups), or empty (default) for every role."
    ),
):
    from upstream.concerns.services import default_scope
    from upstream.privacy.groups import min_group_size

    try:
        unit, role = services.unit_choice(unit_id), services.role_choice(role_group)
    except services.TokenError as error:
        return error.status, Error(detail=str(error))
    if unit is None and not role:  # the whole organisation, as the writing page takes it: no warning
        return 200, GroupCheckOut(
            large_enough=True, minimum=min_group_size(), broader_unit_id=None, broader_role_group=None
        )
    return 200, group_check_answer(unit or default_scope(), role)
