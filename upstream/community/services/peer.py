"""Peer support: asking, routing outside the requester's hierarchy, first contact, re-routing.

Leaders see counts only (`counts_for`), through the privacy layer. The office sees timings.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from upstream.community.access import NotFound, hierarchy_units, is_office, office_addresses, office_only
from upstream.community.models import PeerRequest, PeerSupporter
from upstream.community.services.common import Conflict, Missing, clean_text, setting_int
from upstream.concerns.safety import in_crisis
from upstream.concerns.services import AlreadySent
from upstream.intake import formkeys
from upstream.lib.mail import in_site_language, send_mail
from upstream.lib.site_url import site_url
from upstream.org.models import LeaderAssignment, Unit, User
from upstream.privacy.suppression import suppress

_random = random.SystemRandom()


def pickup_hours() -> int:
    return setting_int("UPSTREAM_PEER_PICKUP_HOURS", 24, minimum=1, maximum=168)


def urgent_pickup_hours() -> int:
    """The window for a request in crisis words: hours, as an urgent concern's acknowledgment."""
    return setting_int("UPSTREAM_PEER_URGENT_PICKUP_HOURS", 4, minimum=1, maximum=168)


def pickup_hours_for(request: PeerRequest) -> int:
    """Hours the supporter has to reach them before it passes on: the shorter window when urgent."""
    return pickup_window(urgent=request.urgent)


def pickup_window(*, urgent: bool) -> int:
    return urgent_pickup_hours() if urgent else pickup_hours()


def eligible_supporters(requester: User) -> list[PeerSupporter]:
    """Listed supporters with no unit in the requester's hierarchy and no leadership over it, away
    ones included: routing skips them while they are away (_route), and a request none could take
    is offered to them once they are back (offer_unassigned)."""
    hierarchy = hierarchy_units(requester)
    led_by_requester = {
        a.unit.path for a in LeaderAssignment.objects.filter(user=requester).select_related("unit")
    }
    out = []
    for supporter in PeerSupporter.objects.filter(active=True).exclude(user=requester).select_related("user"):
        units = set(supporter.user.memberships.values_list("unit_id", flat=True))
        leads = set(LeaderAssignment.objects.filter(user=supporter.user).values_list("unit_id", flat=True))
        if units & hierarchy or leads & hierarchy:
            continue
        their_paths = Unit.objects.filter(pk__in=units).values_list("path", flat=True)
        if any(path.startswith(led) for path in their_paths for led in led_by_requester):
            continue  # the requester leads them
        out.append(supporter)
    return out


def _load(supporter_ids: list[int]) -> dict[int, int]:
    open_ = PeerRequest.objects.filter(supporter_id__in=supporter_ids).exclude(
        status=PeerRequest.Status.CLOSED
    )
    counts = dict(open_.values_list("supporter_id").annotate(n=Count("pk")).values_list("supporter_id", "n"))
    return {sid: counts.get(sid, 0) for sid in supporter_ids}


@dataclass(frozen=True)
class Asked:
    request: PeerRequest
    crisis: bool  # the note's words suggest crisis: resources shown at once, the notice marked urgent


class AlreadyWaiting(Conflict):
    """One request at a time: an earlier request of the asker's is not closed yet (the API's 409).
    Nothing is stored."""

    def __init__(self, waiting: PeerRequest) -> None:
        super().__init__(already_waiting_message(pickup_hours_for(waiting)))


class PeerAlreadySent(AlreadySent):
    """The same form again (a double tap, a refreshed confirmation): nothing is stored. `crisis` is
    what the screen finds in the words sent now, so the crisis lines are still shown."""

    def __init__(self, *, crisis: bool) -> None:
        super().__init__()
        self.crisis = crisis


def already_waiting_message(hours: int) -> str:
    return ngettext(
        "You already have a request waiting for a peer supporter, so nothing new was sent. A trained "
        "colleague will reach you at the contact you gave then, usually within %(hours)d hour of "
        "asking. You can ask again once that conversation is closed.",
        "You already have a request waiting for a peer supporter, so nothing new was sent. A trained "
        "colleague will reach you at the contact you gave then, usually within %(hours)d hours of "
        "asking. You can ask again once that conversation is closed.",
        hours,
    ) % {"hours": hours}


def first_waiting(request_ids: Iterable[object]) -> PeerRequest | None:
    """The oldest of these requests (the asker's own, remembered by their browser) not yet closed."""
    ids = list(request_ids)
    return _still_open(ids).first() if ids else None


def _still_open(request_ids: Iterable[object]) -> QuerySet[PeerRequest]:
    """These requests, those not closed, oldest first."""
    open_ = PeerRequest.objects.filter(pk__in=request_ids).exclude(status=PeerRequest.Status.CLOSED)
    return open_.order_by("created_at")


def waiting_message(hours: int) -> str:
    """Said on the page when the asker comes back while their request waits (nothing is sent)."""
    return ngettext(
        "Your request for a conversation is waiting for a peer supporter. A trained colleague will "
        "reach you at the contact you gave, usually within %(hours)d hour of asking. You can ask again "
        "once that conversation is closed.",
        "Your request for a conversation is waiting for a peer supporter. A trained colleague will "
        "reach you at the contact you gave, usually within %(hours)d hours of asking. You can ask again "
        "once that conversation is closed.",
        hours,
    ) % {"hours": hours}


def request_support(
    requester: User,
    *,
    contact: str,
    when: str = "",
    note: str = "",
    now: dt.datetime | None = None,
    earlier: Iterable[uuid.UUID] = (),
    form_key: str | None = None,
) -> Asked:
    """Ask for a confidential conversation. The request keeps the contact, never the account.

    The words are read by the crisis screen the concerns use. A flag shows the asker crisis lines
    at once and is kept on the request as a yes/no (`urgent`, no time, no words), so every notice
    about it is urgent and it is passed on after urgent_pickup_hours() rather than pickup_hours().

    One request at a time: `earlier` are the asker's earlier requests as their own browser
    remembers them (community/peer_memory.py; the request holds no account, so nothing here can
    find them). While one of them is not closed, AlreadyWaiting is raised and nothing is stored,
    checked under a lock on that request so that a supporter closing it at the same moment is
    seen. Words in crisis are never held back: such a request is stored and routed as urgent even
    then, since a second supporter reaching out is a lesser harm than an urgent request not made.

    `form_key` is the page's one-time key, spent in the transaction that stores the request, as
    for a story: the same page sent twice (a double tap, whose second send the browser's memory has
    not caught up with; a refreshed confirmation in crisis words) raises PeerAlreadySent and stores
    nothing."""
    now = now or timezone.now()
    contact = clean_text(contact, field=_("How to reach you"), minimum=3, maximum=200)
    when = clean_text(when, field=_("Good times"), minimum=0, maximum=200)
    note = clean_text(note, field=_("Note"), minimum=0, maximum=500)
    words = "\n".join(part for part in (note, when) if part)
    crisis = bool(words) and in_crisis(words)
    candidates = eligible_supporters(requester)
    load = _load([c.pk for c in candidates])
    _random.shuffle(candidates)
    ordered = [c.pk for c in sorted(candidates, key=lambda c: load[c.pk])]
    earlier = list(earlier)
    with transaction.atomic():
        if earlier and not crisis:
            waiting = _still_open(earlier).select_for_update().first()
            if waiting is not None:
                raise AlreadyWaiting(waiting)
        if form_key is not None and not formkeys.spend(form_key):
            raise PeerAlreadySent(crisis=crisis)
        request = PeerRequest.objects.create(
            contact=contact, when=when, note=note, candidates=ordered, created_at=now, urgent=crisis
        )
        _route(request, now)
    return Asked(request=request, crisis=crisis)


def still_open(ids: Iterable[uuid.UUID]) -> list[uuid.UUID]:
    """Which of these requests are not closed yet, oldest first."""
    rows = PeerRequest.objects.filter(pk__in=list(ids)).exclude(status=PeerRequest.Status.CLOSED)
    return list(rows.order_by("created_at").values_list("pk", flat=True))


def _route(request: PeerRequest, now: dt.datetime) -> None:
    """Offer the request to the next candidate not yet offered it, or leave it for the office if
    none is left. Candidates away or unlisted now are passed over, not counted as offered: they may
    be offered it when they are back (offer_unassigned).

    The notice is urgent whenever the request is, on the first offer and on every later one.
    """
    urgent = request.urgent
    remaining = [pk for pk in request.candidates if pk not in request.offered]
    available = set(
        PeerSupporter.objects.filter(pk__in=remaining, active=True, available=True).values_list(
            "pk", flat=True
        )
    )
    nxt = next((pk for pk in remaining if pk in available), None)
    if nxt is not None:
        request.offered = [*request.offered, nxt]
    request.tried = len(request.offered)
    request.supporter_id, request.routed_at = nxt, now
    request.save(update_fields=["supporter", "routed_at", "tried", "offered"])
    if nxt is not None:
        transaction.on_commit(lambda: _tell(nxt, urgent=urgent))
    else:
        transaction.on_commit(lambda: _tell_office(urgent=urgent))


@in_site_language
def _tell(supporter_id: int, *, urgent: bool = False) -> None:
    supporter = PeerSupporter.objects.select_related("user").get(pk=supporter_id)
    if not supporter.user.email:
        return
    if urgent:
        # As the concern's urgent notice: the subject says so, the body says why, never the words.
        subject = _("Urgent: a colleague asked for a peer conversation")
        body = _(
            "Their words suggest they may be in crisis. Please reach them within hours, not days: "
            "open Upstream > Together > Peer support to see how to reach them."
        )
    else:
        subject = _("A colleague asked for a peer conversation")
        body = _(
            "Open Upstream > Together > Peer support to see how to reach them. "
            "Please make contact within %(h)d hours."
        ) % {"h": pickup_hours()}
    send_mail(
        subject,
        f"{body}\n\n{site_url(reverse('community:peer'))}\n",
        settings.DEFAULT_FROM_EMAIL,
        [supporter.user.email],
        kind="peer-request",
        fail_silently=True,
    )


@in_site_language
def _tell_office(*, urgent: bool = False) -> None:
    if urgent:
        subject = _("Urgent: a peer-support request in crisis words has no available supporter")
        body = _(
            "Its words suggest the colleague may be in crisis, and every eligible supporter was offered "
            "it or is unavailable. Open Upstream > Peer support (office) within hours, not days."
        )
    else:
        subject = _("A peer-support request has no available supporter")
        body = _(
            "Every eligible supporter was offered it or is unavailable. "
            "Open Upstream > Peer support (office)."
        )
    send_mail(
        subject,
        f"{body}\n\n{site_url(reverse('community:peer_office'))}\n",
        settings.DEFAULT_FROM_EMAIL,
        office_addresses(),
        kind="peer-request-unmatched",
        fail_silently=True,
    )


def assigned_to(user: User) -> QuerySet[PeerRequest]:
    """The supporter's open requests, urgent ones first, then the longest waiting."""
    return (
        PeerRequest.objects.filter(supporter__user=user)
        .exclude(status=PeerRequest.Status.CLOSED)
        .order_by("-urgent", "created_at")
    )


@dataclass(frozen=True)
class Waiting:
    """A request nobody has reached yet, as the office sees it: never the contact, the times of day
    to call or the note, which only its supporter sees; how long it has waited in whole hours, not
    the moment it was asked."""

    urgent: bool
    with_supporter: bool
    pickup_hours: int
    hours_waiting: int


def waiting_for_office(office: User, *, now: dt.datetime | None = None) -> list[Waiting]:
    """The office's watch list: requests without first contact, urgent ones first, then the oldest.

    An urgent one with no supporter is what the office's urgent email sends it here to see."""
    if not is_office(office):
        raise office_only()
    now = now or timezone.now()
    rows = PeerRequest.objects.filter(status=PeerRequest.Status.WAITING).order_by("-urgent", "created_at")
    return [
        Waiting(
            urgent=row.urgent,
            with_supporter=row.supporter_id is not None,
            pickup_hours=pickup_hours_for(row),
            hours_waiting=max(0, int((now - row.created_at).total_seconds() // 3600)),
        )
        for row in rows.only("urgent", "supporter", "created_at")
    ]


def request_for_supporter(user: User, request_id: uuid.UUID | str) -> PeerRequest:
    try:
        key = uuid.UUID(str(request_id))
    except ValueError:
        raise NotFound() from None
    request = assigned_to(user).filter(pk=key).first()
    if request is None:
        raise NotFound()
    return request


def record_contact(request: PeerRequest, *, now: dt.datetime | None = None) -> PeerRequest:
    with transaction.atomic():
        locked = PeerRequest.objects.select_for_update().get(pk=request.pk)
        if locked.first_contact_at is None:
            locked.first_contact_at, locked.status = now or timezone.now(), PeerRequest.Status.CONTACTED
            locked.save(update_fields=["first_contact_at", "status"])
    return locked


def close_request(request: PeerRequest, *, now: dt.datetime | None = None) -> PeerRequest:
    """Done: the contact, note, times of day and candidates are erased; the day and the first-contact
    time stay."""
    with transaction.atomic():
        locked = PeerRequest.objects.select_for_update().get(pk=request.pk)
        locked.status, locked.closed_at = PeerRequest.Status.CLOSED, now or timezone.now()
        locked.contact, locked.note, locked.when, locked.urgent = "", "", "", False
        # Who was outside the requester's hierarchy narrows down where they work: nothing is left
        # to route once it is closed.
        locked.candidates, locked.offered = [], []
        erased = ["contact", "note", "when", "urgent", "candidates", "offered"]
        locked.save(update_fields=["status", "closed_at", *erased])
    return locked


def hand_back(request: PeerRequest, *, now: dt.datetime | None = None) -> PeerRequest:
    """The supporter cannot take it: it goes to the next candidate at once."""
    with transaction.atomic():
        locked = PeerRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status == PeerRequest.Status.WAITING:
            _route(locked, now or timezone.now())
    return locked


def reroute_stale(*, now: dt.datetime | None = None) -> int:
    """Requests not picked up within the set time (the shorter one when urgent) go to the next
    supporter. Idempotent per hour."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(hours=pickup_hours())
    urgent_cutoff = now - dt.timedelta(hours=urgent_pickup_hours())
    due = Q(urgent=False, routed_at__lte=cutoff) | Q(urgent=True, routed_at__lte=urgent_cutoff)
    moved = 0
    for request in PeerRequest.objects.filter(
        due, status=PeerRequest.Status.WAITING, supporter__isnull=False
    ):
        with transaction.atomic():
            locked = PeerRequest.objects.select_for_update().get(pk=request.pk)
            limit = urgent_cutoff if locked.urgent else cutoff
            if locked.status == PeerRequest.Status.WAITING and locked.routed_at and locked.routed_at <= limit:
                _route(locked, now)
                moved += 1
    return moved


def offer_unassigned(*, now: dt.datetime | None = None, returning: int | None = None) -> int:
    """Requests left with no supporter are offered to a candidate who has not been offered them yet
    and is available now (one who was away or unlisted when it was routed). Without this a request
    that came while all were away waited for good.

    `returning` is a supporter just back (available again, listed again): requests they were offered
    before and passed on may go to them again, once. Without that distinction the hourly job offered
    a request every candidate had passed on to the first of them again every hour, and told the
    office again each time it came back (an email walk); such a request now waits for the office,
    which was told when the last candidate passed it on.

    Only the candidates chosen when it was asked: the request holds no account, so who else would be
    outside the requester's hierarchy cannot be worked out later. Idempotent: a request with a
    supporter is left alone."""
    now = now or timezone.now()
    available = set(PeerSupporter.objects.filter(active=True, available=True).values_list("pk", flat=True))
    if not available:
        return 0
    offered = 0
    waiting = PeerRequest.objects.filter(status=PeerRequest.Status.WAITING, supporter__isnull=True)
    for request in waiting.only("pk", "candidates", "offered"):
        if not available.intersection(_offerable(request, returning)):
            continue
        with transaction.atomic():
            locked = PeerRequest.objects.select_for_update().get(pk=request.pk)
            if locked.status == PeerRequest.Status.WAITING and locked.supporter_id is None:
                locked.offered = [pk for pk in locked.offered if pk != returning]
                _route(locked, now)
                offered += locked.supporter_id is not None
    return offered


def _offerable(request: PeerRequest, returning: int | None) -> set[int]:
    """Candidates this request may be offered to now: those not offered it yet, and one back."""
    return {pk for pk in request.candidates if pk not in request.offered or pk == returning}


def set_availability(user: User, available: bool) -> PeerSupporter:
    supporter = PeerSupporter.objects.filter(user=user, active=True).first()
    if supporter is None:
        raise NotFound()
    back = available and not supporter.available
    supporter.available = available
    supporter.save(update_fields=["available"])
    if back:
        offer_unassigned(returning=supporter.pk)
    return supporter


def list_supporter(
    office: User, person: User, *, about: str = "", trained_on: dt.date | None = None
) -> PeerSupporter:
    if not is_office(office):
        raise office_only()
    about = clean_text(about, field=_("About"), minimum=0, maximum=300)
    with transaction.atomic():
        was_listed = PeerSupporter.objects.filter(user=person, active=True).exists()
        supporter, _created = PeerSupporter.objects.update_or_create(
            user=person, defaults={"active": True, "about": about, "trained_on": trained_on}
        )
    if not was_listed:
        # Listed (again): requests that once had them as a candidate may wait for them. Editing a
        # listed supporter's "about" is not a return.
        offer_unassigned(returning=supporter.pk)
    return supporter


def unlist_supporter(office: User, username: str, *, now: dt.datetime | None = None) -> PeerSupporter:
    """The office takes a supporter off the list (they stop supporting, or step back for a while):
    no new request reaches them, and the ones they have not reached yet go to the next supporter at
    once. Those they have reached stay theirs to close (they hold the conversation). Listing them
    again (`list_supporter`) undoes it. Unlisting twice changes nothing."""
    if not is_office(office):
        raise office_only()
    supporter = PeerSupporter.objects.filter(user__username=username).select_related("user").first()
    if supporter is None:
        raise Missing(_("No peer supporter with that username."))
    with transaction.atomic():
        PeerSupporter.objects.filter(pk=supporter.pk).update(active=False)
        supporter.active = False
    waiting = PeerRequest.objects.filter(supporter=supporter, status=PeerRequest.Status.WAITING)
    for request in waiting:
        hand_back(request, now=now)
    return supporter


def counts_for(since: dt.date, until: dt.date) -> dict[str, int | None]:
    """What leaders see: how many asked across the organisation per week, never who (small counts hidden).

    Requests carry no unit, so there is nothing finer to show.
    """
    rows = PeerRequest.objects.filter(created_at__date__gte=since, created_at__date__lte=until)
    weekly: dict[str, int] = {}
    for created in rows.values_list("created_at", flat=True):
        day = timezone.localtime(created).date()
        week = (day - dt.timedelta(days=day.weekday())).isoformat()
        weekly[week] = weekly.get(week, 0) + 1
    return suppress(weekly)


def weekly_counts(since: dt.date, until: dt.date) -> list[tuple[dt.date, int | None]]:
    """counts_for as one row per week from the one holding `since`, each named by its Monday; a week
    nobody asked in is a 0, not a missing row (a new-user walk read a gap as missing data)."""
    counts = counts_for(since, until)
    first = since - dt.timedelta(days=since.weekday())
    mondays = [first + dt.timedelta(weeks=n) for n in range((until - first).days // 7 + 1)]
    return [(monday, counts.get(monday.isoformat(), 0)) for monday in mondays]


def office_figures(since: dt.date, until: dt.date) -> dict[str, object]:
    """For the office: counts by status, time to first contact (median and slowest), re-routes."""
    rows = list(PeerRequest.objects.filter(created_at__date__gte=since, created_at__date__lte=until))
    hours = [
        (r.first_contact_at - r.created_at).total_seconds() / 3600
        for r in rows
        if r.first_contact_at is not None
    ]
    by_status = {status: sum(1 for r in rows if r.status == status) for status in PeerRequest.Status.values}
    return {
        "requests": len(rows),
        "by_status": by_status,
        "median_hours_to_contact": round(statistics.median(hours), 1) if hours else None,
        "slowest_hours_to_contact": round(max(hours), 1) if hours else None,
        "rerouted": sum(1 for r in rows if r.tried > 1),
        "unassigned": sum(
            1 for r in rows if r.status == PeerRequest.Status.WAITING and r.supporter_id is None
        ),
    }
