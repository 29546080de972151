# No `from __future__ import annotations`: ninja reads the hints through the @rules wrapper.
import datetime as dt
import uuid

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy
from ninja import Router
from pydantic import Field

from upstream.api.auth import RateLimited, signed_in
from upstream.api.schemas import Uuid, fixed, receipt_field
from upstream.community.api.common import Error, RowId, Strict, rules
from upstream.community.models import SharedConcern
from upstream.community.services import cosigns as service
from upstream.community.services.for_leaders import escalated_waiting
from upstream.community.services.similar import similar_shared
from upstream.concerns import limits
from upstream.concerns.models import ReadRecord
from upstream.concerns.services import record_read, record_reads
from upstream.lib.patterns import described
from upstream.privacy.groups import min_group_size
from upstream.speakup.services import BASE64URL, CODE_PATTERN, KEY_ID_PATTERN

# A co-sign token's purpose: the shared concern's id in hex (upstream.community.tokens).
COSIGN_PURPOSE_PATTERN = described(
    r"^cosign:[0-9a-f]{32}$",
    gettext_lazy(
        "Send the purpose as the token offers give it: cosign: and 32 characters, 0 to 9 and a to f."
    ),
)

router = Router(tags=["community"])

SharedStatus = fixed(SharedConcern.Status.values)
# What similar_shared finds (services/similar.py): a shared concern or a published action.
SimilarKind = fixed(["shared", "action"])

NO_STORE = "no-store, max-age=0"


class SharedOut(Strict):
    id: uuid.UUID
    text: str = Field(description="The leader-approved, redacted copy.")
    scope: str
    cosigns: int | None = Field(description="null while fewer than the minimum group size.")
    escalation_level: int
    escalated_to: str | None
    escalated_on: dt.date | None
    purpose: str = Field(description="The speak-up token purpose that co-signs this concern.")
    answer_concern_id: uuid.UUID | None = Field(
        None,
        description="Escalated to a unit you lead and not answered yet: the concern to answer it on "
        "(GET /api/v1/concerns/{id}: write to its reporter, link an action, close it). It stops waiting "
        "once that concern is closed or a published action is linked. null for everyone else.",
    )


class TokenOfferOut(Strict):
    shared: uuid.UUID
    purpose: str
    key_id: str
    public_key: str = Field(description="SubjectPublicKeyInfo DER, base64url (RSA-PSS SHA-384).")
    branch_unit_id: int


class BlindedIn(Strict):
    purpose: str = Field(
        max_length=80, pattern=COSIGN_PURPOSE_PATTERN, description="From GET .../token-offers."
    )
    key_id: str = Field(max_length=64, pattern=KEY_ID_PATTERN, description="From GET .../token-offers.")
    blinded_message: str = Field(
        min_length=1, max_length=1200, pattern=BASE64URL, description="base64url, RFC 9474 Blind output"
    )


class TokensIn(Strict):
    tokens: list[BlindedIn] = Field(
        max_length=500, description="One for EVERY offer, or the request is refused with 409."
    )


class TokensOut(Strict):
    blind_signatures: dict[str, str]


class CosignIn(Strict):
    code: str = Field(
        max_length=service.COSIGN_CODE_MAX,
        pattern=CODE_PATTERN,
        description="The finalized token (prepared message + signature), base64url.",
    )
    branch_unit_id: RowId | None = Field(
        None,
        description="The unit the co-sign counts for: the offer's `branch_unit_id` (GET .../token-offers). "
        "A unit outside the concern's scope, or one that does not exist, is a 404.",
    )


class CosignQueued(Strict):
    counted_from: dt.datetime = Field(description="The batch release at which the co-sign is counted.")


class SharedReceiptIn(Strict):
    receipt: str = receipt_field()


class ReporterOut(Strict):
    status: SharedStatus | None = Field(
        description="offered, published, declined, withdrawn, or null if never offered."
    )
    pending: list[str] = Field(description="Requests waiting for the next batch: offer, withdraw.")
    original: str
    shared_text: str
    decline_reason: str
    cosigns: int
    escalated_to: str | None


class OfferOut(Strict):
    id: uuid.UUID
    scope: str
    offered_on: dt.date
    text: str = Field(description="The reporter's words (reading this is audit-logged).")
    suggestion: str = Field(description="The text with detected names replaced by [name].")


class ApproveIn(Strict):
    text: str = Field(min_length=service.MIN_TEXT, max_length=service.MAX_TEXT)


class DeclineIn(Strict):
    reason: str = Field(min_length=5, max_length=1000)


class SimilarTextIn(Strict):
    text: str = Field(max_length=5000)


class SharedSimilarOut(Strict):
    kind: SimilarKind = Field(description="shared: co-sign this instead; action: this is being worked on")
    id: str
    title: str
    score: float


def out(shared: SharedConcern, *, to_answer: frozenset = frozenset()) -> SharedOut:
    return SharedOut(
        id=shared.pk,
        text=shared.text,
        scope=shared.scope.name,
        cosigns=shared.cosigns if shared.cosigns >= min_group_size() else None,
        escalation_level=shared.escalation_level,
        escalated_to=shared.escalated_to.name if shared.escalated_to else None,
        escalated_on=shared.escalated_on,
        purpose=shared.purpose,
        answer_concern_id=shared.concern_id if shared.pk in to_answer else None,
    )


@router.get("", response=list[SharedOut], auth=signed_in, summary="Shared concerns for your units")
def listing(request: HttpRequest):
    """Any signed-in account, scope read: the shared concerns leaders published, most co-signed first;
    not paged. Those whose scope is one of your units or a level above them, and those in the subtrees
    you lead (the well-being office: all). `cosigns` is null while fewer than UPSTREAM_MIN_GROUP_SIZE
    (default 5) have co-signed. `answer_concern_id`: those escalated to you, to answer."""
    to_answer = frozenset(escalated_waiting(request.user).values_list("pk", flat=True))
    return [out(s, to_answer=to_answer) for s in service.visible_shared(request.user)]


@router.get(
    "/token-offers",
    response=list[TokenOfferOut],
    auth=signed_in,
    summary="Co-sign tokens you can still obtain (ask for all of them at once)",
)
def token_offers(request: HttpRequest):
    """Any signed-in account, scope read: one offer for each published shared concern whose scope is one
    of your units or a level above them, and whose one co-sign token you have not obtained yet; empty
    when none is left. `branch_unit_id` is the unit just below the scope on the way to your unit. Ask
    for all of them in one `POST .../tokens`: a request that leaves one out is refused there with 409."""
    return [
        TokenOfferOut(
            shared=o.shared.pk,
            purpose=o.purpose,
            key_id=o.key_id,
            public_key=o.public_key,
            branch_unit_id=o.branch.pk,
        )
        for o in service.token_offers(request.user)
    ]


@router.post(
    "/tokens",
    response={200: TokensOut, 400: Error, 409: Error},
    auth=signed_in,
    summary="Blind-sign one co-sign token per offered concern, all in one request",
    description="409: the request does not name every offer of GET .../token-offers (fetch them again), "
    "a key changed, or a message is not of its key's modulus length or out of its range.",
)
@rules
def tokens(request: HttpRequest, payload: TokensIn):
    wanted = {t.purpose: (t.key_id, t.blinded_message) for t in payload.tokens}
    return TokensOut(blind_signatures=service.issue_cosign_tokens(request.user, wanted))


@router.post(
    "/{shared_id}/cosign",
    response={202: CosignQueued, 403: Error, 404: Error, 409: Error, 423: Error},
    auth=None,
    summary="Co-sign with a token (send no cookies or bearer token: none is needed)",
    description="403: the code is not valid for this shared concern, or has expired. 404: no such "
    "shared concern, or a `branch_unit_id` that is neither its scope nor a unit within it (the code is "
    "not spent; send the `branch_unit_id` of GET .../token-offers, or leave it out). 409: the code was "
    "already used. 423: not yet: fewer colleagues than the minimum group size hold a token for this "
    "concern, so a co-sign could point to them; nothing is stored and the code is not spent: send it "
    "again later.",
)
@rules
def cosign(request: HttpRequest, shared_id: Uuid, payload: CosignIn, response: HttpResponse):
    response["Cache-Control"] = NO_STORE
    return 202, CosignQueued(
        counted_from=service.submit_cosign(str(shared_id), payload.code, payload.branch_unit_id)
    )


RECEIPT_ANSWERS = (
    "404: no concern for that receipt code (failed lookups count towards the hourly limit; past it, a "
    "code that does not match gets 429 with Retry-After, and a valid code still opens). 409: "
    "the concern still waits for its batch; offer it for co-signing after that."
)


def _guarded(request: HttpRequest, step, code: str):
    """Failed receipt lookups count against the same guessing limit as /receipt/: past it, a code
    that does not match gets 429 with Retry-After; a valid code always opens (anonymity.md M9)."""
    try:
        return step(code)
    except service.ReceiptUnknown:
        if limits.refuse_failed_lookup(request):
            raise RateLimited() from None
        raise


def _reporter(code: str) -> ReporterOut:
    view = service.shared_for_receipt(code)
    own = getattr(view.concern, "merged_from", None) or view.concern
    shared = view.shared
    return ReporterOut(
        status=shared.status if shared else None,
        pending=view.pending,
        original=own.text,
        shared_text=shared.text if shared else "",
        decline_reason=shared.decline_reason if shared else "",
        cosigns=shared.cosigns if shared else 0,
        escalated_to=shared.escalated_to.name if shared and shared.escalated_to else None,
    )


@router.post(
    "/by-receipt",
    response={200: ReporterOut, 404: Error, 409: Error, 429: Error},
    auth=None,
    summary="The reporter's view: status, the redacted copy, co-signs, escalation",
    description=RECEIPT_ANSWERS,
)
@rules
def by_receipt(request: HttpRequest, payload: SharedReceiptIn, response: HttpResponse):
    response["Cache-Control"] = NO_STORE
    return _guarded(request, _reporter, payload.receipt)


@router.post(
    "/offer",
    response={202: ReporterOut, 404: Error, 409: Error, 429: Error},
    auth=None,
    summary="Offer your concern for co-signing (reaches leaders with the next batch)",
    description=RECEIPT_ANSWERS + " 409 also when it is already offered.",
)
@rules
def offer(request: HttpRequest, payload: SharedReceiptIn, response: HttpResponse):
    response["Cache-Control"] = NO_STORE
    _guarded(request, service.offer_for_cosigning, payload.receipt)
    return 202, _reporter(payload.receipt)


@router.post(
    "/withdraw",
    response={202: ReporterOut, 404: Error, 409: Error, 429: Error},
    auth=None,
    summary="Withdraw the offer",
    description=RECEIPT_ANSWERS + " 409 also when it is not offered.",
)
@rules
def withdraw(request: HttpRequest, payload: SharedReceiptIn, response: HttpResponse):
    response["Cache-Control"] = NO_STORE
    _guarded(request, service.withdraw_offer, payload.receipt)
    return 202, _reporter(payload.receipt)


@router.get("/offers", response=list[OfferOut], auth=signed_in, summary="Offers waiting for you (leaders)")
def offers(request: HttpRequest):
    """Leaders, scope read: the concerns offered for co-signing in the subtrees you lead and waiting for
    you to share or decline them, the oldest offer first; not paged, and empty for anyone who leads
    nothing. Each carries the reporter's own words, so every offer returned is recorded in the audit
    log as a read of its concern. `suggestion` is the text with names, email addresses and phone
    numbers replaced."""
    rows = list(service.offers_for_leader(request.user))
    record_reads([o.concern for o in rows], request.user, ReadRecord.Via.API)
    return [
        OfferOut(
            id=o.pk,
            scope=o.scope.name,
            offered_on=o.offered_on,
            text=o.concern.text,
            suggestion=service.suggest_redaction(o.concern.text),
        )
        for o in rows
    ]


@router.post(
    "/offers/{shared_id}/approve",
    response={200: SharedOut, 400: Error, 404: Error, 409: Error},
    auth=signed_in,
    summary="Share the redacted copy with staff in scope",
    description="409: only an offered concern can be approved (this one was decided or withdrawn).",
)
@rules
def approve(request: HttpRequest, shared_id: Uuid, payload: ApproveIn):
    shared = service.shared_for_leader(request.user, shared_id)
    record_read(shared.concern, request.user, ReadRecord.Via.API)
    return out(service.approve_shared(request.user, shared, payload.text))


@router.post(
    "/offers/{shared_id}/decline",
    response={200: SharedOut, 400: Error, 404: Error, 409: Error},
    auth=signed_in,
    summary="Do not share; the reason is shown to the reporter",
    description="409: only an offered concern can be declined (this one was decided or withdrawn).",
)
@rules
def decline(request: HttpRequest, shared_id: Uuid, payload: DeclineIn):
    shared = service.shared_for_leader(request.user, shared_id)
    return out(service.decline_shared(request.user, shared, payload.reason))


@router.post(
    "/similar",
    response=list[SharedSimilarOut],
    auth=signed_in,
    summary="Shared concerns and published actions similar to a draft concern",
)
def similar(request: HttpRequest, payload: SimilarTextIn):
    """Any signed-in account; a POST, so it needs scope write, though nothing is stored. Up to 3, the
    most similar first, scored 0.45 or more by the text model: shared concerns you may read (as
    `GET /shared` lists them) and actions published for your units or a level above (the office: all),
    at most the 200 most co-signed and the 200 newest. Empty when `text` has fewer than 10 characters
    once trimmed, or when the text model is not available."""
    return [
        SharedSimilarOut(kind=s.kind, id=s.id, title=s.title, score=round(s.score, 3))
        for s in similar_shared(payload.text, request.user)
    ]
