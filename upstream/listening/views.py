"""Pages for listening sessions: list, guide, upload, review names, confirm, summary."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_POST

from upstream.listening import guide as discussion_guide
from upstream.listening.access import (
    SessionNotFound,
    can_upload,
    session_for_leader,
    upload_scopes,
    visible_sessions,
)
from upstream.listening.contacts import placeholder_segments, removed_counts
from upstream.listening.forms import ReviewForm, UploadForm
from upstream.listening.models import SPEAKER_ROLES
from upstream.listening.names import few_capitals, flag_names, highlight
from upstream.listening.review import Review, ReviewInvalid, open_review, sign_review
from upstream.listening.services import ListeningError, record_review
from upstream.listening.summary import summarise

ROLE_LABELS = dict(SPEAKER_ROLES)


def _leader_only(request: HttpRequest) -> None:
    if not can_upload(request.user):
        raise Http404(gettext("You do not lead any unit."))


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    _leader_only(request)
    sessions = visible_sessions(request.user)
    return render(request, "listening/list.html", {"sessions": sessions})


@login_required
def guide(request: HttpRequest) -> HttpResponse:
    return render(request, "listening/guide.html", {"guide": discussion_guide})


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    _leader_only(request)
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method != "POST" or not form.is_valid():
        status = 400 if request.method == "POST" else 200
        return render(request, "listening/upload.html", {"form": form}, status=status)
    data = form.cleaned_data
    review = Review(
        title=data["title"],
        kind=data["kind"],
        held_on=data["held_on"],
        scope_id=form.chosen_scope().pk,
        guide_used=data["guide_used"],
        turns=form.turns,
        names=flag_names(form.turns),
    )
    # Rendered straight from the POST: nothing from the upload is stored until it is confirmed.
    return _review_page(request, review, sign_review(review, request.user.pk))


def _review_page(
    request: HttpRequest, review: Review, token: str, form: ReviewForm | None = None
) -> HttpResponse:
    form = form or ReviewForm(initial={"payload": token, "redact": review.names}, names=review.names)
    preview = [
        {
            "role": ROLE_LABELS.get(t.role, t.role),
            "label": _marked(t.label, review.names),
            "segments": _marked(t.text, review.names),
        }
        for t in review.turns
    ]
    scope = next((u for u in upload_scopes(request.user) if u.pk == review.scope_id), None)
    context = {
        "review": review,
        "form": form,
        "token": token,
        "preview": preview,
        "scope": scope,
        "few_capitals": few_capitals(review.turns),
        "removed": dict(zip(("emails", "phones"), removed_counts(review.turns), strict=True)),
    }
    return render(request, "listening/review.html", context, status=400 if form.is_bound else 200)


def _marked(text: str, names: list[str]) -> list[tuple[str, str]]:
    """The text as (segment, kind) pairs: "removed" for a contact detail already replaced, "name"
    for a possible name, "" for the rest."""
    out: list[tuple[str, str]] = []
    for segment, removed in placeholder_segments(text):
        if removed:
            out.append((segment, "removed"))
        else:
            out += [(part, "name" if is_name else "") for part, is_name in highlight(segment, names)]
    return out


@login_required
@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    _leader_only(request)
    try:
        review = open_review(request.POST.get("payload", ""), request.user.pk)
    except ReviewInvalid as error:
        form = UploadForm(user=request.user)
        return render(request, "listening/upload.html", {"form": form, "problem": str(error)}, status=400)
    form = ReviewForm(request.POST, names=review.names)
    if not form.is_valid():
        return _review_page(request, review, request.POST["payload"], form)
    scope = next((u for u in upload_scopes(request.user) if u.pk == review.scope_id), None)
    if scope is None:
        raise Http404(gettext("No such unit among those you lead."))
    try:
        session = record_review(review, user=request.user, scope=scope, redact=form.names_to_redact()).session
    except ListeningError as error:
        form.add_error(None, str(error))
        return _review_page(request, review, request.POST["payload"], form)
    count = session.turns.count()
    if session.coded:
        said = ngettext(
            "Saved %(count)d turn, with names redacted, and coded it by theme.",
            "Saved %(count)d turns, with names redacted, and coded them by theme.",
            count,
        )
    else:
        said = ngettext(
            "Saved %(count)d turn, with names redacted. It is being coded by theme.",
            "Saved %(count)d turns, with names redacted. They are being coded by theme.",
            count,
        )
    messages.success(request, said % {"count": count})
    return redirect("listening:detail", session_id=session.pk)


@login_required
def detail(request: HttpRequest, session_id: int) -> HttpResponse:
    try:
        session = session_for_leader(request.user, session_id)
    except SessionNotFound:
        raise Http404(gettext("No such session in your units.")) from None
    return render(request, "listening/detail.html", {"session": session, "summary": summarise(session)})
