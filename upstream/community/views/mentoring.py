from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from upstream.community.access import NotFound
from upstream.community.forms import MentorProfileForm
from upstream.community.models import MentorProfile
from upstream.community.services import mentoring as service
from upstream.community.services.common import CommunityError


@login_required
@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    profile = MentorProfile.objects.filter(user=request.user).first()
    initial = (
        {
            "wants": profile.wants,
            "career_stage": profile.career_stage,
            "interests": ", ".join(profile.interests),
            "availability": profile.availability,
        }
        if profile
        else None
    )
    form = MentorProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            service.save_profile(
                request.user,
                wants=data["wants"],
                career_stage=data["career_stage"],
                interests=data["interests"].split(","),
                availability=data["availability"],
            )
        except CommunityError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Profile saved."))
            return redirect("community:mentoring")
    context = {"form": form, "profile": profile, "matches": service.matches_for(request.user)}
    return render(request, "community/mentoring.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def propose(request: HttpRequest) -> HttpResponse:
    try:
        found = service.propose_matches(request.user)
    except CommunityError as error:
        messages.error(request, str(error))
    else:
        if found:
            messages.success(request, _("We found possible mentors. Each sees the proposal and can accept."))
        else:
            messages.info(request, _("No new match yet. We will keep looking as people join."))
    return redirect("community:mentoring")


def _day(value: str) -> dt.date | None:
    """A date box's value, or None. parse_date raises on a well-formed impossible date (2027-02-30,
    from an edited form), which was a server error."""
    try:
        return parse_date(value)
    except ValueError:
        return None


@login_required
@require_POST
def act(request: HttpRequest, match_id: int, action: str) -> HttpResponse:
    try:
        match = service.match_for(request.user, match_id)
        if action in ("accept", "decline"):
            service.respond(request.user, match, accept=action == "accept")
        elif action == "meeting":
            day = _day(request.POST.get("on", ""))
            if day is None:
                raise CommunityError(_("Give the date of the meeting."))
            service.record_meeting(request.user, match, on=day, note=request.POST.get("note", ""))
        else:
            raise Http404()
    except NotFound:
        raise Http404() from None
    except CommunityError as error:
        messages.error(request, str(error))
    return redirect("community:mentoring")
