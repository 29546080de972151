"""Everything that writes a concern or its thread. Views and the API call these, nothing else."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from upstream.concerns import receipts, safety, timing
from upstream.concerns.access import ConcernNotFound, concern_for_leader
from upstream.concerns.models import (
    OPEN_STATUSES,
    Author,
    Concern,
    Event,
    Message,
    ReadRecord,
    Receipt,
    Status,
)
from upstream.intake import formkeys, kept_answers
from upstream.intake.services import enqueue, expedite, hold_for_rewrite, pending_for
from upstream.lib.head_requests import body_withheld
from upstream.lib.text import InvalidText, clean_user_text
from upstream.org.access import led_subtree_q
from upstream.org.models import Unit, User

CONCERN_KIND, REPLY_KIND = "concerns.concern", "concerns.reply"

MIN_TEXT, MAX_TEXT = 10, 5000

# Moves a leader may make; any open concern may also be closed, with an explanation.
ALLOWED_MOVES: dict[str, set[str]] = {
    Status.NEW: {Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.ACTION_TAKEN, Status.CLOSED},
    Status.ACKNOWLEDGED: {Status.IN_PROGRESS, Status.ACTION_TAKEN, Status.CLOSED},
    Status.IN_PROGRESS: {Status.ACTION_TAKEN, Status.CLOSED},
    Status.ACTION_TAKEN: {Status.IN_PROGRESS, Status.CLOSED},
    Status.CLOSED: {Status.IN_PROGRESS},
}


class ConcernError(ValueError):
    """A request that breaks a rule; the message is written for the person who made it."""


class MissingOrNotYours(ConcernError):
    """The request names a unit, role group, theme or concern that does not exist or is not the
    caller's to use; the API answers 404, as it does for a concern outside the caller's units."""


class ConcernConflict(ConcernError):
    """A well-formed request that the concern's current state does not allow (a status move from
    where it is now, a move to where it already is); the API answers 409."""


class StatusChanged(ConcernConflict):
    """The caller saw the concern at one status and someone has moved it since (a page left open in
    a second tab, a colleague closing it): nothing is changed, so their move is not undone unseen
    (409). `current` is the status it has now."""

    def __init__(self, current: str, seen: str) -> None:
        self.current = current
        super().__init__(
            _(
                "This concern is now %(current)s, not %(seen)s as you last read it: someone changed "
                "its status since. Nothing was changed; read it again, then choose."
            )
            % {"current": Status(current).label.lower(), "seen": _status_name(seen)}
        )


def _status_name(value: str) -> str:
    return Status(value).label.lower() if value in Status.values else value


class NotMergeable(MissingOrNotYours):
    """A concern named for a merge is not in the leader's units, or does not exist (404)."""

    def __init__(self, concern_id: object) -> None:
        self.concern_id = str(concern_id)
        super().__init__(
            _("Concern %(id)s is not in your units or no longer exists, so nothing was merged.")
            % {"id": concern_id}
        )


class MergeIntoItself(ConcernError):
    """The concern merged into is among those to merge (only a hand-made request sends that): refused,
    not skipped, since "Merged 0" after a confirmation reads as if something went wrong unseen."""

    def __init__(self, concern: Concern) -> None:
        self.concern_id = str(concern.pk)
        super().__init__(
            _("Concern %(reference)s cannot be merged into itself, so nothing was merged.")
            % {"reference": concern.reference}
        )


class AlreadyMerged(ConcernConflict):
    """A concern named for a merge was already merged into another one (409): it names both by
    reference, never by text, since the other one may be in a unit the leader does not lead."""

    def __init__(self, concern: Concern, into: Concern) -> None:
        self.concern_id = str(concern.pk)
        super().__init__(
            _("Concern %(reference)s was already merged into %(into)s, so nothing was merged.")
            % {"reference": concern.reference, "into": into.reference}
        )


class ReceiptNotFound(ConcernError):
    def __init__(self, code: str | None = None) -> None:
        """`code`, the text sent, when it has too few or too many symbols to be a code at all: a
        code copied in part ("AAAA-BBBB") was told only "We could not find a concern" (a walk)."""
        symbols = receipts.symbol_count(code) if code is not None else receipts.CODE_LENGTH
        if symbols and symbols != receipts.CODE_LENGTH:
            super().__init__(
                ngettext(
                    "That is not a whole receipt code: it has %(count)s letter or digit, and a code has "
                    "%(length)s, in five groups of four like ABCD-EFGH-JKMN-PQRS-TVWX. Check that you "
                    "copied all of it.",
                    "That is not a whole receipt code: it has %(count)s letters and digits, and a code has "
                    "%(length)s, in five groups of four like ABCD-EFGH-JKMN-PQRS-TVWX. Check that you "
                    "copied all of it.",
                    symbols,
                )
                % {"count": symbols, "length": receipts.CODE_LENGTH}
            )
            return
        super().__init__(
            _(
                "We could not find a concern for that receipt code. Check it and try again: "
                "codes look like ABCD-EFGH-JKMN-PQRS-TVWX."
            )
        )


class AlreadySent(ConcernError):
    """The same form was sent twice (a refresh, a double tap): the first one counts, once."""

    def __init__(self) -> None:
        super().__init__(_("This was already sent. Nothing was sent twice."))


@dataclass(frozen=True)
class Submitted:
    receipt: str
    crisis: bool
    visible_from: dt.datetime  # the fixed batch time at which leaders first see it
    ack_due_on: dt.date
    ack_due_at: dt.datetime

    @property
    def concern(self) -> Concern:
        """The visible concern, once its batch has been released (tests and the demo)."""
        return find_by_receipt(self.receipt)

    def kept(self) -> dict:
        return {
            "receipt": self.receipt,
            "crisis": self.crisis,
            "visible_from": self.visible_from.isoformat(),
            "ack_due_on": self.ack_due_on.isoformat(),
            "ack_due_at": self.ack_due_at.isoformat(),
        }

    @classmethod
    def from_kept(cls, kept: dict) -> Submitted:
        return cls(
            receipt=kept["receipt"],
            crisis=kept["crisis"],
            visible_from=dt.datetime.fromisoformat(kept["visible_from"]),
            ack_due_on=dt.date.fromisoformat(kept["ack_due_on"]),
            ack_due_at=dt.datetime.fromisoformat(kept["ack_due_at"]),
        )


@dataclass(frozen=True)
class PendingReply:
    text: str
    crisis: bool
    visible_from: dt.datetime

    def kept(self) -> dict:
        """What a retry gets back (the words it sends again, so they are not kept)."""
        return {"crisis": self.crisis, "visible_from": self.visible_from.isoformat()}

    @classmethod
    def from_kept(cls, text: str, kept: dict) -> PendingReply:
        return cls(
            text=text, crisis=kept["crisis"], visible_from=dt.datetime.fromisoformat(kept["visible_from"])
        )


@dataclass(frozen=True)
class PendingReceipt:
    """A receipt whose concern is still sealed in the intake, waiting for its batch."""

    text: str
    visible_from: dt.datetime
    urgent: bool
    replies: list[dict]


class PendingConcern:
    """Stands in for a concern still in the intake, so a reply can name it by its receipt."""

    merged_from = None

    def __init__(self, code: str) -> None:
        self.receipt_digest = receipts.digest(code) or ""
        self.intake_lookup = receipts.intake_lookup(code) or ""


def clean_text(text: object, label: str | None = None) -> str:
    try:
        return clean_user_text(text, label=label or _("Your text"), minimum=MIN_TEXT, maximum=MAX_TEXT)
    except InvalidText as error:
        raise ConcernError(str(error)) from None


def default_scope() -> Unit:
    """Where a concern goes when the reporter picks no unit: the top of the organisation."""
    root = Unit.top()
    if root is None:
        raise ConcernError(_("The organisation has no units yet; an administrator must import them."))
    return root


def spend_form_key(form_key: str | None) -> None:
    """Spend a one-time form key (or a keyed Idempotency-Key) inside the caller's transaction;
    AlreadySent when it was spent before, so the caller writes nothing twice."""
    if form_key is not None and not formkeys.spend(form_key):
        raise AlreadySent()


def submit_concern(
    *,
    text: str,
    unit: Unit | None,
    role_group: str = "",
    now: dt.datetime | None = None,
    form_key: str | None = None,
    keep_answer: bool = False,
) -> Submitted:
    """File an anonymous concern through the intake. Deliberately takes no user: nothing to link.

    Only the crisis screen runs here, because the writer must see resources at once; themes, the
    batch crisis model and the visible rows come at release (upstream/concerns/release.py).
    With `keep_answer`, the answer is kept with the spent `form_key`, sealed under it, for a retry
    that lost it (`earlier_submission`).
    """
    now = now or timezone.now()
    cleaned = clean_text(text)
    crisis = safety.in_crisis(cleaned)
    target = unit or default_scope()
    code = receipts.new_code()
    payload = {
        "text": cleaned,
        "unit_id": target.pk,
        "role_group": role_group,
        "urgent": crisis,
        "received_on": timing.received_day(now).isoformat(),
        "receipt": receipts.digest(code),
    }
    with transaction.atomic():
        spend_form_key(form_key)  # first: a repeat writes nothing at all (formkeys.keep)
        lookup = receipts.intake_lookup(code)
        released = enqueue(CONCERN_KIND, payload, urgent=crisis, lookup=lookup, now=now)
        due = timing.acknowledgment_due(released, urgent=crisis)
        submitted = Submitted(
            receipt=code,
            crisis=crisis,
            visible_from=released,
            ack_due_on=timezone.localtime(due).date(),
            ack_due_at=due,
        )
        if form_key is not None and keep_answer:
            asked = _asked(cleaned, target, role_group)
            formkeys.keep(form_key, kept_answers.seal(form_key, asked, submitted.kept()))
    return submitted


def _asked(text: str, unit: Unit, role_group: str) -> str:
    return kept_answers.request_digest(text, unit.pk, role_group)


def earlier_submission(
    form_key: str | None, *, text: str, unit: Unit | None, role_group: str
) -> Submitted | None:
    """What `submit_concern(..., keep_answer=True)` answered when this key was spent on the same
    concern (a retry whose answer was lost); None otherwise, and for text the rules refuse."""
    if form_key is None:
        return None
    try:
        asked = _asked(clean_text(text), unit or default_scope(), role_group)
    except ConcernError:
        return None
    kept = formkeys.kept_answer(form_key, asked)
    return None if kept is None else Submitted.from_kept(kept)


def find_by_receipt(code: str) -> Concern:
    """The concern a receipt opens, or ReceiptNotFound (also while it still waits in the intake).

    After a merge the receipt opens the shared concern; `merged_from` then holds the reporter's
    own original, so the page can show what they wrote beside the shared thread.
    """
    key = receipts.digest(code or "")
    receipt = Receipt.objects.select_related("concern").filter(digest=key).first() if key else None
    if receipt is None:
        raise ReceiptNotFound(code or "")
    original = receipt.concern
    concern = original.merge_home()
    concern.merged_from = original if original.pk != concern.pk else None
    concern.receipt_digest = key
    concern.intake_lookup = receipts.intake_lookup(code)
    return concern


def open_receipt(code: str) -> Concern | PendingReceipt:
    """What a receipt opens: its concern, or what still waits in the intake; else ReceiptNotFound.

    Asked again after the intake: a release that commits between the two reads moves the concern
    out of the intake into the table (the intake read waits for the release's lock), and a valid code
    must never read as a wrong one (a load test: three replies refused as "could not find", and
    counted as guesses, at the hourly release).
    """
    try:
        return find_by_receipt(code)
    except ReceiptNotFound:
        return pending_by_receipt(code) or find_by_receipt(code)


def pending_by_receipt(code: str) -> PendingReceipt | None:
    """What a receipt holder sent that leaders have not received yet, or None if nothing waits."""
    lookup = receipts.intake_lookup(code or "")
    if not lookup:
        return None
    waiting = pending_for(lookup)
    concern = next((p for p in waiting if p.kind == CONCERN_KIND), None)
    if concern is None:
        return None
    replies = _by_seq(p for p in waiting if p.kind == REPLY_KIND)
    return PendingReceipt(
        text=concern.payload["text"],
        visible_from=concern.release_at,
        urgent=concern.payload["urgent"],
        replies=replies,
    )


def pending_replies(concern: Concern) -> list[dict]:
    """Replies through this receipt still waiting for their batch, oldest first (the writer's view)."""
    lookup = getattr(concern, "intake_lookup", "")
    return _by_seq(pending_for(lookup, REPLY_KIND))


def _by_seq(waiting: Iterable) -> list[dict]:
    """Waiting replies' payloads in the order written, each with `visible_from`, when leaders get it:
    "with the next batch" read as the hour to a writer whose regular reply waits for tomorrow's."""
    replies = [{**p.payload, "visible_from": p.release_at} for p in waiting]
    return sorted(replies, key=lambda r: r["seq"])


def concerns_to_merge(
    survivor: Concern, concern_ids: Iterable[uuid.UUID | str], leader: User, *, now: dt.datetime | None = None
) -> list[Concern]:
    """The concerns a leader named to merge into `survivor`, each read through their gatekeeper; an id
    given twice counts once. Refused, before anything is asked or merged: `survivor` among them
    (MergeIntoItself), one already merged (AlreadyMerged), one not in the leader's units (NotMergeable).
    """
    ids = list(dict.fromkeys(concern_ids))
    for concern_id in ids:
        if _same_id(concern_id, survivor.pk):
            raise MergeIntoItself(survivor)
    chosen: dict[uuid.UUID, Concern] = {}
    for concern_id in ids:
        try:
            concern = concern_for_leader(leader, concern_id, now=now)
        except ConcernNotFound:
            merged = _merged_for_leader(leader, concern_id, now=now)
            if merged is None:
                raise NotMergeable(concern_id) from None
            raise AlreadyMerged(merged, merged.merge_home()) from None
        chosen.setdefault(concern.pk, concern)
    return list(chosen.values())


def _same_id(concern_id: uuid.UUID | str, pk: uuid.UUID) -> bool:
    try:
        return uuid.UUID(str(concern_id)) == pk
    except ValueError:
        return False


def _merged_for_leader(
    leader: User, concern_id: uuid.UUID | str, *, now: dt.datetime | None
) -> Concern | None:
    """A concern already merged, when it is in the leader's units and released to them (else None: a
    concern elsewhere stays "not in your units", merged or not)."""
    try:
        key = uuid.UUID(str(concern_id))
    except ValueError:
        return None
    released = Q(visible_from__lte=now or timezone.now())
    return (
        Concern.objects.filter(led_subtree_q(leader, "unit__"), released, pk=key)
        .exclude(merged_into=None)
        .first()
    )


def merge_concerns(
    survivor: Concern, duplicates: list[Concern], leader: User, *, now: dt.datetime | None = None
) -> int:
    """Fold similar concerns into one shared concern; every receipt keeps working and sees its thread.

    Messages move to the survivor (after its own), receipts keep pointing at their original concern,
    which now points at the survivor. Each message keeps the concern it was written on (`origin`):
    a leader's answer to one reporter ("the near-miss you mentioned on Saturday") was shown to every
    reporter of the merged thread (a new-user walk); only answers written after the merge reach all.
    Returns how many were merged: all of them (a concern given twice counts once). Merges none when
    one is the survivor (MergeIntoItself) or was merged meanwhile, by another leader since the list
    was read (AlreadyMerged).
    """
    now = now or timezone.now()
    merged = 0
    furthest = None  # the furthest open status among the merged concerns
    with transaction.atomic():
        target = Concern.objects.select_for_update().get(pk=survivor.pk)
        # Messages written before 2026-12-06 carry no origin: each is given the concern it is on.
        target.messages.filter(origin=None).update(origin=target)
        for duplicate in {duplicate.pk: duplicate for duplicate in duplicates}.values():
            dup = Concern.objects.select_for_update().get(pk=duplicate.pk)
            if dup.pk == target.pk:
                raise MergeIntoItself(target)
            if dup.merged_into_id is not None:
                raise AlreadyMerged(dup, dup.merge_home())
            dup.messages.filter(origin=None).update(origin=dup)
            last = target.messages.aggregate(last=Max("sequence"))["last"] or 0
            for offset, message in enumerate(dup.messages.order_by("sequence"), start=1):
                message.concern, message.sequence = target, last + offset
                message.save(update_fields=["concern", "sequence"])
            dup.merged_into, dup.merged_at = target, now
            dup.save(update_fields=["merged_into", "merged_at"])
            if dup.status in OPEN_STATUSES and _further(dup.status, furthest):
                furthest = dup.status
            target.awaiting_leader = target.awaiting_leader or dup.awaiting_leader
            target.urgent = target.urgent or dup.urgent
            record_event(
                target,
                kind=Event.Kind.MERGED,
                leader=leader,
                at=now,
                explanation=dup.reference,  # the sentence is written when shown, in the reader's language
            )
            merged += 1
        target.save(update_fields=["awaiting_leader", "urgent"])
        _carry_status(target, furthest, leader, now)
    return merged


MERGE_ORDER = (Status.NEW, Status.ACKNOWLEDGED, Status.IN_PROGRESS)


def _set_status(locked: Concern, status: str, now: dt.datetime) -> str:
    """Move a locked concern to `status`, acknowledging it now if no one had; the status it left."""
    previous = locked.status
    locked.status = status
    fields = ["status"]
    if locked.acknowledged_at is None:
        locked.acknowledged_at = now
        fields.append("acknowledged_at")
    locked.save(update_fields=fields)
    return previous


def _further(status: str, than: str | None) -> bool:
    return than is None or MERGE_ORDER.index(status) > MERGE_ORDER.index(than)


def _carry_status(target: Concern, furthest: str | None, leader: User, now: dt.datetime) -> None:
    """The survivor moves up to the furthest open status of what merged into it: merging an
    acknowledged concern into a new one sent its reporter's receipt back to "New" with a fresh
    deadline (leader walk). Moved now, by this leader, with the events the reporters read; never
    back, and a closed or acted-on survivor stays as it is."""
    if furthest is None or target.status not in MERGE_ORDER or not _further(furthest, target.status):
        return
    previous = _set_status(target, furthest, now)
    kind = Event.Kind.ACKNOWLEDGED if furthest == Status.ACKNOWLEDGED else Event.Kind.STATUS
    record_event(target, kind=kind, from_status=previous, to_status=furthest, leader=leader, at=now)


def _append_message(
    concern: Concern, *, author: str, text: str, leader: User | None, now: dt.datetime
) -> Message:
    last = concern.messages.aggregate(last=Max("sequence"))["last"] or 0
    return Message.objects.create(
        concern=concern,
        origin=concern,
        author=author,
        leader=leader,
        text=clean_text(text),
        sent_on=timing.received_day(now),
        written_at=now if author == Author.LEADER else None,
        sequence=last + 1,
    )


def reply_as_reporter(
    concern: Concern, text: str, *, now: dt.datetime | None = None, form_key: str | None = None
) -> PendingReply:
    """A reply through a receipt. It goes through the intake like the concern did and joins the
    thread at release, marked as the writer's own (after a merge too). Allowed on a closed concern:
    the writer may answer the closing explanation, and the leader may reopen.

    `concern` is what the receipt opened (it carries `receipt_digest`), or a released concern.
    With a `form_key`, the answer is kept sealed under it for a retry that lost it (`earlier_reply`):
    a writer whose reply was flagged must see the crisis lines again, not only "already sent".
    """
    now = now or timezone.now()
    cleaned = clean_text(text, _("Your reply"))
    crisis = safety.in_crisis(cleaned)
    digest = getattr(concern, "receipt_digest", "") or _any_receipt(concern)
    lookup = getattr(concern, "intake_lookup", "")
    with transaction.atomic():
        if crisis and not isinstance(concern, Concern):  # still waiting when the receipt was opened
            hold_for_rewrite()  # before anything of the intake is held: `expedite` rewrites it whole
        spend_form_key(form_key)  # first: a repeat writes nothing at all (formkeys.keep)
        waiting = pending_for(lookup)
        concern_entry = next((p for p in waiting if p.kind == CONCERN_KIND), None)
        payload = {
            "receipt": digest,
            "text": cleaned,
            "urgent": crisis,
            "received_on": timing.received_day(now).isoformat(),
            "seq": sum(1 for p in waiting if p.kind == REPLY_KIND) + 1,
        }
        not_before = concern_entry.release_at if concern_entry else None
        released = enqueue(REPLY_KIND, payload, urgent=crisis, lookup=lookup, now=now, not_before=not_before)
        if crisis and concern_entry is not None:
            # The concern itself must not wait for tomorrow's batch when its writer is in crisis.
            released = timing.release_time(now, urgent=True)
            expedite(lookup, (CONCERN_KIND, REPLY_KIND), released)
        sent = PendingReply(text=cleaned, crisis=crisis, visible_from=released)
        if form_key is not None:
            formkeys.keep(form_key, kept_answers.seal(form_key, _asked_reply(digest, cleaned), sent.kept()))
    return sent


def _asked_reply(receipt_digest: str, text: str) -> str:
    return kept_answers.request_digest("reply", receipt_digest, text)


def earlier_reply(concern: Concern, form_key: str | None, text: str) -> PendingReply | None:
    """What `reply_as_reporter` answered when this key was spent on the same words for the same
    receipt (a retry whose answer was lost); None otherwise, and for text the rules refuse."""
    if form_key is None:
        return None
    try:
        cleaned = clean_text(text, _("Your reply"))
        digest = getattr(concern, "receipt_digest", "") or _any_receipt(concern)
    except ConcernError:  # ReceiptNotFound included
        return None
    kept = formkeys.kept_answer(form_key, _asked_reply(digest, cleaned))
    return None if kept is None else PendingReply.from_kept(cleaned, kept)


def _any_receipt(concern: Concern) -> str:
    receipt = Receipt.objects.filter(concern=getattr(concern, "merged_from", None) or concern).first()
    if receipt is None:
        raise ReceiptNotFound()
    return receipt.digest


def acknowledge(concern: Concern, leader: User, *, now: dt.datetime | None = None) -> Concern:
    now = now or timezone.now()
    with transaction.atomic():
        locked = Concern.objects.select_for_update().get(pk=concern.pk)
        if locked.acknowledged_at is not None:
            return locked
        locked.acknowledged_at = now
        fields = ["acknowledged_at"]
        if locked.status == Status.NEW:
            locked.status = Status.ACKNOWLEDGED
            fields.append("status")
        locked.save(update_fields=fields)
        record_event(
            locked,
            kind=Event.Kind.ACKNOWLEDGED,
            from_status=Status.NEW,
            to_status=locked.status,
            leader=leader,
            at=now,
        )
    return locked


def acknowledged_by(concern: Concern) -> User | None:
    """The leader whose step acknowledged the concern: the Acknowledge button, a message, a status
    move and a merge each record an event, by that leader, at the very moment they set
    `acknowledged_at`. None when it is not acknowledged, or the leader is not known (an account
    since deleted)."""
    if concern.acknowledged_at is None:
        return None
    event = (
        concern.events.filter(at=concern.acknowledged_at, leader__isnull=False)
        .select_related("leader")
        .order_by("pk")
        .first()
    )
    return event.leader if event else None


def already_acknowledged(concern: Concern, viewer: User) -> str:
    """Said when an acknowledgment found the concern acknowledged already (a stale tab, a colleague
    first): when, and by whom, as the thread shows it."""
    day = date_format(timezone.localtime(concern.acknowledged_at), _("j M Y"))
    leader = acknowledged_by(concern)
    if leader is not None and leader.pk == viewer.pk:
        return _("You had already acknowledged this concern on %(day)s.") % {"day": day}
    if leader is not None:
        return _("This concern was already acknowledged on %(day)s by %(leader)s.") % {
            "day": day,
            "leader": str(leader),
        }
    return _("This concern was already acknowledged on %(day)s by another leader.") % {"day": day}


def write_to_reporter(
    concern: Concern,
    leader: User,
    text: str,
    *,
    now: dt.datetime | None = None,
    form_key: str | None = None,
) -> Message:
    """A leader's message; writing back counts as acknowledging a new concern.

    `form_key` is the page's one-time key (or the API's keyed Idempotency-Key): a second sending
    raises AlreadySent, so the reporter never reads the same message twice."""
    now = now or timezone.now()
    with transaction.atomic():
        spend_form_key(form_key)
        acknowledge(concern, leader, now=now)
        locked = Concern.objects.select_for_update().get(pk=concern.pk)
        message = _append_message(locked, author=Author.LEADER, text=text, leader=leader, now=now)
        locked.awaiting_leader = False
        locked.save(update_fields=["awaiting_leader"])
    return message


def change_status(
    concern: Concern,
    leader: User,
    status: str,
    explanation: str = "",
    *,
    from_status: str | None = None,
    now: dt.datetime | None = None,
) -> Concern:
    """Move a concern to `status`. With `from_status` (the status the caller read it at) a concern
    someone has moved since is refused with StatusChanged instead of being moved back over them."""
    now = now or timezone.now()
    if from_status is not None:
        # Said before the rules of the move itself (the explanation a close needs): the caller chose
        # off a status that is gone. Read afresh, not off the object passed in; checked again below.
        current = Concern.objects.values_list("status", flat=True).get(pk=concern.pk)
        if from_status != current:
            raise StatusChanged(current, from_status)
    if status not in Status.values:
        raise ConcernError(
            _("Unknown status %(status)r; choose one of: %(choices)s.")
            % {"status": status, "choices": ", ".join(Status.values)}
        )
    try:
        explanation = clean_user_text(explanation, label=_("The explanation"), maximum=MAX_TEXT)
    except InvalidText as error:
        raise ConcernError(str(error)) from None
    if status == Status.CLOSED and not explanation:
        raise ConcernError(_("Closing a concern needs an explanation for the reporter."))
    with transaction.atomic():
        locked = Concern.objects.select_for_update().get(pk=concern.pk)
        if from_status is not None and from_status != locked.status:
            raise StatusChanged(locked.status, from_status)
        if status not in ALLOWED_MOVES[locked.status]:
            raise ConcernConflict(
                _("A concern that is %(current)s cannot move to %(new)s.")
                % {"current": locked.get_status_display().lower(), "new": Status(status).label.lower()}
            )
        previous = _set_status(locked, status, now)
        record_event(
            locked,
            kind=Event.Kind.STATUS,
            from_status=previous,
            to_status=status,
            explanation=explanation,
            leader=leader,
            at=now,
        )
    return locked


MOVE_CHOICES_CAP = 300  # a system leader's 2,000 units make a list nobody can use (and a slow page)


def move_targets(concern: Concern, leader: User) -> list[Unit]:
    """Where a leader may send a concern that reached the wrong unit: any unit they can see (their
    subtrees) or the level above the concern's unit, never where it already is."""
    from upstream.org.access import led_subtree_q

    return _with_parent(concern, Unit.objects.filter(led_subtree_q(leader)))


def move_choices(concern: Concern, leader: User) -> tuple[list[Unit], bool]:
    """The page's list of move_targets, and whether it is shortened: where the leader leads more
    than MOVE_CHOICES_CAP units, only those in the concern's own hospital (the second level of the
    tree), where a concern sent to the wrong unit almost always belongs. Every target stays
    allowed (the API takes any)."""
    from upstream.org.access import led_subtree_q

    allowed = Unit.objects.filter(led_subtree_q(leader))
    first = list(allowed.order_by("path")[: MOVE_CHOICES_CAP + 1])  # one query instead of COUNT + list
    if len(first) <= MOVE_CHOICES_CAP:
        return _with_parent(concern, first), False
    hospital = concern.unit.path[: 2 * Unit.steplen]
    return _with_parent(
        concern, allowed.filter(path__startswith=hospital).order_by("path")[:MOVE_CHOICES_CAP]
    ), True


def _with_parent(concern: Concern, allowed) -> list[Unit]:
    units = {unit.pk: unit for unit in allowed}
    parent_path = concern.unit.path[: -Unit.steplen]
    # Usually among the leader's own units already; only look it up when it is not.
    if parent_path and not any(unit.path == parent_path for unit in units.values()):
        parent = Unit.objects.filter(path=parent_path).first()
        if parent is not None:
            units[parent.pk] = parent
    units.pop(concern.unit_id, None)
    return sorted(units.values(), key=lambda unit: unit.path)


def move_concern(concern: Concern, leader: User, unit: Unit, *, now: dt.datetime | None = None) -> Concern:
    """Send a concern to the unit it belongs to. Who may read it follows the unit (the new unit's
    leaders see it; the old one's may no longer). Recorded as a Moved event the reporter sees."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Concern.objects.select_for_update().select_related("unit").get(pk=concern.pk)
        if unit.pk == locked.unit_id:
            raise ConcernConflict(_("This concern is already in %(unit)s.") % {"unit": unit.name})
        if unit.pk not in {target.pk for target in move_targets(locked, leader)}:
            raise MissingOrNotYours(
                _("A concern can move only to a unit you lead or to the level above its unit.")
            )
        previous = locked.unit
        locked.unit = unit
        locked.save(update_fields=["unit"])
        record_event(
            locked,
            kind=Event.Kind.MOVED,
            leader=leader,
            at=now,
            explanation=_("Moved from %(from)s to %(to)s.") % {"from": previous.name, "to": unit.name},
        )
    return locked


def record_event(concern: Concern, **fields: object) -> Event:
    """An event placed after the thread's current messages, so the history reads in order."""
    after = concern.messages.aggregate(last=Max("sequence"))["last"] or 0
    return Event.objects.create(concern=concern, after_message=after, **fields)


def record_read(concern: Concern, leader: User, via: str, *, now: dt.datetime | None = None) -> None:
    record_reads([concern], leader, via, now=now)


def record_reads(concerns: list[Concern], leader: User, via: str, *, now: dt.datetime | None = None) -> None:
    if not concerns:
        return  # bulk_create would still open and commit an empty transaction
    if body_withheld():
        # HEAD is answered by the GET's view, without the body: nobody read anything, and the
        # audit log showed `HEAD /api/v1/inbox?limit=5` as five reads.
        return
    at = now or timezone.now()
    ReadRecord.objects.bulk_create(ReadRecord(concern=c, leader=leader, via=via, at=at) for c in concerns)
