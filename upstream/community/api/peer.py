# No `from __future__ import annotations`: ninja reads the hints through the @rules wrapper.
import datetime as dt
import uuid
from dataclasses import asdict
from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router
from pydantic import Field, StrictBool

from upstream.api.auth import caller_secret, signed_in
from upstream.api.schemas import Uuid, fixed, idempotency_key
from upstream.community import peer_memory
from upstream.community.access import NotFound, is_office, office_only
from upstream.community.api.common import Days, Error, Strict, rules
from upstream.community.models import PeerRequest, PeerSupporter
from upstream.community.services import peer as service
from upstream.community.services.common import CommunityError, Missing
from upstream.community.services.resources import crisis_lines
from upstream.intake import formkeys
from upstream.org.access import is_leader
from upstream.org.services import SeveralNamed, find_person

router = Router(auth=signed_in)

RequestStatus = fixed(PeerRequest.Status.values)

# The answers that carry a requester's contact or note, as the peer-support pages do.
NO_STORE = "no-store, private, max-age=0"


class PeerRequestIn(Strict):
    contact: str = Field(
        min_length=3, max_length=200, description="How the supporter reaches you; only they see it."
    )
    when: str = Field("", max_length=200)
    note: str = Field("", max_length=500)


class Accepted(Strict):
    status: str
    assigned: bool = Field(description="Whether a supporter was found at once.")
    pickup_hours: int
    crisis: bool = Field(
        description="True when the words suggest the writer may be in crisis: show `crisis_resources` "
        "at once. The supporter's (or the office's) notice is then marked urgent."
    )
    crisis_resources: list[str] = Field(description="Who to call, when `crisis` is true; `[]` otherwise.")


PICKUP_HELP = (
    "Hours to make first contact before it passes to the next supporter: "
    "UPSTREAM_PEER_URGENT_PICKUP_HOURS (default 4) when urgent, else UPSTREAM_PEER_PICKUP_HOURS (24)."
)


class AssignedOut(Strict):
    id: uuid.UUID
    contact: str
    when: str
    note: str
    status: RequestStatus
    routed_at: dt.datetime | None
    urgent: bool = Field(
        description="The crisis screen flagged its words: reach them within hours. Never the reason. "
        "Urgent requests come first in the list."
    )
    pickup_hours: int = Field(description=PICKUP_HELP)


class PeerWaitingOut(Strict):
    """A request nobody has reached yet, as the office sees it: never how to reach them or their words."""

    urgent: bool = Field(description="The crisis screen flagged its words. Urgent ones come first.")
    with_supporter: bool = Field(description="False when no eligible supporter was left to offer it to.")
    pickup_hours: int = Field(description=PICKUP_HELP)
    hours_waiting: int = Field(description="Whole hours since it was asked (never the moment).")


class AvailabilityIn(Strict):
    available: StrictBool


class WeekCount(Strict):
    week: dt.date
    requests: int | None = Field(description="null when too few to show.")


class SupporterIn(Strict):
    username: str = Field(
        min_length=1,
        max_length=254,
        description="The supporter's username, email, or full name when only one active account has it.",
    )
    about: str = Field("", max_length=300)


class SupporterOut(Strict):
    username: str
    name: str
    state: Literal["available", "paused", "not listed"] = Field(
        description="available: taking new requests; paused: the supporter paused them; "
        "not listed: the office took them off the list."
    )
    about: str


def assigned_out(item: PeerRequest, *, yours: bool = True) -> AssignedOut:
    """A request as its supporter sees it; not `yours` (handed back), without how to reach the person."""
    return AssignedOut(
        id=item.pk,
        contact=item.contact if yours else "",
        when=item.when if yours else "",
        note=item.note if yours else "",
        status=item.status,
        routed_at=item.routed_at,
        urgent=item.urgent,
        pickup_hours=service.pickup_hours_for(item),
    )


IDEMPOTENCY_HELP = (
    "Optional. A value you choose per request (e.g. a UUID): a repeat with the same key, after a "
    "timeout or retry, is refused with 409 and never asks twice. Kept only as a keyed hash of it and "
    "a secret only you hold (your token, or your browser session's), for a few days."
)


@router.post(
    "/requests",
    response={201: Accepted, 400: Error, 409: Error},
    summary="Ask for a confidential conversation",
    description="409: you already have a request waiting, sent from this browser's signed-in session (the "
    "page's or this API's), and nothing is stored (`You already have a request waiting for a peer "
    "supporter, so nothing new was sent. ...`); once it is closed you may ask again. A request holds no "
    "account, so a call with a token, or from another browser, is not checked for an open request; "
    "send an `Idempotency-Key` so that a retry is refused with 409 and stores nothing twice. Words in "
    "crisis are never refused: that request is stored and marked urgent.",
)
@rules
def ask(
    request: HttpRequest,
    payload: PeerRequestIn,
    idempotency_key: str | None = idempotency_key(IDEMPOTENCY_HELP),
):
    earlier = peer_memory.earlier_requests(request)
    # Scoped by what only the caller holds, never the account: the request is kept apart from who
    # asked (as a story's key: api.auth.caller_secret).
    form_key = formkeys.for_idempotency_key(
        "api-peer:", f"api-peer-idempotency:{caller_secret(request)}", idempotency_key
    )
    asked = service.request_support(request.user, **payload.dict(), earlier=earlier, form_key=form_key)
    peer_memory.remember_request(request, asked.request, earlier)
    made = asked.request
    return 201, Accepted(
        status=made.status,
        assigned=made.supporter_id is not None,
        pickup_hours=service.pickup_hours_for(made),
        crisis=asked.crisis,
        crisis_resources=crisis_lines() if asked.crisis else [],
    )


@router.get("/assigned", response=list[AssignedOut], summary="Requests assigned to you (supporters)")
def assigned(request: HttpRequest, response: HttpResponse):
    """Peer supporters, scope read: the requests routed to you and not closed yet, urgent ones first,
    then the longest waiting; not paged, and empty for anyone else. Each carries how to reach the
    person and their note, which only you see, so the answer is sent with `Cache-Control: no-store`."""
    response["Cache-Control"] = NO_STORE  # holds contacts and notes: never kept by a cache
    return [assigned_out(r) for r in service.assigned_to(request.user)]


@router.post(
    "/assigned/{request_id}/{action}",
    response={200: AssignedOut, 404: Error},
    summary="contact (first contact made), close (erases contact), or hand-back",
)
@rules
def act(
    request: HttpRequest,
    request_id: Uuid,
    action: Literal["contact", "close", "hand-back"],
    response: HttpResponse,
):
    """The supporter a request is routed to, scope write. `contact` records first contact (again: nothing
    changes); `close` closes it and erases the contact, times and note (the answer shows them empty);
    `hand-back` passes a request you have not reached yet to the next eligible supporter at once, or,
    with none left, emails the office (after first contact it changes nothing); the answer then has
    the contact, time and note empty, since they are no longer yours. 404: no such request,
    not routed to you, or already closed. Sent with `Cache-Control: no-store`."""
    response["Cache-Control"] = NO_STORE
    item = service.request_for_supporter(request.user, request_id)
    steps = {
        "contact": service.record_contact,
        "close": service.close_request,
        "hand-back": service.hand_back,
    }
    done = steps[action](item)
    # Handed back, it is another supporter's (or the office's): the contact and note go with it.
    return assigned_out(done, yours=done.supporter_id == request.user.pk)


@router.post(
    "/availability", response={200: AvailabilityIn, 404: Error}, summary="Pause or resume new requests"
)
@rules
def availability(request: HttpRequest, payload: AvailabilityIn):
    """Peer supporters the office lists, scope write: pause new requests (`available: false`) or take them
    again; the requests you already have stay yours. Taking them again also routes, at once, requests
    left with no supporter, which may reach you. 404: you are not a listed peer supporter."""
    return AvailabilityIn(available=service.set_availability(request.user, payload.available).available)


@router.get(
    "/counts",
    response={200: list[WeekCount], 404: Error},
    summary="Requests per week (leaders and the office): counts only, small ones hidden",
    description="Every week of the window, oldest first, named by its Monday; a week nobody asked in is 0.",
)
@rules
def counts(
    request: HttpRequest,
    days: Days = Query(  # noqa: B008 - ninja's parameter spec
        90,
        description="How many days back, up to today, 1 to 730 (default 90); fewer than 7 count as 7, a "
        "whole week.",
    ),
):
    if not (is_leader(request.user) or is_office(request.user)):
        raise NotFound(_("This is for leaders and the well-being office only."))
    until = timezone.localdate()
    weeks = service.weekly_counts(until - dt.timedelta(days=max(7, min(days, 730))), until)
    return [WeekCount(week=monday, requests=n) for monday, n in weeks]


@router.get(
    "/waiting",
    response={200: list[PeerWaitingOut], 404: Error},
    summary="Requests without first contact, urgent first (office): never the contact or the words",
)
@rules
def waiting(request: HttpRequest):
    """The well-being office only, scope read: every request no supporter has reached yet, urgent ones
    first, then the longest waiting; not paged. Never how to reach the person, their words or when
    they asked: only whether it is urgent, whether a supporter has it, its pickup window and the whole
    hours it has waited. 404: you are not in the well-being office."""
    return [PeerWaitingOut(**asdict(item)) for item in service.waiting_for_office(request.user)]


@router.get("/figures", response={200: dict, 404: Error}, summary="Timings for the office")
@rules
def figures(
    request: HttpRequest,
    days: Days = Query(  # noqa: B008 - ninja's parameter spec
        90, description="How many days back the timings cover, up to today, 1 to 730 (default 90)."
    ),
):
    """The well-being office only, scope read. For the requests asked in the last `days` days: how many
    (`requests`, and `by_status`: waiting, contacted, closed), the median and slowest hours to first
    contact (null when nobody was reached), how many went past their first candidate supporter
    (`rerouted`) and how many wait with no supporter (`unassigned`). Exact counts, none hidden. 404: you
    are not in the well-being office."""
    if not is_office(request.user):
        raise office_only()
    until = timezone.localdate()
    return service.office_figures(until - dt.timedelta(days=max(1, min(days, 730))), until)


@router.get(
    "/supporters",
    response={200: list[SupporterOut], 404: Error},
    summary="The peer supporters and whether each takes new requests (office)",
    description="As the office's peer-support page lists them. 404: you are not in the well-being office.",
)
@rules
def supporters(request: HttpRequest):
    if not is_office(request.user):
        raise office_only()
    listed = PeerSupporter.objects.select_related("user").order_by("user__first_name", "user__username")
    return [
        SupporterOut(
            username=s.user.username,
            name=str(s.user),
            state="not listed" if not s.active else "available" if s.available else "paused",
            about=s.about,
        )
        for s in listed
    ]


class ListedSupporterOut(SupporterOut):
    available: bool = Field(description="Takes new requests now (the same as `state` being `available`).")


@router.post(
    "/supporters",
    response={201: ListedSupporterOut, 400: Error, 404: Error},
    summary="List a trained supporter (office)",
    description="400: a name more than one active account has (send the username or email). 404: you "
    "are not in the well-being office, or no active account has that name, username or email.",
)
@rules
def list_supporter(request: HttpRequest, payload: SupporterIn):
    if not is_office(request.user):
        raise office_only()
    try:
        person = find_person(payload.username)
    except SeveralNamed as several:
        raise CommunityError(str(several), field="username") from None
    if person is None:
        raise Missing(_("No active account has that name, username or email."))
    # The supporter as GET /supporters lists them (the answer was the availability input's shape);
    # `available` kept for clients that read it.
    listed = service.list_supporter(request.user, person, about=payload.about)
    state = "available" if listed.available else "paused"
    return 201, ListedSupporterOut(
        username=person.username,
        name=str(person),
        state=state,
        about=listed.about,
        available=listed.available,
    )


@router.delete(
    "/supporters/{username}",
    response={200: SupporterOut, 404: Error},
    summary="Stop listing a supporter (office)",
    description="No new request reaches them; those they have not reached yet go to the next supporter "
    "at once, those they have reached stay theirs to close. Listing them again (`POST /supporters`) "
    "undoes it; unlisting twice changes nothing. 404: you are not in the well-being office, or no "
    'supporter has that username ("No peer supporter with that username.").',
)
@rules
def unlist_supporter(request: HttpRequest, username: str):
    gone = service.unlist_supporter(request.user, username)
    return SupporterOut(
        username=gone.user.username, name=str(gone.user), state="not listed", about=gone.about
    )
