"""Gatekeepers for leaders' reads: missing and not-yours look the same (404)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone

from upstream.concerns.models import OPEN_STATUSES, Concern
from upstream.org.access import led_subtree_q
from upstream.org.models import User


class ConcernNotFound(LookupError):
    """No such concern for this leader (it may exist in someone else's subtree)."""


def visible_concerns(user: User, *, now: dt.datetime | None = None) -> QuerySet[Concern]:
    """Concerns in the user's subtrees that their batch has released, merged ones excluded."""
    now = now or timezone.now()
    return Concern.objects.filter(led_subtree_q(user, "unit__"), visible_from__lte=now, merged_into=None)


def concern_for_leader(user: User, concern_id: uuid.UUID | str, *, now: dt.datetime | None = None) -> Concern:
    try:
        key = uuid.UUID(str(concern_id))
    except ValueError:
        raise ConcernNotFound() from None
    concern = visible_concerns(user, now=now).select_related("unit").filter(pk=key).first()
    if concern is None:
        raise ConcernNotFound()
    return concern


def inbox(user: User, *, now: dt.datetime | None = None) -> QuerySet[Concern]:
    """What to answer first: urgent, then overdue, then awaiting a reply, then newest batches.

    Within a batch the order follows the random ids, which is the shuffle DESIGN.md rule 2 asks for.
    """
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    overdue = When(acknowledged_at__isnull=True, ack_due_on__lt=today, then=Value(1))
    open_first = When(status__in=OPEN_STATUSES, then=Value(0))
    return (
        visible_concerns(user, now=now)
        .select_related("unit")
        .annotate(
            is_overdue=Case(overdue, default=Value(0), output_field=IntegerField()),
            closedness=Case(open_first, default=Value(1), output_field=IntegerField()),
        )
        .order_by("closedness", "-urgent", "-is_overdue", "-awaiting_leader", "-visible_from", "id")
    )
