from __future__ import annotations

import datetime as dt
import uuid

from ninja import Schema
from pydantic import Field


class Error(Schema):
    detail: str


class ConcernIn(Schema):
    text: str = Field(description="What is wrong, 10 to 5,000 characters.")
    unit_id: int | None = Field(
        None, description="Your unit, department or hospital; omit for the whole organisation."
    )
    role_group: str | None = Field(None, description="Your role group, or omit.")


class Submitted(Schema):
    receipt: str = Field(description="Shown once. Keep it: it is the only way back to the concern.")
    status: str
    urgent: bool
    crisis_resources: list[str]
    acknowledgment_due: dt.date


class ReceiptIn(Schema):
    receipt: str


class ReplyIn(Schema):
    receipt: str
    text: str


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
    status: str
    text: str
    unit: str
    received_on: dt.date
    acknowledged: bool
    acknowledgment_due: dt.date
    thread: list[ThreadEntry]
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


class TextIn(Schema):
    text: str


class StatusIn(Schema):
    status: str
    explanation: str = ""


class ActionIn(Schema):
    title: str
    description: str
    scope_unit_id: int
    concern_ids: list[uuid.UUID] = []


class UpdateIn(Schema):
    text: str
    progress: int | None = None
