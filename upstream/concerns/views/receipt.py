"""Following a concern with its receipt code, signed in or not.

The code travels only in POST bodies (URLs end up in logs and browser history), pages are never
cached, and failed lookups are slowed per client address by a short-lived keyed hash (limits.py):
a valid code always opens, so a guesser behind the hospital's proxy locks nobody else out.
Before its batch is released, a receipt opens a page showing what was sent and when leaders get it.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from upstream.concerns import limits
from upstream.concerns.forms import ReceiptForm, ReplyForm
from upstream.concerns.models import Concern
from upstream.concerns.retries import reply_or_replay
from upstream.concerns.safety import named_people
from upstream.concerns.services import (
    AlreadySent,
    ConcernError,
    PendingConcern,
    PendingReceipt,
    ReceiptNotFound,
    open_receipt,
    pending_replies,
)
from upstream.concerns.thread import thread_for
from upstream.intake import formkeys


def _reply_form(code: str) -> ReplyForm:
    return ReplyForm(initial={"receipt": code, "form_key": formkeys.new_key()})


def _thread_page(request: HttpRequest, concern: Concern, code: str, **extra: object) -> HttpResponse:
    context = {
        "concern": concern,
        "thread": thread_for(concern, own=concern.merged_from),
        "pending_replies": pending_replies(concern),
        "own": concern.merged_from or concern,
        "actions": concern.actions.filter(state="published").select_related("scope"),
        "reply_form": extra.pop("reply_form", None) or _reply_form(code),
        **extra,
    }
    return render(request, "concerns/receipt/thread.html", context)


def _pending_page(request: HttpRequest, pending: PendingReceipt, code: str, **extra: object) -> HttpResponse:
    context = {"pending": pending, "reply_form": extra.pop("reply_form", None) or _reply_form(code), **extra}
    return render(request, "concerns/receipt/pending.html", context)


def _limited(request: HttpRequest, code: str) -> HttpResponse:
    form = ReceiptForm(initial={"receipt": code})
    response = render(
        request, "concerns/receipt/lookup.html", {"form": form, "error": limits.limited_message()}, status=429
    )
    response["Retry-After"] = str(limits.retry_after())
    return response


def _lookup(request: HttpRequest, code: str) -> Concern | PendingReceipt | HttpResponse:
    """The concern (or what still waits for release); a valid code opens even when limited."""
    try:
        return open_receipt(code)
    except ReceiptNotFound as missing:
        if limits.refuse_failed_lookup(request):
            return _limited(request, code)
        form = ReceiptForm(initial={"receipt": code})
        return render(
            request, "concerns/receipt/lookup.html", {"form": form, "error": str(missing)}, status=404
        )


def _page(request: HttpRequest, found: Concern | PendingReceipt, code: str, **extra: object) -> HttpResponse:
    if isinstance(found, PendingReceipt):
        return _pending_page(request, found, code, **extra)
    return _thread_page(request, found, code, **extra)


@never_cache
@require_http_methods(["GET", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "concerns/receipt/lookup.html", {"form": ReceiptForm()})
    form = ReceiptForm(request.POST)
    if not form.is_valid():
        return render(request, "concerns/receipt/lookup.html", {"form": form}, status=400)
    found = _lookup(request, form.cleaned_data["receipt"])
    if isinstance(found, HttpResponse):
        return found
    return _page(request, found, form.cleaned_data["receipt"])


@never_cache
@require_POST
def reply(request: HttpRequest) -> HttpResponse:
    form = ReplyForm(request.POST)
    code = request.POST.get("receipt", "")
    found = _lookup(request, code)
    if isinstance(found, HttpResponse):
        return found
    if isinstance(found, PendingReceipt):
        # Not released yet: the reply waits in the intake with it, for the same batch or later.
        found = PendingConcern(code)
    if not form.is_valid():
        return _refreshed(request, code, reply_form=form, status=400)
    # As on the speak-up form: a name can point back at the writer, so they may edit it out first.
    names = named_people(form.cleaned_data["text"])
    if names and not form.cleaned_data["confirmed"]:
        return _refreshed(request, code, reply_form=form, names=names, reply_needs_confirmation=True)
    form_key = form.cleaned_data["form_key"] or None
    try:
        # A resent page (a refresh, a lost answer) gets the first answer again, crisis lines included.
        sent, _replayed = reply_or_replay(found, form.cleaned_data["text"], form_key)
    except AlreadySent:
        return _refreshed(request, code, already_sent=True)
    except ConcernError as error:
        form.add_error("text", str(error))
        return _refreshed(request, code, reply_form=form, status=400)
    # A reply in crisis shows resources at once, like a new concern: the writer cannot be called back.
    return _refreshed(request, code, sent=True, crisis=sent, resources=sent.crisis)


def _refreshed(request: HttpRequest, code: str, *, status: int = 200, **extra: object) -> HttpResponse:
    found = _lookup(request, code)
    if isinstance(found, HttpResponse):
        return found
    response = _page(request, found, code, **extra)
    response.status_code = status
    return response
