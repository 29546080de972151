from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from upstream.actions import services
from upstream.actions.forms import ActionForm, ActionUpdateForm
from upstream.actions.models import Action
from upstream.concerns.access import ConcernNotFound, concern_for_leader
from upstream.concerns.models import OPEN_STATUSES, Concern, ReadRecord
from upstream.concerns.services import AlreadySent, record_reads
from upstream.intake import formkeys
from upstream.lib import refused_forms
from upstream.org.access import led_units

BOARD_PAGE_SIZE = 50
# Drafts listed on a leader's board; more than a handful unpublished is a backlog to clear, not browse.
DRAFTS_SHOWN = 20
# A refused progress update waits in the session for one showing of the action's page
# (upstream.lib.refused_forms), as a refused reply to a reporter does.
DRAFT_KEY = "action-update-draft"


@login_required
def board(request: HttpRequest) -> HttpResponse:
    page = Paginator(services.board_for(request.user), BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    is_leader = bool(led_units(request.user))
    led = services.led_by(request.user)
    for action in page.object_list:
        # A leader posts progress on the action's own page; the board is where they find it again.
        action.manageable = led(action)
    context = {
        "actions": page.object_list,
        "page": page,
        "is_leader": is_leader,
        "drafts": list(services.drafts_for(request.user)[:DRAFTS_SHOWN]) if is_leader else [],
    }
    return render(request, "actions/board.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    if not led_units(request.user):
        raise Http404(gettext("Only leaders create actions."))
    # The concern page links here with ?concern=<id> (the form posts back to the same address): that
    # concern is listed and ticked whatever its status, or the action was saved linked to nothing.
    named = request.GET.getlist("concern")
    if request.method == "GET":
        return _form_page(request, ActionForm(leader=request.user, named=named))
    form = ActionForm(request.POST, leader=request.user, named=named)
    if form.is_valid():
        try:
            action = services.create_action(
                request.user, **form.action_fields(), form_key=form.cleaned_data["form_key"] or None
            )
        except AlreadySent as again:
            # Sent twice (a double tap, Back and save again): the first draft is on the board, once.
            messages.info(request, str(again))
            return redirect("actions:board")
        except services.ActionError as error:
            # At the field the rule is about, when the service says which; else above the form.
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(
                request, gettext("Action saved as a draft. Publish it when staff should see it.")
            )
            return redirect("actions:detail", action_id=action.pk)
    return _form_page(request, form, status=400)


def _form_page(
    request: HttpRequest, form: ActionForm, status: int = 200, *, editing: Action | None = None
) -> HttpResponse:
    # The concern choices show excerpts, and every excerpt a leader sees is a read (DESIGN.md rule 7).
    record_reads(form.listed, request.user, ReadRecord.Via.EXCERPT)
    return render(request, "actions/form.html", {"form": form, "editing": editing}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, action_id: int) -> HttpResponse:
    """Change a draft before staff see it (a typo in a title went to every staff member at publish)."""
    action = _action_or_404(request, action_id)
    if action.state == Action.State.PUBLISHED:
        if request.method == "POST":
            return _published_meanwhile(request, action)
        messages.error(
            request, gettext("A published action cannot be changed: post a progress update instead.")
        )
        return redirect("actions:detail", action_id=action.pk)
    # Its linked concerns stay listed (ticked when drawn) whatever their status: unlisted, saving
    # the draft dropped them.
    linked = [str(pk) for pk in action.concerns.values_list("pk", flat=True)]
    if request.method == "GET":
        initial = {"title": action.title, "description": action.description, "scope": str(action.scope_id)}
        form = ActionForm(leader=request.user, initial=initial, named=linked)
        return _form_page(request, form, editing=action)
    form = ActionForm(request.POST, leader=request.user, named=linked)
    if form.is_valid():
        try:
            services.edit_draft(action, request.user, **form.action_fields())
        except services.ActionAlreadyPublished:
            return _published_meanwhile(request, action)  # in the moment between the check and the save
        except services.ActionError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, gettext("Draft saved. Publish it when staff should see it."))
            return redirect("actions:detail", action_id=action.pk)
    return _form_page(request, form, status=400, editing=action)


def _published_meanwhile(request: HttpRequest, action: Action) -> HttpResponse:
    """The draft was published (in another tab, or by a colleague) while this leader edited it.

    It cannot be changed any more, but what they typed is not thrown away: the action's page opens
    at its progress-update box holding their new title and text (those that differ from the
    published ones), with a word on why; nothing is posted until they press "Post update". Kept in
    the session for that one showing, as a refused update is; too long for it, the page is shown at
    once at this address."""
    action.refresh_from_db()
    typed = [
        value
        for value, published in (
            (request.POST.get("title", ""), action.title),
            (request.POST.get("description", ""), action.description),
        )
        if value.strip() and value.strip() != published.strip()
    ]
    text = "\n\n".join(value.strip() for value in typed)
    if len(text) > refused_forms.FITS:
        form = ActionUpdateForm(initial={"text": text}, current=action.progress)
        return _detail_page(request, action, form, status=409, published_meanwhile=True)
    refused_forms.keep(request, DRAFT_KEY, action.pk, text=text, progress="", published_meanwhile=True)
    return redirect(reverse("actions:detail", kwargs={"action_id": action.pk}) + "#update")


def _action_or_404(request: HttpRequest, action_id: int) -> Action:
    try:
        return services.action_for_leader(request.user, action_id)
    except services.ActionNotFound:
        raise Http404(gettext("No such action in your units.")) from None


@login_required
def detail(request: HttpRequest, action_id: int) -> HttpResponse:
    action = _action_or_404(request, action_id)
    draft = refused_forms.take(request, DRAFT_KEY, action.pk)
    if draft is not None and draft.get("published_meanwhile"):
        # An edit of the draft sent after it was published: its words wait in the update box, unsent.
        form = ActionUpdateForm(initial={"text": str(draft.get("text", ""))}, current=action.progress)
        return _detail_page(request, action, form, published_meanwhile=True)
    if draft is not None:
        kept = {"text": str(draft.get("text", "")), "progress": str(draft.get("progress", ""))}
        # A fresh one-time key: the refused post spent none, but the kept draft holds only words.
        form = ActionUpdateForm({**kept, "form_key": formkeys.new_key()}, current=action.progress)
        if form.is_valid() and draft.get("error"):
            form.add_error("text", str(draft["error"]))
        return _detail_page(request, action, form, status=200)
    return _detail_page(request, action)


def _detail_page(
    request: HttpRequest,
    action: Action,
    update_form: ActionUpdateForm | None = None,
    *,
    status: int = 200,
    published_meanwhile: bool = False,
) -> HttpResponse:
    concerns = list(action.concerns.all())
    context = {
        "action": action,
        "update_form": update_form or ActionUpdateForm(current=action.progress),
        "concerns": concerns,
        # A concern keeps its own status: an action at 100% beside "CC73155A · New" read as if the
        # concern had been forgotten (a walk). The page says where a concern is moved on.
        "open_linked": sum(1 for concern in concerns if concern.status in OPEN_STATUSES),
        "published_meanwhile": published_meanwhile,
    }
    return render(request, "actions/detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, action_id: int) -> HttpResponse:
    """Publishing cannot be undone (the title reaches every reporter of a linked concern and the
    board of a whole subtree), so the page asks first and says who will read it. A POST without
    `confirmed` (a stale page) is asked again; the API's one call stays."""
    action = _action_or_404(request, action_id)
    if action.state == Action.State.PUBLISHED:
        messages.info(request, gettext("This action is already published."))
        return redirect("actions:detail", action_id=action.pk)
    if request.method == "GET" or request.POST.get("confirmed") != "yes":
        context = {
            "action": action,
            "readers": services.staff_in_scope(action.scope),
            # Reporters of concerns merged into a linked one read the same thread: "the reporter of
            # the linked concern" was one person short after a merge (found by a leader walk).
            "linked": action.concerns.count()
            + Concern.objects.filter(merged_into__in=action.concerns.all()).count(),
        }
        return render(request, "actions/confirm_publish.html", context)
    services.publish_action(action, leader=request.user)
    messages.success(request, gettext("Published on the “You said, we did” board."))
    return redirect("actions:detail", action_id=action_id)


@login_required
@require_POST
def update(request: HttpRequest, action_id: int) -> HttpResponse:
    action = _action_or_404(request, action_id)
    form = ActionUpdateForm(request.POST, current=action.progress)
    before = action.progress
    error = None
    if form.is_valid():
        try:
            services.add_update(
                action,
                request.user,
                form.cleaned_data["text"],
                form.cleaned_data["progress"],
                form_key=form.cleaned_data["form_key"] or None,
            )
        except AlreadySent as again:
            messages.info(request, str(again))  # the first one is in the list, once
            return redirect("actions:detail", action_id=action_id)
        except services.ActionError as refused:
            # Text the form let through but that cannot be stored: said at its box.
            error = str(refused)
        else:
            messages.success(request, _posted(before, form.cleaned_data["progress"]))
            return redirect("actions:detail", action_id=action_id)
    text = request.POST.get("text", "")
    if len(text) > refused_forms.FITS:
        if error:
            form.add_error("text", error)
        return _detail_page(request, action, form, status=400)
    refused_forms.keep(
        request, DRAFT_KEY, action.pk, text=text, progress=request.POST.get("progress", "")[:20], error=error
    )
    return redirect(reverse("actions:detail", kwargs={"action_id": action.pk}) + "#update")


def _posted(before: int, progress: int | None) -> str:
    """A lower figure is allowed (a setback, a typo put right) but said, so that a slip of the
    keyboard taking 80% back to 8% on the public board does not pass unseen."""
    if progress is not None and progress < before:
        return gettext("Update posted. Progress went down from %(before)s%% to %(now)s%%.") % {
            "before": before,
            "now": progress,
        }
    return gettext("Update posted.")


def _concern_or_404(request: HttpRequest) -> Concern:
    try:
        return concern_for_leader(request.user, request.POST.get("concern", ""))
    except ConcernNotFound:
        raise Http404(gettext("No such concern in your units.")) from None


def _back_to(concern: Concern) -> HttpResponse:
    return redirect(reverse("concerns:detail", kwargs={"concern_id": concern.pk}) + "#actions")


# An action's id as a form sends it: digits, no more than a database integer holds.
ID_DIGITS = 18


@login_required
@require_POST
def link(request: HttpRequest) -> HttpResponse:
    """The concern page's "Link to an existing action": the concern (`concern`) joins an action this
    leader manages (`action`), a draft or a published one. Back to the concern's Actions box, with a
    word on who sees it now."""
    concern = _concern_or_404(request)
    chosen = request.POST.get("action", "").strip()
    if not (chosen.isascii() and chosen.isdigit() and len(chosen) <= ID_DIGITS):
        messages.error(request, gettext("Choose the action to link this concern to."))
        return _back_to(concern)
    try:
        action = services.action_for_leader(request.user, int(chosen))
        linked = services.link_concern(action, request.user, concern.pk)
    except services.ActionNotFound:
        messages.error(request, gettext("That action is not one you manage. Choose one from the list."))
        return _back_to(concern)
    except ConcernNotFound:
        raise Http404(gettext("No such concern in your units.")) from None
    except services.ActionError as refused:
        messages.error(request, str(refused))
        return _back_to(concern)
    words = {"title": action.title}
    if not linked:
        messages.info(request, gettext("This concern was already linked to “%(title)s”.") % words)
    elif action.state == Action.State.PUBLISHED:
        messages.success(
            request,
            gettext("Linked to “%(title)s”. Its reporter now sees the action with their receipt code.")
            % words,
        )
    else:
        messages.success(
            request,
            gettext("Linked to the draft “%(title)s”. Its reporter will see it once it is published.")
            % words,
        )
    return _back_to(concern)


@login_required
@require_POST
def unlink(request: HttpRequest, action_id: int) -> HttpResponse:
    """Take a concern off a draft, from the concern's page; a published action keeps its concerns."""
    action = _action_or_404(request, action_id)
    concern = _concern_or_404(request)
    try:
        removed = services.unlink_concern(action, request.user, concern.pk)
    except ConcernNotFound:
        raise Http404(gettext("No such concern in your units.")) from None
    except services.ActionError as refused:
        messages.error(request, str(refused))
        return _back_to(concern)
    words = {"title": action.title}
    if removed:
        messages.success(request, gettext("Unlinked from the draft “%(title)s”.") % words)
    else:
        messages.info(request, gettext("This concern was not linked to “%(title)s”.") % words)
    return _back_to(concern)
