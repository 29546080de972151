from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from upstream.community.access import NotFound, scopes_seen_by
from upstream.community.forms import (
    AskAnswerForm,
    CampaignForm,
    CampaignMeetingForm,
    CampaignUpdateForm,
    FormalAskForm,
)
from upstream.community.models import Campaign, FormalAsk
from upstream.community.services import campaigns as service
from upstream.community.services.common import CommunityError, Conflict
from upstream.community.views.common import show_refusal
from upstream.concerns.services import AlreadySent
from upstream.lib.forms import PlainForm


def _campaign(request: HttpRequest, campaign_id: int) -> Campaign:
    try:
        return service.campaign_for(request.user, campaign_id)
    except NotFound:
        raise Http404() from None


_WAITING = (FormalAsk.Status.SENT, FormalAsk.Status.ACKNOWLEDGED)


@login_required
def listing(request: HttpRequest) -> HttpResponse:
    # Asks still waiting first, an overdue acknowledgment said as such; answered ones apart (a
    # new-user walk read "Answered · acknowledge by 27 Nov" among the asks waiting for them).
    asks = list(service.asks_for_leader(request.user))
    context = {
        "campaigns": service.campaigns_for(request.user),
        # A withdrawn ask (its campaign closed) waits for nobody: on its campaign's page only.
        "asks": [(ask, service.is_overdue(ask)) for ask in asks if ask.status in _WAITING],
        "answered": [ask for ask in asks if ask.status == FormalAsk.Status.ANSWERED],
    }
    return render(request, "community/campaigns/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    units = sorted(scopes_seen_by(request.user), key=lambda u: (u.depth, u.name))
    suggested = service.suggested_scope(request.user)
    initial = {"scope": str(suggested.pk)} if suggested else None
    form = CampaignForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = service.start_campaign(
                request.user,
                title=data["title"],
                kind=data["kind"],
                statement=data["statement"],
                ask=data["ask"],
                scope=form.units[data["scope"]],
                form_key=data["form_key"] or None,
            )
        except AlreadySent as again:
            # Sent twice (a double tap, Back and send again): the first one is in the list, once.
            messages.info(request, str(again))
            return redirect("community:campaigns")
        except CommunityError as error:
            # At the field the rule is about, when the service says which; else above the form.
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("Your campaign is open. Invite colleagues to join."))
            return redirect("community:campaign", campaign_id=campaign.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "community/campaigns/form.html", {"form": form}, status=status)


@login_required
def detail(request: HttpRequest, campaign_id: int) -> HttpResponse:
    return _page(request, _campaign(request, campaign_id))


def _page(
    request: HttpRequest,
    campaign: Campaign,
    refused: dict[str, PlainForm] | None = None,
    *,
    unsent: str = "",
    status: int | None = None,
    error: str = "",
) -> HttpResponse:
    """The campaign's page; `refused` is a form refused, by action, shown with what was typed;
    `unsent`, an answer a stale tab sent after another answer, shown back with `error`."""
    refused = refused or {}
    ask = FormalAsk.objects.filter(campaign=campaign).select_related("to_unit").first()
    leads = ask is not None and service.asks_for_leader(request.user).filter(pk=ask.pk).exists()
    context = {
        "campaign": campaign,
        "members": campaign.members.select_related("user"),
        "member": service.is_member(request.user, campaign),
        "ask": ask,
        "overdue": ask is not None and service.is_overdue(ask),
        "leads": leads,
        "forms": {name: refused.get(name) or _form(campaign, name, ask=ask) for name in _FORMS},
        "unsent": unsent,
        "unsent_error": error,
        # A meeting in another year says its year: "Tuesday 1 January" read as the coming one.
        "this_year": str(timezone.localdate().year),
    }
    status = status or (400 if refused else 200)
    return render(request, "community/campaigns/detail.html", context, status=status)


_FORMS: dict[str, type[PlainForm]] = {
    "update": CampaignUpdateForm,
    "ask": FormalAskForm,
    "meeting": CampaignMeetingForm,
    "answer": AskAnswerForm,
}


def _form(
    campaign: Campaign, name: str, data: QueryDict | None = None, ask: FormalAsk | None = None
) -> PlainForm:
    initial = {
        "ask": {"text": campaign.ask},
        "answer": {"answer": ask.answer, "decision": ask.decision} if ask else {},
    }.get(name)
    # The ids the page always had: update-text, ask-text, starts_at, location, agenda, answer, decision.
    auto_id = f"{name}-%s" if name in ("update", "ask") else "%s"
    return _FORMS[name](data, auto_id=auto_id, initial=initial)


def _send(request: HttpRequest, campaign: Campaign, name: str) -> HttpResponse:
    """An update, the formal ask, a meeting or a leader's answer. Refused input (too short, too long, a
    NUL, no date) is the page again, status 400, at its box and as typed: a redirect with a flash
    message lost it."""
    try:  # first, so only the ask's leaders get the page back with the answer box on it
        ask = service.ask_for_leader(request.user, campaign.formal_ask.pk) if name == "answer" else None
    except (NotFound, FormalAsk.DoesNotExist):
        raise Http404() from None
    if ask is not None:
        try:  # answered already (a stale tab): the page shows that answer and has no box for another
            service.refuse_if_answered(ask)
        except Conflict as error:
            # Not a redirect: the words typed come back, marked unsent, to reuse in an update.
            unsent = str(request.POST.get("answer", "")).strip()
            return _page(request, campaign, unsent=unsent, status=409, error=str(error))
    form = _form(campaign, name, request.POST)
    if form.is_valid():
        try:
            _write(request, campaign, name, form.cleaned_data, ask)
        except Conflict as error:  # not a member, the ask already made: no box to show it at
            messages.error(request, str(error))
        except CommunityError as error:
            show_refusal(form, error)
    if form.errors:
        return _page(request, campaign, refused={name: form})
    return redirect("community:campaign", campaign_id=campaign.pk)


def _write(
    request: HttpRequest, campaign: Campaign, name: str, data: dict[str, Any], ask: FormalAsk | None
) -> None:
    # Said at the top, where the page comes back and the focus goes (upstream.js): the new item is
    # far below, and the page reloading with no word read as nothing done (a walk at phone width).
    if name == "update":
        service.post_update(request.user, campaign, data["text"])
        messages.success(request, _("Update posted. Every member sees it under Updates."))
    elif name == "ask":
        service.send_ask(request.user, campaign, data["text"])
        messages.success(
            request, _("Sent to leadership. They must acknowledge it on the same clock as concerns.")
        )
    elif name == "meeting":
        meeting = service.add_meeting(request.user, campaign, **data)
        # With its year, so a year typed wrong shows in the confirmation too.
        # Translators: a date shape in Django's date-format letters (docs/languages.md#dates).
        when = date_format(timezone.localtime(meeting.starts_at), _("l j F Y, H:i"))
        messages.success(
            request,
            _("Meeting added: %(when)s, %(where)s. Every member sees it under Meetings.")
            % {"when": when, "where": meeting.location},
        )
    elif ask is not None:
        service.answer_ask(request.user, ask, **data)
        messages.success(request, _("Answered. Every member sees it."))


@login_required
@require_POST
def act(request: HttpRequest, campaign_id: int, action: str) -> HttpResponse:
    campaign = _campaign(request, campaign_id)
    try:
        if action == "join":
            service.join(request.user, campaign)
            messages.success(request, _("You joined. Your name is on the member list."))
        elif action == "leave":
            return _leave(request, campaign)
        elif action in _FORMS:
            return _send(request, campaign, action)
        elif action == "close":
            service.close_campaign(request.user, campaign)
            messages.success(request, _("Closed. Members keep seeing its history."))
        elif action == "acknowledge":
            service.acknowledge_ask(
                request.user, service.ask_for_leader(request.user, campaign.formal_ask.pk)
            )
            messages.success(request, _("Acknowledged. Every member sees it."))
        else:
            raise Http404()
    except (NotFound, FormalAsk.DoesNotExist):
        raise Http404() from None
    except service.AlreadyAcknowledged as already:  # a stale tab: say why nothing happened
        messages.info(request, str(already))
    except CommunityError as error:
        messages.error(request, str(error))
    return redirect("community:campaign", campaign_id=campaign.pk)


def _leave(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    """The last member is asked first: their leaving closes the campaign and withdraws its ask (it
    stayed open with 0 members and its ask pending). A POST without `confirmed` shows that page."""
    if service.leaving_closes(request.user, campaign) and request.POST.get("confirmed") != "yes":
        ask = FormalAsk.objects.filter(campaign=campaign, status__in=_WAITING).first()
        return render(request, "community/campaigns/confirm_leave.html", {"campaign": campaign, "ask": ask})
    if service.leave(request.user, campaign):
        messages.success(request, _("You left, and the campaign is closed. Its history stays visible."))
    else:
        messages.success(request, _("You left the campaign."))
    return redirect("community:campaign", campaign_id=campaign.pk)
