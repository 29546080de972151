from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from upstream.community import peer_memory
from upstream.community.access import NotFound, is_office
from upstream.community.forms import PeerRequestForm, SupporterListingForm
from upstream.community.models import PeerSupporter
from upstream.community.services import peer as service
from upstream.community.services.common import CommunityError
from upstream.org.access import is_leader
from upstream.org.services import SeveralNamed, find_person


def private(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Every answer of a peer-support page is `Cache-Control: no-store, private`: the page itself,
    the answer to a POST (the confirmation to close, which shows the contact and the note), a refusal,
    a redirect. On a shared computer, Back must never bring a requester's contact or words again.
    The outermost decorator, so the login redirect and a 404 answered here carry it too."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            response = _not_found(request)
        add_never_cache_headers(response)
        return response

    return wrapper


def _not_found(request: HttpRequest) -> HttpResponse:
    from django.views import defaults

    return defaults.page_not_found(request, Http404())


@private
@login_required
@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    form = PeerRequestForm(request.POST or None)
    already_waiting = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        earlier = peer_memory.earlier_requests(request)
        try:
            asked = service.request_support(
                request.user,
                contact=data["contact"],
                when=data["when"],
                note=data["note"],
                earlier=earlier,
                form_key=data["form_key"] or None,
            )
        except service.PeerAlreadySent as again:
            # A double tap or a refreshed confirmation: stored once, and the crisis lines still shown.
            hours = service.pickup_window(urgent=again.crisis)
            context = {"hours": hours, "crisis": again.crisis, "again": str(again)}
            return render(request, "community/peer/sent.html", context, status=409)
        except service.AlreadyWaiting as waiting:
            # Another tab sent one that still waits: said above the form, what was typed kept in it.
            # A 200 page: nothing is wrong with what they typed; it tells them where their request is.
            already_waiting = str(waiting)
        except CommunityError as error:
            form.add_error(None, str(error))
        else:
            peer_memory.remember_request(request, asked.request, earlier)
            # A request in crisis words is reached within the urgent window, and said so: the page and
            # the API said 24 hours where the supporter was given 4 (an email walk).
            context = {"hours": service.pickup_hours_for(asked.request), "crisis": asked.crisis}
            return render(request, "community/peer/sent.html", context)
    if request.method == "GET":
        # Coming back to the page said nothing of the request already sent: the blank form read as
        # if it had been lost, and only a second send told (a new-user walk).
        waiting = service.first_waiting(peer_memory.earlier_requests(request))
        if waiting is not None:
            already_waiting = service.waiting_message(service.pickup_hours_for(waiting))
    supporter = PeerSupporter.objects.filter(user=request.user).first()
    assigned = list(service.assigned_to(request.user)) if supporter else []
    if supporter is not None and not supporter.active and not assigned:
        supporter = None  # unlisted, with nothing left to close: nothing of a supporter to show
    context = {
        "form": form,
        "already_waiting": already_waiting,
        "supporter": supporter,
        "assigned": assigned,
        "hours": service.pickup_hours(),
        "urgent_hours": service.urgent_pickup_hours(),
        "is_office": is_office(request.user),
        "weekly": _weekly_for_leaders(request),
    }
    return render(request, "community/peer/home.html", context, status=400 if form.errors else 200)


def _weekly_for_leaders(request: HttpRequest) -> list[tuple[dt.date, int | None]] | None:
    """Leaders see how many asked per week across the organisation, never who; small weeks hidden.
    Every week of the eight is a row; none at all when nobody asked ("None in the last eight weeks")."""
    if not is_leader(request.user):
        return None
    until = timezone.localdate()
    weeks = service.weekly_counts(until - dt.timedelta(days=56), until)
    return weeks if any(n != 0 for _monday, n in weeks) else []


@private
@login_required
@require_POST
def act(request: HttpRequest, request_id: str, action: str) -> HttpResponse:
    try:
        peer_request = service.request_for_supporter(request.user, request_id)
    except NotFound:
        raise Http404() from None
    if action == "contact":
        service.record_contact(peer_request)
        messages.success(request, _("Recorded. Thank you for reaching out."))
    elif action == "close":
        # Closing erases how to reach the person who asked: once, with no way back, and next to "I have
        # reached them". It asks first, and says so louder while nobody has reached them yet.
        if request.POST.get("confirmed") != "yes":
            return render(request, "community/peer/confirm_close.html", {"item": peer_request})
        service.close_request(peer_request)
        messages.success(request, _("Closed. Their contact details are erased."))
    elif action == "hand-back":
        service.hand_back(peer_request)
        messages.success(request, _("Handed to the next supporter."))
    else:
        raise Http404()
    return redirect("community:peer")


@private
@login_required
@require_POST
def availability(request: HttpRequest) -> HttpResponse:
    try:
        service.set_availability(request.user, request.POST.get("available") == "1")
    except NotFound:
        raise Http404() from None
    return redirect("community:peer")


@private
@login_required
@require_http_methods(["GET", "POST"])
def office(request: HttpRequest) -> HttpResponse:
    if not is_office(request.user):
        raise Http404()
    if request.method == "POST" and "unlist" in request.POST:
        # "Stop listing" next to a supporter: no new requests reach them; their unreached ones move on.
        try:
            gone = service.unlist_supporter(request.user, request.POST["unlist"])
        except CommunityError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(name)s is no longer listed: no new requests reach them.") % {"name": gone.user},
            )
        return redirect("community:peer_office")
    form = SupporterListingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = find_person(form.cleaned_data["username"])
        except SeveralNamed as several:
            person, unclear = None, str(several)
        else:
            unclear = _("No active account has that name, username or email.")
        if person is None:  # at its box, the note kept: a flash message after a redirect lost it
            form.add_error("username", unclear)
        else:
            try:
                service.list_supporter(request.user, person, about=form.cleaned_data["about"])
            except CommunityError as error:
                form.add_error("about", str(error))
            else:
                messages.success(request, _("%(name)s is listed as a peer supporter.") % {"name": person})
                return redirect("community:peer_office")
    until = timezone.localdate()
    since = until - dt.timedelta(days=90)
    context = {
        "figures": service.office_figures(since, until),
        "supporters": PeerSupporter.objects.select_related("user").order_by("user__first_name"),
        "hours": service.pickup_hours(),
        "waiting": service.waiting_for_office(request.user),
        "form": form,
    }
    return render(request, "community/peer/office.html", context, status=400 if form.errors else 200)
