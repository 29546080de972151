"""Early warnings in the JSON API: the same per-leader view and noting as the inbox."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from upstream.api.auth import signed_in
from upstream.api.schemas import Error, RowId
from upstream.signals.services import note_signal, signal_for_leader, warnings_for

router = Router(tags=["early warnings"], auth=signed_in)


class Level(Schema):
    id: int
    scope_id: int
    scope: str
    observed: int
    expected: float


class WarningOut(Schema):
    id: int
    theme: str
    scope_id: int
    scope: str
    raised_on: dt.date
    started_on: dt.date
    message: str = Field(
        description="The English sentence stored when the rise was found ('in the last 14 days')."
    )
    sentence: str = Field(
        description="The warning as the pages word it, in the request's language, its window named by its "
        "last day ('in the 14 days to 3 Dec'): show this one."
    )
    also: list[Level]


class NoteOut(Schema):
    noted: list[int]


@router.get("", response=list[WarningOut], summary="My early warnings: each rise once, where it is sharpest")
def warnings(
    request: HttpRequest,
    noted: bool = Query(  # noqa: B008 - ninja's parameter spec
        False,
        description="true: only the warnings you noted (the inbox's ?noted=1); "
        "false (the default): only those you have not.",
    ),
) -> list[WarningOut]:
    """Your early warnings, as the inbox shows them: each open rise once, at the level where it is
    sharpest, with the other levels it was seen at in `also` (top first); the latest raised first, not
    paged. By default only those you have not noted; `noted=true` gives only those you noted (noting is
    yours alone). Within the subtrees you lead (a deputy's too, on the days they cover); an account that
    leads none gets an empty list. Needs the `read` scope."""
    return [
        WarningOut(
            id=w.signal.pk,
            theme=w.signal.theme.key,
            scope_id=w.signal.scope_id,
            scope=w.signal.scope.name,
            raised_on=w.signal.raised_on,
            started_on=w.signal.started_on,
            message=w.signal.message,
            sentence=w.signal.sentence,
            also=[
                Level(
                    id=s.pk, scope_id=s.scope_id, scope=s.scope.name, observed=s.observed, expected=s.expected
                )
                for s in w.also
            ],
        )
        for w in warnings_for(request.user, noted=noted)
    ]


@router.post(
    "/{signal_id}/note",
    response={200: NoteOut, 404: Error},
    summary="Mark a rise as noted, for me",
    description="Notes every level of the rise you can see, for you only. Idempotent, as acknowledging "
    "a concern is: noting a warning you already noted (a retry, a second tab) changes nothing and "
    "answers 200 with the same `noted` list. 404 only for a warning outside your units.",
)
def note(request: HttpRequest, signal_id: RowId) -> NoteOut:
    signal = signal_for_leader(request.user, signal_id)
    if signal is None:
        raise HttpError(404, _("No such early warning in your units."))
    return NoteOut(noted=[n.signal_id for n in note_signal(signal, request.user)])
