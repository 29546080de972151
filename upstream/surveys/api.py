"""The surveys API: instruments, waves, answering, results. Same service functions as the pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Literal

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field, StrictBool

from upstream.api.auth import signed_in
from upstream.api.schemas import (
    HELP_LINE_DESCRIPTION,
    AlreadySentOut,
    Day,
    Error,
    HelpLineOut,
    JsonInt,
    RoleGroupKey,
    RoleGroupName,
    RowId,
    StrictIn,
    fixed,
    idempotency_key,
)
from upstream.community.api.resources import help_line_out
from upstream.community.services.resources import crisis_lines
from upstream.intake import formkeys
from upstream.lib.patterns import KEY
from upstream.lib.text import PLAIN_TEXT_PATTERN
from upstream.speakup.services import BASE64URL, CODE_PATTERN, KEY_ID_PATTERN
from upstream.surveys import access, services
from upstream.surveys.codes import State
from upstream.surveys.levels import page_levels
from upstream.surveys.models import Invitation, Status, Wave
from upstream.surveys.results import results_ready, wave_results
from upstream.surveys.services import SurveyError, WavePlan

router = Router(tags=["surveys"], auth=signed_in)

WaveStatus = fixed(Status.values)
# A results row's kind, as results.Row makes them; a role row's group is its answers' (empty for
# answers counted without one, release._in_groups).
RowKind = fixed(["organisation", "unit", "role"])

# Answering with a speak-up code: no session or header is read (registered beside `router`).
code_router = Router(tags=["surveys"], auth=None)


class ChoiceOut(Schema):
    value: int
    label: str


class ItemOut(Schema):
    key: str
    text: str
    choices: list[ChoiceOut]
    theme: str
    nam_factor: str


class ScoreOut(Schema):
    key: str
    label: str
    higher_is: str
    cutoff: str


class InstrumentOut(Schema):
    key: str
    version: int
    title: str
    name: str = Field(
        description="The short name the pages list it by, in `language`. Whether the instrument is "
        'validated is `validated`: the pages mark the name "(not validated)" once where it is false.'
    )
    validated: bool
    validation_note: str
    citation: str
    license: str
    redistribution: str
    items: list[ItemOut]
    scores: list[ScoreOut]
    language: str = Field(
        description="The language of title, item texts, choice and score labels: the request's "
        "(Accept-Language) where the instrument has a translation for it, else the original 'en'. "
        "Keys and values are the same in every language."
    )


class WaveOut(Schema):
    id: int
    title: str
    status: WaveStatus = Field(
        description="As stored: `requested`, `scheduled` or `cancelled`. A scheduled wave stays "
        "`scheduled` while it is open and after it closed; `state` says which, as the page does. Kept "
        "for clients that read it."
    )
    state: Literal["requested", "scheduled", "open", "closed", "cancelled"] = Field(
        description="Today, in the site's time zone, as the manage page shows it: `closed` once its "
        "last day has passed or the office closed it early, `open` from its first day until then, "
        "`scheduled` before its first day, `requested` while a leader's request waits for the office, "
        "`cancelled` once cancelled."
    )
    opens_on: dt.date
    closes_on: dt.date
    unit_ids: list[int]
    role_groups: list[str]
    instruments: list[str]
    invited: int
    results_ready: bool
    closed_early: bool = Field(
        description="The well-being office closed it before its last day ended (`closes_on` is the day "
        "it closed): it takes no more answers or codes, and its results appear with the release after "
        "that day, as for any wave that closed on it."
    )


class CreatedWaveOut(WaveOut):
    small_groups: list[str] = Field(
        description="The wave's groups (a unit, by role group when the wave names some) with fewer people "
        "than the minimum group size, as the page names them (`Oncology Pharmacy, Pharmacist`): their "
        "answers can show only within a broader group, never on their own. Empty when every group is "
        "large enough. Said once, when the wave is scheduled or asked for."
    )


class OpenWaveOut(Schema):
    id: int
    title: str
    closes_on: dt.date
    answered: bool
    units: list[dict] = Field(description="The units you may answer for: {id, name, role_group}.")


class WaveIn(StrictIn):
    title: str = Field(min_length=1, max_length=services.MAX_TITLE)
    unit_ids: list[RowId] = Field(min_length=1, max_length=500, description="Units the wave covers.")
    instruments: list[str] = Field(
        min_length=1, max_length=20, description="Instrument keys (see GET /api/v1/surveys/instruments)."
    )
    opens_on: Day = Field(
        description="The first day it is open, as year-month-day: today or later, at most a year ahead "
        "(400 otherwise)."
    )
    closes_on: Day = Field(
        description="On or after `opens_on` and today, at most 90 days after `opens_on` (400 otherwise)."
    )
    role_groups: list[RoleGroupKey] = Field(
        default_factory=list, max_length=20, description="Only these role groups; empty for everyone."
    )
    every_weeks: int | None = Field(
        None, ge=1, le=52, description="Office only: repeat every N weeks (1-52)."
    )
    request: StrictBool = Field(False, description="A leader's request to the office instead of a schedule.")


class ClosingDayIn(StrictIn):
    closes_on: Day = Field(
        description="The wave's new last day: today or later, at most 90 days after `opens_on`, and for a "
        "repeating wave before its next wave opens (400 otherwise). It stays open until that day ends."
    )


class DecisionIn(StrictIn):
    decision: Literal["approve", "decline", "cancel"] = Field(description="approve, decline or cancel")


# At least one instrument, each with at least one item: `{}` was schema-valid and refused with "Answer
# at least one question." (Schemathesis). An instrument or item the wave does not have is a 404.
# Each value a JSON number (JsonInt): lax mode stored `true` as 1 and `"4"` as 4, and the service's
# own check for true and false came too late to see them. The pages post text, to the service.
InstrumentAnswers = Annotated[dict[str, JsonInt | None], Field(min_length=1)]
ANSWERS_HELP = (
    "{instrument key: {item key: value}}, at least one of each; skip items by leaving them out or "
    "giving null, but answer at least one: a value that is not null somewhere. An instrument or item "
    "the wave does not have is a 404; a value outside the item's choices, a 400."
)
# Skipping an item with null is allowed, skipping them all is not: the page refuses an answer with no
# question answered, and the service does the same with the page's sentence ("Answer at least one
# question."). `{"answers": {"x": {"y": null}}}` was schema-valid and refused (Schemathesis); stated
# here as "not every value of every instrument null", so a schema-driven client sees it.
SOME_ANSWER = {"not": {"additionalProperties": {"additionalProperties": {"type": "null"}}}}


class AnswerIn(StrictIn):
    unit_id: RowId | None = Field(None, description="Needed only when you belong to more than one unit.")
    answers: dict[str, InstrumentAnswers] = Field(
        min_length=1, description=ANSWERS_HELP, json_schema_extra=SOME_ANSWER
    )
    comment: str = Field("", max_length=2000, description="Optional, up to 2,000 characters.")


class AnsweredOut(Schema):
    status: str = Field(description="Always `received`: the answer waits, sealed, for its release.")
    released_at: dt.datetime
    crisis: bool
    crisis_resources: list[str]
    help_line: HelpLineOut = Field(description=HELP_LINE_DESCRIPTION)


class RefusedAnswerOut(Schema):
    """409 to an answer: the survey is closed, or this person or code has answered already. It is
    often a retry whose first answer was lost, so it carries what that answer would have: the quiet
    help line, and the crisis lines when the comment sent now reads as crisis words (screened
    again, never stored again). It cannot say what the first answer was told."""

    detail: str
    crisis: bool
    crisis_resources: list[str]
    help_line: HelpLineOut = Field(description=HELP_LINE_DESCRIPTION)


def _refused(error: SurveyError, comment: str):  # type: ignore[no-untyped-def]
    if error.status != 409:
        return error.status, Error(detail=str(error))
    crisis = services.screen_comment(comment)
    return 409, RefusedAnswerOut(
        detail=str(error),
        crisis=crisis,
        crisis_resources=crisis_lines() if crisis else [],
        help_line=help_line_out(),
    )


class SummaryOut(Schema):
    instrument: str
    score: str
    n: int | None
    mean: float | None
    ci_low: float | None
    ci_high: float | None
    share_above_cutoff: float | None = Field(
        description="Share 0..1 past the instrument's cut-off; null when the cell is hidden, the score "
        "has no cut-off, or fewer than the comment threshold (UPSTREAM_MIN_COMMENT_GROUP_SIZE, default "
        "10) gave this score: in a small group 0 or 1 would say how every one of them answered."
    )


class SurveyRowOut(Schema):
    kind: RowKind
    label: str
    unit_id: int | None
    role_group: RoleGroupName | None = Field(
        description="A `role` row's role group (empty: its answers were stored without one); null for "
        "the other rows."
    )
    n: int | None = Field(description="null when hidden by the privacy rules")
    scores: list[SummaryOut]


class RateOut(Schema):
    unit: str
    unit_id: int | None = Field(None, description="The unit, as `unit_id` in `rows`: names repeat.")
    invited: int | None = Field(description="null when fewer than the minimum group size")
    answered: int | None = Field(
        description="The unit row's `n` in `rows`: the same count, null where that is hidden"
    )


class ResultsOut(Schema):
    wave: WaveOut
    ready: bool
    minimum_group_size: int
    rows: list[SurveyRowOut]
    response_rates: list[RateOut]
    comments: list[dict] = Field(description="[{scope, comments: [text] or null when too few answered}]")


class TrendPointOut(Schema):
    wave_id: int
    title: str
    closes_on: dt.date
    rows: list[SurveyRowOut]


def _instrument_out(row) -> InstrumentOut:  # type: ignore[no-untyped-def]
    language = get_language()
    translated = row.spec.translation(language) is not None
    spec = row.spec.in_language(language)
    return InstrumentOut(
        language=(language or "en").split("-")[0] if translated else "en",
        key=spec.key,
        version=spec.version,
        title=spec.title,
        name=spec.name,
        validated=spec.validated,
        validation_note=spec.validation_note,
        citation=spec.citation,
        license=spec.license.name,
        redistribution=spec.license.redistribution,
        items=[
            ItemOut(
                key=i.key,
                text=i.text,
                choices=[ChoiceOut(value=c.value, label=c.label) for c in spec.choices(i)],
                theme=i.theme,
                nam_factor=i.nam_factor,
            )
            for i in spec.items
        ],
        scores=[
            ScoreOut(
                key=s.key, label=s.label, higher_is=s.higher_is, cutoff=s.cutoff.label if s.cutoff else ""
            )
            for s in spec.scores
        ],
    )


def _wave_out(wave: Wave) -> WaveOut:
    return WaveOut(
        id=wave.pk,
        title=wave.title,
        status=wave.status,
        state=wave.state_on(timezone.localdate()),
        opens_on=wave.opens_on,
        closes_on=wave.closes_on,
        unit_ids=[u.pk for u in wave.units.all()],
        role_groups=wave.role_groups,
        instruments=[i.key for i in wave.instruments.all()],
        invited=wave.invited,
        results_ready=results_ready(wave),
        closed_early=wave.closed_early,
    )


def _rows_out(rows) -> list[SurveyRowOut]:  # type: ignore[no-untyped-def]
    out = []
    for row in rows:
        out.append(
            SurveyRowOut(
                kind=row.kind,
                label=row.label,
                unit_id=row.key[1] if row.kind in ("unit", "role") else None,
                role_group=row.key[2] if row.kind == "role" else None,
                n=row.n,
                scores=[
                    SummaryOut(
                        instrument=c.instrument,
                        score=c.score,
                        n=c.summary.n if c.summary else None,
                        mean=c.summary.mean if c.summary else None,
                        ci_low=c.summary.low if c.summary else None,
                        ci_high=c.summary.high if c.summary else None,
                        share_above_cutoff=c.summary.share_above if c.summary else None,
                    )
                    for c in row.scores
                ],
            )
        )
    return out


@router.get(
    "/instruments", response=list[InstrumentOut], summary="Instruments: items, scales, scoring, licenses"
)
def instruments(request: HttpRequest) -> list[InstrumentOut]:
    """Every active instrument in its newest version, by key: its items and their answer choices, its
    scores and cut-offs, whether it is validated, its citation and license. Texts are in the request's
    language (Accept-Language) where the instrument has a translation for it, else in English
    (`language` says which). Any signed-in account; not paged. Needs the `read` scope."""
    return [_instrument_out(row) for row in services.ensure_instruments().values()]


@router.get("/open", response=list[OpenWaveOut], summary="Waves open for you to answer")
def open_waves(request: HttpRequest) -> list[OpenWaveOut]:
    """The waves you are invited to that are open today, in the site's time zone: from their first
    day to their last, neither cancelled nor closed early. `answered` is true once you answered the
    wave or took a code for it; `units` lists the units and role groups you may answer for. Any
    signed-in account (an empty list when nothing is open for you); not paged. Needs the `read`
    scope."""
    return [
        OpenWaveOut(
            id=wave.pk,
            title=wave.title,
            closes_on=wave.closes_on,
            answered=done,
            units=[
                {"id": u.pk, "name": u.name, "role_group": r}
                for u, r in services.answering_choices(request.user, wave)
            ],
        )
        for wave, done in services.open_waves_for(request.user)
    ]


class CodeWaveOut(Schema):
    id: int
    purpose: str = Field(description="`wave:{id}`: the purpose a code for this wave is made for.")
    title: str
    state: State = Field(
        description="Today, in the site's time zone: `open` until its last day has passed, then `closed`; "
        "`cancelled` once the well-being office cancelled it, whenever that was. A code of a wave that is "
        "not `open` can no longer be used."
    )
    closes_on: dt.date = Field(description="The wave's last day, as the server holds it now.")


@router.get(
    "/code-waves",
    response=list[CodeWaveOut],
    summary="Every wave a code of yours could be for, with its state today",
    description="Every wave you were invited to, whether or not you took a code or answered: the same "
    "list the code page gives its script, so a client holding codes judges them by the server's day "
    "and not the device's, without telling the server which codes it holds.",
)
def code_waves(request: HttpRequest, response: HttpResponse) -> list[CodeWaveOut]:
    from upstream.surveys import codes

    response["Cache-Control"] = "no-store, max-age=0"
    return [
        CodeWaveOut(
            id=wave.id,
            purpose=wave.purpose,
            title=wave.title,
            state=wave.state,
            closes_on=dt.date.fromisoformat(wave.closes_on),
        )
        for wave in codes.code_waves(request.user)
    ]


@router.get("/waves", response={200: list[WaveOut], 404: Error}, summary="Waves in the units you lead")
def waves(request: HttpRequest):  # type: ignore[no-untyped-def]
    """Every wave that covers a unit in the subtrees you lead, or a unit above them (every wave, for
    the well-being office), whatever its state: requested, scheduled, open, closed or cancelled (`state`,
    today's, as the manage page shows it). The latest to open first; not paged. 404 for an account
    that leads no unit (a deputy does, on the days they cover) and is not the office. Needs the `read`
    scope."""
    if not access.can_see_results(request.user):
        return 404, Error(detail=_("Only leaders and the well-being office see waves."))
    return 200, [_wave_out(w) for w in access.visible_waves(request.user)]


IDEMPOTENCY_HELP = (
    "Optional. A value you choose per wave (e.g. a UUID): a repeat with the same key, after a timeout "
    "or retry, is refused with 409 and never creates a second wave (nobody is invited twice). Kept "
    "only as a keyed hash, for a few days."
)


@router.post(
    "/waves",
    response={201: CreatedWaveOut, 400: Error, 403: Error, 404: Error, 409: AlreadySentOut},
    summary="Schedule a wave (the office) or ask the office for one in your subtree (a leader)",
    description="400: dates out of order, in the past, opening more than a year ahead or more than 90 "
    "days apart, or a request that repeats (`detail` names every rule broken). 403: only the "
    "well-being office schedules waves (a leader sends `request: true`). 404: a "
    "unit that does not exist or that you do not lead, or an unknown instrument. 409: the "
    "`Idempotency-Key` was already used by you (`This was already sent. Nothing was sent twice.`); no "
    "second wave is created.",
)
def create_wave(
    request: HttpRequest,
    payload: WaveIn,
    idempotency_key: str | None = idempotency_key(IDEMPOTENCY_HELP),
):  # type: ignore[no-untyped-def]
    plan = WavePlan(
        title=payload.title,
        unit_ids=payload.unit_ids,
        instrument_keys=payload.instruments,
        opens_on=payload.opens_on,
        closes_on=payload.closes_on,
        role_groups=payload.role_groups,
        every_weeks=payload.every_weeks,
    )
    form_key = formkeys.for_account(request.user.pk, "wave", idempotency_key)
    try:
        if payload.request:
            wave = services.request_wave(request.user, plan, form_key=form_key)
        else:
            wave = services.schedule_wave(request.user, plan, form_key=form_key)
    except SurveyError as exc:
        return exc.status, Error(detail=str(exc))
    return 201, CreatedWaveOut(**_wave_out(wave).dict(), small_groups=services.small_groups(wave))


@router.post(
    "/waves/{wave_id}/decision",
    response={200: WaveOut, 404: Error, 409: Error},
    summary="Approve, decline or cancel",
    description="`cancel` cannot be undone: the wave takes no more answers, and those already given "
    "are kept, but a cancelled wave has no results and is left out of trends. It is done in this one "
    "call: the page asks the office to confirm first, a safeguard of the page only. 404: no such wave, "
    "or you are not the well-being office. 409: approve or decline a wave that is not waiting for a "
    "decision, or cancel one that is already cancelled or has closed (its answers count and its results "
    "may show).",
)
def decide(request: HttpRequest, wave_id: RowId, payload: DecisionIn):  # type: ignore[no-untyped-def]
    def change(wave: Wave) -> Wave:
        if payload.decision == "cancel":
            return services.cancel_wave(request.user, wave)
        return services.decide_request(request.user, wave, approve=payload.decision == "approve")

    return _change_wave(request, wave_id, change)


def _office_wave(request: HttpRequest, wave_id: int) -> Wave | None:
    """The wave, for the well-being office; None (a 404) for a wave that does not exist or anyone else."""
    if not access.is_office(request.user):
        return None
    return Wave.objects.filter(pk=wave_id).prefetch_related("units", "instruments").first()


def _change_wave(request: HttpRequest, wave_id: int, change: Callable[[Wave], Wave]):  # type: ignore[no-untyped-def]
    """The office's change to a wave, answered with the wave; 404 for anyone else, the refusal's status."""
    wave = _office_wave(request, wave_id)
    if wave is None:
        return 404, Error(detail=_("No such wave."))
    try:
        return 200, _wave_out(change(wave))
    except SurveyError as exc:
        return exc.status, Error(detail=str(exc))


CLOSING_CONFLICTS = (
    "409: the wave has already closed (a closed wave is never closed again or reopened), was cancelled, "
    "is waiting for a decision, or has not opened yet (cancel it instead)."
)


@router.post(
    "/waves/{wave_id}/close",
    response={200: WaveOut, 404: Error, 409: Error},
    summary="Close an open wave now, keeping its answers so far",
    description="Today becomes its last day (`closes_on`, with `closed_early` true) and no answer or code "
    "is taken from now on. Its waiting answers are released with tomorrow morning's batch, in broadened "
    "groups where a group is small, and its results appear then, exactly as for a wave that closed on its "
    "last day. It cannot be undone, and it is done in this one call: the page asks the office to "
    "confirm first, a safeguard of the page only. 404: no such wave, or you are not the well-being "
    "office. " + CLOSING_CONFLICTS,
)
def close(request: HttpRequest, wave_id: RowId):  # type: ignore[no-untyped-def]
    return _change_wave(request, wave_id, lambda wave: services.close_wave(request.user, wave))


@router.post(
    "/waves/{wave_id}/closing-day",
    response={200: WaveOut, 400: Error, 404: Error, 409: Error},
    summary="Give an open wave another last day, earlier or later",
    description="400: a day before today, more than 90 days after `opens_on`, or (a repeating wave) on or "
    "after the day its next wave opens. 404: no such wave, or you are not the well-being office. "
    + CLOSING_CONFLICTS,
)
def closing_day(request: HttpRequest, wave_id: RowId, payload: ClosingDayIn):  # type: ignore[no-untyped-def]
    return _change_wave(
        request, wave_id, lambda wave: services.change_closing_day(request.user, wave, payload.closes_on)
    )


@router.post(
    "/answer/{wave_id}",
    response={202: AnsweredOut, 400: Error, 404: Error, 409: RefusedAnswerOut},
    summary="Answer a wave once, anonymously",
    description="400: answers or comment that break a rule, or no `unit_id` when you belong to more "
    "than one unit. 404: not a survey for you, or a `unit_id` you do not answer for. 409: the survey is "
    "closed, or you have already answered it.",
)
def answer(request: HttpRequest, wave_id: RowId, payload: AnswerIn):  # type: ignore[no-untyped-def]
    """The answer is sealed in the intake and released in the next shuffled batch; who answered is
    recorded apart, to the day. A second answer gets 409."""

    wave = Wave.objects.filter(pk=wave_id).prefetch_related("instruments", "units").first()
    if wave is None or not Invitation.objects.filter(wave=wave, user=request.user).exists():
        return 404, Error(detail=_("No such survey for you."))
    try:
        done = services.submit_answer(
            request.user, wave, unit_id=payload.unit_id, answers=payload.answers, comment=payload.comment
        )
    except SurveyError as exc:
        return _refused(exc, payload.comment)
    resources = crisis_lines() if done.crisis else []
    return 202, AnsweredOut(
        status="received",
        released_at=done.release_at,
        crisis=done.crisis,
        crisis_resources=resources,
        help_line=help_line_out(),
    )


@router.get("/waves/{wave_id}/results", response={200: ResultsOut, 404: Error}, summary="Thresholded results")
def results(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    wave_id: RowId,
    within: RowId | None = Query(  # noqa: B008 - ninja's parameter spec
        None,
        description="A unit id: only the rows the results page shows with that unit open (it, two levels "
        "below it, the units above it, the organisation and the role groups). Left out (default): every "
        "row. A unit outside the results you can see is a 404.",
    ),
):
    """Every row of the wave's table, or with `within` (a unit id) the rows the results page shows
    when that unit is opened: it and two levels of units below it, the units above it, the
    organisation and the role groups. All from the same suppression either way."""
    try:
        wave = access.wave_for_viewer(request.user, wave_id)
    except access.WaveNotFound:
        return 404, Error(detail=_("No such wave in the units you lead."))
    found = wave_results(wave, access.result_scopes(request.user))
    rows, rates = found.rows, found.rates
    if within is not None and found.ready:
        try:
            levels = page_levels(found, str(within))
        except Http404 as exc:
            return 404, Error(detail=str(exc))
        rows, rates = levels.rows, levels.rates
    return 200, ResultsOut(
        wave=_wave_out(wave),
        ready=found.ready,
        minimum_group_size=found.minimum,
        rows=_rows_out(rows),
        response_rates=[
            RateOut(unit=r.label, unit_id=r.unit_id, invited=r.invited, answered=r.answered) for r in rates
        ],
        comments=[
            {"scope": scope.name, "comments": None if comments is None else [c.text for c in comments]}
            for scope, comments in found.comments
        ],
    )


# An instrument's key is a slug (Instrument.key); a score's key is the instrument's own word.
InstrumentKey = Annotated[str, Field(max_length=64, pattern=KEY, description="An instrument key.")]
ScoreKey = Annotated[str, Field(max_length=64, pattern=PLAIN_TEXT_PATTERN, description="One of its scores.")]


@router.get("/trends", response={200: list[TrendPointOut], 404: Error}, summary="One score across waves")
def trends(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    instrument: InstrumentKey = Query(  # noqa: B008 - ninja's parameter spec
        ...,
        description="Required: an instrument key (see GET /api/v1/surveys/instruments). Waves without it "
        "are left out.",
    ),
    score: ScoreKey = Query(  # noqa: B008 - as above
        ...,
        description="Required: one of that instrument's score keys (its `scores` in GET "
        "/api/v1/surveys/instruments); another key gives rows with no scores.",
    ),
):
    """One score of one instrument across the waves whose results you may see, oldest first: every
    scheduled wave that used the instrument and whose results are out (requested and cancelled ones
    are left out). Each point holds that wave's organisation and unit rows within the units you lead
    (everything, for the well-being office), under the same privacy rules as its results: a hidden
    cell is null. An unknown instrument gives an empty list. 404 for an account that neither leads a
    unit nor is the office. Needs the `read` scope."""
    if not access.can_see_results(request.user):
        return 404, Error(detail=_("Only leaders and the well-being office see results."))
    scopes = access.result_scopes(request.user)
    waves = [w for w in access.visible_waves(request.user) if w.status == Status.SCHEDULED]
    out = []
    for wave in sorted(waves, key=lambda w: w.opens_on):
        if not results_ready(wave) or instrument not in {i.key for i in wave.instruments.all()}:
            continue
        found = wave_results(wave, scopes)
        rows = [r for r in found.rows if r.kind in ("organisation", "unit")]
        for r in rows:
            r.scores = [c for c in r.scores if c.instrument == instrument and c.score == score]
        out.append(
            TrendPointOut(wave_id=wave.pk, title=wave.title, closes_on=wave.closes_on, rows=_rows_out(rows))
        )
    return 200, out


class CodeIn(StrictIn):
    key_id: str = Field(
        max_length=64, pattern=KEY_ID_PATTERN, description="From GET /api/v1/speakup/keys/wave:{wave_id}."
    )
    blinded_message: str = Field(
        min_length=1,
        max_length=2048,
        pattern=BASE64URL,
        description="base64url, no padding (RFC 9474 Blind).",
    )


class CodeOut(Schema):
    purpose: str
    blind_signature: str = Field(description="base64url; finalize it in the browser into your code.")
    title: str = Field(
        description="The wave's title, as its code page shows it: keep it beside the code (on the device, "
        "not on the server) to know which survey the code answers."
    )
    closes_on: dt.date = Field(
        description="The wave's last day: the code can be used until then, and no longer once it has closed."
    )


class CodeAnswerIn(StrictIn):
    token: str = Field(max_length=4096, pattern=CODE_PATTERN, description="Your code for this wave.")
    unit_id: RowId
    role_group: RoleGroupKey
    answers: dict[str, InstrumentAnswers] = Field(
        min_length=1, description=ANSWERS_HELP, json_schema_extra=SOME_ANSWER
    )
    comment: str = Field("", max_length=services.MAX_COMMENT, description="Optional, up to 2,000 characters.")
    confirmed: StrictBool = Field(
        False,
        description=(
            "Send even though fewer than the minimum group size share this unit and role "
            "(without it such an answer gets 400 naming a broader unit, and the code stays unspent)."
        ),
    )


def _b64(value: bytes) -> str:
    import base64

    return base64.urlsafe_b64encode(value).rstrip(b"=").decode()


def _unb64(value: str) -> bytes | None:
    import base64
    import binascii

    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        return None


@router.post(
    "/answer/{wave_id}/code",
    response={200: CodeOut, 400: Error, 403: Error, 404: Error, 409: Error},
    summary="Take a code to answer later without signing in (uses up your answer to this wave)",
    description="403: your account cannot obtain a code for this wave. 404: not a survey for you. 409: "
    "the survey is closed, you have already answered it, the key changed, or the message is not of its "
    "modulus length or out of its range.",
)
def take_code(request: HttpRequest, wave_id: RowId, payload: CodeIn, response: HttpResponse):  # type: ignore[no-untyped-def]
    from upstream.surveys import codes

    response["Cache-Control"] = "no-store, max-age=0"
    wave = Wave.objects.filter(pk=wave_id).first()
    if wave is None or not Invitation.objects.filter(wave=wave, user=request.user).exists():
        return 404, Error(detail=_("No such survey for you."))
    blinded = _unb64(payload.blinded_message)
    if blinded is None:
        return 400, Error(detail=_("A blinded message is not valid base64url."))
    try:
        issued = codes.issue_code(request.user, wave, blinded, payload.key_id)
    except SurveyError as exc:
        return exc.status, Error(detail=str(exc))
    return 200, CodeOut(
        purpose=codes.purpose_of(wave),
        blind_signature=_b64(issued.blind_signatures[0]),
        title=wave.title,
        closes_on=wave.closes_on,
    )


@code_router.post(
    "/{wave_id}/with-code",
    response={202: AnsweredOut, 400: Error, 403: Error, 404: Error, 409: RefusedAnswerOut},
    summary="Answer a wave with a code, without an account",
    description=(
        "400: bad answers, or a unit and role shared by fewer than the minimum group size without "
        "`confirmed` (the code is not spent). 403: the code is not valid for this wave, or has expired. "
        "404: no such survey, or a unit or role group the wave does not cover. 409: the survey is "
        "closed, or the code was already used."
    ),
)
def answer_with_code(request: HttpRequest, wave_id: RowId, payload: CodeAnswerIn):  # type: ignore[no-untyped-def]
    """Reads no session, cookie or header: the code is the only credential, and it says only that
    someone invited to this wave sent this answer. A used code gets 409."""

    from upstream.surveys import codes

    wave = Wave.objects.filter(pk=wave_id).prefetch_related("instruments", "units").first()
    if wave is None:
        return 404, Error(detail=_("No such survey."))
    try:
        done = codes.submit_answer_with_code(
            wave,
            payload.token,
            unit_id=payload.unit_id,
            role_group=payload.role_group,
            answers=payload.answers,
            comment=payload.comment,
            confirmed=payload.confirmed,
        )
    except SurveyError as exc:
        return _refused(exc, payload.comment)
    resources = crisis_lines() if done.crisis else []
    return 202, AnsweredOut(
        status="received",
        released_at=done.release_at,
        crisis=done.crisis,
        crisis_resources=resources,
        help_line=help_line_out(),
    )
