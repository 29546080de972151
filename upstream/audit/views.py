"""The well-being office's page of who read what, when."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from upstream.audit.access import can_read_audit_trail
from upstream.audit.forms import ReadFilterForm
from upstream.audit.services import PAGE_SIZE, ReadFilter, list_reads


@login_required
def reads(request: HttpRequest) -> HttpResponse:
    if not can_read_audit_trail(request.user):
        raise PermissionDenied
    form = ReadFilterForm(request.GET or None)
    valid = form.is_valid() if request.GET else True
    if not valid:
        # A filter that cannot be read lists nothing: every read, under an error about the filter,
        # read as if it were the filtered answer.
        context = {"form": form, "page": None, "query": ""}
        return render(request, "audit/reads.html", context, status=400)
    chosen = form.read_filter() if request.GET else ReadFilter()
    page = Paginator(list_reads(chosen), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "audit/reads.html", context, status=200 if valid else 400)
