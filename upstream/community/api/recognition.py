# No `from __future__ import annotations`: ninja reads the hints through the @rules wrapper.
import datetime as dt
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router
from pydantic import ConfigDict, Field

from upstream.api.auth import signed_in
from upstream.api.paging import PageParams, paginate
from upstream.api.schemas import AlreadySentOut, PageMeta, idempotency_key
from upstream.community.access import NotFound, is_office
from upstream.community.api.common import Days, Error, RowId, Strict, rules
from upstream.community.models import Recognition
from upstream.community.services import recognition as service
from upstream.community.services.common import Missing
from upstream.intake import formkeys
from upstream.org.access import led_units
from upstream.org.models import Unit, User

router = Router(auth=signed_in)


class ThanksIn(Strict):
    """Thank exactly one: a colleague (`person_id`) or a team (`team_id`)."""

    # Stated in the schema (the two alternatives cannot both hold): a fuzzer's request with neither
    # was schema-valid and refused. As if/then/else, not a top-level anyOf of partial objects, which
    # openapi-python-client made a union of two half-models without the text (an integrator's walk).
    model_config = ConfigDict(
        json_schema_extra={
            "if": {"required": ["person_id"], "properties": {"person_id": {"type": "integer"}}},
            "then": {"properties": {"team_id": {"type": "null"}}},
            "else": {"required": ["team_id"], "properties": {"team_id": {"type": "integer"}}},
        }
    )

    text: str = Field(min_length=3, max_length=280, description="A few words, 3 to 280 characters.")
    person_id: RowId | None = Field(None, description="A colleague; or give team_id.")
    team_id: RowId | None = Field(None, description="A unit; or give person_id.")


class ThanksOut(Strict):
    id: int
    author: str
    to: str
    unit: str
    text: str
    at: dt.datetime


IDEMPOTENCY_HELP = (
    "Optional. A value you choose per thank-you (e.g. a UUID): a repeat with the same key, after a "
    "timeout or retry, is refused with 409 and never stores a second thank-you. Kept only as a keyed "
    "hash, for a few days, as for a story."
)


class RecipientOut(Strict):
    kind: Literal["person", "team"]
    person_id: int | None = Field(description="A colleague: send it as `person_id`; null for a team.")
    team_id: int | None = Field(description="A unit: send it as `team_id`; null for a colleague.")
    name: str = Field(description="As the page's menu shows it: a name, or a unit's label.")


class RecipientPage(PageMeta):
    items: list[RecipientOut]


class UnitCount(Strict):
    unit_id: int
    unit: str
    thanks: int | None = Field(description="null when too few to show (privacy rule).")


def out(item: Recognition) -> ThanksOut:
    to = str(item.to_person) if item.to_person else item.to_team.name
    return ThanksOut(
        id=item.pk, author=str(item.author), to=to, unit=item.unit.name, text=item.text, at=item.created_at
    )


@router.post(
    "",
    response={201: ThanksOut, 400: Error, 403: Error, 404: Error, 409: AlreadySentOut},
    summary="Thank a colleague or a team",
    description="Whom the page offers, and nobody else: an active colleague who shares one of your units, "
    "or one of your units or the department above it. "
    "400: neither or both of `person_id` and `team_id` (the schema states it; `Thank one colleague or one "
    "team.`), or `text` too short or too long once trimmed. "
    "403: you are not a member of any unit, so there is nobody to thank (`You are not listed as a member "
    "of any unit, so there is nobody to share this with yet. ...`). "
    "404: `person_id` is not an active colleague who shares one of your units, or no such person (`Choose "
    "a colleague who shares one of your units.`); your own id (`Thank someone else: this is for "
    "colleagues.`); `team_id` is not one of your units or the department above it, or no such unit "
    "(`Choose one of your units, or the department above it.`). "
    "409: the `Idempotency-Key` was already used by you (`This was already sent. Nothing was sent "
    "twice.`); no second thank-you is stored.",
)
@rules
def thank(
    request: HttpRequest,
    payload: ThanksIn,
    idempotency_key: str | None = idempotency_key(IDEMPOTENCY_HELP),
):
    # `is not None`: an id of 0 names nobody (404); it was read as "no id" and answered "Thank one
    # colleague or one team." An id naming nobody gets the same sentence as one naming somebody the
    # page would not offer (missing and not-yours look alike); the service decides who is offered.
    person = team = None
    if payload.person_id is not None and payload.team_id is None:
        person = User.objects.filter(pk=payload.person_id).first()
        if person is None:
            raise Missing(service.not_a_colleague_message())
    if payload.team_id is not None and payload.person_id is None:
        team = Unit.objects.filter(pk=payload.team_id).first()
        if team is None:
            raise Missing(service.not_your_team_message())
    form_key = formkeys.for_account(request.user.pk, "thanks", idempotency_key)
    thanks = service.thank(request.user, text=payload.text, person=person, team=team, form_key=form_key)
    return 201, out(thanks)


@router.get(
    "",
    response={200: list[ThanksOut], 404: Error},
    summary="Thanks in your units, newest first",
    description="At most 200. `unit_id` narrows it to one of your units (a unit you are a member of, "
    "as on the page's row of units, `/community/thanks/?unit=`); left out, the feed of all your "
    "units. 404 for any other id, someone else's unit or no such unit alike (`That unit is not one "
    "of yours. ...`): it gave the feed of all your units, so a mistyped id read as every unit. 400 "
    "when `unit_id` is not a whole number from 1 to 2**63 - 1.",
)
@rules
def feed(
    request: HttpRequest,
    unit_id: RowId | None = Query(  # noqa: B008 - ninja's parameter spec
        None, description="One of your units (default: all of them); any other id is a 404."
    ),
):
    unit = service.feed_unit(request.user, unit_id)
    return [out(r) for r in service.feed(request.user, unit)[:200]]


# Before this, a client had no way to learn a person_id or team_id: only the page's menu had them.
@router.get(
    "/recipients",
    response=RecipientPage,
    summary="Whom you may thank: colleagues, then teams",
    description="Any signed-in account, scope read. Exactly whom the page's menu offers, in its order "
    "(one rule, `services.recognition.recipients_of`): the active colleagues who share one of your "
    "units, by name, then your units and the departments above them. Each with the id to send to "
    "`POST /api/v1/community/thanks` and the name the menu shows, nothing more. Paged (`limit` 1 to "
    "200, default 50, and `offset`). Someone who belongs to no unit gets an empty list (`total` 0).",
)
def recipients(request: HttpRequest, page: Query[PageParams]):
    found = paginate(service.recipients_of(request.user), page)
    items = [
        RecipientOut(
            kind=r.kind,
            person_id=r.pk if r.kind == "person" else None,
            team_id=r.pk if r.kind == "team" else None,
            name=r.name,
        )
        for r in found.items
    ]
    return RecipientPage(items=items, **found.meta())


@router.get(
    "/counts",
    response={200: list[UnitCount], 404: Error},
    summary="Thanks per unit for the units you lead (insights), small counts hidden",
)
@rules
def counts(
    request: HttpRequest,
    days: Days = Query(  # noqa: B008 - ninja's parameter spec
        90, description="How many days back the thanks are counted, up to today, 1 to 730 (default 90)."
    ),
):
    """Leaders (a deputy covering one included) and the well-being office, scope read. One row per unit:
    each top unit you lead and the units directly below it (the office: the organisation's top unit
    and the units directly below that), each counting the thanks given in its whole subtree over the
    last `days` days. `thanks` is null below UPSTREAM_MIN_GROUP_SIZE (default 5), and when only one
    row of a unit and those directly below it is hidden, the next smallest of them is hidden too; 0
    is shown. 404: you lead no unit and are not in the office."""
    if is_office(request.user):
        top = Unit.top()
        tops = [top] if top else []
    else:
        tops = led_units(request.user)
        if not tops:
            raise NotFound()
    until = timezone.localdate()
    since = until - dt.timedelta(days=max(1, min(days, 730)))
    # Each unit with the units below it, suppressed together: across all rows at once, one small
    # child's complement could be another leader's unit, and the child was its parent less its
    # shown siblings.
    shown: dict[int, int | None] = {}
    units: dict[int, Unit] = {}
    for top in tops:
        family = [top, *Unit.objects.get_children(top)]
        for pk, value in service.counts_by_unit(family, since, until).items():
            shown[pk] = None if pk in shown and shown[pk] is None else value  # hidden once: hidden
        units.update({unit.pk: unit for unit in family})
    return [UnitCount(unit_id=pk, unit=unit.name, thanks=shown[pk]) for pk, unit in units.items()]
