"""GET /api/v1/community/waiting: what colleagues' organising asks of a leader, as the inbox counts it."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router
from pydantic import Field

from upstream.api.auth import signed_in
from upstream.community.api.common import Strict
from upstream.community.services.for_leaders import waiting_for

router = Router(auth=signed_in)


class WaitingOut(Strict):
    asks: int = Field(description="Formal asks to a unit you lead (or one below it) not yet answered.")
    asks_overdue: int = Field(description="Of those, how many were not acknowledged by their due day.")
    offers: int = Field(description="Concerns offered for co-signing, waiting for you to share or decline.")
    escalated: int = Field(description="Shared concerns their co-signs escalated to a unit you lead.")


@router.get(
    "",
    response=WaitingOut,
    summary="What campaigns and shared concerns wait for you (leaders; all zero for anyone else)",
    description="The counts the inbox shows under 'Also waiting for you'. The items themselves: "
    "`GET /api/v1/community/campaigns/asks`, `GET /api/v1/community/shared/offers` and "
    "`GET /api/v1/community/shared` (`escalated_to`).",
)
def waiting(request: HttpRequest) -> WaitingOut:
    found = waiting_for(request.user)
    return WaitingOut(
        asks=found.asks, asks_overdue=found.asks_overdue, offers=found.offers, escalated=found.escalated
    )
