from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_datetime
from django.utils.timezone import make_aware
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from upstream.community.access import NotFound, scopes_seen_by
from upstream.community.forms import CampaignForm, CampaignUpdateForm, FormalAskForm
from upstream.community.models import Campaign, FormalAsk
from upstream.community.services import campaigns as service
from upstream.community.services.common import CommunityError, Conflict
from upstream.community.views.common import show_refusal
from upstream.lib.forms import PlainForm


def _campaign(request: HttpRequest, campaign_id: int) -> Campaign:
    try:
        return service.campaign_for(request.user, campaign_id)
    except NotFound:
        raise Http404() from None


@login_required
def listing(request: HttpRequest) -> HttpResponse:
    context = {
        "campaigns": service.campaigns_for(request.user),
        "asks": service.asks_for_leader(request.user),
    }
    return render(request, "community/campaigns/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    units = sorted(scopes_seen_by(request.user), key=lambda u: (u.depth, u.name))
    form = CampaignForm(request.POST or None, units=units)
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
            )
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
    request: HttpRequest, campaign: Campaign, refused: dict[str, PlainForm] | None = None
) -> HttpResponse:
    """The campaign's page; `refused` is the update or ask form, by action, shown with what was typed."""
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
        "decisions": FormalAsk.Decision.choices,
        # The ids the page always had (update-text, ask-text).
        "update_form": refused.get("update") or _text_form(campaign, "update"),
        "ask_form": refused.get("ask") or _text_form(campaign, "ask"),
    }
    return render(request, "community/campaigns/detail.html", context, status=400 if refused else 200)


def _text_form(campaign: Campaign, action: str, data: QueryDict | None = None) -> PlainForm:
    if action == "update":
        return CampaignUpdateForm(data, auto_id="update-%s")
    return FormalAskForm(data, auto_id="ask-%s", initial={"text": campaign.ask})


def _send_text(request: HttpRequest, campaign: Campaign, action: str) -> HttpResponse:
    """An update or the formal ask. Refused text (too short, too long, a NUL) is the page again, status
    400, at its box and as typed: a redirect with a flash message lost it."""
    form = _text_form(campaign, action, request.POST)
    if form.is_valid():
        try:
            if action == "update":
                service.post_update(request.user, campaign, form.cleaned_data["text"])
            else:
                service.send_ask(request.user, campaign, form.cleaned_data["text"])
                messages.success(
                    request, _("Sent to leadership. They must acknowledge it on the same clock as concerns.")
                )
        except Conflict as error:  # not a member, or the ask already made: no box to show it at
            messages.error(request, str(error))
        except CommunityError as error:
            show_refusal(form, error)
    if form.errors:
        return _page(request, campaign, refused={action: form})
    return redirect("community:campaign", campaign_id=campaign.pk)


@login_required
@require_POST
def act(request: HttpRequest, campaign_id: int, action: str) -> HttpResponse:
    campaign = _campaign(request, campaign_id)
    post = request.POST
    try:
        if action == "join":
            service.join(request.user, campaign)
            messages.success(request, _("You joined. Your name is on the member list."))
        elif action == "leave":
            service.leave(request.user, campaign)
            messages.success(request, _("You left the campaign."))
        elif action in ("update", "ask"):
            return _send_text(request, campaign, action)
        elif action == "meeting":
            starts = parse_datetime(post.get("starts_at", ""))
            if starts is None:
                raise CommunityError(_("Give the meeting's date and time."))
            starts = make_aware(starts) if starts.tzinfo is None else starts
            service.add_meeting(
                request.user,
                campaign,
                starts_at=starts,
                location=post.get("location", ""),
                agenda=post.get("agenda", ""),
            )
        elif action == "close":
            service.close_campaign(request.user, campaign)
            messages.success(request, _("Closed. Members keep seeing its history."))
        elif action in ("acknowledge", "answer"):
            ask = service.ask_for_leader(request.user, campaign.formal_ask.pk)
            if action == "acknowledge":
                service.acknowledge_ask(request.user, ask)
            else:
                service.answer_ask(
                    request.user, ask, answer=post.get("answer", ""), decision=post.get("decision", "")
                )
                messages.success(request, _("Answered. Every member sees it."))
        else:
            raise Http404()
    except (NotFound, FormalAsk.DoesNotExist):
        raise Http404() from None
    except CommunityError as error:
        messages.error(request, str(error))
    return redirect("community:campaign", campaign_id=campaign.pk)
