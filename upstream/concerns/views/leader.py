"""The leader's inbox and concern page. Every read of a concern is recorded."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from upstream.concerns import services
from upstream.concerns.access import ConcernNotFound, concern_for_leader, visible_concerns
from upstream.concerns.access import inbox as inbox_query
from upstream.concerns.forms import LeaderMessageForm, StatusForm
from upstream.concerns.models import OPEN_STATUSES, Concern, ReadRecord, Status
from upstream.concerns.thread import thread_for
from upstream.org.access import led_subtree_q, led_units
from upstream.org.models import Unit
from upstream.signals.services import open_signals_for
from upstream.themes.forms import CorrectionForm
from upstream.themes.models import ConcernTheme, Theme
from upstream.themes.services import similar_concerns


def _filtered(request: HttpRequest, concerns: QuerySet[Concern]) -> tuple[QuerySet[Concern], dict[str, str]]:
    chosen = {key: request.GET.get(key, "") for key in ("status", "urgent", "unit", "theme")}
    if chosen["theme"]:
        concerns = concerns.filter(
            pk__in=ConcernTheme.objects.filter(theme__key=chosen["theme"]).values("concern_id")
        )
    if chosen["status"] in Status.values:
        concerns = concerns.filter(status=chosen["status"])
    elif chosen["status"] == "open":
        concerns = concerns.exclude(status__in=[Status.CLOSED, Status.ACTION_TAKEN])
    if chosen["urgent"] == "1":
        concerns = concerns.filter(urgent=True)
    unit = Unit.objects.filter(pk=chosen["unit"]).first() if chosen["unit"].isdigit() else None
    if unit is not None:
        concerns = concerns.filter(unit__path__startswith=unit.path)
    return concerns, chosen


def _units_for_filter(request: HttpRequest) -> list[Unit]:
    units: list[Unit] = []
    for top in led_units(request.user):
        units.extend(top.subtree())
    return units


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    if not led_units(request.user):
        raise Http404("You do not lead any unit.")
    concerns, chosen = _filtered(request, inbox_query(request.user).prefetch_related("themes__theme"))
    page = Paginator(concerns, 30).get_page(request.GET.get("page"))
    # Excerpts are reads too (DESIGN.md rule 7).
    services.record_reads(list(page.object_list), request.user, ReadRecord.Via.INBOX)
    context = {
        "page": page,
        "chosen": chosen,
        "statuses": Status.choices,
        "units": _units_for_filter(request),
        "themes": Theme.objects.filter(active=True),
        "today": timezone.localdate(),
        "signals": open_signals_for(request.user),
    }
    return render(request, "concerns/leader/inbox.html", context)


def _concern_or_404(request: HttpRequest, concern_id: str) -> Concern:
    try:
        return concern_for_leader(request.user, concern_id)
    except ConcernNotFound:
        raise Http404("No such concern in your units.") from None


@login_required
def detail(request: HttpRequest, concern_id: str) -> HttpResponse:
    concern = _concern_or_404(request, concern_id)
    services.record_read(concern, request.user, ReadRecord.Via.PAGE)
    return _detail_page(request, concern)


def similar_candidates(request: HttpRequest, concern: Concern) -> QuerySet[Concern]:
    """Open concerns this leader can see, in the same part of the organisation (the unit's parent)."""
    parent = Unit.objects.get_parent(concern.unit) or concern.unit
    return visible_concerns(request.user).filter(status__in=OPEN_STATUSES, unit__path__startswith=parent.path)


def _detail_page(request: HttpRequest, concern: Concern, **forms: object) -> HttpResponse:
    similar = similar_concerns(concern, similar_candidates(request, concern))
    # Only what this leader may read: a department leader may have merged in a sibling unit's concern.
    merged = list(concern.merged_concerns.filter(led_subtree_q(request.user, "unit__")))
    # Excerpts of other concerns are reads of them too (DESIGN.md rule 7).
    services.record_reads([other for other, _ in similar] + merged, request.user, ReadRecord.Via.PAGE)
    context = {
        "themes": concern.themes.select_related("theme"),
        "correction_form": forms.get("correction_form") or CorrectionForm.for_concern(concern),
        "similar": similar,
        "merged": merged,
        "concern": concern,
        "thread": thread_for(concern, viewer="leader"),
        "message_form": forms.get("message_form") or LeaderMessageForm(),
        "status_form": forms.get("status_form") or StatusForm.for_concern(concern),
        "actions": concern.actions.all(),
        "today": timezone.localdate(),
    }
    status = 400 if forms else 200
    return render(request, "concerns/leader/detail.html", context, status=status)


@login_required
@require_POST
def acknowledge(request: HttpRequest, concern_id: str) -> HttpResponse:
    concern = _concern_or_404(request, concern_id)
    services.acknowledge(concern, request.user)
    messages.success(request, "Acknowledged. The reporter sees this with their receipt code.")
    return redirect("concerns:detail", concern_id=concern.pk)


@login_required
@require_POST
def write(request: HttpRequest, concern_id: str) -> HttpResponse:
    concern = _concern_or_404(request, concern_id)
    form = LeaderMessageForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, concern, message_form=form)
    services.write_to_reporter(concern, request.user, form.cleaned_data["text"])
    messages.success(request, "Message sent. The reporter reads it with their receipt code.")
    return redirect("concerns:detail", concern_id=concern.pk)


@login_required
@require_POST
def change_status(request: HttpRequest, concern_id: str) -> HttpResponse:
    concern = _concern_or_404(request, concern_id)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, concern, status_form=form)
    try:
        services.change_status(
            concern, request.user, form.cleaned_data["status"], form.cleaned_data["explanation"]
        )
    except services.ConcernError as error:
        form.add_error(None, str(error))
        return _detail_page(request, concern, status_form=form)
    messages.success(request, "Status updated.")
    return redirect("concerns:detail", concern_id=concern.pk)


@login_required
@require_POST
def correct_themes(request: HttpRequest, concern_id: str) -> HttpResponse:
    concern = _concern_or_404(request, concern_id)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, concern, correction_form=form)
    from upstream.themes.services import correct_themes as correct

    correct(concern, request.user, form.cleaned_data["primary"], form.cleaned_data["secondary"])
    messages.success(request, "Themes corrected. The model learns from this at its next training run.")
    return redirect("concerns:detail", concern_id=concern.pk)


@login_required
@require_POST
def merge(request: HttpRequest, concern_id: str) -> HttpResponse:
    concern = _concern_or_404(request, concern_id)
    chosen = [_concern_or_404(request, other) for other in request.POST.getlist("merge")]
    if not chosen:
        messages.error(request, "Tick the similar concerns to merge into this one.")
        return redirect("concerns:detail", concern_id=concern.pk)
    count = services.merge_concerns(concern, chosen, request.user)
    messages.success(
        request,
        f"Merged {count} concern{'s' if count != 1 else ''} into this one. "
        "Their reporters now follow this thread.",
    )
    return redirect("concerns:detail", concern_id=concern.pk)


@login_required
@require_POST
def note_signal(request: HttpRequest, signal_id: int) -> HttpResponse:
    from upstream.signals.services import note_signal as note

    signal = open_signals_for(request.user).filter(pk=signal_id).first()
    if signal is None:
        raise Http404("No such early warning in your units.")
    note(signal, request.user)
    messages.success(request, "Noted. The early warning leaves your inbox; the concerns stay.")
    return redirect("concerns:inbox")
