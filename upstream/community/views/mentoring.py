from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from upstream.community.access import NotFound
from upstream.community.forms import MeetingForm, MentorProfileForm
from upstream.community.models import MentorMatch, MentorProfile
from upstream.community.services import mentoring as service
from upstream.community.services.common import CommunityError, Conflict
from upstream.community.services.mentoring_reasons import worded
from upstream.community.views.common import show_refusal


def _profile_form(request: HttpRequest, data: QueryDict | None = None) -> MentorProfileForm:
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
    return MentorProfileForm(data, initial=initial)


def _page(
    request: HttpRequest, form: MentorProfileForm, refused: dict[int, MeetingForm] | None = None
) -> HttpResponse:
    """The mentoring page; `refused` is a meeting form, by match, shown with what was typed."""
    refused = refused or {}
    matches = list(service.matches_for(request.user))
    for match in matches:
        match.meeting_form = refused.get(match.pk) or _meeting_form(match)
        match.reasons_shown = worded(match, request.user)  # in the reader's language and words
    context = {
        "form": form,
        "profile": MentorProfile.objects.filter(user=request.user).first(),
        "matches": matches,
    }
    status = 400 if form.errors or refused else 200
    return render(request, "community/mentoring.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    form = _profile_form(request, request.POST or None)
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
    return _page(request, form)


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


@login_required
@require_POST
def act(request: HttpRequest, match_id: int, action: str) -> HttpResponse:
    try:
        match = service.match_for(request.user, match_id)
        if action == "meeting":
            return _meeting(request, match)
        if action == "end" and request.POST.get("confirmed") != "yes":
            # Asked first: an ended match cannot be taken back, and the pair is not proposed again.
            return render(request, "community/mentoring_end.html", {"match": match})
        if action not in ("accept", "decline", "end"):
            raise Http404()
        was_active = match.status == MentorMatch.Status.ACTIVE
        answered = service.respond(request.user, match, accept=action == "accept")
    except NotFound:
        raise Http404() from None
    except CommunityError as error:
        messages.error(request, str(error))
    else:
        if action == "accept":
            # Accepting said nothing, and the page opened at its top (a verification walk).
            if answered.status == MentorMatch.Status.ACTIVE:
                messages.success(request, _("Accepted: the mentoring has begun. Record your meetings below."))
            else:
                messages.success(request, _("Accepted. It begins once the other person accepts too."))
        elif was_active:
            messages.success(request, _("The mentoring has ended. Its meetings stay listed for you both."))
        else:
            messages.success(request, _("The proposal is closed. It is no longer listed for either of you."))
    return redirect("community:mentoring")


def _meeting(request: HttpRequest, match: MentorMatch) -> HttpResponse:
    """A refused meeting (no date, a note with a NUL or too long) is the page again, status 400, with
    the message at its box and the note as typed: a redirect with a flash message lost the note."""
    form = _meeting_form(match, request.POST)
    if form.is_valid():
        try:
            service.record_meeting(request.user, match, **form.cleaned_data)
        except Conflict as error:  # not active (yet): the page has no meeting box to show it at
            messages.error(request, str(error))
        except CommunityError as error:
            show_refusal(form, error)
    if form.errors:
        return _page(request, _profile_form(request), refused={match.pk: form})
    return redirect("community:mentoring")


def _meeting_form(match: MentorMatch, data: QueryDict | None = None) -> MeetingForm:
    # The ids the page always had (on-<match>, note-<match>): one meeting form per active match.
    return MeetingForm(data, auto_id=f"%s-{match.pk}")
