"""Group sizes: the one place that decides whether a group is large enough to describe."""

from __future__ import annotations

from django.conf import settings

from upstream.org.models import Membership, Unit


def min_group_size() -> int:
    return int(settings.UPSTREAM_MIN_GROUP_SIZE)


def people_in(unit: Unit, role_group: str = "") -> int:
    """Distinct people with a membership in the unit's subtree (and role group, when given)."""
    memberships = Membership.objects.filter(unit__path__startswith=unit.path)
    if role_group:
        memberships = memberships.filter(role_group=role_group)
    return memberships.values("user").distinct().count()


def is_large_enough(count: int, minimum: int | None = None) -> bool:
    return count >= (min_group_size() if minimum is None else minimum)


def broader_choice(unit: Unit, role_group: str) -> tuple[Unit, str] | None:
    """The nearest level above (or the same unit without a role) that is large enough."""
    for ancestor in [unit, *reversed(unit.ancestors())]:
        if ancestor.pk != unit.pk and is_large_enough(people_in(ancestor, role_group)):
            return ancestor, role_group
        if role_group and is_large_enough(people_in(ancestor)):
            return ancestor, ""
    return None
