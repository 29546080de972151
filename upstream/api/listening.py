"""Listening sessions (focus groups, rounds) as their leaders read them: the same privacy-checked
summary as the page (counts by theme and role group, redacted excerpts), never the raw turns."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from upstream.api.auth import signed_in
from upstream.api.paging import PageParams, paginate
from upstream.api.schemas import ID_MAX, Error, PageMeta
from upstream.listening.access import SessionNotFound, session_for_leader, visible_sessions
from upstream.listening.summary import summarise

router = Router(tags=["listening sessions"], auth=signed_in)


class SessionOut(Schema):
    id: int
    title: str
    kind: str
    held_on: dt.date
    scope_id: int
    scope: str
    guide_used: bool


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
        **extra,
    )


@router.get("", response={200: SessionPage}, summary="Sessions in the units you lead, latest first")
def sessions(request: HttpRequest, page: Query[PageParams]) -> SessionPage:
    found = paginate(visible_sessions(request.user).order_by("-held_on", "-pk"), page)
    return SessionPage(items=[_out(s) for s in found.items], **found.meta())


@router.get(
    "/{session_id}",
    response={200: SessionDetail, 404: Error},
    summary="One session: counts by theme and role group, excerpts",
)
def session(request: HttpRequest, session_id: int = Path(..., ge=1, le=ID_MAX)) -> SessionDetail:
    try:
        found = session_for_leader(request.user, session_id)
    except SessionNotFound:
        raise HttpError(404, _("No such session in your units.")) from None
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
