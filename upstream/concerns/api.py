"""API routes for concerns (leaders and reporters) and receipts (anyone holding one)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from upstream.actions import services as action_services
from upstream.actions.api import action_out
from upstream.api.auth import RateLimited, caller_secret, signed_in
from upstream.api.schemas import (
    REPLAYED,
    AlreadySentOut,
    ConcernDetail,
    ConcernIn,
    ConcernMissing,
    ConcernOut,
    Error,
    LinkedActionOut,
    QueryInt,
    ReceiptIn,
    ReceiptView,
    ReplyIn,
    RowId,
    StatusIn,
    StrictIn,
    Submitted,
    TextIn,
    ThemeScore,
    ThreadEntry,
    Uuid,
    idempotency_key,
)
from upstream.community.api.resources import help_line_out
from upstream.community.services.resources import crisis_lines
from upstream.concerns import limits, receipts, services
from upstream.concerns.access import (
    CURSOR_PATTERN,
    BadCursor,
    ConcernNotFound,
    Cursor,
    InboxFilters,
    concern_for_leader,
    inbox_page,
    is_overdue,
    merged_home,
)
from upstream.concerns.models import Concern, ReadRecord, Status
from upstream.concerns.retries import TooManyToday, reply_or_replay, submit_or_replay
from upstream.concerns.safety import confirmation_question
from upstream.concerns.thread import thread_for
from upstream.intake import formkeys
from upstream.lib.patterns import KEY_OR_EMPTY
from upstream.org.access import leads_unit, reportable_units, role_groups_of
from upstream.org.models import Unit
from upstream.themes.models import UNCLEAR, Theme
from upstream.themes.wording import theme_words

# Receipts and what they open must never sit in a browser or proxy cache.
NO_STORE = "no-store, max-age=0"
# The inbox's status filter: "open" (every open status) or one status. A Literal, so the schema
# lists the values and validation refuses another with a 400 that names them.
StatusFilter = Literal[("open", *Status.values)]  # type: ignore[valid-type]
router = Router(tags=["concerns"], auth=signed_in)
receipts_router = Router(tags=["receipts"], auth=None)
inbox_router = Router(tags=["concerns"], auth=signed_in)


def _leader_detail(concern: Concern) -> dict[str, list]:
    """What a leader's concern page adds to the inbox row: the thread and the linked actions (its
    Actions box), newest action first."""
    return {
        "thread": _thread(concern, "leader"),
        "actions": [
            LinkedActionOut(id=a.pk, title=a.title, state=a.state, scope=a.scope.name)
            for a in action_services.linked_to(concern)
        ],
    }


def _thread(concern: Concern, viewer: str) -> list[ThreadEntry]:
    return [
        ThreadEntry(kind=e.kind, day=e.day, author=e.author, text=e.text)
        for e in thread_for(concern, viewer=viewer)
    ]


def read_out(
    request: HttpRequest, concern: Concern, schema: type[ConcernOut] = ConcernOut, **extra: object
) -> ConcernOut:
    """A concern in the answer to a leader's change to it. Its words are in the answer, so it counts
    as a read (DESIGN.md rule 7): acknowledging through the API gave the text with no read recorded."""
    services.record_read(concern, request.user, ReadRecord.Via.API)
    return _concern_out(concern, schema, **extra)


def _concern_out(concern: Concern, schema: type[ConcernOut] = ConcernOut, **extra: object) -> ConcernOut:
    return schema(
        id=concern.pk,
        reference=concern.reference,
        text=concern.text,
        unit_id=concern.unit_id,
        unit=concern.unit.name,
        role_group=concern.role_group,
        status=concern.status,
        urgent=concern.urgent,
        received_on=concern.received_on,
        acknowledgment_due=concern.ack_due_on,
        acknowledgment_due_at=concern.ack_due_at,
        acknowledged=concern.acknowledged_at is not None,
        # The inbox's own rule: an urgent concern is overdue from its hour, not the next day.
        overdue=is_overdue(concern, timezone.now()),
        reporter_replied=concern.awaiting_leader,
        themes=[
            ThemeScore(
                key=row.theme.key,
                name=row.theme.name,
                score=row.score,
                primary=row.primary,
                corrected=row.corrected,
                words=theme_words(primary=row.primary, corrected=row.corrected, score=row.score),
            )
            for row in concern.themes.all()
        ],
        **extra,
    )


IDEMPOTENCY_HELP = (
    "Optional. A random value you choose per concern (e.g. a UUID): a repeat from the same client (the "
    "same token or browser session) with the same key and the same "
    "concern, after a timeout or retry, files nothing new and gets the first answer again (its receipt "
    "too) with `Idempotent-Replayed: true`; the same key with another text, unit or role group is "
    "refused with 409. Kept only as a keyed hash, with the first answer sealed under the key, for a few "
    "days."
)
REPLY_IDEMPOTENCY_HELP = (
    "Optional. A value you choose per reply (e.g. a UUID): a repeat with the same key and the same "
    "text on the same receipt, after a timeout or retry, stores no second reply and gets the first "
    "answer again (crisis lines included when the reply was flagged) with `Idempotent-Replayed: true`; "
    "the same key with another text is refused with 409. Kept only as a keyed hash of receipt and key, "
    "with the first answer sealed under it, for a few days."
)

MESSAGE_IDEMPOTENCY_HELP = (
    "Optional. A value you choose per message (e.g. a UUID): a repeat with the same key on the same "
    "concern, after a timeout or retry, is refused with 409 and never sends the reporter a second "
    "message. Kept only as a keyed hash, for a few days."
)


def _idempotency_form_key(request: HttpRequest, key: str | None) -> str | None:
    """For a concern: what only the caller holds, and the key (the same client repeating itself)."""
    return formkeys.for_idempotency_key("api:", f"api-idempotency:{caller_secret(request)}", key)


def _reply_idempotency_form_key(code: str, key: str | None) -> str | None:
    """For a receipt reply: the receipt and key (the receipt is the caller's only credential).

    The code itself goes in, normalised, not its stored digest or intake lookup: a dump holding
    the server's keys still cannot test a used key against the receipts it holds.
    """
    return formkeys.for_idempotency_key(
        "api-reply:", f"api-reply-idempotency:{receipts.normalise(code) or ''}", key
    )


@router.post(
    "",
    response={201: Submitted, 400: Error, 404: Error, 409: AlreadySentOut, 429: Error},
    summary="Report a concern anonymously",
    description="404: `unit_id` is not one of your units or a level above one, or `role_group` is not "
    "one of yours. 201 with `Idempotent-Replayed: true`: a repeat of a concern already filed with this "
    "`Idempotency-Key`; nothing new was filed and the answer is the first one. 409: the "
    "`Idempotency-Key` was already used for another concern.",
)
def submit(
    request: HttpRequest,
    payload: ConcernIn,
    response: HttpResponse,
    idempotency_key: str | None = idempotency_key(IDEMPOTENCY_HELP),
) -> tuple[int, Submitted]:
    """Nothing stored links the concern to the caller; the receipt is returned once."""
    response["Cache-Control"] = NO_STORE
    unit = None
    if payload.unit_id is not None:
        allowed = {u.pk: u for u in reportable_units(request.user)}
        if payload.unit_id not in allowed:
            raise services.MissingOrNotYours(
                _("Choose one of your own units, or the department or hospital above it.")
            )
        unit = allowed[payload.unit_id]
    role = payload.role_group or ""
    if role and role not in role_groups_of(request.user):
        raise services.MissingOrNotYours(_("Choose one of your own role groups, or leave it out."))
    if not payload.confirmed:
        question = confirmation_question(payload.text, unit, role)
        if question:
            raise services.ConcernError(question)
    form_key = _idempotency_form_key(request, idempotency_key)
    # A retry whose answer was lost gets that answer again, its receipt above all, and a header
    # saying so; the same key with other words, the 409 (`retries`).
    try:
        done, replayed = submit_or_replay(
            text=payload.text, unit=unit, role_group=role, form_key=form_key, account=str(request.user.pk)
        )
    except TooManyToday as limit:
        raise RateLimited(str(limit), limit.retry_after) from None
    if replayed:
        response[REPLAYED] = "true"
    resources = crisis_lines() if done.crisis else []
    return 201, Submitted(
        receipt=done.receipt,
        status="received",
        urgent=done.crisis,
        crisis_resources=resources,
        help_line=help_line_out(),
        reaches_leaders_at=done.visible_from,
        acknowledgment_due=done.ack_due_on,
        acknowledgment_due_at=done.ack_due_at,
    )


class InboxPageOut(Schema):
    items: list[ConcernOut]
    total: int = Field(description="Concerns matching, counted up to 300.")
    total_is_capped: bool = Field(description="True when there are at least `total` (300 or more).")
    next: str | None = Field(description="Pass as `cursor` for the next page; null on the last page.")
    prev: str | None = Field(
        description="Pass as `before` for the page before; null on the first page (and on an empty one)."
    )


@inbox_router.get(
    "",
    response={200: InboxPageOut, 400: Error, 404: Error},
    summary="The leader's concerns, what to answer first at the top, a page at a time",
    description="400: a `cursor` or `before` not of the form the schema states, or both at once (a page "
    "follows one cursor or precedes one). 404: no active theme with the key `theme`, or `unit_id` is "
    "not a unit you lead.",
)
def leader_inbox(
    request: HttpRequest,
    status: StatusFilter | None = Query(  # noqa: B008 - ninja's parameter spec
        None,
        description="open: new, acknowledged or in progress; or one status: new, acknowledged, in_progress, "
        "action_taken, closed (default: every status).",
    ),
    urgent: bool | None = Query(
        None,
        description="true: only urgent concerns (crisis language); false: only the others (default: both).",
    ),
    # The pattern keeps a NUL byte (a PostgreSQL error) from reaching the query, and tells clients.
    theme: str | None = Query(
        None,
        max_length=64,
        pattern=KEY_OR_EMPTY,
        description="A theme key, or `unclear`: the concerns the model placed under no theme.",
    ),
    unit_id: RowId | None = Query(  # noqa: B008 - as above
        None, description="A unit you lead: its concerns and those below it (default: every unit you lead)."
    ),
    cursor: str | None = Query(
        None, max_length=80, pattern=CURSOR_PATTERN, description="The `next` of the previous page."
    ),
    before: str | None = Query(
        None,
        max_length=80,
        pattern=CURSOR_PATTERN,
        description="The `prev` of the page after: gives the page before it. Not with `cursor`.",
    ),
    limit: QueryInt = Query(30, ge=1, le=100, description="Concerns per page, 1 to 100 (default 30)."),  # noqa: B008 - as above
) -> InboxPageOut:
    theme_id = None
    if theme and theme != UNCLEAR:
        theme_id = Theme.objects.filter(key=theme).values_list("pk", flat=True).first()
        if theme_id is None:
            raise services.MissingOrNotYours(
                _("Unknown theme %(key)r; see GET /api/v1/themes.") % {"key": theme}
            )
    unit = Unit.objects.filter(pk=unit_id).first() if unit_id is not None else None
    if unit_id is not None and (unit is None or not leads_unit(request.user, unit)):
        raise services.MissingOrNotYours(_("Choose one of the units you lead."))
    if cursor and before:
        raise services.ConcernError(
            _("Send either `cursor` (the next page) or `before` (the page before), not both.")
        )
    try:
        after = Cursor.decode(cursor) if cursor else None
        until = Cursor.decode(before) if before else None
    except BadCursor as error:
        raise services.ConcernError(str(error)) from None
    filters = InboxFilters(
        status=status or "", urgent=urgent, unit=unit, theme_id=theme_id, unclear=theme == UNCLEAR
    )
    page = inbox_page(request.user, filters, after=after, before=until, size=limit)
    prefetch_related_objects(page.concerns, "themes__theme")
    services.record_reads(page.concerns, request.user, ReadRecord.Via.API)
    return InboxPageOut(
        items=[_concern_out(c) for c in page.concerns],
        total=page.total,
        total_is_capped=page.total_is_capped,
        next=page.next_cursor,
        prev=page.prev_cursor,
    )


@router.get(
    "/{concern_id}", response={200: ConcernDetail, 404: ConcernMissing}, summary="One concern with its thread"
)
def detail(request: HttpRequest, concern_id: Uuid) -> ConcernDetail | tuple[int, dict]:
    """A concern in a unit you lead or one below it (a deputy's too, on the days they cover), with its
    thread: messages and events in order, each dated to the day. Counts as a read: the audit log
    records you, the concern and the time, via the API. 404 when the concern does not exist, is not
    in your units, waits for its batch, or was merged into another: missing and not yours look alike,
    except that a concern of your units merged into one you may read says where (`merged_into`), as
    its old page sends you there. Needs the `read` scope."""
    try:
        concern = concern_for_leader(request.user, concern_id)
    except ConcernNotFound:
        found = merged_home(request.user, concern_id)
        if found is None:
            raise
        merged, home = found
        detail = _("Concern %(merged)s was merged into %(home)s; read that one.") % {
            "merged": merged.reference,
            "home": home.reference,
        }
        return 404, {"detail": detail, "merged_into": home.pk}
    services.record_read(concern, request.user, ReadRecord.Via.API)
    return _concern_out(concern, ConcernDetail, **_leader_detail(concern))


@router.post("/{concern_id}/acknowledge", response={200: ConcernOut, 404: Error})
def acknowledge(request: HttpRequest, concern_id: Uuid) -> ConcernOut:
    """Acknowledges a concern in your units, as its page's button does: `acknowledged` becomes true, a
    `new` concern moves to `acknowledged`, and the reporter's thread says so. Acknowledging again (a
    retry, a second tab, a colleague first) changes nothing and answers 200 with the concern as it is,
    never 409. The answer has no `thread`; it counts as a read of the concern in the audit log, as the
    answer to every change to a concern does. 404 as for GET /api/v1/concerns/{concern_id}. Needs the
    `write` scope."""
    concern = services.acknowledge(concern_for_leader(request.user, concern_id), request.user)
    return read_out(request, concern)


@router.post(
    "/{concern_id}/messages",
    response={201: ConcernDetail, 400: Error, 404: Error, 409: AlreadySentOut},
    description="409: the `Idempotency-Key` was already used for this concern; nothing is sent twice.",
)
def write(
    request: HttpRequest,
    concern_id: Uuid,
    payload: TextIn,
    idempotency_key: str | None = idempotency_key(MESSAGE_IDEMPOTENCY_HELP),
) -> tuple[int, ConcernDetail]:
    concern = concern_for_leader(request.user, concern_id)
    form_key = formkeys.for_account(request.user.pk, "message", idempotency_key, within=concern.pk)
    services.write_to_reporter(concern, request.user, payload.text, form_key=form_key)
    concern.refresh_from_db()
    return 201, read_out(request, concern, ConcernDetail, **_leader_detail(concern))


@router.post(
    "/{concern_id}/status",
    response={200: ConcernOut, 400: Error, 404: Error, 409: Error},
    description="400: closing without an explanation. 409: the move is not allowed from the "
    "concern's current status (the allowed moves are listed under `status`), or `from_status` was "
    "sent and the concern's status is no longer that one (someone changed it since you read it); "
    "nothing is changed. Send `from_status` so that a move made from an out-of-date read does not "
    "undo a colleague's (reopening a concern they just closed); without it the move is made from "
    "the current status.",
)
def change_status(request: HttpRequest, concern_id: Uuid, payload: StatusIn) -> ConcernOut:
    concern = concern_for_leader(request.user, concern_id)
    changed = services.change_status(
        concern, request.user, payload.status, payload.explanation, from_status=payload.from_status
    )
    return read_out(request, changed)


class MoveIn(StrictIn):
    unit_id: RowId = Field(
        description="A unit you lead, or the level above the concern's unit (see GET /api/v1/units)."
    )


@router.post(
    "/{concern_id}/move",
    response={200: ConcernOut, 404: Error, 409: Error},
    summary="Move a concern sent to the wrong unit",
)
def move(request: HttpRequest, concern_id: Uuid, payload: MoveIn) -> ConcernOut:
    """Who reads it follows the unit: the new unit's leaders see it, and the reporter sees that it
    moved. 404 when the unit does not exist, or is neither one you lead nor the level above the
    concern's unit; 409 when the concern is already there."""
    concern = concern_for_leader(request.user, concern_id)
    unit = Unit.objects.filter(pk=payload.unit_id).first()
    if unit is None:
        raise services.MissingOrNotYours(_("No such unit; see GET /api/v1/units."))
    return read_out(request, services.move_concern(concern, request.user, unit))


def _reach_leaders_at(replies: list[dict]) -> list[dt.datetime]:
    # In the deployment's time zone, as `reaches_leaders_at` (read back from the database, it is UTC).
    return [timezone.localtime(reply["visible_from"]) for reply in replies]


def _receipt_view(found: Concern | services.PendingReceipt) -> ReceiptView:
    if isinstance(found, services.PendingReceipt):
        return ReceiptView(
            status="pending",
            text=found.text,
            unit=None,
            received_on=None,
            # In the deployment's time zone, as the submit's answer gives it (read back, it is UTC).
            reaches_leaders_at=timezone.localtime(found.visible_from),
            acknowledged=False,
            acknowledgment_due=None,
            thread=[],
            pending_replies=[reply["text"] for reply in found.replies],
            pending_replies_reach_leaders_at=_reach_leaders_at(found.replies),
            actions=[],
            help_line=help_line_out(),
        )
    concern = found
    published = concern.actions.filter(state="published").select_related("scope").prefetch_related("updates")
    own = getattr(concern, "merged_from", None) or concern
    waiting = services.pending_replies(concern)
    return ReceiptView(
        status=concern.status,
        text=own.text,
        unit=own.unit.name,
        received_on=own.received_on,
        reaches_leaders_at=None,
        acknowledged=concern.acknowledged_at is not None,
        acknowledgment_due=concern.ack_due_on,
        thread=[
            ThreadEntry(kind=e.kind, day=e.day, author=e.author, text=e.text)
            for e in thread_for(concern, viewer="reporter", own=own)
        ],
        pending_replies=[reply["text"] for reply in waiting],
        pending_replies_reach_leaders_at=_reach_leaders_at(waiting),
        actions=[action_out(a) for a in published],
        help_line=help_line_out(),
    )


def _by_receipt(request: HttpRequest, code: str) -> Concern | services.PendingReceipt:
    """What the receipt opens; a valid code always opens, failures are slowed per client."""
    try:
        return services.open_receipt(code)
    except services.ReceiptNotFound:
        if limits.refuse_failed_lookup(request):
            raise RateLimited() from None
        raise


@receipts_router.post(
    "/lookup", response={200: ReceiptView, 404: Error, 429: Error}, summary="Follow a concern"
)
def lookup(request: HttpRequest, payload: ReceiptIn, response: HttpResponse) -> ReceiptView:
    """Whoever holds the receipt reads its concern: the status, their own text, the leaders' messages
    and events, their own replies and the published actions linked to it. Before its batch is
    released, `status` is `pending` and `reaches_leaders_at` gives the batch time. After a merge it
    opens the shared concern, never another reporter's words. No account is needed; the request is not
    logged (a server error leaves a line dated to the day only), and the answer is marked no-store.
    404: no concern for that code, counted against this client's hourly limit (kept only as a keyed
    hash of its address); 429 with Retry-After past that limit, while a correct code still opens."""
    response["Cache-Control"] = NO_STORE
    return _receipt_view(_by_receipt(request, payload.receipt))


@receipts_router.post(
    "/reply",
    response={201: ReceiptView, 400: Error, 404: Error, 409: AlreadySentOut, 429: Error},
    summary="Reply anonymously",
)
def reply(
    request: HttpRequest,
    payload: ReplyIn,
    response: HttpResponse,
    idempotency_key: str | None = idempotency_key(REPLY_IDEMPOTENCY_HELP),
) -> tuple[int, ReceiptView]:
    """Replies to the leaders through a receipt, anonymously, also on a closed concern or one still
    waiting for its batch. The reply waits for a batch as a concern does, so its time cannot tie it to
    its writer: until then it is last in `pending_replies`. The answer is the receipt's view, as the
    lookup gives it, with `crisis_resources` when the words suggest crisis (show them at once). No
    account is needed; the request is not logged (a server error leaves a line dated to the day only),
    and the answer is marked no-store. 400: text rules. 404 and 429: as for the lookup, before the key
    is looked at. 409: the `Idempotency-Key` was already used with this receipt for another text."""
    response["Cache-Control"] = NO_STORE
    found = _by_receipt(request, payload.receipt)
    if isinstance(found, services.PendingReceipt):
        found = services.PendingConcern(payload.receipt)
    form_key = _reply_idempotency_form_key(payload.receipt, idempotency_key)
    sent, replayed = reply_or_replay(found, payload.text, form_key)
    if replayed:
        response[REPLAYED] = "true"
    view = _receipt_view(services.open_receipt(payload.receipt))
    if sent.crisis:
        view.crisis_resources = crisis_lines()
    return 201, view
