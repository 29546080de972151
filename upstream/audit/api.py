"""The read trail in the API, for the well-being office: GET /api/v1/audit/reads."""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema

from upstream.api.auth import signed_in
from upstream.api.paging import Page
from upstream.api.schemas import Day, Error, PageMeta, QueryInt, RowId, fixed
from upstream.audit.access import can_read_audit_trail
from upstream.audit.services import MAX_PAGE_SIZE, PAGE_SIZE, ReadFilter, list_reads
from upstream.concerns.models import ReadRecord
from upstream.org.models import Unit, User

router = Router(tags=["audit"], auth=signed_in)


ReadVia = fixed(ReadRecord.Via.values)


class ReadOut(Schema):
    at: dt.datetime = Field(description="When the leader read it (to the second).")
    leader_id: int
    leader: str = Field(description="The leader's full name, or username when no name is set.")
    concern_id: uuid.UUID
    concern_reference: str
    unit_id: int | None
    unit: str | None
    via: ReadVia = Field(
        description="page (a concern's own page), inbox, excerpt (shown on another page: similar or "
        "merged concerns, an action's form, co-sign offers), api or admin"
    )


class ReadPage(PageMeta):
    """Paged as every list (it alone had no `next_offset`, which docs/api.md promises for all)."""

    total: int = Field(description="Reads matching the filters, across all pages.")
    items: list[ReadOut]


@router.get(
    "/reads",
    response={200: ReadPage, 400: Error, 403: Error, 404: Error},
    summary="Who read which concern, when (well-being office only); newest first",
    description="400: `since` or `until` not a date given as year-month-day (a schema problem, "
    "`date_parsing`, with `loc` naming the parameter), or `since` after `until`. 403: not the well-being "
    "office. 404: no person with that `leader_id`, or no unit with that `unit_id`.",
)
def reads(
    request: HttpRequest,
    leader_id: RowId | None = Query(None, description="Only this person's reads (default: everyone's)."),  # noqa: B008 - ninja's parameter spec
    unit_id: RowId | None = Query(None, description="The concern's unit, or any unit below it."),  # noqa: B008 - ninja's parameter spec
    since: Day | None = Query(None, description="First day, inclusive, as year-month-day."),  # noqa: B008 - as above
    until: Day | None = Query(None, description="Last day, inclusive, as year-month-day."),  # noqa: B008 - as above
    limit: QueryInt = Query(  # noqa: B008 - as above
        PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items per page, 1 to 200 (default 50)."
    ),
    offset: QueryInt = Query(0, ge=0, le=10_000_000, description="How many items to skip (default 0)."),  # noqa: B008 - as above
):
    if not can_read_audit_trail(request.user):
        return 403, Error(detail=gettext("Only the well-being office can read the audit trail."))
    leader = unit = None
    if leader_id is not None and (leader := User.objects.filter(pk=leader_id).first()) is None:
        return 404, Error(detail=gettext("No person with that leader_id."))
    if unit_id is not None and (unit := Unit.objects.filter(pk=unit_id).first()) is None:
        return 404, Error(detail=gettext("No unit with that unit_id."))
    if since and until and since > until:
        return 400, Error(detail=gettext("since must not be after until."))
    found = list_reads(ReadFilter(leader=leader, unit=unit, since=since, until=until))
    items = [
        ReadOut(
            at=read.at,
            leader_id=read.leader_id,
            leader=read.leader.get_full_name() or read.leader.username,
            concern_id=read.concern_id,
            concern_reference=read.concern.reference,
            unit_id=read.concern.unit_id,
            unit=read.concern.unit.name if read.concern.unit else None,
            via=read.via,
        )
        for read in found[offset : offset + limit]
    ]
    page = Page(items=items, total=found.count(), limit=limit, offset=offset)
    return ReadPage(items=items, **page.meta())
