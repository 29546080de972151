"""Pages: answer a wave (one screen, no JavaScript needed), manage waves, read results."""

from __future__ import annotations

import base64
import binascii
import csv
import datetime as dt
import json
import re
from dataclasses import asdict
from typing import NamedTuple

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from upstream.concerns.safety import small_group_warning
from upstream.concerns.services import AlreadySent
from upstream.intake import formkeys
from upstream.lib import refused_forms
from upstream.lib.forms import limit_words
from upstream.lib.spreadsheet import formula_safe
from upstream.lib.text import row_id
from upstream.org.models import RoleGroup, Unit
from upstream.org.pickers import SEPARATOR, picker_options
from upstream.privacy.groups import min_group_size
from upstream.speakup.views import without_cookies
from upstream.surveys import access, services
from upstream.surveys.levels import OutsideResults, page_levels
from upstream.surveys.models import Invitation, Status, Wave
from upstream.surveys.results import results_from, results_ready, trend, wave_results
from upstream.surveys.services import SurveyError, WavePlan


def _wave_or_404(wave_id: int) -> Wave:
    wave = Wave.objects.prefetch_related("instruments", "units").filter(pk=wave_id).first()
    if wave is None:
        raise Http404
    return wave


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "surveys/index.html",
        {
            "open_waves": services.open_waves_for(request.user),
            "can_see_results": access.can_see_results(request.user),
            "is_office": access.is_office(request.user),
        },
    )


def _answers_from(post, wave: Wave) -> dict[str, dict[str, str]]:  # type: ignore[no-untyped-def]
    return {
        instrument.key: {
            item.key: post.get(f"{instrument.key}__{item.key}", "") for item in instrument.spec.items
        }
        for instrument in wave.instruments.all()
    }


def _unit_name(unit: Unit) -> str:
    return unit.name


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, wave_id: int) -> HttpResponse:
    wave = _wave_or_404(wave_id)
    invitation = Invitation.objects.filter(wave=wave, user=request.user).first()
    if invitation is None:
        raise Http404  # not invited looks like missing
    today = timezone.localdate()
    context = {
        "wave": wave,
        "choices": services.answering_choices(request.user, wave),
        "answered": invitation.answered_on is not None,
        "open": wave.is_open(today),
        # Closed (early, or its last day passed): said so, not "open from ... to" its dates.
        "closed": wave.has_closed(today),
        "comment_minimum": getattr(settings, "UPSTREAM_MIN_COMMENT_GROUP_SIZE", 10),
        # The box has no maxlength (a browser cuts a paste there without a word): its limit is said.
        "comment_limit": limit_words(services.MAX_COMMENT),
        "minimum": settings.UPSTREAM_MIN_GROUP_SIZE,
    }
    # The unit and role come from the person's memberships, so there is nothing to confirm or
    # broaden here: they are told when theirs is small (a comment could point to them).
    context["small_units"] = [u for u, role in context["choices"] if small_group_warning(u, role)]
    # By name, as before; a name two of theirs share is followed by its hospital's.
    context["unit_options"] = picker_options([u for u, _role in context["choices"]], label=_unit_name)
    if request.method == "POST" and context["open"] and not context["answered"]:
        raw_unit = request.POST.get("unit", "")
        try:
            result = services.submit_answer(
                request.user,
                wave,
                unit_id=row_id(raw_unit),
                answers=_answers_from(request.POST, wave),
                comment=request.POST.get("comment", ""),
            )
        except SurveyError as exc:
            _refusal(context, exc)
            context["sections"] = _sections(wave, request.POST)
            context["comment"] = request.POST.get("comment", "")
            context["chosen_unit"] = raw_unit
            return render(request, "surveys/answer.html", context, status=400)
        return render(
            request,
            "surveys/thanks.html",
            {"wave": wave, "result": result, "resources": settings.UPSTREAM_CRISIS_RESOURCES},
        )
    context["sections"] = _sections(wave, {})
    if request.method == "POST":
        # Sent from a tab opened before this person answered in another, or before the survey
        # closed: nothing is saved, and a comment typed there comes back to copy (it was dropped
        # without a word; a new-user walk). Never into a form: the answer is refused, not kept.
        context["unsent_comment"] = request.POST.get("comment", "").strip()[: services.MAX_COMMENT]
        return render(request, "surveys/answer.html", context, status=409)
    return render(request, "surveys/answer.html", context)


def _refusal(context: dict, exc: SurveyError) -> None:
    """The refusal where it belongs: a comment's at the comment box, the rest above the form."""
    context["comment_error" if isinstance(exc, services.CommentRefused) else "error"] = str(exc)


def _sections(wave: Wave, post) -> list[dict]:  # type: ignore[no-untyped-def]
    """Each instrument's questions, with the field name and any value already chosen."""
    sections = []
    language = get_language()
    for instrument in sorted(wave.instruments.all(), key=lambda i: i.key):
        # The text in the reader's language where translated; the field names and values are the
        # original keys, so an answer is stored the same whatever language it was given in.
        spec = instrument.spec.in_language(language)
        questions = [
            {
                "name": f"{spec.key}__{item.key}",
                "item": item,
                "choices": spec.choices(item),
                "checked": str(post.get(f"{spec.key}__{item.key}", "")),
            }
            for item in spec.items
        ]
        sections.append(
            {
                "spec": spec,
                "questions": questions,
                "translation": instrument.spec.translation(language),
                "original_language": not instrument.spec.reads_in(language),
            }
        )
    return sections


# --- managing waves --------------------------------------------------------------------------


def _plan_from(post) -> tuple[WavePlan, list[str]]:  # type: ignore[no-untyped-def]
    """The plan as typed, and what the form could not read (the rules name the rest)."""
    unreadable = []
    every = post.get("every_weeks", "").strip()
    if every and row_id(every) is None:
        unreadable.append(_("Repeat every 1 to 52 weeks."))
    plan = WavePlan(
        title=post.get("title", ""),
        unit_ids=[pk for pk in map(row_id, post.getlist("units")) if pk],
        instrument_keys=post.getlist("instruments"),
        opens_on=_date_or_none(post.get("opens_on", "")),
        closes_on=_date_or_none(post.get("closes_on", "")),
        role_groups=post.getlist("role_groups"),
        every_weeks=row_id(every),
    )
    return plan, unreadable


def _date_or_none(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


def _form_key_from(post) -> str | None:  # type: ignore[no-untyped-def]
    """The posted one-time key when this server issued it (as FormKeyField reads it), else None: a
    page from before the key was added is still taken, once."""
    key = post.get("form_key", "").strip()
    return key if key and len(key) <= 200 and formkeys.is_valid(key) else None


def _overlap_warning(waves: list[Wave]) -> str:
    day = _("j M Y")
    titles = ", ".join(
        f"“{w.title}” ({date_format(w.opens_on, day)} – {date_format(w.closes_on, day)})" for w in waves
    )
    return ngettext(
        "Some of the same people are in another wave on these dates: %(waves)s. They will be invited "
        "to both; cancel one if that was not meant.",
        "Some of the same people are in other waves on these dates: %(waves)s. They will be invited "
        "to each; cancel one if that was not meant.",
        len(waves),
    ) % {"waves": titles}


def _small_group_warning(groups: list[str]) -> str:
    return ngettext(
        "Fewer than %(minimum)d people are in %(groups)s: their answers will show only within a "
        "broader group (the unit above, or all roles), never on their own.",
        "Fewer than %(minimum)d people are in each of these groups: %(groups)s. Their answers will "
        "show only within a broader group (the unit above, or all roles), never on their own.",
        len(groups),
    ) % {"minimum": min_group_size(), "groups": "; ".join(groups)}


def _manage_units(user) -> list[Unit]:  # type: ignore[no-untyped-def]
    units: list[Unit] = []
    for top in access.result_scopes(user):
        units.extend(top.subtree())
    return units


@login_required
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest) -> HttpResponse:
    user = request.user
    office = access.is_office(user)
    if not access.can_see_results(user):
        raise Http404
    status = 200
    problems: list[str] = []
    # The new-wave form's one-time key: sent twice (a double click, Back and send again), the second
    # creates nothing, or everyone in the group would be invited twice. A refused form keeps its key.
    form_key = _form_key_from(request.POST) if request.method == "POST" else None
    if request.method == "POST":
        plan, unreadable = _plan_from(request.POST)
        try:
            if unreadable:
                raise services.PlanRefused(unreadable + services.plan_problems(plan, timezone.localdate()))
            overlaps = services.overlapping_waves(plan)
            if office:
                wave = services.schedule_wave(user, plan, form_key=form_key)
                if wave.opens_on <= timezone.localdate():
                    messages.success(
                        request, _("The wave is scheduled and opens today: invitations are going out now.")
                    )
                else:
                    messages.success(
                        request, _("The wave is scheduled. Invitations go out on its first day.")
                    )
            else:
                wave = services.request_wave(user, plan, form_key=form_key)
                messages.success(request, _("Your request was sent to the well-being office."))
            if overlaps:
                messages.warning(request, _overlap_warning(overlaps))
            if few := services.small_groups(wave):
                messages.warning(request, _small_group_warning(few))
            return redirect("surveys:manage")
        except AlreadySent as again:
            # The first sending is in the list, once.
            messages.info(request, str(again))
            return redirect("surveys:manage")
        except SurveyError as exc:
            problems, status = list(getattr(exc, "problems", [str(exc)])), 400
    today = timezone.localdate()
    waves = access.visible_waves(user)
    role_names = dict(RoleGroup.choices)
    instrument_names: dict[int, str] = {}  # each questionnaire parsed and named once, not per wave
    for wave in waves:
        # What a request asks for, beside it: the office approved leaders' requests seeing only the
        # title, units and dates, not whom they ask or what they ask them (a new-user walk).
        wave.role_names = [role_names.get(key, key) for key in wave.role_groups or []]
        for row in wave.instruments.all():
            if row.pk not in instrument_names:
                instrument_names[row.pk] = _instrument_name(row.spec)
        wave.instrument_names = [instrument_names[row.pk] for row in wave.instruments.all()]
    # The form's lists are drawn by hand, so each option carries whether it is chosen: after a
    # refusal that is what was posted (the page keeps everything entered), on a fresh form nothing.
    post = request.POST if problems else None
    chosen = {
        name: set(post.getlist(name)) if post else set() for name in ("units", "role_groups", "instruments")
    }
    return render(
        request,
        "surveys/manage.html",
        {
            "is_office": office,
            "waves": waves,
            # Said "Closed" and offered nothing; open ones the office may close or give another last day.
            "closed": {w.pk for w in waves if w.has_closed(today)},
            "open_now": {w.pk for w in waves if w.is_open(today)},
            # A name two hospitals share is followed by its hospital's: "EVS (unit) · Riverbend General".
            "units": _unit_options(_manage_units(user), chosen["units"], refused=post is not None),
            "roles": [(value, label, value in chosen["role_groups"]) for value, label in RoleGroup.choices],
            "instruments": [
                (row.key, _instrument_name(row.spec), len(row.spec.items), row.key in chosen["instruments"])
                for row in services.ensure_instruments(today).values()
            ],
            "problems": list(dict.fromkeys(problems)),
            "form_key": (form_key if problems else None) or formkeys.new_key(),
            "today": today,
            "latest_opening": today + dt.timedelta(days=services.MAX_DAYS_AHEAD),
            "post": post,
            "requested": Status.REQUESTED,
            # A refused new closing day is shown again in its wave's box, not the saved day.
            "typed_closing": refused_forms.take(request, CLOSING_DAY_KEY, "manage") or {},
        },
        status=status,
    )


def _unit_options(units, chosen: set[str], *, refused: bool) -> list[tuple]:
    """The units list's options, each with whether it is chosen: as posted after a refusal; on a fresh
    form, the one unit of a leader who has only one, who had to pick it from a list of one or be
    told "Choose one or more units." (a new-user walk)."""
    options = picker_options(units)
    if not refused and len(options) == 1:
        chosen = {str(options[0][0].pk)}
    return [(unit, label, str(unit.pk) in chosen) for unit, label in options]


# Cancelling and closing end a wave for good, so the page asks first: the buttons on the manage
# page lead here, and a POST without `confirmed` (a stale page, a form posted from elsewhere) is
# sent here too. The API's one call is unchanged: a confirmation is the page's safeguard.
ENDINGS = ("cancel", "close")
# A refused new closing day waits in the session for one showing of the manage page (lib/refused_forms).
CLOSING_DAY_KEY = "wave-closing-day"


@login_required
@require_GET
def confirm_end(request: HttpRequest, wave_id: int, action: str) -> HttpResponse:
    if not access.is_office(request.user) or action not in ENDINGS:
        raise Http404
    wave = _wave_or_404(wave_id)
    today = timezone.localdate()
    try:
        if action == "cancel":
            services.ensure_cancellable(wave, today=today)
        else:
            services.ensure_closable(wave, today=today)
    except SurveyError as exc:
        messages.error(request, str(exc))
        return redirect("surveys:manage")
    context = {
        "wave": wave,
        "action": action,
        "is_open": wave.is_open(today),
        "invitations_sent": bool(wave.invitations_sent_on),
    }
    return render(request, "surveys/confirm_end.html", context)


@login_required
@require_POST
def decide(request: HttpRequest, wave_id: int) -> HttpResponse:
    if not access.is_office(request.user):
        raise Http404
    wave = _wave_or_404(wave_id)
    decision = request.POST.get("decision")
    if decision in ENDINGS and request.POST.get("confirmed") != "yes":
        return redirect("surveys:confirm_" + decision, wave_id=wave.pk)
    try:
        if decision == "cancel":
            services.cancel_wave(request.user, wave)
            messages.success(request, _("Wave “%(title)s” cancelled.") % {"title": wave.title})
        elif decision == "close":
            services.close_wave(request.user, wave)
            message = _(
                "%(title)s is closed and takes no more answers. Its results appear after tomorrow "
                "morning's release, with its last answers."
            )
            messages.success(request, message % {"title": wave.title})
        elif decision == "move":
            closes = _closing_day_from(request.POST)
            services.change_closing_day(request.user, wave, closes)
            message = _("%(title)s now closes at the end of %(day)s.")
            # Translators: a date shape in Django's date-format letters (docs/languages.md#dates).
            messages.success(request, message % {"title": wave.title, "day": date_format(closes, _("j M Y"))})
        else:
            approve = decision == "approve"
            services.decide_request(request.user, wave, approve=approve)
            if approve and wave.opens_on <= timezone.localdate():
                message = _("Wave “%(title)s” approved. It opens today: invitations are going out now.")
            elif approve:
                message = _("Wave “%(title)s” approved. Invitations go out on its first day.")
            else:
                message = _("The request for wave “%(title)s” is declined.")
            messages.success(request, message % {"title": wave.title})
    except SurveyError as exc:
        messages.error(request, str(exc))
        if decision == "move":
            typed = request.POST.get("closes_on", "")[:20]
            refused_forms.keep(request, CLOSING_DAY_KEY, "manage", wave=wave.pk, closes_on=typed)
    return redirect("surveys:manage")


def _closing_day_from(post) -> dt.date:  # type: ignore[no-untyped-def]
    try:
        return dt.date.fromisoformat(post.get("closes_on", ""))
    except ValueError as exc:
        raise SurveyError(_("Give the new closing day as a date.")) from exc


# --- results ---------------------------------------------------------------------------------


def _viewer_wave(request: HttpRequest, wave_id: int) -> Wave:
    try:
        return access.wave_for_viewer(request.user, wave_id)
    except access.WaveNotFound as exc:
        raise Http404 from exc


@login_required
def results_list(request: HttpRequest) -> HttpResponse:
    if not access.can_see_results(request.user):
        raise Http404
    waves = [w for w in access.visible_waves(request.user) if w.status == Status.SCHEDULED]
    now = timezone.now()
    today = timezone.localdate(now)
    # A wave not ready yet says when it will be: "after it closes" read wrong under a wave the office
    # had closed early that morning (its results come with the next morning's release).
    rows = [ResultsRow(w, results_ready(w, now), w.has_closed(today), results_from(w)) for w in waves]
    return render(request, "surveys/results_list.html", {"waves": rows, "scores": _score_choices(waves)})


class ResultsRow(NamedTuple):
    wave: Wave
    ready: bool
    closed: bool
    ready_from: dt.datetime


def _instrument_name(spec) -> str:  # type: ignore[no-untyped-def]
    """The instrument's name in the page's language, or marked English where it has no translation
    (the CBI: its licensed English text is what people answer)."""
    language = get_language()
    name = spec.in_language(language).shown_name()
    lang = spec.lang_in(language)
    return format_html('<span lang="{}">{}</span>', lang, name) if lang else name


class ScoreChoice(NamedTuple):
    key: str  # "instrument:score"
    label: str
    lang: str  # "en" where the instrument has no translation into the page's language, else ""


def _bare_name(name: str) -> str:
    """An instrument's name without its closing remarks: "Work-related burnout (CBI)" and
    "Connection pulse (not validated)" are named "Work-related burnout" and "Connection pulse"."""
    return re.sub(r"(\s*\([^()]*\))+$", "", name)


def _score_choices(waves: list[Wave]) -> list[ScoreChoice]:
    """Every score of the waves' instruments, once each, named with its instrument.

    A score named like its instrument (the CBI's one score) is not named twice: the menu read
    "Work-related burnout · Work-related burnout (CBI)". An instrument with no translation into the
    page's language is marked English, so a screen reader reads it as English (as the results do)."""
    language = get_language()
    scores = []
    seen = set()
    for wave in waves:
        for instrument in wave.instruments.all():
            spec = instrument.spec.in_language(language)
            lang = instrument.spec.lang_in(language)
            for score in spec.scores:
                key = f"{instrument.key}:{score.key}"
                if key not in seen:
                    seen.add(key)
                    name = spec.shown_name()
                    label = (
                        name
                        if _bare_name(name).casefold() == score.label.casefold()
                        else _("%(score)s · %(instrument)s")
                        % {
                            "score": score.label,
                            "instrument": name,
                        }
                    )
                    scores.append(ScoreChoice(key, label, lang))
    return scores


@login_required
def results(request: HttpRequest, wave_id: int) -> HttpResponse:
    wave = _viewer_wave(request, wave_id)
    found = wave_results(wave, access.result_scopes(request.user))
    levels, unit_dropped = None, False
    if found.ready:
        try:
            levels = page_levels(found, request.GET.get("within"))
        except OutsideResults:
            # As the inbox does with a filter it cannot use: show what the viewer may see and say
            # why, rather than a 404 that reads as if the whole wave had gone.
            levels, unit_dropped = page_levels(found, None), True
    return render(
        request, "surveys/results.html", {"r": found, "levels": levels, "unit_dropped": unit_dropped}
    )


@login_required
def results_csv(request: HttpRequest, wave_id: int) -> HttpResponse:
    wave = _viewer_wave(request, wave_id)
    found = wave_results(wave, access.result_scopes(request.user))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="wave-{wave.pk}-results.csv"'
    write_csv(response, found)
    return response


def write_csv(stream, found) -> None:  # type: ignore[no-untyped-def]
    """Every row of the results. `unit_id` and `unit_path` (new columns, last so the others keep
    their places) tell apart units of one name: every hospital has a "Medicine"."""
    writer = csv.writer(stream)
    writer.writerow(
        [
            "wave",
            "row",
            "kind",
            "n",
            "instrument",
            "score",
            "mean",
            "ci_low",
            "ci_high",
            "share_above_cutoff",
            "unit_id",
            "unit_path",
        ]
    )
    places = _unit_paths(found.scopes) if found.rows else {}
    for row in found.rows:
        # A role group's row counts within a scope: that unit's id and path, as in the API.
        unit_id = row.key[1] if row.kind in ("unit", "role") else None
        for cell in row.scores:
            s = cell.summary
            writer.writerow(
                [
                    formula_safe(found.wave.title),
                    formula_safe(row.label),
                    row.kind,
                    row.n if row.n is not None else "hidden",
                    cell.instrument,
                    cell.score,
                    f"{s.mean:.2f}" if s and s.mean is not None else "",
                    f"{s.low:.2f}" if s and s.low is not None else "",
                    f"{s.high:.2f}" if s and s.high is not None else "",
                    _share_text(cell),
                    unit_id if unit_id is not None else "",
                    formula_safe(places.get(unit_id, "")) if unit_id is not None else "",
                ]
            )


def _share_text(cell) -> str:  # type: ignore[no-untyped-def]
    """The CSV's cut-off share: "hidden" as a hidden count is, where the group is too small for it
    (results.share_shown); empty where the cell is hidden whole or the score has no cut-off."""
    s = cell.summary
    if s is None or not s.n or not cell.cutoff_label:
        return ""
    return "hidden" if s.share_above is None else f"{s.share_above:.3f}"


def _unit_paths(scopes: list[Unit]) -> dict[int, str]:
    """Unit id -> the unit's name and every name above it, nearest first, joined as the unit pickers
    join a repeated name to its hospital's: "Medicine · Riverbend General · Riverbend Health". Two
    queries per scope of the viewer, whatever the number of units."""
    names: dict[str, str] = {}
    paths: dict[int, str] = {}
    step = Unit.steplen
    for scope in scopes:
        for pk, path, name in Unit.objects.filter(path__startswith=scope.path).values_list(
            "pk", "path", "name"
        ):
            names[path], paths[pk] = name, path
        above = [scope.path[:end] for end in range(step, len(scope.path), step)]
        names.update(Unit.objects.filter(path__in=above).values_list("path", "name"))
    return {
        pk: SEPARATOR.join(names[path[:end]] for end in range(len(path), 0, -step) if path[:end] in names)
        for pk, path in paths.items()
    }


@login_required
def trends(request: HttpRequest) -> HttpResponse:
    if not access.can_see_results(request.user):
        raise Http404
    wanted = request.GET.get("score", "")
    instrument_key, _sep, score_key = wanted.partition(":")
    scopes = access.result_scopes(request.user)
    waves = [w for w in access.visible_waves(request.user) if w.status == Status.SCHEDULED]
    # The page names the score it shows and offers the others, so a leader need not go back to change it.
    scores = _score_choices(waves)
    chosen = next((choice for choice in scores if choice.key == wanted), None)
    # Only a score the waves have: a mistyped one drew every cell of its instrument's waves as
    # "hidden", as if suppressed, under the raw key as a heading (a fuzzing walk).
    points = trend(waves, scopes, instrument_key, score_key) if chosen else []
    units = {u.pk: u for scope in scopes for u in scope.subtree()}
    rows = []
    if points:
        keys = list(dict.fromkeys(k for p in points for k in p.summaries))
        for key in keys:
            label = _("Whole organisation") if key[0] == "organisation" else units[key[1]].name
            depth = 0 if key[0] == "organisation" else units[key[1]].depth - min(s.depth for s in scopes)
            rows.append((label, depth, [p.summaries.get(key) for p in points]))
    label = chosen.label if chosen else None
    context = {
        "points": points,
        "rows": rows,
        "score": wanted,
        "scores": scores,
        "label": label,
        "label_lang": chosen.lang if chosen else "",
        # Named, not shown as "Choose a score" as if none had been asked for.
        "unknown_score": bool(wanted) and chosen is None,
    }
    return render(request, "surveys/trends.html", context)


# --- answering with a speak-up code ----------------------------------------------------------


@never_cache
@login_required
@require_GET
def take_code(request: HttpRequest, wave_id: int) -> HttpResponse:
    """Get one code for this wave in this browser (the speak-up bundle blinds it; we never see it)."""
    from upstream.speakup import bundle, keys
    from upstream.speakup import services as speakup
    from upstream.surveys import codes

    wave = _wave_or_404(wave_id)
    invitation = Invitation.objects.filter(wave=wave, user=request.user).first()
    if invitation is None:
        raise Http404
    is_open = wave.is_open(timezone.localdate())
    # A closed survey's page lists the saved codes but makes none: no key (a retired one would be
    # replaced by a new key nobody can use).
    key = speakup.signing_key_for(codes.purpose_of(wave)) if is_open else None
    return render(
        request,
        "surveys/code.html",
        {
            "wave": wave,
            "answered": invitation.answered_on is not None,
            "open": is_open,
            "key": key,
            "public_key": keys.spki_b64(key) if key else "",
            "purpose": codes.purpose_of(wave),
            "code_store": codes.code_store(request.user),
            # Every wave a saved code could be for, with its state today: the script judges the
            # codes by this, not by the device's date, and the browser tells the server nothing.
            "wave_states": [asdict(known) for known in codes.code_waves(request.user)],
            "integrity": bundle.integrity(),
        },
    )


@never_cache
@login_required
@require_POST
def issue_code(request: HttpRequest, wave_id: int) -> JsonResponse:
    """The bundle's issuing call, in the shape it expects; uses up the person's answer to the wave."""
    from upstream.surveys import codes

    wave = _wave_or_404(wave_id)
    try:
        body = json.loads(request.body or b"{}")
        blinded = [_unb64(m) for m in body.get("blinded_messages", [])]
        key_id = str(body.get("key_id", ""))
    except (ValueError, TypeError, AttributeError):
        return JsonResponse({"detail": _("The request could not be read.")}, status=400)
    if body.get("purpose") != codes.purpose_of(wave) or len(blinded) != 1 or blinded[0] is None:
        return JsonResponse({"detail": _("Ask for exactly one code for this survey.")}, status=400)
    try:
        issued = codes.issue_code(request.user, wave, blinded[0], key_id)
    except services.AlreadyAnswered as exc:
        return JsonResponse({"detail": str(exc)}, status=409)
    except (SurveyError, services.NotInvited) as exc:
        return JsonResponse({"detail": str(exc)}, status=400)
    return JsonResponse(
        {
            "blind_signatures": [_b64(s) for s in issued.blind_signatures],
            "remaining": 0,
            "use_by": wave.closes_on.isoformat(),
        }
    )


def _b64(value: bytes) -> str:
    return base64.urlsafe_b64encode(value).rstrip(b"=").decode()


def _unb64(value: object) -> bytes | None:
    if not isinstance(value, str) or len(value) > 4096:
        return None
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        return None


@never_cache
@without_cookies
@require_http_methods(["GET", "POST"])
def answer_with_code(request: HttpRequest, wave_id: int) -> HttpResponse:
    """Answer with a code: never reads the account, sets no cookie, and is never logged.

    Works without JavaScript: a unit and role that cover too few people stop the first send with
    the small-group warning (and a broader unit, when the wave has one), keeping everything
    entered; "Send anyway" or a change of unit sends it.
    """
    from upstream.speakup import bundle
    from upstream.surveys import codes

    wave = _wave_or_404(wave_id)
    today = timezone.localdate()
    post = request.POST if request.method == "POST" else {}
    units = codes.units_for_code(wave)
    context = {
        "wave": wave,
        "open": wave.is_open(today),
        "units": units,
        "unit_options": picker_options(units),
        "roles": [(v, label) for v, label in RoleGroup.choices if v in codes.roles_for_code(wave)],
        "sections": _sections(wave, post),
        "comment_minimum": getattr(settings, "UPSTREAM_MIN_COMMENT_GROUP_SIZE", 10),
        "comment_limit": limit_words(services.MAX_COMMENT),
        "minimum": settings.UPSTREAM_MIN_GROUP_SIZE,
        "integrity": bundle.integrity(),
        "purpose": codes.purpose_of(wave),
    }
    if request.method != "POST" or not context["open"]:
        return render(request, "surveys/with_code.html", context)
    raw_unit, role_group = request.POST.get("unit", ""), request.POST.get("role_group", "")
    if request.POST.get("broaden"):
        raw_unit, _sep, role_group = request.POST["broaden"].partition("|")
    context.update(
        code=request.POST.get("code", ""),
        comment=request.POST.get("comment", ""),
        chosen_unit=raw_unit,
        chosen_role=role_group,
    )
    unit_id = row_id(raw_unit)
    answers = _answers_from(request.POST, wave)
    missing = codes.missing_for_code(wave, context["code"], unit_id, role_group, answers, context["units"])
    if missing and not request.POST.get("broaden"):
        # Everything left out, each at its field, at once: the service names the first it meets,
        # and a writer met "Choose the unit", then "Choose your role group", then "Answer at least
        # one question", one send at a time (found by a staff walk).
        context["field_errors"] = missing
        context["error"] = ngettext(
            "Please fix the %(count)d thing marked below.",
            "Please fix the %(count)d things marked below.",
            len(missing),
        ) % {"count": len(missing)}
        return render(request, "surveys/with_code.html", context, status=400)
    if request.POST.get("broaden"):
        # Only moves the choice up; nothing is sent until they press send again.
        unit = next((u for u in context["units"] if u.pk == unit_id), None)
        context["small_group"] = codes.small_group_for_code(wave, unit, role_group)
        return render(request, "surveys/with_code.html", context)
    try:
        result = codes.submit_answer_with_code(
            wave,
            request.POST.get("code", ""),
            unit_id=unit_id,
            role_group=role_group,
            answers=answers,
            comment=request.POST.get("comment", ""),
            confirmed=request.POST.get("confirmed") == "on",
        )
    except codes.SmallGroup as exc:
        context.update(small_group=exc.warning, needs_confirmation=True)
        return render(request, "surveys/with_code.html", context)
    except SurveyError as exc:
        _refusal(context, exc)
        # A used code is no use in any store of this browser: the page's script drops it.
        context["spent"] = isinstance(exc, services.AlreadyAnswered)
        return render(request, "surveys/with_code.html", context, status=400)
    return render(
        request,
        "surveys/thanks.html",
        {
            "wave": wave,
            "result": result,
            "resources": settings.UPSTREAM_CRISIS_RESOURCES,
            "with_code": True,
            "integrity": bundle.integrity(),
        },
    )


@never_cache
@without_cookies
@require_GET
def code_coverage(request: HttpRequest, wave_id: int) -> HttpResponse:
    """HTMX partial for the code-answer page: the small-group warning as the unit and role change."""
    from upstream.surveys import codes

    wave = _wave_or_404(wave_id)
    raw_unit = request.GET.get("unit", "")
    unit = next((u for u in codes.units_for_code(wave) if str(u.pk) == raw_unit), None)
    warning = codes.small_group_for_code(wave, unit, request.GET.get("role_group", ""))
    return render(request, "surveys/_small_group.html", {"small_group": warning})
