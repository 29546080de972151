"""Listening sessions (focus groups, rounds) in the API: as their leaders read them, and recorded.

Reading gives the same privacy-checked summary as the page (counts by theme and role group, redacted
excerpts), never the raw turns. Recording takes the page's two steps with the page's rules:
`POST /listening/reviews` reads the transcript (the upload form's own checks and messages) and answers
with the names found and a signed `review`; nothing from the upload is stored, anywhere, until
`POST /listening` comes back with that `review` and the names to redact. Only then are names replaced
by "[name]" and the turns stored and coded, by `record_review` as on the page.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import File, Form, Query, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import Field, StringConstraints

from upstream.api.auth import signed_in
from upstream.api.errors import InvalidInput
from upstream.api.paging import PageParams, paginate
from upstream.api.schemas import (
    TITLE_MAX,
    Day,
    Error,
    PageMeta,
    RowId,
    StrictIn,
    TextAsThePagesCountIt,
    ValidationErrorOut,
    fixed,
)
from upstream.lib.patterns import described
from upstream.listening.access import (
    SessionNotFound,
    can_upload,
    session_for_leader,
    upload_scopes,
    visible_sessions,
)
from upstream.listening.forms import MAX_BYTES, UploadForm
from upstream.listening.models import SPEAKER_ROLES, ListeningSession, SessionKind
from upstream.listening.names import few_capitals, flag_names, highlight
from upstream.listening.review import MAX_AGE, Review, ReviewInvalid, open_review, sign_review
from upstream.listening.services import ListeningError, record_review
from upstream.listening.summary import summarise
from upstream.listening.transcripts import MAX_TURNS
from upstream.org.models import Unit

router = Router(tags=["listening sessions"], auth=signed_in)

SessionKindName = fixed(SessionKind.values)
# A turn's role as transcripts.role_for finds it: a role group (`other` when none matched) or facilitator.
SpeakerRole = fixed([key for key, _label in SPEAKER_ROLES])


class SessionOut(Schema):
    id: int
    title: str
    kind: SessionKindName
    held_on: dt.date
    scope_id: int
    scope: str
    guide_used: bool
    coded: bool = Field(
        description="False while a long session's turns are still being coded by a background task "
        "(more than 300 participant turns); its theme counts are empty until then. Read it again later."
    )


class SessionPage(PageMeta):
    items: list[SessionOut]


class ColumnOut(Schema):
    key: str
    label: str


class RowOut(Schema):
    key: str = Field(description="A theme key.")
    name: str
    cells: list[int] = Field(description="Turns per column, in the order of `columns`.")


class ExcerptOut(Schema):
    text: str = Field(description="Already redacted.")
    group: str = Field(description="The column (role group) it came from.")


class TopThemeOut(Schema):
    key: str
    name: str
    excerpts: list[ExcerptOut]
    single_speaker: bool = Field(description="Raised by one speaker: no excerpt is shown.")


class SessionDetail(SessionOut):
    """What the session page shows: counts by theme and role group, through the minimum group size."""

    minimum: int = Field(description="Role groups with fewer speakers are folded or left out.")
    speakers: int
    crisis_turns: int
    folded: bool = Field(description="Some role groups were counted under 'Other roles'.")
    left_out: bool = Field(description="Some speakers were left out: even together they were too few.")
    columns: list[ColumnOut]
    rows: list[RowOut]
    top: list[TopThemeOut]


def _out(session, schema=SessionOut, **extra) -> SessionOut:
    return schema(
        id=session.pk,
        title=session.title,
        kind=session.kind,
        held_on=session.held_on,
        scope_id=session.scope_id,
        scope=session.scope.name,
        guide_used=session.guide_used,
        coded=session.coded,
        **extra,
    )


@router.get("", response={200: SessionPage}, summary="Sessions in the units you lead, latest first")
def sessions(request: HttpRequest, page: Query[PageParams]) -> SessionPage:
    """The listening sessions held with a unit in the subtrees you lead (a deputy's too, on the days
    they cover), the latest held first, paged; an account that leads no unit gets an empty page. Each
    one's counts and excerpts are at GET /api/v1/listening/{session_id}. Needs the `read` scope."""
    found = paginate(visible_sessions(request.user).order_by("-held_on", "-pk"), page)
    return SessionPage(items=[_out(s) for s in found.items], **found.meta())


KindName = Literal["focus_group", "town_hall"]
# A signed review's form (django.core.signing: an optional "." for compressed, the payload, the time
# and the signature, in base64url and base62). Its signature is checked on saving: a review of this
# form that was changed, has expired or is another leader's is still a 400 saying so.
REVIEW_PATTERN = described(
    r"^\.?[A-Za-z0-9_-]+:[0-9A-Za-z]+:[A-Za-z0-9_-]+$",
    gettext_lazy(
        "The reviewed transcript could not be verified: it was changed after upload. Upload it again."
    ),
)
NAMES_MAX = 100
NAME_MAX = 100
REDACT_MAX = 2000
Name = Annotated[str, StringConstraints(max_length=NAME_MAX)]


class UploadIn(TextAsThePagesCountIt):
    title: str = Field(
        min_length=1, max_length=TITLE_MAX, description="1 to 200 characters, e.g. 'Residents, spring'."
    )
    kind: KindName = Field(description="focus_group or town_hall.")
    held_on: Day = Field(
        description="The day it was held, as year-month-day; not in the future, in 2000 or later."
    )
    scope_id: RowId = Field(
        description="The unit whose staff took part: one you lead (see GET /api/v1/units)."
    )
    guide_used: bool = Field(False, description="Run with Upstream's discussion guide.")
    text: str = Field(
        "",
        max_length=MAX_BYTES,
        description="The transcript pasted as text; or send `file` instead (not both). Each turn starts "
        "with the speaker's role, like 'Resident 2:' or 'Nurse:'.",
    )


TRANSCRIPT_FILE = File(None, description="The transcript: .txt or .vtt, UTF-8, up to 2 MB; or send `text`.")


class TurnPreview(Schema):
    role: SpeakerRole = Field(description="A role group key, 'facilitator' or 'other'.")
    label: str = Field(description="The speaker label as written; a name in it is listed in `names`.")
    text: str = Field(
        description="As uploaded, email addresses and phone numbers already replaced by [email] and "
        "[phone]; names not yet redacted."
    )
    line: int = Field(description="Where the turn starts in the upload.")
    names: list[str] = Field(description="Names found in this turn's label and text.")


class ReviewOut(Schema):
    review: str = Field(
        description="Send it back to POST /api/v1/listening to save. Signed for you alone, valid for "
        "3 hours; it carries the transcript, so the server keeps nothing until then."
    )
    expires_at: dt.datetime
    title: str
    kind: KindName
    held_on: dt.date
    scope_id: int
    scope: str
    guide_used: bool
    names: list[str] = Field(
        description="Candidate names, first seen first. All are redacted unless `redact` says otherwise."
    )
    turn_count: int = Field(description=f"At most {MAX_TURNS}.")
    turns: list[TurnPreview] = Field(description="Every turn, in order, to check the names against.")
    few_capitals: bool = Field(
        description="The transcript has almost no capital letters, or is almost all capitals (automatic "
        "captions): more names are missed without capitals to go by, about one in four or five in tests. "
        "Read every turn for names to add."
    )


class ConfirmIn(StrictIn):
    review: str = Field(
        min_length=1,
        max_length=4 * MAX_BYTES,
        pattern=REVIEW_PATTERN,
        description="The `review` from POST /api/v1/listening/reviews, as it came.",
    )
    redact: list[Name] | None = Field(
        None,
        max_length=REDACT_MAX,
        description="Which of the review's `names` to redact; omit or null for all of them. A name "
        "left out is stored as written: leave out only words that are not names.",
    )
    extra_names: list[Name] = Field(
        [],
        max_length=NAMES_MAX,
        description="Names the review missed; every occurrence becomes [name]. Up to 100, each up to "
        "100 characters; one-letter entries are ignored.",
    )


def _form_errors(form: UploadForm) -> list[dict[str, Any]]:
    fields = {"scope": "scope_id", "__all__": "body"}
    return [
        {
            "loc": ["form", fields.get(field, field)],
            "msg": str(problem["message"]),
            "type": problem["code"] or "invalid",
        }
        for field, problems in form.errors.get_json_data().items()
        for problem in problems
    ]


def _leader_only(request: HttpRequest) -> None:
    if not can_upload(request.user):
        raise HttpError(404, _("You do not lead any unit."))


def _scope(request: HttpRequest, scope_id: int) -> Unit | None:
    return next((u for u in upload_scopes(request.user) if u.pk == scope_id), None)


def _preview(review: Review) -> list[TurnPreview]:
    previews = []
    for turn in review.turns:
        found = [
            part
            for part, is_name in [*highlight(turn.label, review.names), *highlight(turn.text, review.names)]
            if is_name
        ]
        previews.append(
            TurnPreview(
                role=turn.role,
                label=turn.label,
                text=turn.text,
                line=turn.line,
                names=list(dict.fromkeys(found)),
            )
        )
    return previews


@router.post(
    "/reviews",
    response={200: ReviewOut, 400: ValidationErrorOut, 404: Error},
    summary="Upload a transcript (.txt or .vtt, up to 2 MB) and get the names found; nothing is stored",
    description=(
        "Multipart form: the fields below, and the transcript as `file` (plain text .txt or WebVTT .vtt, "
        "UTF-8, up to 2 MB) or as `text`, not both. The same checks and messages as the upload page: "
        "an unreadable transcript gets 400 naming the line. Nothing is stored: the answer carries the "
        "parsed transcript in the signed `review`. An account that leads no unit, or a `scope_id` that "
        "is not a unit you lead or one below it, gets 404."
    ),
)
def review_upload(
    request: HttpRequest,
    data: Form[UploadIn],
    file: UploadedFile | None = TRANSCRIPT_FILE,
) -> ReviewOut:
    _leader_only(request)
    if _scope(request, data.scope_id) is None:
        raise HttpError(404, _("Please choose a unit you lead, or one below it."))
    fields = {
        "title": data.title,
        "kind": data.kind,
        "held_on": data.held_on.isoformat(),
        "scope": str(data.scope_id),
        "text": data.text,
    }
    if data.guide_used:
        fields["guide_used"] = "on"
    form = UploadForm(fields, {"file": file} if file is not None else {}, user=request.user)
    if not form.is_valid():
        raise InvalidInput(_form_errors(form))
    scope = form.chosen_scope()
    clean = form.cleaned_data
    review = Review(
        title=clean["title"],
        kind=clean["kind"],
        held_on=clean["held_on"],
        scope_id=scope.pk,
        guide_used=clean["guide_used"],
        turns=form.turns,
        names=flag_names(form.turns),
    )
    # Answered straight from the request: nothing from the upload is stored until it is confirmed.
    return ReviewOut(
        review=sign_review(review, request.user.pk),
        expires_at=timezone.now() + MAX_AGE,
        title=review.title,
        kind=review.kind,
        held_on=review.held_on,
        scope_id=scope.pk,
        scope=scope.name,
        guide_used=review.guide_used,
        names=review.names,
        turn_count=len(review.turns),
        turns=_preview(review),
        few_capitals=few_capitals(review.turns),
    )


def _names_to_redact(review: Review, payload: ConfirmIn) -> list[str]:
    chosen = review.names if payload.redact is None else payload.redact
    unknown = [name for name in chosen if name not in review.names]
    if unknown:
        raise InvalidInput(
            [
                {
                    "loc": ["body", "payload", "redact"],
                    "msg": _(
                        "%(name)r is not among the names found; put names the review missed in extra_names."
                    )
                    % {"name": unknown[0]},
                    "type": "invalid_choice",
                }
            ]
        )
    extra = [name.strip() for name in payload.extra_names]
    return [*dict.fromkeys(chosen), *(name for name in extra if len(name) > 1)]


@router.post(
    "",
    response={200: SessionDetail, 201: SessionDetail, 400: ValidationErrorOut, 404: Error},
    summary="Save a reviewed transcript: names redacted, then the turns stored and coded by theme",
    description=(
        "Send back the `review` from POST /api/v1/listening/reviews, which names to redact (`redact`, "
        "default all the names found) and any it missed (`extra_names`). Every occurrence becomes "
        "[name]; a speaker label holding a name becomes 'Speaker N'. A review that was changed, has "
        "expired (after 3 hours) or was started by someone else gets 404 and nothing is stored; a name "
        "in `redact` that the review did not find, 400. A unit you no longer lead gets 404. "
        "Sending the same review again (a retry) stores nothing new: 200 with the session saved "
        "the first time."
    ),
)
def confirm_review(request: HttpRequest, payload: ConfirmIn) -> tuple[int, SessionDetail]:
    _leader_only(request)
    try:
        review = open_review(payload.review, request.user.pk)
    except ReviewInvalid as error:
        # A review of the right form whose signature does not hold for this leader names no review
        # of theirs (changed, expired or another's): a 404, as what is missing or not yours is. It
        # was a 400, a schema-valid request refused.
        raise HttpError(404, str(error)) from None
    redact = _names_to_redact(review, payload)
    scope = _scope(request, review.scope_id)
    if scope is None:
        raise HttpError(404, _("No such unit among those you lead."))
    try:
        # The same review confirmed before, or at the same moment: the session stored then, and 200.
        session, stored_now = record_review(review, user=request.user, scope=scope, redact=redact)
    except ListeningError as error:
        raise InvalidInput([{"loc": ["body"], "msg": str(error), "type": "listening"}]) from None
    return (201 if stored_now else 200), session_detail(session)


@router.get(
    "/{session_id}",
    response={200: SessionDetail, 404: Error},
    summary="One session: counts by theme and role group, excerpts",
)
def session(request: HttpRequest, session_id: RowId) -> SessionDetail:
    """A session's summary as its page shows it, never the raw turns: turns counted by theme and role
    group (the facilitator's left out), and the top themes with up to 3 redacted excerpts each. Role
    groups with too few speakers are counted under "Other roles" (`folded`), and left out when even
    that is fewer than `minimum` (`left_out`); a theme one speaker raised gets no excerpt. 404 when the
    session does not exist or is not in the units you lead. Needs the `read` scope."""
    try:
        found = session_for_leader(request.user, session_id)
    except SessionNotFound:
        raise HttpError(404, _("No such session in your units.")) from None
    return session_detail(found)


def session_detail(found: ListeningSession) -> SessionDetail:
    """What the session page shows, for reading a session and for the answer to saving one."""
    summary = summarise(found)
    return _out(
        found,
        SessionDetail,
        minimum=summary.minimum,
        speakers=summary.speakers,
        crisis_turns=summary.crisis_turns,
        folded=summary.folded,
        left_out=summary.left_out,
        columns=[ColumnOut(key=c.key, label=str(c.label)) for c in summary.columns],
        rows=[RowOut(key=r.key, name=r.name, cells=r.cells) for r in summary.rows],
        top=[
            TopThemeOut(
                key=t.key,
                name=t.name,
                excerpts=[ExcerptOut(text=text, group=str(group)) for text, group in t.excerpts],
                single_speaker=t.single_speaker,
            )
            for t in summary.top
        ],
    )
