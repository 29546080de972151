"""The leader's inbox and concern page. Every read of a concern is recorded."""

from __future__ import annotations

import uuid
from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from upstream.concerns import services
from upstream.concerns.access import (
    BadCursor,
    ConcernNotFound,
    Cursor,
    InboxFilters,
    concern_for_leader,
    inbox_page,
    merged_home,
    similar_pool,
    visible_concerns,
)
from upstream.concerns.forms import LeaderMessageForm, StatusForm
from upstream.concerns.models import Concern, ReadRecord, Status
from upstream.concerns.thread import thread_for
from upstream.intake import formkeys
from upstream.lib import refused_forms
from upstream.lib.text import row_id
from upstream.org.access import leads_unit, led_subtree_q, led_units
from upstream.org.models import Unit, unit_label
from upstream.org.pickers import picker_labels, picker_options
from upstream.signals.services import warnings_and_noted
from upstream.themes.forms import CorrectionForm
from upstream.themes.models import UNCLEAR, Theme
from upstream.themes.services import similar_concerns
from upstream.themes.wording import similarity_words, theme_words

# A refused theme correction waits in the session for one showing of the concern page
# (upstream.lib.refused_forms); theme keys are short, so a correction always fits. A refused reply
# is answered at once instead (_reply_refused): it may be too long for the session.
CORRECTION_KEY = "theme-correction-draft"
# A refused merge keeps the other ticks for the page's next showing; the page lists five similar concerns.
MERGE_KEY, MERGE_KEPT = "merge-ticks", 10
THEME_KEY_MAX, SECONDARY_KEPT = 64, 20
UNIT_CHOICES_CAP = 300  # a system leader's 2,000 units would make the filter unusable (and slow)
SIGNALS_SHOWN = 10  # the rest are on the dashboard


# The status filter's values: "open" (the default), "all", or one status.
STATUS_CHOICES = frozenset({"open", "all", *Status.values})


def _filters(request: HttpRequest) -> tuple[InboxFilters, dict[str, str]]:
    """The inbox's filters from the address. One it cannot use (an edited or old link: a unit no
    longer led, a theme retired) lists as if it were not chosen, and says so: the page answered the
    whole list under "All" without a word, where the API refuses the same filter (new-user walk)."""
    chosen = {key: request.GET.get(key, "")[:64] for key in ("status", "urgent", "unit", "theme")}
    unclear = chosen["theme"] == UNCLEAR
    theme = Theme.objects.filter(key=chosen["theme"]).first() if chosen["theme"] and not unclear else None
    unit_id = row_id(chosen["unit"])
    unit = Unit.objects.filter(pk=unit_id).first() if unit_id else None
    if unit is not None and not leads_unit(request.user, unit):
        unit = None
    # The inbox opens on the open concerns: what a leader has to answer. "all" lists the closed
    # ones too (after the open ones), as an empty status did before the page had a default.
    if "status" not in request.GET:
        chosen["status"] = "open"
    elif not chosen["status"]:
        chosen["status"] = "all"  # an empty status meant every status before the default (old links)
    status = chosen["status"] if chosen["status"] in STATUS_CHOICES else ""
    unused = {
        "status": bool(chosen["status"]) and chosen["status"] not in STATUS_CHOICES,
        "urgent": chosen["urgent"] not in ("", "1"),
        "unit": bool(chosen["unit"]) and unit is None,
        "theme": bool(chosen["theme"]) and theme is None and not unclear,
    }
    for key in (key for key, bad in unused.items() if bad):
        messages.warning(request, str(_UNUSED_FILTER[key]))
        chosen[key] = ""
    if unused["status"]:
        chosen["status"] = "all"  # kept in the page links, which would otherwise open on "open"
    filters = InboxFilters(
        status="" if status == "all" else status,
        urgent=True if chosen["urgent"] == "1" else None,
        unit=unit,
        theme_id=theme.pk if theme else None,
        unclear=unclear,
    )
    return filters, {key: value for key, value in chosen.items() if value}


_UNUSED_FILTER = {
    "status": gettext_lazy("The link asked for a status the inbox does not have, so every status is listed."),
    "urgent": gettext_lazy(
        "The link asked for an urgency the inbox does not have, so all concerns are listed."
    ),
    "unit": gettext_lazy(
        "The link named a unit that is not one you lead (or no longer exists), so all your units are listed."
    ),
    "theme": gettext_lazy("The link named a theme that does not exist, so every theme is listed."),
    "noted": gettext_lazy(
        "The link asked for warnings the inbox does not have, so the warnings you have not noted are listed."
    ),
}


# What the unit filter reads of each unit: enough to label it, and to tell a repeated name apart.
UNIT_ROW = ("pk", "name", "level", "path", "code", "depth")


def _unit_options(request: HttpRequest, chosen: str) -> list[tuple[str, str, bool]]:
    """(value, label, selected) of the leader's units for the filter, in tree order; in a very large
    subtree only the levels near the top. Read as rows: 300 units as model instances, rendered
    field by field, were a fifth of the Python work of a system leader's inbox."""
    rows: list[tuple] = []
    for top in led_units(request.user):
        below = Unit.objects.filter(path__startswith=top.path).order_by("path").values_list(*UNIT_ROW)
        first = list(below[: UNIT_CHOICES_CAP + 1])  # one query instead of COUNT + list
        if len(first) > UNIT_CHOICES_CAP:
            first = list(below.filter(depth__lte=top.depth + 2)[:UNIT_CHOICES_CAP])
        rows += first
    labels = {pk: unit_label(name, level) for pk, name, level, *_rest in rows}
    # Every hospital has a "Medicine": names that repeat gain their hospital, as in other pickers.
    repeated = {label for label, n in Counter(labels.values()).items() if n > 1}
    if repeated:
        clashing = [
            Unit(**dict(zip(UNIT_ROW, row, strict=True))) for row in rows if labels[row[0]] in repeated
        ]
        labels |= picker_labels(clashing)
    return [(str(pk), labels[pk], str(pk) == chosen) for pk, *_rest in rows]


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    if not led_units(request.user):
        raise Http404(gettext("You do not lead any unit."))
    filters, chosen = _filters(request)
    after, before = _cursors(request)
    page = inbox_page(request.user, filters, after=after, before=before)
    # The theme filter and the rows' theme tags share one read of the (few) themes.
    themes = {theme.pk: theme for theme in Theme.objects.all()}
    prefetch_related_objects(page.concerns, "themes")
    for concern in page.concerns:
        concern.is_overdue = concern.pk in page.overdue_ids
        for row in concern.themes.all():
            if row.theme_id in themes:  # else a theme added since: read when shown
                row.theme = themes[row.theme_id]
    # Excerpts are reads too (DESIGN.md rule 7).
    services.record_reads(page.concerns, request.user, ReadRecord.Via.INBOX)
    # ?noted=1 lists the open warnings this leader noted, instead of the others (no way back before).
    showing_noted = request.GET.get("noted") == "1"
    if request.GET.get("noted", "") not in ("", "0", "1"):
        # As with the filters above: `?noted=yes` listed the warnings not noted without a word.
        messages.warning(request, str(_UNUSED_FILTER["noted"]))
    signals, noted_count = warnings_and_noted(request.user, limit=SIGNALS_SHOWN, noted=showing_noted)
    context = {
        "page": page,
        "chosen": chosen,
        "query": urlencode(chosen),
        "query_all": urlencode(chosen | {"status": "all"}),
        # No link back on the first page, however it was reached (Previous back to it, rows moved).
        "first_page": page.prev_cursor is not None,
        "statuses": Status.choices,
        "unit_options": _unit_options(request, chosen.get("unit", "")),
        "themes": sorted((t for t in themes.values() if t.active), key=lambda t: t.label.casefold()),
        "today": timezone.localdate(),
        "signals": signals,
        "noted_signals": noted_count,
        "showing_noted": showing_noted,
        "waiting": _waiting_elsewhere(request.user),
    }
    return render(request, "concerns/leader/inbox.html", context)


def _cursors(request: HttpRequest) -> tuple[Cursor | None, Cursor | None]:
    """`?after=` (the Next link) or `?before=` (Previous). A cursor this server did not write, or
    both at once (no link of the page has both), shows the first page with a message saying so."""
    texts = {key: request.GET.get(key, "") for key in ("after", "before")}
    try:
        if texts["after"] and texts["before"]:
            raise BadCursor(gettext("That page link is not valid; start again from the first page."))
        after = Cursor.decode(texts["after"]) if texts["after"] else None
        before = Cursor.decode(texts["before"]) if texts["before"] else None
    except BadCursor as error:
        messages.error(request, str(error))
        return None, None
    return after, before


def _waiting_elsewhere(leader):  # type: ignore[no-untyped-def]
    """Formal asks, offers and escalations from colleagues' organising (upstream.community)."""
    from upstream.community.services.for_leaders import waiting_for

    return waiting_for(leader)


def _concern_or_gone(
    request: HttpRequest, concern_id: str, *, kept: str = "", message: bool = False
) -> Concern | HttpResponse:
    """The concern a form was sent about, or the page saying it left this leader's units since the
    form was drawn (moved or merged, by a colleague or in another tab): nothing done, the merge's
    home named and linked, and the words typed in the form's `kept` field back to copy. It was the
    generic "We could not find that page", and a closing explanation was lost (a new-user walk)."""
    try:
        return concern_for_leader(request.user, concern_id)
    except ConcernNotFound:
        pass
    # Any id this leader cannot reach gets this page, one never theirs too: telling them apart
    # would say which ids are concerns in other units.
    found = merged_home(request.user, concern_id)
    text = request.POST.get(kept, "")[: services.MAX_TEXT] if kept else ""
    merged, home = found if found else (None, None)
    context = {"text": text, "merged": merged, "home": home, "message": message}
    return render(request, "concerns/leader/gone.html", context, status=404)


@login_required
def detail(request: HttpRequest, concern_id: str) -> HttpResponse:
    try:
        concern = concern_for_leader(request.user, concern_id)
    except ConcernNotFound:
        return _to_merged_home(request, concern_id)
    kept = (refused_forms.take(request, MERGE_KEY, concern.pk) or {}).get("ticked")
    ticked = {str(pk) for pk in kept} if isinstance(kept, list) else set()
    # "No, go back" from the merge's question brings its ticks (only the similar ones listed are ticked).
    ticked |= {other[:64] for other in request.GET.getlist("merge")[:50]}
    correction = refused_forms.take(request, CORRECTION_KEY, concern.pk)
    if correction is not None:
        secondary = correction.get("secondary")
        data = QueryDict(mutable=True)
        data["primary"] = str(correction.get("primary", ""))
        data.setlist("secondary", [str(key) for key in secondary] if isinstance(secondary, list) else [])
        form = CorrectionForm(data)
        form.is_valid()
        return _detail_page(request, concern, status=200, ticked=ticked, correction_form=form)
    return _detail_page(request, concern, ticked=ticked)


def _to_merged_home(request: HttpRequest, concern_id: str) -> HttpResponse:
    """A merged concern's old address (a bookmark, a notice's link, an open tab) leads to the
    concern it was merged into, saying so; anything else is the usual "not found"."""
    found = merged_home(request.user, concern_id)
    if found is None:
        raise Http404(gettext("No such concern in your units."))
    merged, home = found
    messages.info(
        request,
        gettext(
            "Concern %(merged)s was merged into this one, %(home)s. Its reporter follows this concern now, "
            "and what they wrote is under “Merged into this concern”."
        )
        % {"merged": merged.reference, "home": home.reference},
    )
    return redirect("concerns:detail", home.pk)


def _detail_page(
    request: HttpRequest,
    concern: Concern,
    *,
    status: int | None = None,
    ticked: set[str] | frozenset[str] = frozenset(),
    **forms: object,
) -> HttpResponse:
    # Every showing of the concern is a read (DESIGN.md rule 7): a refused form answered with the
    # page shows it as much as the page does.
    services.record_read(concern, request.user, ReadRecord.Via.PAGE)
    move_targets, move_shortened = services.move_choices(concern, request.user)
    similar = similar_concerns(concern, similar_pool(request.user, concern))
    # Only what this leader may read: a department leader may have merged in a sibling unit's concern.
    merged = list(concern.merged_concerns.filter(led_subtree_q(request.user, "unit__")))
    # Excerpts of other concerns are reads of them too (DESIGN.md rule 7).
    services.record_reads([other for other, _ in similar] + merged, request.user, ReadRecord.Via.EXCERPT)
    themes = list(concern.themes.select_related("theme"))
    context = {
        "themes": themes,
        # Words, not the model's raw scores: a leader cannot read 0.43 (the API keeps the numbers).
        "theme_rows": [
            (row, theme_words(primary=row.primary, corrected=row.corrected, score=row.score))
            for row in themes
        ],
        "correction_form": forms.get("correction_form") or CorrectionForm.for_concern(concern, themes),
        "similar": similar,
        # After a refused merge the other ticks are still ticked: the leader need not tick them again.
        "similar_rows": [
            (other, similarity_words(score), str(other.pk) in ticked) for other, score in similar
        ],
        "merged": merged,
        "concern": concern,
        "thread": thread_for(concern, viewer="leader"),
        "message_form": forms.get("message_form") or LeaderMessageForm(),
        "status_form": forms.get("status_form") or StatusForm.for_concern(concern),
        "today": timezone.localdate(),
        # A system repeats its names ("Medicine" in every hospital): a name alone sent concerns to the
        # wrong hospital's department.
        "move_targets": picker_options(move_targets),
        "move_shortened": move_shortened,
    }
    if status is None:
        status = 400 if forms else 200
    return render(request, "concerns/leader/detail.html", context, status=status)


@login_required
@require_POST
def acknowledge(request: HttpRequest, concern_id: str) -> HttpResponse:
    concern = _concern_or_gone(request, concern_id)
    if isinstance(concern, HttpResponse):
        return concern
    now = timezone.now()
    concern = services.acknowledge(concern, request.user, now=now)
    if concern.acknowledged_at != now:
        # Acknowledged before this request (a stale tab, a colleague first): nothing happened, so
        # the page says when and by whom instead of "Acknowledged" as if it had just been done.
        messages.info(request, services.already_acknowledged(concern, request.user))
    else:
        messages.success(request, gettext("Acknowledged. The reporter sees this with their receipt code."))
    return redirect("concerns:detail", concern_id=concern.pk)


@login_required
@require_POST
def write(request: HttpRequest, concern_id: str) -> HttpResponse:
    concern = _concern_or_gone(request, concern_id, kept="text", message=True)
    if isinstance(concern, HttpResponse):
        return concern
    form = LeaderMessageForm(request.POST)
    if not form.is_valid():
        return _reply_refused(request, concern)
    try:
        services.write_to_reporter(
            concern, request.user, form.cleaned_data["text"], form_key=form.cleaned_data["form_key"] or None
        )
    except services.AlreadySent as again:
        # Sent twice (a double tap on a slow line, Back and send again): the first is in the thread.
        messages.info(request, str(again))
        return redirect("concerns:detail", concern_id=concern.pk)
    except services.ConcernError as error:
        # Text the form let through but that cannot be stored (a control character): say so at
        # the box, with what was typed kept, instead of a server error that loses it.
        return _reply_refused(request, concern, str(error))
    messages.success(request, gettext("Message sent. The reporter reads it with their receipt code."))
    return redirect("concerns:detail", concern_id=concern.pk)


def _reply_refused(request: HttpRequest, concern: Concern, error: str = "") -> HttpResponse:
    """A refused reply, whatever the reason (too short, too long, a character that cannot be
    stored): the concern's page at once (400), the error at the box and every character typed in
    it. Not kept in the session for a redirect: the session is a cookie of about 4 KB, and a reply
    may be 5,000 characters and more. Reloading this answer sends the same refused text, which is
    refused again: nothing reaches the reporter. The form gets a fresh one-time key (nothing spent
    the one sent, but it may be one already spent: Back to a sent message, edited, sent again)."""
    data = request.POST.copy()
    data["form_key"] = formkeys.new_key()
    form = LeaderMessageForm(data)
    form.is_valid()
    if error:
        form.add_error("text", error)
    return _detail_page(request, concern, status=400, message_form=form)


@login_required
@require_POST
def change_status(request: HttpRequest, concern_id: str) -> HttpResponse:
    concern = _concern_or_gone(request, concern_id, kept="explanation")
    if isinstance(concern, HttpResponse):
        return concern
    drawn_at = request.POST.get("from_status", "")[:32]
    if drawn_at and drawn_at != concern.status:
        # Said before the form's own checks: the moves it offers now are those of the new status.
        explanation = request.POST.get("explanation", "")[: StatusForm.base_fields["explanation"].max_length]
        return _status_changed(
            request, concern, services.StatusChanged(concern.status, drawn_at), explanation
        )
    form = StatusForm.sent_for(concern, request.POST)
    if not form.is_valid():
        return _detail_page(request, concern, status_form=form)
    try:
        services.change_status(
            concern,
            request.user,
            form.cleaned_data["status"],
            form.cleaned_data["explanation"],
            from_status=form.cleaned_data["from_status"] or None,  # absent from pages drawn before it
        )
    except services.StatusChanged as error:
        return _status_changed(request, concern, error, form.cleaned_data["explanation"])
    except services.ConcernError as error:
        form.add_error(None, str(error))
        return _detail_page(request, concern, status_form=form)
    messages.success(request, gettext("Status updated."))
    return redirect("concerns:detail", concern_id=concern.pk)


def _status_changed(
    request: HttpRequest, concern: Concern, error: services.StatusChanged, explanation: str
) -> HttpResponse:
    """A status form drawn before someone else moved the concern (a second tab, a colleague): nothing
    changed, the page as it is now, the form offering the moves from the new status with what was
    written kept (409)."""
    concern.refresh_from_db()
    message = gettext(
        "Someone changed this concern's status to %(status)s since you opened this page; nothing was "
        "changed. Check the thread, then choose again."
    ) % {"status": Status(error.current).label}
    form = StatusForm.for_concern(concern, explanation=explanation, error=message)
    return _detail_page(request, concern, status=409, status_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def move(request: HttpRequest, concern_id: str) -> HttpResponse:
    """GET (the page's form) asks; only a POST with `confirmed` moves. A POST without it (a page
    drawn before the question existed) is asked too."""
    concern = _concern_or_gone(request, concern_id)
    if isinstance(concern, HttpResponse):
        return concern
    targets = {str(unit.pk): unit for unit in services.move_targets(concern, request.user)}
    data = request.POST if request.method == "POST" else request.GET
    unit = targets.get(data.get("unit", "")[:20])
    if unit is None:
        messages.error(request, gettext("Choose a unit you lead or the level above to move this concern to."))
        return redirect("concerns:detail", concern_id=concern.pk)
    if request.method == "GET" or request.POST.get("confirmed") != "yes":
        # One click sent it away, often out of this leader's inbox for good: it asks first.
        keeps_it = leads_unit(request.user, unit)
        context = {
            "concern": concern,
            "unit": unit,
            "unit_label": picker_labels(targets.values())[unit.pk],
            "unit_pk": [unit.pk],
            "keeps_it": keeps_it,
        }
        return render(request, "concerns/leader/confirm_move.html", context)
    services.move_concern(concern, request.user, unit)
    messages.success(request, gettext("Moved to %(unit)s. Its leaders see it now.") % {"unit": unit.name})
    if visible_concerns(request.user).filter(pk=concern.pk).exists():
        return redirect("concerns:detail", concern_id=concern.pk)
    return redirect("concerns:inbox")


@login_required
@require_POST
def correct_themes(request: HttpRequest, concern_id: str) -> HttpResponse:
    concern = _concern_or_gone(request, concern_id)
    if isinstance(concern, HttpResponse):
        return concern
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        # Shown on the concern's own address, so reloading the page sends nothing again.
        refused_forms.keep(
            request,
            CORRECTION_KEY,
            concern.pk,
            primary=request.POST.get("primary", "")[:THEME_KEY_MAX],
            secondary=[key[:THEME_KEY_MAX] for key in request.POST.getlist("secondary")[:SECONDARY_KEPT]],
        )
        return redirect(reverse("concerns:detail", kwargs={"concern_id": concern.pk}) + "#themes")
    from upstream.themes.services import correct_themes as correct

    correct(concern, request.user, form.cleaned_data["primary"], form.cleaned_data["secondary"])
    # The retraining this starts re-themes every open concern not corrected by a leader, other
    # leaders' included: a tag changing under them with no word was a surprise (a new-user walk).
    corrected = gettext(
        "Themes corrected. Upstream retrains on this in the background, and then re-sorts the open "
        "concerns no leader has corrected, in every unit: their theme tags, filters and early "
        "warnings may change."
    )
    messages.success(request, corrected)
    return redirect("concerns:detail", concern_id=concern.pk)


def _ids(values: list[str]) -> list[str]:
    """The values that are concern ids, written as the page writes them (the rest cannot be ticked)."""
    found = []
    for value in values:
        try:
            found.append(str(uuid.UUID(value)))
        except ValueError:
            continue
    return found


def _merge_refused(
    request: HttpRequest, concern: Concern, ticked: list[str], error: services.ConcernError
) -> HttpResponse:
    """Back to the concern's page with the refusal said and the other ticks kept (nothing merged)."""
    if isinstance(error, services.NotMergeable):
        # A list left open while another leader moved one (or an id made by hand): said on the page.
        message = gettext(
            "One of the concerns you ticked is not in your units any more, or no longer exists, "
            "so nothing was merged. The list below is as it is now."
        )
    else:
        message = str(error)
    messages.error(request, message)
    refused = set(_ids([getattr(error, "concern_id", ""), str(concern.pk)]))
    kept = [pk for pk in dict.fromkeys(_ids(ticked)) if pk not in refused]
    refused_forms.keep(request, MERGE_KEY, concern.pk, ticked=kept[:MERGE_KEPT])
    return redirect("concerns:detail", concern_id=concern.pk)


@login_required
@require_http_methods(["GET", "POST"])
def merge(request: HttpRequest, concern_id: str) -> HttpResponse:
    """GET (the page's form) asks; only a POST with `confirmed` merges."""
    concern = _concern_or_gone(request, concern_id)
    if isinstance(concern, HttpResponse):
        return concern
    data = request.POST if request.method == "POST" else request.GET
    ticked = [other[:64] for other in data.getlist("merge")[:50]]
    try:
        # Refused before the question is asked: a concern merged meanwhile, or this one itself.
        chosen = services.concerns_to_merge(concern, ticked, request.user)
    except services.ConcernError as error:
        return _merge_refused(request, concern, ticked, error)
    if not chosen:
        messages.error(request, gettext("Tick the similar concerns to merge into this one."))
        return redirect("concerns:detail", concern_id=concern.pk)
    if request.method == "GET" or request.POST.get("confirmed") != "yes":
        # A merge cannot be undone and joins other people's threads: it asks first (it was one click).
        chosen_ids = [str(c.pk) for c in chosen]
        # Back to the page with the same boxes ticked: "No, go back" cleared them (a walk).
        back = reverse("concerns:detail", args=[concern.pk])
        back_url = f"{back}?{urlencode([('merge', pk) for pk in chosen_ids])}#similar"
        context = {"concern": concern, "chosen": chosen, "chosen_ids": chosen_ids, "back_url": back_url}
        return render(request, "concerns/leader/confirm_merge.html", context)
    try:
        count = services.merge_concerns(concern, chosen, request.user)
    except services.ConcernError as error:  # merged by another leader while this one was asked
        return _merge_refused(request, concern, ticked, error)
    messages.success(
        request,
        ngettext(
            "Merged %(count)d concern into this one. Its reporter now follows this thread.",
            "Merged %(count)d concerns into this one. Their reporters now follow this thread.",
            count,
        )
        % {"count": count},
    )
    return redirect("concerns:detail", concern_id=concern.pk)


@login_required
@require_POST
def note_signal(request: HttpRequest, signal_id: int) -> HttpResponse:
    from upstream.signals.services import is_noted, signal_for_leader
    from upstream.signals.services import note_signal as note

    signal = signal_for_leader(request.user, signal_id)
    if signal is None:
        raise Http404(gettext("No such early warning in your units."))
    if is_noted(signal, request.user):
        # A second tab drawn before the first noted it: nothing to do, and no error page.
        messages.info(request, gettext("You had already noted this warning."))
    else:
        note(signal, request.user)
        messages.success(
            request,
            gettext("Noted. The early warning leaves your inbox, not other leaders'. The concerns stay."),
        )
    # Back to the inbox as it was filtered (the form's address carries the filters; only they are kept).
    _, chosen = _filters(request)
    return redirect(reverse("concerns:inbox") + (f"?{urlencode(chosen)}" if chosen else ""))
