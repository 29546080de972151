from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from upstream.community.access import is_office
from upstream.org.access import is_leader


def require_office(request: HttpRequest) -> None:
    if not is_office(request.user):
        raise Http404()


def hub(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "community/hub.html",
        {"is_office": is_office(request.user), "is_leader": is_leader(request.user)},
    )
