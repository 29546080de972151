from __future__ import annotations

import datetime as dt
import uuid

from ninja import Schema
from pydantic import ConfigDict, Field


class Error(Schema):
    detail: str


class StrictIn(Schema):
    """Request bodies refuse fields they do not know (a typo must not be silently dropped)."""

    model_config = ConfigDict(extra="forbid")


class ConcernIn(StrictIn):
    text: str = Field(
        description="What is wrong, 10 to 5,000 characters after trimming; no NUL or control characters.",
        max_length=20000,
    )
    unit_id: int | None = Field(
        None, description="Your unit, department or hospital; omit for the whole organisation."
    )
    role_group: str | None = Field(None, description="Your role group, or omit.")


class Submitted(Schema):
    receipt: str = Field(description="Shown once. Keep it: it is the only way back to the concern.")
    status: str = Field(description="Always `received`: the concern waits, sealed, for its batch.")
    urgent: bool
    crisis_resources: list[str]
    reaches_leaders_at: dt.datetime = Field(description="The fixed batch time at which leaders receive it.")
    acknowledgment_due: dt.date
    acknowledgment_due_at: dt.datetime = Field(description="Hours after release when urgent.")


class ReceiptIn(StrictIn):
    receipt: str = Field(max_length=64)


class ReplyIn(StrictIn):
    receipt: str = Field(max_length=64)
    text: str = Field(description="10 to 5,000 characters after trimming.", max_length=20000)


class ThreadEntry(Schema):
    kind: str
    day: dt.date
    author: str
    text: str


class ActionOut(Schema):
    id: int
    title: str
    description: str
    scope: str
    state: str
    progress: int
    updates: list[str]


class ReceiptView(Schema):
    status: str = Field(description="`pending` until the batch is released, then the concern's status.")
    text: str
    unit: str | None = Field(description="Null while pending.")
    received_on: dt.date | None
    reaches_leaders_at: dt.datetime | None = Field(description="Set while pending.")
    acknowledged: bool
    acknowledgment_due: dt.date | None
    thread: list[ThreadEntry]
    pending_replies: list[str] = Field(
        description="Your replies still waiting for their batch, oldest first."
    )
    actions: list[ActionOut]


class ThemeScore(Schema):
    key: str
    name: str
    score: float
    primary: bool


class ConcernOut(Schema):
    id: uuid.UUID
    reference: str
    text: str
    unit_id: int
    unit: str
    role_group: str
    status: str
    urgent: bool
    received_on: dt.date
    acknowledgment_due: dt.date
    acknowledged: bool
    overdue: bool
    reporter_replied: bool
    themes: list[ThemeScore] = Field(description="Main theme first; empty when the theme is unclear.")


class ConcernDetail(ConcernOut):
    thread: list[ThreadEntry]


class TextIn(StrictIn):
    text: str


class StatusIn(StrictIn):
    status: str
    explanation: str = ""


class ActionIn(StrictIn):
    title: str
    description: str
    scope_unit_id: int
    concern_ids: list[uuid.UUID] = []


class UpdateIn(StrictIn):
    text: str
    progress: int | None = None
