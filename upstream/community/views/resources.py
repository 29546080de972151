from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from upstream.community.access import is_office
from upstream.community.forms import ResourceForm, ResourceSearchForm
from upstream.community.models import Category, Resource, ResourceUse
from upstream.community.services import resources as service
from upstream.community.services.common import CommunityError
from upstream.community.views.common import require_office, show_refusal
from upstream.concerns.services import AlreadySent


def directory(request: HttpRequest) -> HttpResponse:
    """Open to everyone, signed in or not: help must never sit behind a login."""
    form = ResourceSearchForm(request.GET or None)
    rows = Resource.objects.none()
    error = ""
    if form.is_valid() or not request.GET:
        data = form.cleaned_data if request.GET else {}
        try:
            # The office sees every language's and country's resources, to edit them; everyone
            # else those for their language and the site's country.
            office = is_office(request.user)
            rows = service.search_resources(
                data.get("q", ""),
                category=data.get("category", ""),
                language=service.EVERY_LANGUAGE if office else None,
                country=service.EVERY_COUNTRY if office else None,
            )
        except CommunityError as exc:
            error = str(exc)
    crisis = [r for r in service.crisis_resources() if r.category == Category.CRISIS]
    if not request.GET.get("q") and not request.GET.get("category"):
        # Unfiltered, the crisis lines are already in the box above: list them once.
        rows = rows.exclude(pk__in=[r.pk for r in crisis if r.pk])
    office = is_office(request.user)
    context = {
        "form": form,
        "resources": rows,
        "crisis": crisis,
        "is_office": office,
        # Only the office: what it hid from staff, every language and country, to edit or show again.
        "hidden": Resource.objects.filter(active=False) if office else Resource.objects.none(),
        "error": error,
    }
    return render(request, "community/resources/directory.html", context, status=400 if error else 200)


@require_POST
def count_use(request: HttpRequest, resource_id: int, kind: str) -> HttpResponse:
    """Called by the page's script when a call, text or web link is tapped. Counts, nothing else."""
    if kind not in ResourceUse.Kind.values:
        raise Http404()
    resource = get_object_or_404(Resource, pk=resource_id, active=True)
    try:
        service.count_use(resource, kind)
    except CommunityError:
        raise Http404() from None  # no such link on the page
    return HttpResponse(status=204)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, resource_id: int | None = None) -> HttpResponse:
    require_office(request)
    resource = get_object_or_404(Resource, pk=resource_id) if resource_id else None
    form = ResourceForm(request.POST or None, instance=resource)
    if request.method == "POST" and form.is_valid():
        # Only a new resource spends the key: saving changes again changes nothing twice.
        key = None if resource else form.cleaned_data.get("form_key") or None
        try:
            saved = service.save_resource(form.cleaned_data, resource=resource or Resource(), form_key=key)
        except AlreadySent as again:
            messages.info(request, str(again))
            return redirect("community:resources")
        except CommunityError as exc:
            show_refusal(form, exc)
        else:
            here = service.default_country()
            if saved.active and saved.country and saved.country != here:
                message = _(
                    "Saved for %(country)s. Staff here do not see it: this site lists resources for "
                    "%(here)s and for everywhere. Leave the country blank to show it to everyone."
                )
                messages.warning(request, message % {"country": saved.country, "here": here})
            elif saved.active:
                messages.success(request, _("Saved. Staff see it in the directory now."))
            else:
                messages.success(request, _("Saved. Hidden: staff no longer see it."))
            return redirect("community:resources")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "community/resources/edit.html", {"form": form, "resource": resource}, status=status
    )


@login_required
@require_POST
def show_again(request: HttpRequest, resource_id: int) -> HttpResponse:
    """The office's "Show again" on a hidden resource: active again, listed for staff."""
    require_office(request)
    resource = get_object_or_404(Resource, pk=resource_id)
    try:
        service.save_resource({"active": True}, resource=resource)
    except CommunityError as refused:  # a crisis line saved hidden before it had a number to call
        messages.error(request, str(refused))
        return redirect("community:resource_edit", resource_id=resource.pk)
    messages.success(
        request, _("%(name)s is shown again: staff see it in the directory now.") % {"name": resource.name}
    )
    return redirect("community:resources")
