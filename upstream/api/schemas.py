from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Annotated, Any, Literal, get_args, get_origin

from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from ninja import Header, Schema
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    StrictBool,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from upstream.actions.models import Action
from upstream.concerns.models import Status
from upstream.lib.patterns import described
from upstream.lib.text import PLAIN_TEXT_PATTERN, has_control, plain_text_pattern, trimmed
from upstream.org.models import RoleGroup, UnitLevel

# The length rules of the service functions, stated in the schema and checked as it states them
# (TextAsThePagesCountIt): the longest as sent, the least trimmed with CRLF as one character; the
# services check them again after normalising, and answer 400 with the reason.
TEXT_MIN, TEXT_MAX = 10, 5000
TITLE_MAX = 200
RECEIPT_MAX = 64
ID_MAX = 2**63 - 1  # the largest id a database integer column holds
# Digits, after a minus: `-1` is a number, which the range refuses in its own words ("1 or more").
DIGITS = re.compile(r"-?[0-9]+")


def _digits_only(value: Any) -> Any:
    """An id written as text (a path or a query string: all text) is read only when it is digits.
    Lax mode also read Python's own ways of writing a number: `/units/1_0` was unit 10, and `+2`,
    ` 2` and `2.0` were unit 2 (a schema-driven fuzzer found them); each is refused as text that is
    not a whole number, pydantic's `int_parsing`. A JSON number, and text in a body, are left to
    the rest (a body's `"3"` is `int_type`, NumbersNotBooleans)."""
    if isinstance(value, str) and not DIGITS.fullmatch(value):
        raise PydanticCustomError(
            "int_parsing", "Input should be a valid integer, unable to parse string as an integer"
        )
    return value


# The id of a database row (a unit, a wave, an action...) wherever a request gives one: in the path,
# the query or the body. The schema states its range, so 0, a negative or 2**63 is a 400 in our
# words (a number too large for the column was a 500 in the query), not a 404 or a server error;
# as text, it is digits and nothing else.
RowId = Annotated[int, Field(ge=1, le=ID_MAX), BeforeValidator(_digits_only)]
# Any other whole number a query string gives (a page's `limit` and `offset`): digits, as above, so
# `?limit=1_0` is a 400 rather than ten items.
QueryInt = Annotated[int, BeforeValidator(_digits_only)]
StatusName = Literal["new", "acknowledged", "in_progress", "action_taken", "closed"]
# The role groups are fixed in code (upstream.org.models.RoleGroup). Where a role group is optional,
# "" is the same as leaving it out.
RoleGroupKey = Literal[tuple(RoleGroup.values)]  # type: ignore[valid-type]
RoleGroupName = Literal[("", *RoleGroup.values)]  # type: ignore[valid-type]
# A receipt as people copy it: 20 letters or digits, in any case, with spaces (a tab, a no-break
# space) or dashes anywhere (ABCD-EFGH-JKMN-PQRS-TVWX). The look-alikes I, L, O and U are read as 1,
# 1, 0 and V. Whitespace is spelt out, not `\s`: ECMA-262, Python and pydantic read `\s` differently.
RECEIPT_PATTERN = described(
    r"^[ \t\u00a0-]*(?:[0-9A-Za-z][ \t\u00a0-]*){20}$",
    gettext_lazy("Receipt codes have 20 letters and digits, like ABCD-EFGH-JKMN-PQRS-TVWX."),
)
RECEIPT_HELP = "The receipt code, like ABCD-EFGH-JKMN-PQRS-TVWX (case, spaces and dashes do not matter)."
MOVES_DESCRIPTION = (
    "Allowed moves: new -> acknowledged, in_progress, action_taken or closed; "
    "acknowledged -> in_progress, action_taken or closed; in_progress -> action_taken or closed; "
    "action_taken -> in_progress or closed; closed -> in_progress (reopen). "
    "Any other move is refused with 409. Closing needs an explanation."
)

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# The date and time a moment starts with (2026-03-31T14:30, or with a space as the forms write it);
# seconds, fractions and an offset may follow, and pydantic reads those.
ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}")


def _iso_day(value: Any) -> Any:
    """A day is given as year-month-day and nothing else. Pydantic's lax mode also reads a number as
    seconds since 1970 (`until=0` was 1 January 1970, silently) and a date-time at midnight as its
    day; both are refused with pydantic's own error type for a malformed date, and the same words."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or not ISO_DAY.fullmatch(value):
        raise PydanticCustomError("date_parsing", "Input should be a valid date in the format YYYY-MM-DD")
    return value


def _iso_moment(value: Any) -> Any:
    """A moment is given as a date and a time, as text. Lax mode read a number, or text of digits,
    as seconds since 1970 (`"starts_at": 0` was 1 January 1970), and a bare day as its midnight; both
    are refused with pydantic's own error type for a malformed date-time, and the same words."""
    if isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or not ISO_MOMENT.match(value):
        raise PydanticCustomError(
            "datetime_parsing", "Input should be a valid datetime, as year-month-day and hours:minutes"
        )
    return value


def _aware(value: dt.datetime) -> dt.datetime:
    """A moment without an offset (2026-03-31T14:30) is read in the site's time zone, as the forms
    read one; the services compare it with aware times, and a naive one was a server error."""
    return timezone.make_aware(value) if timezone.is_naive(value) else value


# A day, in a query string or a request body: year-month-day (2026-03-31), refused as a schema
# problem otherwise. The schema states it as a string in `date` format, as for a plain date.
Day = Annotated[dt.date, BeforeValidator(_iso_day)]
# A moment in a request body: a string in `date-time` format (2026-03-31T14:30:00+02:00), never a
# number; without an offset, in the site's time zone. Every date and date-time a request takes is
# one of these two.
Moment = Annotated[dt.datetime, BeforeValidator(_iso_moment), AfterValidator(_aware)]


CANONICAL_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def _canonical_uuid(value: Any) -> Any:
    """An id is written as the schema's `uuid` format says: 8-4-4-4-12 hex digits. Lax mode also read
    32 digits without hyphens, braces and a `urn:uuid:` prefix, requests the schema forbids; they are
    refused with pydantic's own error type for a malformed UUID."""
    if isinstance(value, str) and not CANONICAL_UUID.fullmatch(value):
        raise PydanticCustomError("uuid_parsing", "Input should be a valid UUID")
    return value  # anything else but text, pydantic refuses as it does


# An id in a request body, in the one form the schema's `uuid` format allows.
Uuid = Annotated[uuid.UUID, BeforeValidator(_canonical_uuid)]


class Error(Schema):
    """Every 400, 401, 403, 404, 409 and 429 answer: one sentence saying what to do."""

    detail: str = Field(description="What went wrong and what to do about it, for a person to read.")


class ConcernMissing(Error):
    """A concern's 404: not in your units, not released, not there at all, or merged into another."""

    merged_into: uuid.UUID | None = Field(
        None,
        description="When the concern was merged into another in your units: that concern's id, whose "
        "thread the reporter follows now (a merge of a merge is followed to its end). Absent otherwise.",
    )


class Problem(BaseModel):
    """One problem with a request. A schema problem may carry more: `ctx`, the rule's values (a
    length, a pattern); an organisation import, `line`. A pydantic model, not ninja's Schema, which
    reads only the declared fields of an answer and would drop these."""

    model_config = ConfigDict(extra="allow")

    loc: list[str | int] = Field(
        description="Where: `body`, `query`, `path` or `form` first, then the field, and an index in a list."
    )
    type: str = Field(description="Which rule; pydantic's error type for a schema problem.")
    msg: str = Field(description="The product's words for a person, in the request's language.")


class ValidationErrorOut(Schema):
    """400: bad input. Every operation's 400 has this shape: `detail` always, and `errors` listing
    each problem when the request does not match the schema or a form's rule (absent when a service
    refused the request with one sentence, or empty)."""

    detail: str = Field(description="All the problems in one sentence.")
    errors: list[Problem] = Field(
        default_factory=list,
        description="One entry per schema problem: `loc` (where) and `type` (which rule; pydantic's error "
        "type for a schema problem) to match on, and `msg`, the product's words for a person, in the "
        "request's language.",
    )


class PageMeta(Schema):
    """The paging fields every list carries."""

    total: int = Field(description="How many items match, across all pages.")
    limit: int
    offset: int
    next_offset: int | None = Field(description="Pass as `offset` for the next page; null on the last.")


def _takes_numbers(annotation: Any) -> bool:
    if annotation in (int, float):
        return True
    return any(_takes_numbers(arg) for arg in get_args(annotation) if arg is not bool)


class NumbersNotBooleans(Schema):
    """A JSON true or false, or a number written as text, is refused where the schema says integer
    or number.

    Pydantic's lax mode reads true as 1 and false as 0, so `"order": false` was stored as 0 though
    the schema promises an integer (negative fuzzing found it). A fraction, and text that is not a
    number, are refused already. It reads each field and the items of a list; a number inside an
    object inside the body (survey answers) is `JsonInt`, which refuses them at the value.
    """

    @model_validator(mode="before")
    @classmethod
    def _refuse_booleans_for_numbers(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        for name, field in cls.model_fields.items():
            value = data.get(field.alias or name)
            values = value if isinstance(value, list) else [value]
            if any(isinstance(v, bool) for v in values) and _takes_numbers(field.annotation):
                raise ValueError(gettext("%(name)s must be a number, not true or false.") % {"name": name})
        return data

    @field_validator("*", mode="before")
    @classmethod
    def _refuse_numbers_as_text(cls, value: Any, info: ValidationInfo) -> Any:
        """Lax mode also read `"order": "3"` as 3, a request the schema forbids that the API took
        (negative fuzzing again). Such a field is refused on its own, as a number of the wrong JSON
        type: pydantic's `int_type` or `float_type`, as its strict mode says it."""
        field = cls.model_fields[info.field_name] if info.field_name else None
        if field is None or not _takes_numbers(field.annotation) or _takes_text(field.annotation):
            return value
        if any(_reads_as_number(v) for v in (value if isinstance(value, list) else [value])):
            if _takes_whole_numbers(field.annotation):
                raise PydanticCustomError("int_type", "Input should be a valid integer")
            raise PydanticCustomError("float_type", "Input should be a valid number")
        return value


def _json_whole_number(value: Any) -> Any:
    """A whole number where NumbersNotBooleans cannot see it: a value in an object inside the body's
    object (a survey's answers, `{"instrument": {"item": 4}}`). Lax mode stored `true` as 1, `false`
    as 0 and `"4"` as 4 there (the fuzzer again); each is refused at the value itself, as a number
    of the wrong JSON type (`int_type`, strict mode's word for both). A whole number written with a
    fraction (`4.0`) is read, as everywhere else in a body: JSON has one kind of number."""
    if isinstance(value, bool | str):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


# An integer as JSON writes it: a number, never true, false or text.
JsonInt = Annotated[int, BeforeValidator(_json_whole_number)]


def _reads_as_number(value: Any) -> bool:
    """Text that lax mode would read as a number ("3", " 3 ", "1e3"); other text it refuses itself."""
    if not isinstance(value, str):
        return False
    try:
        float(value)
    except ValueError:
        return False
    return True


def _takes_whole_numbers(annotation: Any) -> bool:
    if annotation is int:
        return True
    return any(_takes_whole_numbers(arg) for arg in get_args(annotation) if arg is not bool)


def _takes_text(annotation: Any) -> bool:
    if annotation is str:
        return True
    return any(_takes_text(arg) for arg in get_args(annotation))


def _most(metadata: Any) -> int | None:
    """The least `max_length` in field metadata (a FieldInfo's own metadata included)."""
    limits = [
        limit
        for item in metadata
        for limit in (getattr(item, "max_length", None), _most(getattr(item, "metadata", ())))
        if isinstance(limit, int)
    ]
    return min(limits) if limits else None


def _text_most(annotation: Any, metadata: Any = ()) -> tuple[int | None, int | None]:
    """(the longest a text may be, the longest each text in a list may be), as stated in the schema."""
    if annotation is str:
        return _most(metadata), None
    if get_origin(annotation) is Annotated:
        inner, *extra = get_args(annotation)
        return _text_most(inner, [*metadata, *extra])
    if get_origin(annotation) is list:
        (item,) = get_args(annotation) or (Any,)
        return None, _text_most(item)[0]
    for arg in get_args(annotation):  # an optional text, `str | None`
        most = _text_most(arg, metadata)
        if most != (None, None):
            return most
    return None, None


def _counted(value: str, most: int | None) -> str:
    """Trimmed, a CRLF as one character: as the pages count it, for the least length. Over the
    schema's `maxLength` as sent, it is left as sent, for that `maxLength` to refuse: the schema
    counts what is sent, so a text it calls too long is not taken because it is shorter trimmed."""
    if most is not None and len(value) > most:
        return value
    # trimmed(), not str.strip(): twelve zero-width spaces passed the schema as twelve characters and
    # were refused by the service without a field named, or stored as an empty action title.
    return trimmed(value.replace("\r\n", "\n"))


def _as_counted(value: Any, most: tuple[int | None, int | None] = (None, None)) -> Any:
    if isinstance(value, str):
        return _counted(value, most[0])
    if isinstance(value, list):
        return [_counted(item, most[1]) if isinstance(item, str) else item for item in value]
    return value


def _states_a_pattern(metadata: Any) -> bool:
    """Whether field metadata (or a FieldInfo's, inside an Annotated) sets a pattern."""
    return any(
        getattr(item, "pattern", None) or _states_a_pattern(getattr(item, "metadata", ()))
        for item in metadata
    )


def _has_own_form(field: Any) -> bool:
    """A text field with a pattern of its own (a receipt code, a speak-up code, a web address): that
    pattern is its whole contract (none of them lets a control character in), so the
    control-character rule is neither added to the schema nor checked on top of it."""
    if _states_a_pattern(field.metadata):
        return True
    annotations = [field.annotation, *get_args(field.annotation)]
    return any(_states_a_pattern(getattr(a, "__metadata__", ())) for a in annotations)


def _holds_control(value: Any) -> bool:
    if isinstance(value, str):
        return has_control(value)
    return isinstance(value, list) and any(isinstance(item, str) and has_control(item) for item in value)


def _state_plain_text(node: dict[str, Any]) -> None:
    """PLAIN_TEXT_PATTERN on a text in the schema that states no form of its own (no pattern, choice
    or format), in a list's items and in an optional field's alternatives too. A text with a
    minLength gets the pattern that also says how it is counted: trimmed, so `" "` or `"\\r"` is
    not a title of one character."""
    if node.get("type") == "string" and not {"pattern", "enum", "const", "format"} & node.keys():
        node["pattern"] = plain_text_pattern(node.get("minLength", 0))
    for alternative in node.get("anyOf", []):
        _state_plain_text(alternative)
    if isinstance(node.get("items"), dict):
        _state_plain_text(node["items"])


def _in_request(info: ValidationInfo) -> bool:
    """Ninja reads a request with the request in the context, and checks an answer with its status
    as well; a model built in code has no context."""
    context = info.context or {}
    return "request" in context and "response_status" not in context


def _state_plain_text_fields(schema: dict[str, Any]) -> None:
    for prop in schema.get("properties", {}).values():
        _state_plain_text(prop)


class TextAsThePagesCountIt(Schema):
    """Text is counted as the schema states it. The least length is counted trimmed, a Windows line
    break (CRLF) as one character, as the services store it (and the schema's pattern says so):
    without this a text of nine characters and a trailing space was accepted by the schema and then
    refused by the service. The longest is counted as sent, as JSON Schema's `maxLength` counts it:
    counted trimmed, a text the schema calls too long (one character over, with a CRLF in it) was
    taken (Schemathesis). The text stored is the trimmed one, with plain line breaks.

    A control character (NUL included) is refused by every service, with a sentence. In a request,
    the schema states it as a pattern on every text field, so a text the schema allows is not
    refused for it, and the refusal is a schema problem like the others, with the same sentence.
    Only in a request: some of these models are answers too (the community's), and an answer must
    never fail on a name stored before the rule, nor claim a pattern it was not checked against."""

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: GetJsonSchemaHandler) -> Any:
        json_schema = handler(core_schema)
        if handler.mode == "validation":
            _state_plain_text_fields(handler.resolve_ref_schema(json_schema))
        return json_schema

    # Per field, not per model: ninja validates a body twice, the second time wrapped in its getter.
    @field_validator("*", mode="before")
    @classmethod
    def _trim_text(cls, value: Any, info: ValidationInfo) -> Any:
        field = cls.model_fields.get(info.field_name or "")
        if field is None or not _takes_text(field.annotation):
            return value
        # An answer built from stored text is checked as stored (the as-sent rule is a request's).
        most = _text_most(field.annotation, field.metadata) if _in_request(info) else (None, None)
        counted = _as_counted(value, most)
        if _in_request(info) and _holds_control(counted) and not _has_own_form(field):
            raise PydanticCustomError(
                "string_pattern_mismatch",
                "String should match pattern '{pattern}'",
                {"pattern": PLAIN_TEXT_PATTERN},
            )
        return counted


class StrictIn(NumbersNotBooleans, TextAsThePagesCountIt):
    """Request bodies refuse fields they do not know (a typo must not be silently dropped)."""

    model_config = ConfigDict(extra="forbid")


class ConcernIn(StrictIn):
    text: str = Field(
        description="What is wrong: at least 10 characters once trimmed, at most 5,000 as sent; no NUL or "
        "control characters.",
        min_length=TEXT_MIN,
        max_length=TEXT_MAX,
    )
    unit_id: RowId | None = Field(
        None, description="Your unit, department or hospital; omit for the whole organisation."
    )
    role_group: RoleGroupName | None = Field(
        None, description="One of your role groups (see GET /api/v1/role-groups), or omit."
    )
    confirmed: StrictBool = Field(
        False,
        description="Send even though the unit and role cover fewer people than the minimum group size, "
        "or the text seems to name someone: without it such a concern is a 400 that says which, and "
        "nothing is stored (the page asks the same question before sending).",
    )


class HelpLineEntryOut(Schema):
    name: str
    description: str
    phone: str = Field(description="Empty for a line reached another way (see `description`).")
    tel: str = Field(description="A tap-to-call link (tel:), or empty.")


class HelpLineOut(Schema):
    """The quiet help line the pages show under every message a writer sends, whatever the crisis
    screen decided: the same for every writer, so returning it records nothing about them."""

    lines: list[HelpLineEntryOut] = Field(
        description="The first two lines the well-being office set up for distress (crisis lines first), "
        "or the configured defaults (UPSTREAM_CRISIS_RESOURCES) while it has set up none."
    )
    url: str = Field(description="The page with every help line, on the configured site address.")


HELP_LINE_DESCRIPTION = "Show it quietly under the answer; `crisis_resources` is the louder list when urgent."


IDEMPOTENCY_KEY_MAX = 200
# The header on a repeat answered with the first answer (a concern's, kept under its key); Stripe's
# name for it, as the IETF's Idempotency-Key draft names none.
REPLAYED = "Idempotent-Replayed"


def idempotency_key(description: str) -> Any:
    """The optional `Idempotency-Key` header of an operation that must not write twice, as the
    parameter's default: `key: str | None = idempotency_key(HELP)`. A repeat is a 409 (AlreadySentOut)."""
    return Header(
        None, alias="Idempotency-Key", min_length=1, max_length=IDEMPOTENCY_KEY_MAX, description=description
    )


class AlreadySentOut(Error):
    """409: the same Idempotency-Key again (a retry after a lost answer). Nothing was stored twice.

    It carries the quiet help line, because a writer whose first answer was lost never saw it. It
    does not say whether the first text was flagged. (A concern's repeat with the same words is not
    a 409: it gets its first answer again, sealed under the key; see upstream.intake.kept_answers.)
    """

    help_line: HelpLineOut = Field(description=HELP_LINE_DESCRIPTION)


class Submitted(Schema):
    receipt: str = Field(description="Shown once. Keep it: it is the only way back to the concern.")
    status: str = Field(description="Always `received`: the concern waits, sealed, for its batch.")
    urgent: bool
    crisis_resources: list[str]
    help_line: HelpLineOut = Field(description=HELP_LINE_DESCRIPTION)
    reaches_leaders_at: dt.datetime = Field(description="The fixed batch time at which leaders receive it.")
    acknowledgment_due: dt.date
    acknowledgment_due_at: dt.datetime = Field(description="Hours after release when urgent.")


def receipt_field() -> Any:
    return Field(max_length=RECEIPT_MAX, pattern=RECEIPT_PATTERN, description=RECEIPT_HELP)


class ReceiptIn(StrictIn):
    receipt: str = receipt_field()


class ReplyIn(StrictIn):
    receipt: str = receipt_field()
    text: str = Field(
        description="At least 10 characters once trimmed, at most 5,000 as sent.",
        min_length=TEXT_MIN,
        max_length=TEXT_MAX,
    )


def fixed(values: list[str]) -> Any:
    """An output field whose values are fixed (a model's choices) as a Literal, so the schema states
    them as an enum and generated clients get a type, not a bare string (a client-generation walk).
    The wire values are the stored ones, unchanged. A value outside the list fails the answer's own
    check, a 500: only for values the model's choices guarantee."""
    return Literal[tuple(values)]  # type: ignore[valid-type]


ConcernStatus = fixed(Status.values)
ReceiptStatus = fixed(["pending", *Status.values])
ConcernRoleGroup = fixed(["", *RoleGroup.values])
ActionState = fixed(Action.State.values)
UnitLevelValue = fixed(UnitLevel.values)


class ThreadEntry(Schema):
    kind: Literal["message", "event"] = Field(
        description="message: words from the reporter or a leader; event: what happened to the concern "
        "(a status change, a merge, a linked action)."
    )
    day: dt.date
    author: str
    text: str


class ActionUpdateOut(Schema):
    on: dt.date = Field(description="The day it was posted, as the board shows it.")
    text: str
    progress: int | None = Field(description="Percent done after this update; null if it left it unchanged.")


class ActionOut(Schema):
    id: int
    title: str
    description: str
    scope: str
    state: ActionState
    progress: int
    updates: list[str] = Field(
        description="The updates' texts, oldest first (kept for clients that read them)."
    )
    update_details: list[ActionUpdateOut] = Field(
        description="The same updates with the day and progress the board shows beside each."
    )


class ReceiptView(Schema):
    status: ReceiptStatus = Field(
        description="`pending` until the batch is released, then the concern's status."
    )
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
    pending_replies_reach_leaders_at: list[dt.datetime] = Field(
        [],
        description="When leaders get each of `pending_replies`, in the same order: the daily batch, "
        "or the next hour for a reply whose words suggest crisis.",
    )
    actions: list[ActionOut]
    crisis_resources: list[str] = Field(
        [], description="Set after a reply whose words suggest crisis; show these at once."
    )
    help_line: HelpLineOut = Field(description=HELP_LINE_DESCRIPTION)


class ThemeScore(Schema):
    key: str
    name: str
    score: float = Field(
        description="The model's probability (0 to 1); for a theme a leader set, 1.0 for the main "
        "theme and 0.5 for the others, not a probability."
    )
    primary: bool
    corrected: bool = Field(description="A leader set this theme (POST /api/v1/concerns/{id}/themes).")
    words: str = Field(
        description="The concern page's words for it: main theme, also likely (0.30 or more), "
        "possible, or corrected by a leader (in the request's language)."
    )


class ConcernOut(Schema):
    id: uuid.UUID
    reference: str
    text: str
    unit_id: int
    unit: str
    role_group: ConcernRoleGroup = Field(description="The role group the reporter gave; empty when none.")
    status: ConcernStatus
    urgent: bool
    received_on: dt.date
    acknowledgment_due: dt.date
    acknowledgment_due_at: dt.datetime | None = Field(
        description="The moment it must be acknowledged by: a few hours after its release for an urgent "
        "concern (the inbox shows the hour), the end of `acknowledgment_due` in the site's time zone for "
        "the others."
    )
    acknowledged: bool
    overdue: bool = Field(
        description="Not acknowledged and past `acknowledgment_due_at` (for an urgent concern, from that "
        "hour on, not from the next day)."
    )
    reporter_replied: bool
    themes: list[ThemeScore] = Field(description="Main theme first; empty when the theme is unclear.")


class LinkedActionOut(Schema):
    id: int = Field(description="GET /api/v1/actions/{id}, if it is one you manage or published.")
    title: str
    state: ActionState = Field(description="`draft` or `published` (a reporter sees only a published one).")
    scope: str = Field(description="The unit it is for.")


class ConcernDetail(ConcernOut):
    thread: list[ThreadEntry]
    actions: list[LinkedActionOut] = Field(
        description="The actions linked to it, newest first, as its page's Actions box lists them."
    )


class TextIn(StrictIn):
    text: str = Field(
        description="At least 10 characters once trimmed, at most 5,000 as sent.",
        min_length=TEXT_MIN,
        max_length=TEXT_MAX,
    )


class StatusIn(StrictIn):
    """Closing needs an explanation for the reporter, more than whitespace."""

    # Stated in the schema: a fuzzer's close with `"explanation": ""` was schema-valid and refused.
    # As if/then, not a top-level anyOf of partial objects: openapi-python-client made that a union
    # of two half-models, neither able to close a concern (an integrator's walk).
    model_config = ConfigDict(
        json_schema_extra={
            "if": {"required": ["status"], "properties": {"status": {"const": "closed"}}},
            "then": {
                "required": ["explanation"],
                "properties": {"explanation": {"minLength": 1, "pattern": plain_text_pattern(1)}},
            },
        }
    )

    status: StatusName = Field(description=MOVES_DESCRIPTION)
    explanation: str = Field(
        "", max_length=TEXT_MAX, description="Shown to the reporter; required when closing."
    )
    from_status: StatusName | None = Field(
        None,
        description="Optional: the status you read the concern at. If it has another status now "
        "(someone changed it since), nothing is changed and the answer is 409. Left out, the move "
        "is made from whatever the status is now.",
    )


class ActionIn(StrictIn):
    title: str = Field(min_length=1, max_length=TITLE_MAX, description="1 to 200 characters, not blank.")
    description: str = Field(
        min_length=1, max_length=TEXT_MAX, description="What will change; 1 to 5,000 characters."
    )
    scope_unit_id: RowId = Field(description="A unit you lead (see GET /api/v1/units).")
    concern_ids: list[Uuid] = Field([], max_length=100, description="Concerns in your units.")


class DraftIn(ActionIn):
    concern_ids: list[Uuid] | None = Field(
        None,
        max_length=100,
        description="The concerns the draft links, replacing its links (`[]` unlinks all); left out, "
        "its links stay as they are.",
    )


class UpdateIn(StrictIn):
    text: str = Field(min_length=1, max_length=TEXT_MAX, description="What changed; 1 to 5,000 characters.")
    progress: int | None = Field(None, ge=0, le=100, description="Percent done, 0 to 100.")
