from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from upstream.org.access import is_leader


def home(request: HttpRequest) -> HttpResponse:
    leader = request.user.is_authenticated and is_leader(request.user)
    return render(request, "home.html", {"is_leader": leader})
