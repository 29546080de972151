"""Everything that writes a concern or its thread. Views and the API call these, nothing else."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from upstream.concerns import receipts, timing
from upstream.concerns.models import Author, Concern, Event, Message, ReadRecord, Receipt, Status
from upstream.org.models import Unit, User

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


class ReceiptNotFound(ConcernError):
    def __init__(self) -> None:
        super().__init__(
            "We could not find a concern for that receipt code. Check it and try again: "
            "codes look like ABCD-EFGH-JKMN-PQRS-TVWX."
        )


@dataclass(frozen=True)
class Submitted:
    concern: Concern
    receipt: str
    crisis: bool


def clean_text(text: str) -> str:
    cleaned = text.strip()
    if len(cleaned) < MIN_TEXT:
        raise ConcernError(f"Please write at least {MIN_TEXT} characters so leaders can act on it.")
    if len(cleaned) > MAX_TEXT:
        raise ConcernError(f"Please keep it under {MAX_TEXT:,} characters (it is {len(cleaned):,}).")
    return cleaned


def default_scope() -> Unit:
    """Where a concern goes when the reporter picks no unit: the top of the organisation."""
    root = Unit.top()
    if root is None:
        raise ConcernError("The organisation has no units yet; an administrator must import them.")
    return root


def submit_concern(
    *, text: str, unit: Unit | None, role_group: str = "", now: dt.datetime | None = None
) -> Submitted:
    """File an anonymous concern. Deliberately takes no user: there is nothing to link."""
    # Imported here: the themes app's models import this app's models.
    from upstream.themes.services import analyse, store_analysis

    now = now or timezone.now()
    cleaned = clean_text(text)
    analysis = analyse(cleaned)
    crisis = analysis.crisis
    received = timing.received_day(now)
    released = timing.release_time(now, urgent=crisis)
    code = receipts.new_code()
    with transaction.atomic():
        concern = Concern.objects.create(
            text=cleaned,
            unit=unit or default_scope(),
            role_group=role_group,
            urgent=crisis,
            received_on=received,
            visible_from=released,
            ack_due_on=timing.acknowledgment_due(released),
            retain_until=timing.retention_end(received),
        )
        Receipt.objects.create(digest=receipts.digest(code), concern=concern)
        store_analysis(concern, analysis)
    return Submitted(concern=concern, receipt=code, crisis=crisis)


def find_by_receipt(code: str) -> Concern:
    """The concern a receipt opens, or ReceiptNotFound.

    After a merge the receipt opens the shared concern; `merged_from` then holds the reporter's
    own original, so the page can show what they wrote beside the shared thread.
    """
    key = receipts.digest(code or "")
    receipt = Receipt.objects.select_related("concern").filter(digest=key).first() if key else None
    if receipt is None:
        raise ReceiptNotFound()
    original = concern = receipt.concern
    while concern.merged_into_id is not None:
        concern = Concern.objects.get(pk=concern.merged_into_id)
    concern.merged_from = original if original.pk != concern.pk else None
    return concern


def merge_concerns(
    survivor: Concern, duplicates: list[Concern], leader: User, *, now: dt.datetime | None = None
) -> int:
    """Fold similar concerns into one shared concern; every receipt keeps working and sees its thread.

    Messages move to the survivor (after its own), receipts keep pointing at their original concern,
    which now points at the survivor. Returns how many were merged.
    """
    now = now or timezone.now()
    merged = 0
    with transaction.atomic():
        target = Concern.objects.select_for_update().get(pk=survivor.pk)
        target.messages.filter(author=Author.REPORTER, origin=None).update(origin=target)
        for duplicate in duplicates:
            dup = Concern.objects.select_for_update().get(pk=duplicate.pk)
            if dup.pk == target.pk or dup.merged_into_id is not None:
                continue
            dup.messages.filter(author=Author.REPORTER, origin=None).update(origin=dup)
            last = target.messages.aggregate(last=Max("sequence"))["last"] or 0
            for offset, message in enumerate(dup.messages.order_by("sequence"), start=1):
                message.concern, message.sequence = target, last + offset
                message.save(update_fields=["concern", "sequence"])
            dup.merged_into = target
            dup.save(update_fields=["merged_into"])
            target.awaiting_leader = target.awaiting_leader or dup.awaiting_leader
            target.urgent = target.urgent or dup.urgent
            Event.objects.create(
                concern=target,
                kind=Event.Kind.MERGED,
                leader=leader,
                at=now,
                explanation=(
                    f"Merged with a similar concern ({dup.reference}); "
                    "its reporter now follows this thread too."
                ),
            )
            merged += 1
        target.save(update_fields=["awaiting_leader", "urgent"])
    return merged


def _append_message(
    concern: Concern, *, author: str, text: str, leader: User | None, now: dt.datetime
) -> Message:
    last = concern.messages.aggregate(last=Max("sequence"))["last"] or 0
    return Message.objects.create(
        concern=concern,
        origin=concern if author == Author.REPORTER else None,
        author=author,
        leader=leader,
        text=clean_text(text),
        sent_on=timing.received_day(now),
        sequence=last + 1,
    )


def reply_as_reporter(concern: Concern, text: str, *, now: dt.datetime | None = None) -> Message:
    """A reply through a receipt; after a merge it joins the shared thread, marked as the writer's own."""
    now = now or timezone.now()
    origin = getattr(concern, "merged_from", None) or concern
    with transaction.atomic():
        locked = Concern.objects.select_for_update().get(pk=concern.pk)
        message = _append_message(locked, author=Author.REPORTER, text=text, leader=None, now=now)
        if origin.pk != locked.pk:
            message.origin = origin
            message.save(update_fields=["origin"])
        locked.awaiting_leader = True
        locked.save(update_fields=["awaiting_leader"])
    return message


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
        Event.objects.create(
            concern=locked,
            kind=Event.Kind.ACKNOWLEDGED,
            from_status=Status.NEW,
            to_status=locked.status,
            leader=leader,
            at=now,
        )
    return locked


def write_to_reporter(
    concern: Concern, leader: User, text: str, *, now: dt.datetime | None = None
) -> Message:
    """A leader's message; writing back counts as acknowledging a new concern."""
    now = now or timezone.now()
    with transaction.atomic():
        acknowledge(concern, leader, now=now)
        locked = Concern.objects.select_for_update().get(pk=concern.pk)
        message = _append_message(locked, author=Author.LEADER, text=text, leader=leader, now=now)
        locked.awaiting_leader = False
        locked.save(update_fields=["awaiting_leader"])
    return message


def change_status(
    concern: Concern, leader: User, status: str, explanation: str = "", *, now: dt.datetime | None = None
) -> Concern:
    now = now or timezone.now()
    if status not in Status.values:
        raise ConcernError(f"Unknown status {status!r}; choose one of: {', '.join(Status.values)}.")
    explanation = explanation.strip()
    if status == Status.CLOSED and not explanation:
        raise ConcernError("Closing a concern needs an explanation for the reporter.")
    with transaction.atomic():
        locked = Concern.objects.select_for_update().get(pk=concern.pk)
        if status not in ALLOWED_MOVES[locked.status]:
            raise ConcernError(
                f"A concern that is {locked.get_status_display().lower()} cannot move to "
                f"{Status(status).label.lower()}."
            )
        previous = locked.status
        locked.status = status
        fields = ["status"]
        if locked.acknowledged_at is None:
            locked.acknowledged_at = now
            fields.append("acknowledged_at")
        locked.save(update_fields=fields)
        Event.objects.create(
            concern=locked,
            kind=Event.Kind.STATUS,
            from_status=previous,
            to_status=status,
            explanation=explanation,
            leader=leader,
            at=now,
        )
    return locked


def record_read(concern: Concern, leader: User, via: str, *, now: dt.datetime | None = None) -> None:
    record_reads([concern], leader, via, now=now)


def record_reads(concerns: list[Concern], leader: User, via: str, *, now: dt.datetime | None = None) -> None:
    at = now or timezone.now()
    ReadRecord.objects.bulk_create(ReadRecord(concern=c, leader=leader, via=via, at=at) for c in concerns)
