"""Shared concerns: staff co-sign, the reporter offers and follows through the receipt, leaders approve."""

from __future__ import annotations

import json
import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from upstream.community.access import NotFound
from upstream.community.forms import ShareDecisionForm
from upstream.community.models import SharedConcern
from upstream.community.services import cosigns as service
from upstream.community.services.common import CommunityError, Conflict, status_of
from upstream.community.services.for_leaders import escalated_waiting
from upstream.community.services.similar import similar_shared
from upstream.community.views.common import show_refusal
from upstream.concerns import limits
from upstream.concerns.models import ReadRecord
from upstream.concerns.services import record_reads
from upstream.org.access import is_leader, led_subtree_q
from upstream.privacy.groups import min_group_size
from upstream.speakup.services import CODE_PATTERN


@login_required
def listing(request: HttpRequest) -> HttpResponse:
    shared = list(service.visible_shared(request.user))
    offers = service.token_offers(request.user)
    branches = {o.shared.pk: o.branch.pk for o in offers}
    mine = set(service.cosignable_shared(request.user).values_list("pk", flat=True))
    # Escalated to this leader and not answered yet: answered on its concern's page, which they read
    # already (the escalation goes up from the concern's unit, to units they lead).
    to_answer = (
        set(escalated_waiting(request.user).values_list("pk", flat=True))
        if is_leader(request.user)
        else set()
    )
    opened = service.open_for_cosigning(shared)
    for item in shared:
        item.can_cosign = item.pk in mine
        item.cosign_open = item.pk in opened
        item.branch_id = branches.get(item.pk) or service.branch_of(request.user, item.scope).pk
        item.to_answer = item.pk in to_answer
    context = {
        "shared": shared,
        "minimum": min_group_size(),
        "offers": [
            {"purpose": o.purpose, "key_id": o.key_id, "public_key": o.public_key, "shared": str(o.shared.pk)}
            for o in offers
        ],
        "issue_url": reverse("community:cosign_tokens"),
        "cosign_url": reverse("community:cosign"),
        "token_store": service.token_store(request.user),
        "threshold": service.threshold(),
        "min_holders": service.min_holders(),
    }
    return render(request, "community/shared/list.html", context)


@login_required
@require_POST
def tokens(request: HttpRequest) -> JsonResponse:
    """The page's script sends one blinded message per visible shared concern when the person presses
    "Get my co-signs for this browser" (never as the page opens); all are signed or none."""
    try:
        body = json.loads(request.body or b"{}")
        wanted = {str(t["purpose"]): (str(t["key_id"]), str(t["blinded_message"])) for t in body["tokens"]}
    except (ValueError, KeyError, TypeError):
        return JsonResponse(
            {"detail": _("Send {'tokens': [{purpose, key_id, blinded_message}]}.")}, status=400
        )
    try:
        signatures = service.issue_cosign_tokens(request.user, wanted)
    except CommunityError as error:  # the API's status: a partial or repeated request is a 409
        return JsonResponse({"detail": str(error)}, status=status_of(error))
    return JsonResponse({"blind_signatures": signatures})


@csrf_exempt  # no session is used or wanted: the token is the whole credential
@never_cache
@require_POST
def cosign(request: HttpRequest) -> JsonResponse:
    """Spend a co-sign token. The script calls this without cookies, so no account travels with it."""
    try:
        body = json.loads(request.body or b"{}")
        shared_id, code = str(body["shared"]), str(body["code"])
        branch = body.get("branch")
        branch = int(branch) if branch not in (None, "") else None
        if len(code) > service.COSIGN_CODE_MAX or not re.fullmatch(CODE_PATTERN, code):
            raise ValueError("not a code's form")  # the API's schema refuses it with 400 too
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"detail": _("Send {shared, code, branch}.")}, status=400)
    try:
        released = service.submit_cosign(shared_id, code, branch)
    except NotFound:
        return JsonResponse({"detail": _("No such shared concern.")}, status=404)
    except CommunityError as error:  # the API's status for the same refusal: spent 409, not valid 403
        return JsonResponse({"detail": str(error)}, status=status_of(error))
    return JsonResponse({"counted_from": released.isoformat()}, status=202)


@never_cache
@require_http_methods(["GET", "POST"])
def mine(request: HttpRequest) -> HttpResponse:
    """The reporter's side, by receipt code (POST only, so the code never sits in a URL)."""
    if request.method == "GET":
        return render(request, "community/shared/mine.html", {})
    code = request.POST.get("receipt", "")
    action = request.POST.get("action", "")
    # After a mistake the code stays in the box, to be corrected rather than typed again.
    typed = code[:64]
    if not code.strip():
        return render(
            request, "community/shared/mine.html", {"error": _("Enter your receipt code.")}, status=400
        )
    try:
        if action == "offer":
            service.offer_for_cosigning(code)
            messages.success(
                request, _("Offered. Your leaders see it with the next batch and choose what to share.")
            )
        elif action == "withdraw":
            service.withdraw_offer(code)
            messages.success(request, _("Withdrawn. Staff stop seeing it with the next batch."))
        view = service.shared_for_receipt(code)
    except CommunityError as error:
        # As on /receipt/: a valid code always opens; past the limit, one that does not match is
        # refused with the time left (anonymity.md M9).
        if isinstance(error, service.ReceiptUnknown) and limits.refuse_failed_lookup(request):
            return _too_many_tries(request, typed)
        context = {"error": str(error), "typed": typed}
        return render(request, "community/shared/mine.html", context, status=400)
    return render(request, "community/shared/mine.html", {"view": view, "receipt": code})


def _too_many_tries(request: HttpRequest, typed: str) -> HttpResponse:
    context = {"error": limits.limited_message(), "typed": typed}
    refused = render(request, "community/shared/mine.html", context, status=429)
    refused["Retry-After"] = str(limits.retry_after())
    return refused


@login_required
def review(request: HttpRequest) -> HttpResponse:
    # A leader's page, 404 to anyone else like every other one: staff were shown its instructions
    # for leaders over an empty list (a new-user walk).
    if not is_leader(request.user):
        raise Http404()
    return _review_page(request)


def _review_page(request: HttpRequest, refused: dict[str, ShareDecisionForm] | None = None) -> HttpResponse:
    """The leader's offers; `refused` is a decision form, by offer, shown with what was typed."""
    refused = refused or {}
    offers = list(service.offers_for_leader(request.user))
    for offer in offers:
        offer.form = refused.get(str(offer.pk)) or _decision_form(
            offer, initial={"text": service.suggest_redaction(offer.concern.text)}
        )
    record_reads([o.concern for o in offers], request.user, ReadRecord.Via.EXCERPT)  # DESIGN.md rule 7
    published = service.visible_shared(request.user).filter(led_subtree_q(request.user, "scope__"))
    context = {"offers": offers, "published": published, "minimum": min_group_size()}
    return render(request, "community/shared/review.html", context, status=400 if refused else 200)


def _decision_form(shared: SharedConcern, data: QueryDict | None = None, **kwargs: Any) -> ShareDecisionForm:
    # The ids the page always had (text-<offer>, reason-<offer>): one form per offer.
    return ShareDecisionForm(data, auto_id=f"%s-{shared.pk}", **kwargs)


@login_required
@require_POST
def decide(request: HttpRequest, shared_id: str) -> HttpResponse:
    """A refused redacted copy or reason (too short, too long, a NUL) is the page again, status 400,
    with the message at its box and both texts as typed: a redirect with a flash message lost them."""
    try:
        shared = service.shared_for_leader(request.user, shared_id)
    except NotFound:
        raise Http404() from None
    form = _decision_form(shared, request.POST)
    if form.is_valid() and _decision_stated(request, form):
        try:
            _decide(request, shared, form.cleaned_data)
        except Conflict as error:  # decided meanwhile: no longer on the page to show it at
            messages.error(request, str(error))
        except CommunityError as error:
            show_refusal(form, error)
    if form.errors:
        return _review_page(request, refused={str(shared.pk): form})
    return redirect("community:shared_review")


def _decision_stated(request: HttpRequest, form: ShareDecisionForm) -> bool:
    """A press of one of the two buttons, and not "share" over a reason typed against sharing: a
    send without a button (a script, a keyboard's implicit submission) declined it, and a reason
    typed then "Share" pressed meant the leader's words went nowhere while the concern went to
    staff. Sharing cannot be undone, so both are asked again with everything kept."""
    decision = request.POST.get("decision")
    if decision not in ("approve", "decline"):
        form.add_error(None, _("Choose Share the redacted copy or Do not share."))
    elif decision == "approve" and form.cleaned_data["reason"]:
        form.add_error(
            "reason",
            _(
                "You wrote why it should not be shared. To decline, press Do not share; "
                "to share the redacted copy, clear this box first."
            ),
        )
    return not form.errors


def _decide(request: HttpRequest, shared: SharedConcern, data: dict[str, str]) -> None:
    if request.POST.get("decision") == "approve":
        service.approve_shared(request.user, shared, data["text"])
        messages.success(request, _("Shared with staff in its scope. The reporter sees your changes."))
    else:
        service.decline_shared(request.user, shared, data["reason"])
        messages.success(request, _("Not shared. The reporter sees your reason."))


@login_required
@require_POST
def similar(request: HttpRequest) -> HttpResponse:
    """HTMX partial for the speak-up form: similar shared concerns and actions to join instead."""
    found = similar_shared(request.POST.get("text", "")[:5000], request.user)
    return render(request, "community/shared/_similar.html", {"similar": found})
