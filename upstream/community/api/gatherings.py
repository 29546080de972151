# No `from __future__ import annotations`: ninja reads the hints through the @rules wrapper.
import datetime as dt
from typing import Literal

from django.http import HttpRequest, HttpResponse
from ninja import Router
from pydantic import Field

from upstream.api.auth import signed_in
from upstream.api.schemas import AlreadySentOut, fixed, idempotency_key
from upstream.community.access import NotFound, is_office
from upstream.community.api.common import Error, Moment, RowId, Strict, rules
from upstream.community.models import Gathering, Signup
from upstream.community.services import gatherings as service
from upstream.intake import formkeys
from upstream.org.access import leads_unit
from upstream.org.models import Unit

router = Router(auth=signed_in)

# Literals, so the validator refuses another value at its field (400 with `errors`) as the schema
# lists them; built from the models' choices, so the two cannot drift apart.
GatheringKind = Literal[tuple(Gathering.Kind.values)]  # type: ignore[valid-type]
# Your signup's status as sent: a cancelled one is not yours any more (null), service.my_signup.
MySignupStatus = fixed([s for s in Signup.Status.values if s != Signup.Status.CANCELLED])


class GatheringIn(Strict):
    kind: GatheringKind = Field(description="schwartz_round, story_session or community_event")
    title: str = Field(min_length=3, max_length=200)
    description: str = Field(min_length=3, max_length=4000)
    scope_unit_id: RowId = Field(description="Who is invited: this unit and everyone below it.")
    location: str = Field(min_length=2, max_length=200)
    starts_at: Moment
    ends_at: Moment
    capacity: int = Field(ge=1, le=10000)


class GatheringOut(Strict):
    id: int
    kind: GatheringKind
    title: str
    description: str
    scope: str
    location: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    places_left: int
    my_status: MySignupStatus | None = Field(description="confirmed, waiting, or null")
    waiting_position: int | None
    ics_url: str
    called_off: bool = Field(description="True once the organiser has called it off.")
    called_off_at: dt.datetime | None = Field(
        description="When it was called off; null if it was not (or was before this was recorded)."
    )


def out(request: HttpRequest, gathering: Gathering) -> GatheringOut:
    mine = service.my_signup(request.user, gathering)
    return GatheringOut(
        id=gathering.pk,
        kind=gathering.kind,
        title=gathering.title,
        description=gathering.description,
        scope=gathering.scope.name,
        location=gathering.location,
        starts_at=gathering.starts_at,
        ends_at=gathering.ends_at,
        capacity=gathering.capacity,
        places_left=service.places_left(gathering),
        my_status=mine.status if mine else None,
        waiting_position=service.waiting_position(mine) if mine else None,
        ics_url=f"/api/v1/community/gatherings/{gathering.pk}/ics",
        called_off=gathering.cancelled,
        called_off_at=gathering.cancelled_at,
    )


@router.get("", response=list[GatheringOut], summary="Upcoming gatherings for your units")
def listing(request: HttpRequest):
    """Any signed-in account, scope read: the gatherings not over yet and not called off, soonest first;
    not paged. Those for your units and every level above them, and for the units you lead and every
    level above them (the well-being office: all). `my_status` and `waiting_position` are yours;
    `places_left` counts the places still free."""
    return [out(request, g) for g in service.upcoming_for(request.user)]


IDEMPOTENCY_HELP = (
    "Optional. A value you choose per gathering (e.g. a UUID): a repeat with the same key, after a "
    "timeout or retry, is refused with 409 and never publishes a second gathering. Kept only as a "
    "keyed hash, for a few days, as for a campaign."
)


@router.post(
    "",
    response={201: GatheringOut, 400: Error, 404: Error, 409: AlreadySentOut},
    summary="Organise a gathering (well-being office, or a leader for their units)",
)
@rules
def create(
    request: HttpRequest,
    payload: GatheringIn,
    idempotency_key: str | None = idempotency_key(IDEMPOTENCY_HELP),
):
    """The well-being office for any unit, or a leader for a unit in a subtree they lead; scope write.
    Nobody is emailed. 400: a start not in the future or more than a year ahead, an end not after the
    start or more than 12 hours after it, or a moment already in the year 10000 in UTC. 404:
    `scope_unit_id` names no unit, or one you may not organise for. 409: the `Idempotency-Key` was
    already used by you; nothing is published twice."""
    scope = Unit.objects.filter(pk=payload.scope_unit_id).first()
    if scope is None or not (is_office(request.user) or leads_unit(request.user, scope)):
        raise NotFound()
    data = payload.dict()
    data.pop("scope_unit_id")
    form_key = formkeys.for_account(request.user.pk, "gathering", idempotency_key)
    return 201, out(request, service.create_gathering(request.user, scope=scope, form_key=form_key, **data))


@router.get("/{gathering_id}", response={200: GatheringOut, 404: Error})
@rules
def detail(request: HttpRequest, gathering_id: RowId):
    """Any signed-in account that may see it, scope read: staff of its unit or of a unit below it, a
    leader of its unit, of a unit above it or of one below it, its organiser, and the well-being
    office. A gathering that is over or called off (`called_off`) is answered too. 404: no such
    gathering, or not one you may see."""
    return out(request, service.gathering_for(request.user, gathering_id))


@router.post(
    "/{gathering_id}/signup",
    response={200: GatheringOut, 404: Error, 409: Error},
    summary="Take a place, or join the waiting list when full",
    description="409: the gathering was called off or is over.",
)
@rules
def sign_up(request: HttpRequest, gathering_id: RowId):
    gathering = service.gathering_for(request.user, gathering_id)
    service.sign_up(request.user, gathering)
    return out(request, gathering)


@router.post(
    "/{gathering_id}/cancel",
    response={200: GatheringOut, 404: Error},
    summary="Give up a place (the first person waiting gets it)",
    description="Done at once, in this one call: the place goes to the first person waiting, who is "
    "emailed, and cannot be taken back (signing up again takes a free place or the end of the waiting "
    "list). The page asks for a confirmation first; that step is the page's safeguard only. Also "
    "leaves the waiting list. Nothing happens for someone not signed up, or once it is called off.",
)
@rules
def cancel(request: HttpRequest, gathering_id: RowId):
    gathering = service.gathering_for(request.user, gathering_id)
    service.cancel_signup(request.user, gathering)
    return out(request, gathering)


@router.post(
    "/{gathering_id}/call-off",
    response={200: GatheringOut, 404: Error},
    summary="Call it off (organiser)",
    description="Everyone signed up or waiting is emailed once. Calling off a gathering already "
    "called off changes nothing and emails nobody (a retry is safe); the answer has `called_off`.",
)
@rules
def call_off(request: HttpRequest, gathering_id: RowId):
    gathering = service.gathering_for(request.user, gathering_id)
    service.cancel_gathering(request.user, gathering)
    return out(request, gathering)


@router.get(
    "/{gathering_id}/ics",
    response={200: None, 404: Error},
    summary="The event as an iCalendar file",
    description="For people with a place only. Once the gathering is called off, the same event "
    "(same UID) with STATUS:CANCELLED, a higher SEQUENCE and a later DTSTAMP: importing it updates "
    "the entry a calendar already has. 404: no such gathering, not visible to you, or you "
    'have no place ("The calendar file is only for people with a place at this gathering."): on the '
    "waiting list, or not signed up.",
    openapi_extra={
        "responses": {
            "200": {
                "description": "An iCalendar (RFC 5545) file with the one event.",
                "content": {"text/calendar": {"schema": {"type": "string"}}},
            }
        }
    },
)
@rules
def ics(request: HttpRequest, gathering_id: RowId):
    gathering = service.gathering_for(request.user, gathering_id)
    calendar = service.calendar_for(request.user, gathering)  # a place, or 404 with a sentence
    return HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
