"""Units and role groups: where to send a concern, what a leader leads, whether a group is large enough.

The same access functions as the pages: staff see the units they may report to (their own and every
level above), leaders also see every unit in the subtrees they lead. Anything else is 404.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from upstream.api.auth import signed_in
from upstream.api.paging import PageParams, paginate
from upstream.api.schemas import Error, PageMeta, RoleGroupName, RowId, UnitLevelValue
from upstream.org.access import leads_unit, led_subtree_q, reportable_units, role_groups_of
from upstream.org.models import RoleGroup, Unit, UnitLevel
from upstream.privacy.groups import broader_choice, is_large_enough, min_group_size, people_in

units_router = Router(tags=["units and role groups"], auth=signed_in)
roles_router = Router(tags=["units and role groups"], auth=signed_in)


class UnitOut(Schema):
    id: int
    code: str
    name: str
    level: UnitLevelValue = Field(description="One of: " + ", ".join(UnitLevel.values) + ".")
    parent_id: int | None
    reportable: bool = Field(description="You may send a concern here (`unit_id` of POST /api/v1/concerns).")
    led: bool = Field(description="You lead it: use it to filter the inbox or scope an action.")


class UnitPage(PageMeta):
    items: list[UnitOut]


class RoleGroupOut(Schema):
    key: str
    name: str
    mine: bool = Field(description="You hold a membership in this role group.")


class GroupCheckOut(Schema):
    large_enough: bool = Field(description="The unit and role together cover at least `minimum` people.")
    minimum: int
    broader_unit_id: int | None = Field(description="The nearest choice that is large enough, if any.")
    broader_role_group: RoleGroupName | None = Field(description="Empty string: leave the role group out.")


def _visible(request: HttpRequest):
    reportable = {u.pk for u in reportable_units(request.user)}
    units = Unit.objects.filter(Q(pk__in=reportable) | led_subtree_q(request.user)).order_by("path")
    return units, reportable


def _parents(units: list[Unit]) -> dict[str, int]:
    paths = {u.path[: -Unit.steplen] for u in units if u.depth > 1}
    return dict(Unit.objects.filter(path__in=paths).values_list("path", "pk"))


def _out(unit: Unit, reportable: set[int], parents: dict[str, int], user) -> UnitOut:
    return UnitOut(
        id=unit.pk,
        code=unit.code,
        name=unit.name,
        level=unit.level,
        parent_id=parents.get(unit.path[: -Unit.steplen]) if unit.depth > 1 else None,
        reportable=unit.pk in reportable,
        led=leads_unit(user, unit),
    )


@units_router.get("", response={200: UnitPage}, summary="Units you may report to or lead, in tree order")
def list_units(request: HttpRequest, page: Query[PageParams]) -> UnitPage:
    """The units you may send a concern to (`reportable`: your own units and every level above them)
    and every unit in the subtrees you lead (`led`; a deputy's too, on the days they cover), in tree
    order, paged. Any signed-in account. The request is not logged (anonymity.md, M10): an integration
    reads this just before an anonymous report. Needs the `read` scope."""
    units, reportable = _visible(request)
    found = paginate(units, page)
    parents = _parents(found.items)
    return UnitPage(items=[_out(u, reportable, parents, request.user) for u in found.items], **found.meta())


@units_router.get(
    "/group-check",
    response={200: GroupCheckOut, 404: Error},
    summary="Before reporting: do this unit and role group cover enough people to hide among?",
)
def group_check(
    request: HttpRequest,
    unit_id: RowId = Query(  # noqa: B008 - ninja's parameter spec
        ...,
        description="Required: a unit you may report to or lead (see GET /api/v1/units); another is a 404.",
    ),
    role_group: RoleGroupName = Query(  # noqa: B008 - as above
        "", description="A role group key (see GET /api/v1/role-groups), or empty."
    ),
) -> GroupCheckOut:
    """Whether the people in the unit and the units below it (in the role group, when one is given)
    number at least `minimum`, and if not, the nearest choice that does: the same unit without the
    role group, or a level above. It never says how many people there are. The request is not logged
    (anonymity.md, M10), as it comes just before an anonymous report. 404: the unit does not exist, or
    is neither one you may report to nor one you lead. Needs the `read` scope."""
    units, _reportable = _visible(request)
    unit = units.filter(pk=unit_id).first()
    if unit is None:
        raise HttpError(404, _("No such unit among yours."))
    return group_check_answer(unit, role_group)


def group_check_answer(unit: Unit, role_group: str) -> GroupCheckOut:
    """Whether `unit` and `role_group` cover enough people, and the nearest broader choice that does
    (also the signed-out check of a writer with a speak-up code, speakup/api.py)."""
    if is_large_enough(people_in(unit, role_group)):
        return GroupCheckOut(
            large_enough=True, minimum=min_group_size(), broader_unit_id=None, broader_role_group=None
        )
    broader = broader_choice(unit, role_group)
    return GroupCheckOut(
        large_enough=False,
        minimum=min_group_size(),
        broader_unit_id=broader[0].pk if broader else None,
        broader_role_group=broader[1] if broader else None,
    )


@units_router.get(
    "/{unit_id}", response={200: UnitOut, 404: Error}, summary="One unit you may report to or lead"
)
def unit_detail(request: HttpRequest, unit_id: RowId) -> UnitOut:
    """One unit as GET /api/v1/units lists it, with `reportable` and `led`. 404 when it does not
    exist, or is neither one you may report to nor one you lead: missing and not yours look alike.
    Any signed-in account; needs the `read` scope."""
    units, reportable = _visible(request)
    unit = units.filter(pk=unit_id).first()
    if unit is None:
        raise HttpError(404, _("No such unit among yours."))
    return _out(unit, reportable, _parents([unit]), request.user)


@roles_router.get("", response={200: list[RoleGroupOut]}, summary="Role groups, and which are yours")
def list_role_groups(request: HttpRequest) -> list[RoleGroupOut]:
    """Every role group, always in the same order, named in the request's language, with `mine` true
    for those you hold a membership in. Any signed-in account; not paged. The request is not logged
    (anonymity.md, M10), as an integration reads it just before an anonymous report. Needs the `read`
    scope."""
    mine = role_groups_of(request.user)
    return [RoleGroupOut(key=key, name=str(label), mine=key in mine) for key, label in RoleGroup.choices]
