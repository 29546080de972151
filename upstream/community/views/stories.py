from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from upstream.community.access import NotFound, is_office, scopes_seen_by
from upstream.community.forms import ModerationForm, StoryForm
from upstream.community.models import Gathering
from upstream.community.services import gatherings, stories
from upstream.community.services.common import CommunityError, Conflict
from upstream.community.views.common import show_refusal


@login_required
@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    units = sorted(scopes_seen_by(request.user), key=lambda u: (u.depth, u.name))
    sessions = [g for g in gatherings.upcoming_for(request.user) if g.kind == Gathering.Kind.STORY]
    form = StoryForm(request.POST or None, units=units, sessions=sessions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = stories.share_story(
                request.user,
                title=data["title"],
                text=data["text"],
                unit=form.units[data["unit"]],
                gathering=form.sessions.get(data["gathering"] or ""),
                anonymous=data["anonymous"],
                form_key=data["form_key"] or None,
            )
        except stories.StoryAlreadySent as again:
            # A refresh of the confirmation, or a double tap: nothing stored, the lines still shown.
            return render(
                request, "community/stories/already_sent.html", {"crisis": again.crisis}, status=409
            )
        except CommunityError as error:
            show_refusal(form, error)
        else:
            if result.crisis:
                # Rendered, not redirected: the flag goes to this page only, never into the session.
                return render(request, "community/stories/sent.html", {"shared": result})
            if result.story is not None:
                messages.success(
                    request, _("Thank you. The well-being office reads it before anyone else sees it.")
                )
            else:
                messages.success(
                    request, _("Thank you. It reaches the moderators with the next batch, without your name.")
                )
            return redirect("community:stories")
    context = {
        "form": form,
        # The writer's own signed stories apart, with what became of them and the office's note: in
        # one list with everyone's, a declined story's reason reached no one.
        "own": [
            (story, stories.note_for(story, request.user)) for story in stories.own_stories(request.user)[:20]
        ],
        "stories": stories.shared_with(request.user).exclude(author=request.user)[:50],
        "is_office": is_office(request.user),
    }
    return render(request, "community/stories/home.html", context, status=400 if form.errors else 200)


@login_required
def moderation(request: HttpRequest) -> HttpResponse:
    return _moderation_page(request)


def _moderation_page(request: HttpRequest, refused: dict[str, ModerationForm] | None = None) -> HttpResponse:
    """The stories waiting; `refused` is a moderation form, by story, shown with what was typed."""
    refused = refused or {}
    try:
        waiting = list(stories.waiting_for_moderation(request.user))
    except NotFound:
        raise Http404() from None
    for story in waiting:
        story.form = refused.get(str(story.pk)) or _moderation_form(story.pk)
        if story.author_id is None:  # the note stays with the office: nobody can tell its writer
            words = _("Anonymous: the writer cannot be told; the note stays here.")
            story.form.fields["note"].help_text = words
            # A refused form has drawn its boxes already (is_valid), and a drawn box keeps the help
            # text it had then: the signed story's, on an anonymous story (a new-user walk).
            story.form["note"].help_text = words
    status = 400 if refused else 200
    return render(request, "community/stories/moderate.html", {"waiting": waiting}, status=status)


def _moderation_form(story_id: object, data: QueryDict | None = None) -> ModerationForm:
    # The ids the page always had (note-<story>): one form per story waiting.
    return ModerationForm(data, auto_id=f"%s-{story_id}")


@login_required
@require_POST
def moderate(request: HttpRequest, story_id: str) -> HttpResponse:
    """A refused note (a NUL, over 500 characters) is the page again, status 400, with the message at
    its box and the note as typed: a redirect with a flash message lost it."""
    try:  # first, so the page comes back only to whoever may moderate, and with this story on it
        story = stories.waiting_for_moderation(request.user).filter(pk=uuid.UUID(story_id)).first()
        if story is None:
            raise stories.already_moderated(story_id)
    except Conflict as stale:  # moderated meanwhile, in another tab or by someone else: say how
        messages.error(request, str(stale))
        return redirect("community:stories_moderate")
    except (NotFound, ValueError):  # (a Conflict is a ValueError too: caught above)
        raise Http404() from None
    form = _moderation_form(story.pk, request.POST)
    decision = request.POST.get("decision")
    approve = decision == "approve"
    if decision not in ("approve", "reject"):
        # Sent without a button (a script, a keyboard's implicit submission): it was taken as "Do
        # not share", while the API refuses the same request. Nothing is decided without a press.
        form.add_error(None, _("Choose Share it or Do not share."))
    if form.is_valid():
        try:
            stories.moderate(request.user, story.pk, approve=approve, note=form.cleaned_data["note"])
        except NotFound:
            raise Http404() from None
        except Conflict as stale:  # moderated between the two reads
            messages.error(request, str(stale))
            return redirect("community:stories_moderate")
        except CommunityError as error:
            show_refusal(form, error)
    if form.errors:
        return _moderation_page(request, refused={str(story.pk): form})
    # Said in the page's message region, which takes the focus (upstream.js): not a silent reload.
    if approve:
        messages.success(request, _("Shared with %(unit)s.") % {"unit": story.unit.name})
    else:
        messages.success(request, _("Not shared."))
    return redirect("community:stories_moderate")
