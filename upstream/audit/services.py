"""The read trail, filtered: which leader read which concern, when, and through which door."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from upstream.concerns.models import ReadRecord
from upstream.org.models import Unit, User

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class ReadFilter:
    leader: User | None = None
    unit: Unit | None = None  # the concern's unit or anywhere below it
    since: dt.date | None = None
    until: dt.date | None = None  # inclusive


def _day_start(day: dt.date, *, days_after: int = 0) -> dt.datetime | None:
    """When the day `days_after` days after `day` begins, in UTC; None when no datetime can hold it
    (the day after 31 December 9999, or 1 January of year 1 east of UTC), so that end is open: a
    filter up to the last day there is means no upper bound, not a server error."""
    try:
        start = dt.datetime.combine(day + dt.timedelta(days=days_after), dt.time.min)
        return timezone.make_aware(start).astimezone(dt.UTC)
    except OverflowError:
        return None


def list_reads(chosen: ReadFilter) -> QuerySet[ReadRecord]:
    """Newest first; callers slice it (a page) and count it (the total)."""
    reads = ReadRecord.objects.select_related("leader", "concern", "concern__unit").order_by("-at", "-pk")
    if chosen.leader is not None:
        reads = reads.filter(leader=chosen.leader)
    if chosen.unit is not None:
        reads = reads.filter(chosen.unit.subtree_q("concern__unit__"))
    if chosen.since is not None and (start := _day_start(chosen.since)) is not None:
        reads = reads.filter(at__gte=start)
    if chosen.until is not None and (end := _day_start(chosen.until, days_after=1)) is not None:
        reads = reads.filter(at__lt=end)
    return reads


def readers() -> QuerySet[User]:
    """Everyone who has read a concern, for the leader filter."""
    ids = ReadRecord.objects.values("leader_id").distinct()
    return User.objects.filter(pk__in=ids).order_by("last_name", "first_name", "username")
