from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from upstream.community.forms import ThanksForm
from upstream.community.services import recognition as service
from upstream.community.services.common import CommunityError, Missing
from upstream.community.views.common import show_refusal
from upstream.concerns.services import AlreadySent
from upstream.lib.text import row_id
from upstream.org.access import member_units
from upstream.org.models import Unit
from upstream.org.pickers import picker_labels, picker_options


@login_required
@require_http_methods(["GET", "POST"])
def feed(request: HttpRequest) -> HttpResponse:
    people = list(service.colleagues_of(request.user))
    teams = service.teams_of(request.user)
    form = ThanksForm(request.POST or None, people=people, teams=teams)
    status = 200
    if request.method == "POST" and form.is_valid():
        choice = form.cleaned_data["recipient"]
        person = next((p for p in people if f"p{p.pk}" == choice), None)
        team = next((t for t in teams if f"t{t.pk}" == choice), None)
        try:
            service.thank(
                request.user,
                text=form.cleaned_data["text"],
                person=person,
                team=team,
                form_key=form.cleaned_data["form_key"] or None,
            )
        except AlreadySent as again:
            # A double tap or a resent page: the first one is on the feed below, once. A fresh form
            # (a new key), not the words again, which would only be refused again.
            messages.info(request, str(again))
            form = ThanksForm(people=people, teams=teams)
            status = 409
        except CommunityError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("Thank you for saying it. It is on the unit's feed."))
            return redirect("community:thanks")
    unit = _chosen_unit(request)
    # Labelled as the pickers label them, the form's teams among them: two "Medicine" in two
    # hospitals said the same; now "Medicine (department) · Riverbend General". Two queries, the
    # units and (only when names clash) their ancestors, whatever the number of units.
    mine = sorted(member_units(request.user), key=lambda u: (u.name, u.path))
    units = picker_options(mine)
    thanks = list(service.feed(request.user, unit)[:100])
    # The feed's lines name a unit and a team by name alone, with the hospital only where another
    # unit on the page has that name: "→ Medicine · Northside".
    shown = [*mine, *(item.unit for item in thanks), *(item.to_team for item in thanks if item.to_team)]
    names = picker_labels(shown, label=lambda u: u.name)
    for item in thanks:
        item.unit_name = names[item.unit_id]
        item.team_name = names[item.to_team_id] if item.to_team_id else ""
    context = {"form": form, "thanks": thanks, "units": units, "chosen": unit}
    return render(request, "community/thanks.html", context, status=400 if form.errors else status)


# A unit id from the address, which anyone can edit: anything but digits (`?unit=abc`, a NUL) was a
# server error. Now any id that is not one of the person's units (someone else's, none, not a
# number) shows the feed of all of them, as no choice does, and says so above it: a mistyped or
# stale link read as "All my units" without a word (a fuzzing walk of the pages).
NOT_YOUR_UNIT = gettext_lazy("That unit is not one of yours, so the thanks of all your units are shown.")


def _chosen_unit(request: HttpRequest) -> Unit | None:
    raw_unit = request.GET.get("unit", "")
    if not raw_unit:
        return None
    try:
        return service.feed_unit(request.user, row_id(raw_unit) or -1)
    except Missing:
        messages.warning(request, str(NOT_YOUR_UNIT))
        return None
