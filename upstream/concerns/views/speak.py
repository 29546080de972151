"""The anonymous intake. It never logs the body, and never hands the account to the service."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from upstream.concerns.forms import SpeakUpForm
from upstream.concerns.retries import TooManyToday, submit_or_replay
from upstream.concerns.safety import in_crisis, named_people, small_group_warning
from upstream.concerns.services import AlreadySent, ConcernError
from upstream.org.models import RoleGroup


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def new_concern(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "concerns/speak/form.html", {"form": SpeakUpForm(user=request.user)})
    data = request.POST.copy()
    broaden = data.get("broaden", "")
    if broaden:
        return _broadened(request, data, broaden)
    form = SpeakUpForm(data, user=request.user)
    context: dict[str, object] = {"form": form}
    if not form.is_valid():
        return render(request, "concerns/speak/form.html", context, status=400)
    unit, role_group = form.chosen_unit(), form.cleaned_data["role_group"]
    context["small_group"] = small_group_warning(unit, role_group)
    context["names"] = named_people(form.cleaned_data["text"])
    if (context["small_group"] or context["names"]) and not form.cleaned_data["confirmed"]:
        context["needs_confirmation"] = True
        return render(request, "concerns/speak/form.html", context)
    # The same page sent twice (a double tap, a refresh, the first answer lost with the signal): the
    # browser shows only the last answer, so that one gives the receipt again (`retries`). Before,
    # it said "already sent", and the writer never saw their receipt.
    try:
        submitted = submit_or_replay(
            text=form.cleaned_data["text"],
            unit=unit,
            role_group=role_group,
            form_key=form.cleaned_data["form_key"] or None,
            account=str(request.user.pk),
        ).submitted
    except TooManyToday as limit:
        form.add_error(None, str(limit))
        response = render(request, "concerns/speak/form.html", context, status=429)
        response["Retry-After"] = str(limit.retry_after)
        return response
    except AlreadySent:  # the page's key spent on other words (edited, then sent again)
        crisis = in_crisis(form.cleaned_data["text"])
        return render(request, "concerns/speak/already_sent.html", {"crisis": crisis}, status=409)
    except ConcernError as error:  # at the box, where the writer looks, with the text kept
        form.add_error("text", str(error))
        return render(request, "concerns/speak/form.html", context, status=400)
    # Rendered in the POST response, never redirected: the code must not sit in a session,
    # a URL or a cache. It exists only on this page.
    return render(
        request,
        "concerns/speak/receipt.html",
        {"submitted": submitted, "resources": settings.UPSTREAM_CRISIS_RESOURCES},
    )


def _broadened(request: HttpRequest, data, broaden: str) -> HttpResponse:
    """Move the choice to the broader level and show the form again, text kept, nothing submitted.

    Works before the text is written too, so the form is re-shown unbound rather than validated.
    """
    unit_id, _, role_group = broaden.partition("|")
    form = SpeakUpForm(
        user=request.user, initial={"text": data.get("text", ""), "unit": unit_id, "role_group": role_group}
    )
    unit = form.units.get(unit_id)
    context = {"form": form, "broadened": True, "small_group": small_group_warning(unit, role_group)}
    return render(request, "concerns/speak/form.html", context)


@never_cache
@login_required
@require_POST
def coverage(request: HttpRequest) -> HttpResponse:
    """HTMX partial: warns while the form is filled in, before anything is submitted."""
    form = SpeakUpForm(request.POST, user=request.user)
    form.is_valid()  # only the choice fields matter here
    unit = form.units.get(request.POST.get("unit", ""))
    role_group = request.POST.get("role_group", "")
    if role_group not in RoleGroup.values:
        role_group = ""
    return render(
        request, "concerns/speak/_coverage.html", {"small_group": small_group_warning(unit, role_group)}
    )
