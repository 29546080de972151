from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from upstream.community.access import is_office
from upstream.community.services.common import CommunityError
from upstream.org.access import is_leader


def require_office(request: HttpRequest) -> None:
    if not is_office(request.user):
        raise Http404()


def show_refusal(form: forms.Form, error: CommunityError) -> None:
    """A service's refusal at the box it is about (else above the form), so the page re-renders with
    what was typed instead of redirecting with a flash message that loses it."""
    form.add_error(error.field if error.field in form.fields else None, str(error))


def hub(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "community/hub.html",
        {"is_office": is_office(request.user), "is_leader": is_leader(request.user)},
    )
