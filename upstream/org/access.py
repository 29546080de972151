"""Who may see what in the unit tree."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from upstream.lib.request_memo import remembered
from upstream.org.models import Deputy, LeaderAssignment, Membership, Unit, User


def covered_leaders(user: User, day: dt.date | None = None) -> list[Deputy]:
    """The deputy periods in which this user covers someone's inbox on `day` (default today)."""
    if not user.is_authenticated:
        return []
    day = day or timezone.localdate()
    return list(
        remembered(
            ("covered_leaders", user.pk, day),
            lambda: list(
                Deputy.objects.filter(deputy=user, starts_on__lte=day, ends_on__gte=day).select_related(
                    "leader"
                )
            ),
        )
    )


def deputies_for(leaders: list[User], day: dt.date) -> list[User]:
    """Whoever covers any of these leaders' inboxes on `day`."""
    periods = Deputy.objects.filter(leader__in=leaders, starts_on__lte=day, ends_on__gte=day)
    return [period.deputy for period in periods.select_related("deputy")]


def led_units(user: User) -> list[Unit]:
    """The top units of every subtree this user leads, or covers today as a deputy for a leader
    (nested assignments collapse)."""
    if not user.is_authenticated:
        return []
    return list(remembered(("led_units", user.pk, timezone.localdate()), lambda: _led_units(user)))


def _assignments(user: User) -> list[LeaderAssignment]:
    """The user's own leader assignments and those of the leaders they cover today, read once per
    request (led_units and leads_the_top_in_person both need them)."""

    def read() -> list[LeaderAssignment]:
        covered = [period.leader_id for period in covered_leaders(user)]
        rows = LeaderAssignment.objects.filter(Q(user=user) | Q(user__in=covered)).select_related("unit")
        return list(rows)

    return remembered(("leader_assignments", user.pk, timezone.localdate()), read)


def _led_units(user: User) -> list[Unit]:
    units = sorted((a.unit for a in _assignments(user)), key=lambda u: u.path)
    tops: list[Unit] = []
    for unit in units:
        if not any(unit.path.startswith(top.path) for top in tops):
            tops.append(unit)
    return tops


def leads_the_top_in_person(user: User) -> bool:
    """Holds a leader assignment at the top of the organisation themself: how the well-being office
    is recognised where no permission says so. Covering for such a leader as a deputy does not count:
    a nurse named deputy of the office read the whole system's audit trail and could cancel its
    survey waves, when cover promises the inbox and concern pages."""
    if not user.is_authenticated:
        return False
    return any(a.user_id == user.pk and a.unit.depth == 1 for a in _assignments(user))


def is_leader(user: User) -> bool:
    """Leads a unit, or covers a leader's inbox today."""
    if not user.is_authenticated:
        return False
    return bool(led_units(user)) or bool(covered_leaders(user))


def led_subtree_q(user: User, prefix: str = "") -> Q:
    """A filter matching rows whose unit lies in a subtree the user leads; matches nothing if none."""
    tops = led_units(user)
    if not tops:
        return Q(pk__in=[])
    query = Q()
    for top in tops:
        query |= top.subtree_q(prefix)
    return query


def leads_unit(user: User, unit: Unit) -> bool:
    return any(unit.path.startswith(top.path) for top in led_units(user))


def member_units(user: User) -> QuerySet[Unit]:
    return Unit.objects.filter(memberships__user=user).distinct()


def reportable_units(user: User) -> list[Unit]:
    """The units a staff member may file a concern against: their own units and every level above."""
    seen: dict[int, Unit] = {}
    for unit in member_units(user):
        for node in [*unit.ancestors(), unit]:
            seen.setdefault(node.pk, node)
    return sorted(seen.values(), key=lambda u: (u.depth, u.name))


def role_groups_of(user: User) -> set[str]:
    return set(Membership.objects.filter(user=user).values_list("role_group", flat=True))
