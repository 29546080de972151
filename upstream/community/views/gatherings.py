from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from upstream.community.access import NotFound, is_office
from upstream.community.forms import GatheringForm
from upstream.community.models import Gathering
from upstream.community.services import gatherings as service
from upstream.community.services.common import CommunityError
from upstream.concerns.services import AlreadySent
from upstream.org.access import led_units
from upstream.org.models import Unit


def _gathering(request: HttpRequest, gathering_id: int) -> Gathering:
    try:
        return service.gathering_for(request.user, gathering_id)
    except NotFound:
        raise Http404() from None


def _organisable_units(request: HttpRequest) -> list[Unit]:
    if is_office(request.user):
        return list(Unit.objects.order_by("path"))
    return [u for top in led_units(request.user) for u in top.subtree()]


@login_required
def listing(request: HttpRequest) -> HttpResponse:
    gatherings = list(service.upcoming_for(request.user))
    for gathering in gatherings:
        gathering.left = service.places_left(gathering)
        gathering.mine = service.my_signup(request.user, gathering)
    context = {"gatherings": gatherings, "can_organise": bool(_organisable_units(request))}
    return render(request, "community/gatherings/list.html", context)


@login_required
def detail(request: HttpRequest, gathering_id: int) -> HttpResponse:
    gathering = _gathering(request, gathering_id)
    mine = service.my_signup(request.user, gathering)
    context = {
        "gathering": gathering,
        "left": service.places_left(gathering),
        "mine": mine,
        "position": service.waiting_position(mine) if mine else None,
        "waiting": gathering.signups.filter(status="waiting").count(),
        "organises": gathering.organiser_id == request.user.pk or is_office(request.user),
    }
    return render(request, "community/gatherings/detail.html", context)


@login_required
@require_POST
def sign_up(request: HttpRequest, gathering_id: int) -> HttpResponse:
    gathering = _gathering(request, gathering_id)
    try:
        signup = service.sign_up(request.user, gathering)
    except CommunityError as error:
        messages.error(request, str(error))
    else:
        if signup.status == "confirmed":
            messages.success(request, _("You have a place. Add it to your calendar below."))
        else:
            messages.info(
                request, _("It is full, so you are on the waiting list. We will email you if a place opens.")
            )
    return redirect("community:gathering", gathering_id=gathering.pk)


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, gathering_id: int) -> HttpResponse:
    """Give up a place or leave the waiting list, after a page that says what follows: a place goes
    at once to the next person waiting and cannot be taken back (it was one click, and the place was
    gone). A POST without `confirmed` (a stale page) shows that page too. The API's one call stays."""
    gathering = _gathering(request, gathering_id)
    mine = service.my_signup(request.user, gathering)
    if mine is None or gathering.cancelled:  # called off: its page says so; nothing to give up
        return redirect("community:gathering", gathering_id=gathering.pk)
    if request.method == "GET" or request.POST.get("confirmed") != "yes":
        context = {
            "gathering": gathering,
            "mine": mine,
            "position": service.waiting_position(mine),
            "waiting": gathering.signups.filter(status="waiting").count(),
        }
        return render(request, "community/gatherings/confirm_leave.html", context)
    had_place = mine.status == "confirmed"
    service.cancel_signup(request.user, gathering)
    if had_place:
        messages.success(request, _("Your place is given up. Thank you for making room for someone else."))
    else:
        messages.success(request, _("You have left the waiting list."))
    return redirect("community:gathering", gathering_id=gathering.pk)


@login_required
@require_http_methods(["GET", "POST"])
def call_off(request: HttpRequest, gathering_id: int) -> HttpResponse:
    """Call a gathering off, after a page that says how many people are emailed and that it cannot be
    undone (it was one click). A POST without `confirmed` (a stale page) shows that page too."""
    gathering = _gathering(request, gathering_id)
    if not (gathering.organiser_id == request.user.pk or is_office(request.user)):
        raise Http404()
    if gathering.cancelled:
        return redirect("community:gathering", gathering_id=gathering.pk)
    if request.method == "GET" or request.POST.get("confirmed") != "yes":
        signups = gathering.signups.filter(status__in=["confirmed", "waiting"])
        context = {
            "gathering": gathering,
            "confirmed": signups.filter(status="confirmed").count(),
            "waiting": signups.filter(status="waiting").count(),
        }
        return render(request, "community/gatherings/confirm_call_off.html", context)
    try:
        told = service.cancel_gathering(request.user, gathering)
    except NotFound:
        raise Http404() from None
    message = ngettext(
        "Called off. %(n)d person signed up or waiting is told by email.",
        "Called off. %(n)d people signed up or waiting are told by email.",
        told,
    )
    messages.success(request, message % {"n": told} if told else _("Called off. Nobody had signed up."))
    return redirect("community:gatherings")


@login_required
def ics(request: HttpRequest, gathering_id: int) -> HttpResponse:
    gathering = _gathering(request, gathering_id)
    try:  # only with a place: the waiting list and everyone else get the 404 page
        calendar = service.calendar_for(request.user, gathering)
    except CommunityError:
        raise Http404() from None
    response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="gathering-{gathering.pk}.ics"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    units = _organisable_units(request)
    if not units:
        raise Http404()
    form = GatheringForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            gathering = service.create_gathering(
                request.user,
                kind=data["kind"],
                title=data["title"],
                description=data["description"],
                scope=form.units[data["scope"]],
                location=data["location"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                capacity=data["capacity"],
                form_key=data["form_key"] or None,
            )
        except AlreadySent as again:
            # Sent twice (a double tap, Back and publish again): the first one is listed, once.
            messages.info(request, str(again))
            return redirect("community:gatherings")
        except CommunityError as error:
            # At the field the rule is about, when the service says which; else above the form.
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("Published to everyone invited."))
            return redirect("community:gathering", gathering_id=gathering.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "community/gatherings/form.html", {"form": form}, status=status)
