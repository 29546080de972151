# No `from __future__ import annotations`: ninja reads the hints through the @rules wrapper.
import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router
from pydantic import ConfigDict, Field

from upstream.api.auth import signed_in
from upstream.community.access import NotFound, is_office
from upstream.community.api.common import Days, Error, Strict, rules
from upstream.community.models import Recognition
from upstream.community.services import recognition as service
from upstream.community.services.common import Missing
from upstream.org.access import led_units
from upstream.org.models import Unit, User

router = Router(auth=signed_in)


class ThanksIn(Strict):
    """Thank exactly one: a colleague (`person_id`) or a team (`team_id`)."""

    # Stated in the schema (the two alternatives cannot both hold): a fuzzer's request with neither
    # was schema-valid and refused.
    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {
                    "required": ["person_id"],
                    "properties": {"person_id": {"type": "integer"}, "team_id": {"type": "null"}},
                },
                {
                    "required": ["team_id"],
                    "properties": {"team_id": {"type": "integer"}, "person_id": {"type": "null"}},
                },
            ]
        }
    )

    text: str = Field(min_length=3, max_length=280, description="A few words, 3 to 280 characters.")
    person_id: int | None = Field(None, description="A colleague; or give team_id.")
    team_id: int | None = Field(None, description="A unit; or give person_id.")


class ThanksOut(Strict):
    id: int
    author: str
    to: str
    unit: str
    text: str
    at: dt.datetime


class UnitCount(Strict):
    unit: str
    thanks: int | None = Field(description="null when too few to show (privacy rule).")


def out(item: Recognition) -> ThanksOut:
    to = str(item.to_person) if item.to_person else item.to_team.name
    return ThanksOut(
        id=item.pk, author=str(item.author), to=to, unit=item.unit.name, text=item.text, at=item.created_at
    )


@router.post(
    "",
    response={201: ThanksOut, 400: Error, 404: Error},
    summary="Thank a colleague or a team",
    description="400: neither or both of `person_id` and `team_id` (the schema states it). 404: no active "
    "colleague with that `person_id` (your own id included: thanks are for colleagues, and the page does "
    "not offer you), or no unit with that `team_id`.",
)
@rules
def thank(request: HttpRequest, payload: ThanksIn):
    # `is not None`: an id of 0 names nobody (404); it was read as "no id" and answered "Thank one
    # colleague or one team."
    person = team = None
    if payload.person_id is not None:
        person = User.objects.filter(pk=payload.person_id, is_active=True).first()
    if payload.team_id is not None:
        team = Unit.objects.filter(pk=payload.team_id).first()
    if (payload.person_id is not None and person is None) or (payload.team_id is not None and team is None):
        raise Missing(_("No such colleague or team."))
    return 201, out(service.thank(request.user, text=payload.text, person=person, team=team))


@router.get("", response=list[ThanksOut], summary="Thanks in your units, newest first")
def feed(request: HttpRequest, unit_id: int | None = None):
    unit = Unit.objects.filter(pk=unit_id).first() if unit_id else None
    return [out(r) for r in service.feed(request.user, unit)[:200]]


@router.get(
    "/counts",
    response={200: list[UnitCount], 404: Error},
    summary="Thanks per unit for the units you lead (insights), small counts hidden",
)
@rules
def counts(request: HttpRequest, days: Days = 90):
    if is_office(request.user):
        top = Unit.top()
        units = [top, *Unit.objects.get_children(top)] if top else []
    else:
        units = led_units(request.user)
        if not units:
            raise NotFound()
        units = [child for unit in units for child in [unit, *Unit.objects.get_children(unit)]]
    until = timezone.localdate()
    since = until - dt.timedelta(days=max(1, min(days, 730)))
    shown = service.counts_by_unit(units, since, until)
    return [UnitCount(unit=name, thanks=value) for name, value in shown.items()]
