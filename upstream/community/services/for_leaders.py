"""What colleagues' organising asks of a leader, counted for the leader's inbox.

A campaign's formal ask, a concern offered for co-signing and a shared concern escalated by its
co-signs each wait for a leader, but on the Together pages only: a new-user walk found an overdue
formal ask to 4 West, and a shared concern escalated to Medicine, that neither leader's inbox
mentioned. The inbox shows these counts, with links to where each is answered.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from upstream.actions.models import Action
from upstream.community.models import FormalAsk, SharedConcern
from upstream.community.services.campaigns import asks_for_leader
from upstream.community.services.cosigns import offers_for_leader
from upstream.concerns.models import Status
from upstream.org.access import led_units
from upstream.org.models import User


@dataclass(frozen=True)
class Waiting:
    asks: int  # formal asks to a unit you lead (or one below it) not yet answered
    asks_overdue: int  # of those, not acknowledged by their due day
    offers: int  # concerns offered for co-signing, waiting for you to share or decline
    escalated: int  # shared concerns escalated to a unit you lead, their concern not yet answered

    @property
    def any(self) -> bool:
        return bool(self.asks or self.offers or self.escalated)


def escalated_waiting(leader: User) -> QuerySet[SharedConcern]:
    """Shared concerns their co-signs escalated to a unit this leader leads, still waiting for an
    answer: the concern behind one is not closed and no published action is linked to it. They
    waited forever before (nothing a leader could do cleared them)."""
    return (
        SharedConcern.objects.filter(
            status=SharedConcern.Status.PUBLISHED, escalated_to__in=led_units(leader)
        )
        .exclude(concern__status=Status.CLOSED)
        .exclude(concern__actions__state=Action.State.PUBLISHED)
    )


def waiting_for(leader: User) -> Waiting:
    # Answered and withdrawn (the campaign closed) asks wait for nobody.
    open_asks = asks_for_leader(leader).filter(
        status__in=[FormalAsk.Status.SENT, FormalAsk.Status.ACKNOWLEDGED]
    )
    overdue = Q(acknowledged_at__isnull=True, ack_due_on__lt=timezone.localdate())
    escalated = escalated_waiting(leader)
    asks = open_asks.order_by().aggregate(all=Count("pk"), overdue=Count("pk", filter=overdue))
    return Waiting(
        asks=asks["all"],
        asks_overdue=asks["overdue"],
        offers=offers_for_leader(leader).count(),
        escalated=escalated.count(),
    )
