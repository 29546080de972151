"""Pages: obtaining codes (signed in), writing with a code (no account, no cookie), the explainer.

The writing page never reads the account, never sets a cookie (not even Django's CSRF cookie: the
code itself is what authorises the write, so a forged cross-site post would need one), and is not
logged (see `upstream/lib/request_log.py`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from upstream.concerns.safety import named_people, small_group_warning
from upstream.concerns.services import ConcernError
from upstream.org.models import RoleGroup
from upstream.speakup import bundle, keys, services
from upstream.speakup.forms import TokenConcernForm
from upstream.speakup.models import SigningKey


def without_cookies(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Set no cookie on this response: the page template asks for a CSRF token, which would set one."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        response = view(request, *args, **kwargs)
        request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False
        return response

    return csrf_exempt(wrapper)


def _resources() -> list[tuple[str, str]]:
    return list(settings.UPSTREAM_CRISIS_RESOURCES)


@never_cache
@login_required
@require_GET
def tokens(request: HttpRequest) -> HttpResponse:
    key = services.signing_key_for(services.CONCERN)
    allowed = services.allowance_left(request.user, services.CONCERN)
    more_from = allowed.period_ends + dt.timedelta(days=1) if allowed.period_ends else None
    return render(
        request,
        "speakup/tokens.html",
        {
            "key": key,
            "public_key": keys.spki_b64(key),
            "allowed": allowed,
            "allowed_per_period": services.rule_for(services.CONCERN).per_period,
            "more_from": more_from,
            "choices": range(1, allowed.remaining + 1),
            "default_count": min(3, allowed.remaining),
            "use_by": services.use_by(key),
            "issue_url": reverse("api:speakup_issue"),
            "code_store": services.code_store(request.user),
            "integrity": bundle.integrity(),
        },
    )


@never_cache
@without_cookies
@require_http_methods(["GET", "POST"])
def write(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {"resources": _resources(), "integrity": bundle.integrity()}
    if request.method == "GET":
        context["form"] = TokenConcernForm()
        return render(request, "speakup/write.html", context)
    data = request.POST.copy()
    if data.get("broaden"):
        unit_id, _, role_group = data["broaden"].partition("|")
        form = TokenConcernForm(
            initial={
                "token": data.get("token", ""),
                "text": data.get("text", ""),
                "unit": unit_id,
                "role_group": role_group,
            }
        )
        context.update(
            form=form, broadened=True, small_group=small_group_warning(form.units.get(unit_id), role_group)
        )
        return render(request, "speakup/write.html", context)
    form = TokenConcernForm(data)
    context["form"] = form
    if not form.is_valid():
        _check_code_too(form)
        return render(request, "speakup/write.html", context, status=400)
    unit, role_group = form.chosen_unit(), form.cleaned_data["role_group"]
    context["small_group"] = small_group_warning(unit, role_group)
    context["names"] = named_people(form.cleaned_data["text"])
    if (context["small_group"] or context["names"]) and not form.cleaned_data["confirmed"]:
        context["needs_confirmation"] = True
        return render(request, "speakup/write.html", context)
    code, text = form.cleaned_data["token"], form.cleaned_data["text"]
    try:
        submitted = services.submit_concern_with_token(code=code, text=text, unit=unit, role_group=role_group)
    except services.TokenError as error:
        # Sent again after the answer was lost (the phone lost its signal): the same concern gets its
        # receipt again. With other words, the code is spent.
        spent = isinstance(error, services.TokenSpent)
        asked = {"code": code, "text": text, "unit_id": unit.pk if unit else None, "role_group": role_group}
        earlier = services.earlier_concern(**asked) if spent else None
        if earlier is None:
            form.add_error("token", str(error))
            context["spent"] = spent
            return render(request, "speakup/write.html", context, status=error.status)
        submitted = earlier
    except ConcernError as error:
        form.add_error("text", str(error))
        return render(request, "speakup/write.html", context, status=400)
    # Rendered in the POST response, never redirected: the receipt must not sit in a URL or a cache.
    return render(
        request,
        "speakup/receipt.html",
        {"submitted": submitted, "resources": _resources(), "integrity": bundle.integrity()},
    )


def _check_code_too(form: TokenConcernForm) -> None:
    """Say what is wrong with the code on the same page as what is wrong with the text: a code that
    is not valid was told only after the text was put right, on a second send (a new-user walk).
    Checking writes nothing. A spent code is left to the send, where the same concern sent again
    gets its receipt back."""
    code = form.cleaned_data.get("token")
    if not code or "token" in form.errors:
        return
    try:
        services.check_token(services.CONCERN, code)
    except services.TokenSpent:
        return
    except services.TokenError as error:
        form.add_error("token", str(error))


@never_cache
@without_cookies
@require_GET
def coverage(request: HttpRequest) -> HttpResponse:
    """HTMX partial for the writing page: the small-group warning while the form is filled in."""
    form = TokenConcernForm()
    unit = form.units.get(request.GET.get("unit", ""))
    role_group = request.GET.get("role_group", "")
    if role_group not in RoleGroup.values:
        role_group = ""
    return render(request, "speakup/_coverage.html", {"small_group": small_group_warning(unit, role_group)})


@require_GET
def explainer(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    accepted = [k for k in SigningKey.objects.order_by("purpose", "-created_on") if keys.accepts_on(k, today)]
    return render(
        request,
        "speakup/explainer.html",
        {
            "keys": accepted,
            "integrity": bundle.integrity(),
            "resources": _resources(),
            "tokens_url": reverse("speakup:tokens"),
            "write_url": reverse("speakup:write"),
        },
    )
