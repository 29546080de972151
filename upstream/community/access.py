"""Who may do what in the community app: the well-being office, leaders, staff in a scope."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext

from upstream.org.access import member_units
from upstream.org.models import Unit, User

OFFICE_PERMISSION = "community.wellbeing_office"


class NotFound(LookupError):
    """Missing and not-yours look the same (404). Where only who is asking decides (an office-only
    list), the 404 can say so: it gives away nothing about what exists."""


def office_only() -> NotFound:
    # "Not found, or not visible to you." left an integrator guessing whether the path was wrong.
    return NotFound(gettext("This is for the well-being office only."))


def is_office(user: User) -> bool:
    """Works in the well-being office: curates resources, gatherings, peer supporters; moderates stories."""
    return bool(user.is_authenticated and user.has_perm(OFFICE_PERMISSION))


def office_addresses() -> list[str]:
    """Where the office is emailed: everyone with the permission, given to them or to their group."""
    from django.contrib.auth.models import Permission

    perm = Permission.objects.filter(codename=OFFICE_PERMISSION.split(".")[1]).first()
    office = User.objects.filter(Q(user_permissions=perm) | Q(groups__permissions=perm)).exclude(email="")
    return sorted(set(office.values_list("email", flat=True)))


def scopes_seen_by(user: User) -> list[Unit]:
    """Units whose community items this person sees: their own units and every level above."""
    seen: dict[int, Unit] = {}
    for unit in member_units(user):
        for node in [*unit.ancestors(), unit]:
            seen.setdefault(node.pk, node)
    return list(seen.values())


def in_scope_q(user: User, field: str = "scope") -> Q:
    """Rows whose scope unit is one of the person's units or above them (the office sees all)."""
    if is_office(user):
        return Q()
    units = scopes_seen_by(user)
    return Q(**{f"{field}__in": units}) if units else Q(pk__in=[])


def sees_scope(user: User, scope: Unit) -> bool:
    return is_office(user) or any(scope.pk == u.pk for u in scopes_seen_by(user))


def hierarchy_units(user: User) -> set[int]:
    """Every unit above, at or below the person's units: their own unit hierarchy."""
    ids: set[int] = set()
    for unit in member_units(user):
        ids.update(u.pk for u in unit.ancestors())
        ids.update(Unit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True))
    return ids
