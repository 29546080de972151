"""Deputies through the API: the same rules as the page (upstream/org/views.py deputies)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field, StrictBool

from upstream.api.auth import signed_in
from upstream.api.schemas import Day, Error, RowId, StrictIn
from upstream.org import services
from upstream.org.access import covered_leaders
from upstream.org.models import Deputy, LeaderAssignment

router = Router(tags=["deputies"], auth=signed_in)


class DeputyIn(StrictIn):
    person: str = Field(
        min_length=1,
        max_length=254,
        description="The deputy's username, email, or full name when only one active account has it.",
    )
    starts_on: Day = Field(
        description=f"First day of the cover, as year-month-day: today or later, at most "
        f"{services.MAX_DAYS_AHEAD} days ahead."
    )
    ends_on: Day = Field(
        description=f"Last day of the cover, on or after starts_on and today; at most "
        f"{services.MAX_DEPUTY_DAYS} days in all."
    )
    confirmed: StrictBool = Field(
        False,
        description="Name them even though they work as staff in units whose concerns they would read "
        "(colleagues can recognise each other's words): without it that is a 400 with the page's "
        "warning, and nothing is saved.",
    )


class DeputyOut(Schema):
    id: int
    leader: str
    deputy: str
    starts_on: dt.date
    ends_on: dt.date


class NamedDeputyOut(DeputyOut):
    warning: str = Field(
        "",
        description="Set when the deputy works as staff in units whose concerns they will read while "
        "covering (the page shows the same words): allowed, but colleagues can recognise each other's words.",
    )


class DeputiesOut(Schema):
    deputies: list[DeputyOut] = Field(description="Who covers your inbox, now or later.")
    covering: list[DeputyOut] = Field(description="Whose inbox you cover today.")


def _out(period: Deputy) -> DeputyOut:
    return DeputyOut(
        id=period.pk,
        leader=str(period.leader),
        deputy=str(period.deputy),
        starts_on=period.starts_on,
        ends_on=period.ends_on,
    )


@router.get("", response={200: DeputiesOut}, summary="Your deputies, and whom you cover")
def list_deputies(request: HttpRequest) -> DeputiesOut:
    """Who covers your inbox, now or later (`deputies`), and whose inbox you cover today (`covering`),
    each by first day. While covering, a deputy reads that leader's concerns as the leader does. Any
    signed-in account: both lists are empty for someone in neither. Needs the `read` scope."""
    return DeputiesOut(
        deputies=[_out(p) for p in services.deputies_of(request.user)],
        covering=[_out(p) for p in covered_leaders(request.user)],
    )


@router.post(
    "",
    response={201: NamedDeputyOut, 400: Error, 404: Error, 409: Error},
    summary="Name a deputy for a period",
    description="400: a person who works as staff in units whose concerns they would read, without "
    "`confirmed`; yourself, a period that breaks a rule (the last day before the first, over "
    f"already, too long, a first day more than {services.MAX_DAYS_AHEAD} days ahead), or a name "
    "more than one active account has (send the username or email). 404: you lead no unit, or no "
    "active account has that name, username or email. 409: that person already covers some of "
    "these days (end that period first).",
)
def create_deputy(request: HttpRequest, payload: DeputyIn) -> tuple[int, NamedDeputyOut | Error]:
    """404 for someone who leads no unit or an unknown person; 400 for a period that breaks a rule."""
    if not LeaderAssignment.objects.filter(user=request.user).exists():
        return 404, Error(detail=_("Only leaders name deputies."))
    try:
        person = services.find_person(payload.person)
    except services.SeveralNamed as several:
        return 400, Error(detail=str(several))
    if person is None:
        return 404, Error(detail=_("No active account has that name, username or email."))
    warning = services.colleague_warning(request.user, person)
    if warning and not payload.confirmed:
        # The page asks before saving; the API saved first and warned after (an integrator's walk).
        again = _("Nothing was saved. Send again with confirmed=true to name them all the same.")
        return 400, Error(detail=f"{warning} {again}")
    try:
        period = services.set_deputy(request.user, person, payload.starts_on, payload.ends_on)
    except services.DeputyOverlaps as conflict:
        return 409, Error(detail=str(conflict))
    except services.DeputyError as problem:
        return 400, Error(detail=str(problem))
    return 201, NamedDeputyOut(**_out(period).dict(), warning=warning)


@router.post("/{deputy_id}/end", response={204: None, 404: Error}, summary="End a cover now")
def end_deputy(request: HttpRequest, deputy_id: RowId) -> tuple[int, None | Error]:
    """Ends a cover of your inbox now: a period that starts today or later is removed, one that began
    before today ends yesterday, so the deputy's access through it stops at once; one already over is
    left as it is. 204, with no body. 404 when the id is not a period covering your own inbox (a deputy
    cannot end their cover here), or the period was removed already. Needs the `write` scope."""
    try:
        services.end_deputy(request.user, deputy_id)
    except services.DeputyError as problem:
        return 404, Error(detail=str(problem))
    return 204, None
