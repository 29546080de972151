"""What a released batch of concerns and reporter replies becomes: visible rows, in shuffled order.

Runs inside the intake's release transaction (upstream/intake/services.py). The text model runs
before the lock (`prepare_concerns`), on the whole batch at once. A payload that cannot be placed
(its unit was deleted meanwhile) goes to the top of the organisation rather than being lost.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict

from django.db.models import Max

from upstream.concerns import timing
from upstream.concerns.models import Author, Concern, Message, Receipt
from upstream.intake.registry import Batch, handler
from upstream.org.models import Unit

logger = logging.getLogger(__name__)


def prepare_concerns(payloads: list[dict]) -> None:
    from upstream.themes.services import analyse_many

    for payload, analysis in zip(payloads, analyse_many([p["text"] for p in payloads]), strict=True):
        payload["_analysis"] = analysis


def _unit_for(unit_id: int, units: dict[int, Unit]) -> Unit:
    unit = units.get(unit_id)
    if unit is None:
        from upstream.concerns.services import default_scope

        unit = default_scope()
    return unit


@handler("concerns.concern", priority=10, prepare=prepare_concerns)
def release_concerns(payloads: list[dict], batch: Batch) -> None:
    from upstream.themes.services import active_themes, store_analyses

    units = Unit.objects.in_bulk({p["unit_id"] for p in payloads})
    themes = active_themes()
    concerns, pairs = [], []
    for payload in payloads:
        analysis = payload.get("_analysis")
        # The batch model may add a crisis flag the request-path screen missed; never remove one.
        urgent = bool(payload["urgent"] or (analysis is not None and analysis.crisis))
        received = dt.date.fromisoformat(payload["received_on"])
        due = timing.acknowledgment_due(batch.released_at, urgent=urgent)
        concern = Concern(
            text=payload["text"],
            unit=_unit_for(payload["unit_id"], units),
            role_group=payload["role_group"],
            urgent=urgent,
            received_on=received,
            visible_from=batch.released_at,
            unannounced=True,
            ack_due_on=timing.local_day(due),
            ack_due_at=due,
            retain_until=timing.retention_end(received),
            main_theme=themes.get(analysis.theme) if analysis is not None else None,
        )
        concerns.append(concern)
        if analysis is not None:
            pairs.append((concern, analysis))
    Concern.objects.bulk_create(concerns)
    Receipt.objects.bulk_create(
        Receipt(digest=p["receipt"], concern=c) for p, c in zip(payloads, concerns, strict=True)
    )
    store_analyses(pairs, themes)


@handler("concerns.reply", priority=20)
def release_replies(payloads: list[dict], batch: Batch) -> None:
    """Append each writer's replies in the order they wrote them; threads are otherwise shuffled."""
    by_receipt: dict[str, list[dict]] = defaultdict(list)
    for payload in payloads:
        by_receipt[payload["receipt"]].append(payload)
    receipts = Receipt.objects.select_related("concern").in_bulk(list(by_receipt))
    for digest, replies in by_receipt.items():
        receipt = receipts.get(digest)
        if receipt is None:
            logger.warning("release: a reply's concern no longer exists (retention); reply dropped")
            continue
        origin = target = receipt.concern
        while target.merged_into_id is not None:
            target = Concern.objects.get(pk=target.merged_into_id)
        _append_replies(target, origin, sorted(replies, key=lambda r: r["seq"]), batch)


def _append_replies(target: Concern, origin: Concern, replies: list[dict], batch: Batch) -> None:
    target = Concern.objects.select_for_update().get(pk=target.pk)
    last = target.messages.aggregate(last=Max("sequence"))["last"] or 0
    Message.objects.bulk_create(
        Message(
            concern=target,
            origin=origin,
            author=Author.REPORTER,
            text=reply["text"],
            sent_on=dt.date.fromisoformat(reply["received_on"]),
            sequence=last + offset,
        )
        for offset, reply in enumerate(replies, start=1)
    )
    target.awaiting_leader = True
    fields = ["awaiting_leader"]
    in_crisis = any(reply["urgent"] for reply in replies)
    if in_crisis:
        # The leader's reply notice must say it is urgent, even on a concern that is urgent and
        # acknowledged already (whose acknowledgment stands): batches.notify_replies reads this.
        target.crisis_reply_unannounced = True
        fields.append("crisis_reply_unannounced")
    if in_crisis and not target.urgent:
        # A writer in crisis in a reply: the concern goes to the top and gets an hours deadline.
        target.urgent = True
        due = timing.acknowledgment_due(batch.released_at, urgent=True)
        target.ack_due_at, target.ack_due_on = due, timing.local_day(due)
        target.acknowledged_at = None
        # A new, nearer deadline deserves its own reminder and, if missed, its own escalation.
        target.reminded = target.escalated = False
        fields += ["urgent", "ack_due_at", "ack_due_on", "acknowledged_at", "reminded", "escalated"]
    target.save(update_fields=fields)
