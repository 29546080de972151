"""Following a concern with its receipt code, signed in or not.

The code travels only in POST bodies (URLs end up in logs and browser history), pages are never
cached, and failed lookups are rate-limited by a short-lived keyed hash (see ratelimit.py).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from upstream.concerns import ratelimit
from upstream.concerns.forms import ReceiptForm, ReplyForm
from upstream.concerns.models import Concern
from upstream.concerns.services import ConcernError, ReceiptNotFound, find_by_receipt, reply_as_reporter
from upstream.concerns.thread import thread_for


def _thread_page(request: HttpRequest, concern: Concern, code: str, **extra: object) -> HttpResponse:
    context = {
        "concern": concern,
        "thread": thread_for(concern, own=concern.merged_from),
        "own": concern.merged_from or concern,
        "actions": concern.actions.filter(state="published").select_related("scope"),
        "reply_form": extra.pop("reply_form", None) or ReplyForm(initial={"receipt": code}),
        **extra,
    }
    return render(request, "concerns/receipt/thread.html", context)


def _lookup(request: HttpRequest, code: str) -> Concern | HttpResponse:
    if ratelimit.is_limited(request):
        form = ReceiptForm()
        return render(
            request,
            "concerns/receipt/lookup.html",
            {"form": form, "error": ratelimit.LIMITED_MESSAGE},
            status=429,
        )
    try:
        return find_by_receipt(code)
    except ReceiptNotFound as missing:
        ratelimit.record_failure(request)
        form = ReceiptForm(initial={"receipt": code})
        return render(
            request, "concerns/receipt/lookup.html", {"form": form, "error": str(missing)}, status=404
        )


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
    return _thread_page(request, found, form.cleaned_data["receipt"])


@never_cache
@require_POST
def reply(request: HttpRequest) -> HttpResponse:
    form = ReplyForm(request.POST)
    code = request.POST.get("receipt", "")
    found = _lookup(request, code)
    if isinstance(found, HttpResponse):
        return found
    if not form.is_valid():
        return _thread_page(request, found, code, reply_form=form)
    try:
        reply_as_reporter(found, form.cleaned_data["text"])
    except ConcernError as error:
        form.add_error("text", str(error))
        return _thread_page(request, found, code, reply_form=form)
    return _thread_page(request, found, code, sent=True)
