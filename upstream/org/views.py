from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from upstream.intake import formkeys
from upstream.org import services
from upstream.org.access import covered_leaders, is_leader
from upstream.org.importer import can_import_org
from upstream.org.models import LeaderAssignment


def home(request: HttpRequest) -> HttpResponse:
    leader = request.user.is_authenticated and is_leader(request.user)
    return render(request, "home.html", {"is_leader": leader, "can_import": can_import_org(request.user)})


def _leader_or_404(request: HttpRequest) -> None:
    if not LeaderAssignment.objects.filter(user=request.user).exists():
        raise Http404(_("Only leaders name deputies."))


def _day(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw.strip()[:10])
    except ValueError:
        return None


def _period_problem(leader, person, starts_on, ends_on) -> services.DeputyError | None:
    """What is wrong with the period as asked, or None (the checks `set_deputy` makes before saving)."""
    try:
        services.check_period(leader, person, starts_on, ends_on)
    except services.DeputyError as problem:
        return problem
    return None


@login_required
def deputies(request: HttpRequest) -> HttpResponse:
    """Name someone to cover your inbox for a period, see and end the periods. A deputy sees whom
    they cover (but cannot pass the cover on)."""
    leads = LeaderAssignment.objects.filter(user=request.user).exists()
    if not is_leader(request.user):
        raise Http404(_("Only leaders name deputies."))
    error, error_on, form, status = "", "", {}, 200
    if request.method == "POST":
        _leader_or_404(request)
        form = {key: request.POST.get(key, "")[:254] for key in ("person", "starts_on", "ends_on")}
        sent_key = request.POST.get("form_key", "")[:200]
        form["form_key"] = sent_key if formkeys.is_valid(sent_key) else ""
        starts_on, ends_on = _day(form["starts_on"]), _day(form["ends_on"])
        try:
            person = services.find_person(form["person"]) if form["person"].strip() else None
            several = ""
        except services.SeveralNamed as problem:
            person, several = None, str(problem)
        if not form["person"].strip():
            error, error_on = (
                _("Write the name, username or email of the person who will cover for you."),
                "person",
            )
        elif several:
            error, error_on = several, "person"
        elif person is None:
            error, error_on = _("No active account has that name, username or email."), "person"
        elif starts_on is None or ends_on is None:
            error, error_on = _("Give the first and the last day as dates."), "dates"
        elif (refused := _period_problem(request.user, person, starts_on, ends_on)) is not None:
            # Said on the form, before any question about the colleague: the page asked "Name X as
            # your deputy?" about the leader themself or a period already over (a new-user walk).
            error, error_on = str(refused), refused.field
        else:
            warning = services.colleague_warning(request.user, person)
            if warning and request.POST.get("confirmed") != "yes":
                # Asked before saving: said only after it, a nurse named deputy of her own unit had
                # already been given its concerns, colleagues' about her among them (a new-user walk).
                context = {"person": person, "warning": warning, "form": form}
                return render(request, "org/confirm_deputy.html", context)
            try:
                services.set_deputy(
                    request.user, person, starts_on, ends_on, form_key=form["form_key"] or None
                )
            except services.DeputyAlreadySaved as again:
                messages.info(request, str(again))  # the first one is in the list, once
                return redirect("deputies")
            except services.DeputyError as problem:
                error, error_on = str(problem), problem.field
            else:
                messages.success(
                    request,
                    _("%(name)s covers your inbox from %(start)s.")
                    % {"name": person, "start": services.day_in_prose(starts_on)},
                )
                if warning:  # asked already; kept in the list's message so it is read again
                    # Said only now: on the question, no cover existed yet to end (a walk).
                    undo = _("If this is not the person you meant, end the cover below.")
                    messages.warning(request, f"{warning} {undo}")
                return redirect("deputies")
        status = 400
    # A refused form keeps its unspent key; a new page gets a new one.
    form["form_key"] = form.get("form_key") or formkeys.new_key()
    context = {
        "periods": services.deputies_of(request.user),
        "today": timezone.localdate(),
        "covering": covered_leaders(request.user),
        "error": error,
        "error_on": error_on,
        "form": form,
        "leads": leads,
    }
    return render(request, "org/deputies.html", context, status=status)


@login_required
@require_POST
def end_deputy(request: HttpRequest, deputy_id: int) -> HttpResponse:
    _leader_or_404(request)
    try:
        cancelled = services.end_deputy(request.user, deputy_id)
    except services.DeputyError:
        raise Http404(_("No such deputy period of yours.")) from None
    messages.success(request, _("The cover is cancelled.") if cancelled else _("The cover has ended."))
    return redirect("deputies")
