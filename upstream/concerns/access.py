"""Gatekeepers for leaders' reads: missing and not-yours look the same (404).

The inbox is read by keyset pages over one index, so its cost does not grow with the number of
concerns: the order is (inbox_tier, inbox_due, -visible_from, -id), two columns the database
derives from the concern's own (Concern.inbox_tier and inbox_due, generated columns), neither
depending on today's date. "Overdue" is `inbox_due < today`, which in that order is simply the
first rows of a tier. A page before a cursor reads the same range scans backwards (the rows
nearest the cursor first, at most a page and one) and turns them round: no OFFSET either way.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from upstream.concerns.models import OPEN_STATUSES, Concern, Status
from upstream.lib.patterns import described
from upstream.lib.request_memo import remembered
from upstream.org.access import led_units
from upstream.org.models import Unit, User

PAGE_SIZE = 30
COUNT_CAP = 300  # beyond this a page says "300 or more": counting every row is what does not scale
# Tiers in inbox order: open and urgent, open, closed and urgent, closed.
TIERS = (0, 1, 2, 3)
OPEN_TIERS = (0, 1)
URGENT_TIERS = (0, 2)


EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
LAST_DAY = dt.date.max.toordinal()
# The inbox cursor: a tier, a day (a date's ordinal; a closed concern's due day is the last one
# there is), a time up to the year 5138, an id. Every text it matches decodes (the API states it,
# so a client can check a cursor before sending it).
CURSOR_PATTERN = described(
    r"^[0-3]\.[1-9][0-9]{0,6}\.[0-9]{1,17}\.[0-9a-f]{32}$",
    gettext_lazy("That page link is not valid; start again from the first page."),
)
CURSOR_RE = re.compile(CURSOR_PATTERN)


class ConcernNotFound(LookupError):
    """No such concern for this leader (it may exist in someone else's subtree)."""


class BadCursor(ValueError):
    """A page cursor (`next` or `prev`) that this server did not write."""


def led_unit_ids(user: User) -> list[int] | None:
    """Ids of every unit the user leads (their subtrees), or None when they lead the whole tree.
    Remembered for the request: a concern's page asks for them twice (its gatekeeper and the
    similar-concerns pool). Callers must not change the list."""
    tops = led_units(user)
    if any(top.depth == 1 for top in tops):
        return None
    return remembered(("led_unit_ids", user.pk, tuple(top.path for top in tops)), lambda: _ids_under(tops))


def _ids_under(tops: list[Unit]) -> list[int]:
    query = Q(pk__in=[])
    for top in tops:
        query |= Q(path__startswith=top.path)
    return list(Unit.objects.filter(query).values_list("pk", flat=True))


def _scope_q(unit_ids: list[int] | None) -> Q:
    return Q() if unit_ids is None else Q(unit_id__in=unit_ids)


def visible_concerns(user: User, *, now: dt.datetime | None = None) -> QuerySet[Concern]:
    """Concerns in the user's subtrees that their batch has released, merged ones excluded."""
    now = now or timezone.now()
    return Concern.objects.filter(_scope_q(led_unit_ids(user)), visible_from__lte=now, merged_into=None)


def concern_for_leader(user: User, concern_id: uuid.UUID | str, *, now: dt.datetime | None = None) -> Concern:
    try:
        key = uuid.UUID(str(concern_id))
    except ValueError:
        raise ConcernNotFound() from None
    concern = visible_concerns(user, now=now).select_related("unit").filter(pk=key).first()
    if concern is None:
        raise ConcernNotFound()
    return concern


def merged_home(
    user: User, concern_id: uuid.UUID | str, *, now: dt.datetime | None = None
) -> tuple[Concern, Concern] | None:
    """Where a merged concern of this leader's units now lives, if the leader may read it there.

    A bookmark, an email's link or an open tab still names the merged concern, whose own page is
    gone (merged concerns leave every list); this finds the concern it was merged into, following a
    merge of a merge, so the page can send the leader there instead of a bare "not found". (merged,
    home), or None when the id is not a merged concern in the leader's units or its home is outside
    them."""
    try:
        key = uuid.UUID(str(concern_id))
    except ValueError:
        return None
    now = now or timezone.now()
    base = Concern.objects.filter(_scope_q(led_unit_ids(user)), visible_from__lte=now)
    merged = base.filter(pk=key).exclude(merged_into=None).first()
    if merged is None:
        return None
    home = visible_concerns(user, now=now).filter(pk=merged.merge_home().pk).first()
    return None if home is None else (merged, home)


def is_overdue(concern: Concern, now: dt.datetime) -> bool:
    """Unacknowledged past its deadline: the moment when it has one (urgent concerns), else the day."""
    if concern.acknowledged_at is not None:
        return False
    if concern.ack_due_at is not None:
        return concern.ack_due_at < now
    return concern.ack_due_on < timezone.localtime(now).date()


@dataclass(frozen=True)
class Cursor:
    """A row's place in the inbox order, where a page ends or begins; opaque to clients.

    Written as four numbers, `tier.day.microseconds.id` (the due day as an ordinal, the release
    time in microseconds since 1970 UTC, the concern's id in hex), so that CURSOR_PATTERN states
    its form exactly: every text that matches it reads back as a cursor.
    """

    tier: int
    due: dt.date
    visible_from: dt.datetime
    id: uuid.UUID

    @classmethod
    def after(cls, concern: Concern) -> Cursor:
        return cls(concern.inbox_tier, concern.inbox_due, concern.visible_from, concern.pk)

    def encode(self) -> str:
        micros = (self.visible_from - EPOCH) // dt.timedelta(microseconds=1)
        return f"{self.tier}.{self.due.toordinal()}.{micros}.{self.id.hex}"

    @classmethod
    def decode(cls, text: str) -> Cursor:
        if not CURSOR_RE.fullmatch(text):
            raise BadCursor(gettext("That page link is not valid; start again from the first page."))
        tier, day, micros, key = text.split(".")
        return cls(
            int(tier),
            dt.date.fromordinal(min(int(day), LAST_DAY)),  # past the last date is after every row
            EPOCH + dt.timedelta(microseconds=int(micros)),
            uuid.UUID(hex=key),
        )


@dataclass(frozen=True)
class InboxFilters:
    status: str = ""  # a Status value, "open", or "" for all
    urgent: bool | None = None
    unit: Unit | None = None
    theme_id: int | None = None
    # Concerns the model placed under no theme ("Theme unclear" on the dashboard, which counts them).
    unclear: bool = False

    def tiers(self) -> list[int]:
        tiers = set(TIERS)
        if self.status == "open" or self.status in OPEN_STATUSES:
            tiers &= set(OPEN_TIERS)
        elif self.status in Status.values:
            tiers -= set(OPEN_TIERS)
        if self.urgent is True:
            tiers &= set(URGENT_TIERS)
        elif self.urgent is False:
            tiers -= set(URGENT_TIERS)
        return sorted(tiers)


@dataclass
class InboxPage:
    concerns: list[Concern]
    total: int
    total_is_capped: bool  # True: there are at least `total` concerns
    next_cursor: str | None
    overdue_ids: set[uuid.UUID] = field(default_factory=set)
    prev_cursor: str | None = None  # the first row's cursor, when there are rows before it


def _filtered(user: User, filters: InboxFilters, now: dt.datetime) -> QuerySet[Concern]:
    unit_ids = led_unit_ids(user)
    if filters.unit is not None:
        chosen = list(Unit.objects.filter(path__startswith=filters.unit.path).values_list("pk", flat=True))
        unit_ids = chosen if unit_ids is None else sorted(set(chosen) & set(unit_ids))
    concerns = Concern.objects.filter(_scope_q(unit_ids), visible_from__lte=now, merged_into=None)
    if filters.status in Status.values:
        concerns = concerns.filter(status=filters.status)
    if filters.unclear:
        # The primary theme's copy (main_theme) is empty exactly when no theme row is primary.
        concerns = concerns.filter(main_theme__isnull=True)
    if filters.theme_id is not None:
        from upstream.themes.models import ConcernTheme

        concerns = concerns.filter(
            Exists(ConcernTheme.objects.filter(concern_id=OuterRef("pk"), theme_id=filters.theme_id))
        )
    return concerns


# The inbox order within a tier, and the same order backwards (the index read in reverse).
FORWARD = ("inbox_due", "-visible_from", "-id")
BACKWARD = ("-inbox_due", "visible_from", "id")


def _segments(concerns: QuerySet[Concern], tiers: Sequence[int], after: Cursor | None) -> Iterable[QuerySet]:
    """Index range scans, in inbox order, that together continue the inbox after the cursor."""
    for tier in tiers:
        if after is not None and tier < after.tier:
            continue
        in_tier = concerns.filter(inbox_tier=tier)
        if after is not None and tier == after.tier:
            # Same deadline, later in the newest-first order. The plain `<=` bound lets the
            # database start the index scan at the cursor instead of filtering up to it.
            yield in_tier.filter(inbox_due=after.due, visible_from__lte=after.visible_from).filter(
                Q(visible_from__lt=after.visible_from) | Q(visible_from=after.visible_from, id__lt=after.id)
            )
            yield in_tier.filter(inbox_due__gt=after.due)
        else:
            yield in_tier


def _segments_before(concerns: QuerySet[Concern], tiers: Sequence[int], before: Cursor) -> Iterable[QuerySet]:
    """The same range scans leading up to the cursor, nearest first: read in BACKWARD order, they
    are the inbox before the cursor, backwards."""
    for tier in reversed(tiers):
        if tier > before.tier:
            continue
        in_tier = concerns.filter(inbox_tier=tier)
        if tier == before.tier:
            # Same deadline, earlier in the newest-first order; `>=` starts the scan at the cursor.
            yield in_tier.filter(inbox_due=before.due, visible_from__gte=before.visible_from).filter(
                Q(visible_from__gt=before.visible_from)
                | Q(visible_from=before.visible_from, id__gt=before.id)
            )
            yield in_tier.filter(inbox_due__lt=before.due)
        else:
            yield in_tier


def _read(segments: Iterable[QuerySet], order: Sequence[str], limit: int) -> list[Concern]:
    """The first `limit` rows of the segments, in turn: each query asks only for what is missing."""
    rows: list[Concern] = []
    for segment in segments:
        if len(rows) >= limit:
            break
        rows += list(segment.select_related("unit").order_by(*order)[: limit - len(rows)])
    return rows


def _any_before(concerns: QuerySet[Concern], tiers: Sequence[int], cursor: Cursor) -> bool:
    """Whether a row comes before the cursor: the nearest one, one row read from the index."""
    return any(
        segment.order_by(*BACKWARD).values_list("pk", flat=True).first() is not None
        for segment in _segments_before(concerns, tiers, cursor)
    )


Window = tuple[list[Concern], str | None, str | None]  # rows, the previous page's cursor, the next's


def _window_after(
    concerns: QuerySet[Concern], tiers: Sequence[int], after: Cursor | None, size: int
) -> Window:
    rows = _read(_segments(concerns, tiers, after), FORWARD, size + 1)
    page = rows[:size]
    next_cursor = Cursor.after(page[-1]).encode() if len(rows) > size else None
    # Rows came before when a cursor was given, unless they were answered and moved since.
    first = Cursor.after(page[0]) if page and after is not None else None
    prev_cursor = first.encode() if first and _any_before(concerns, tiers, first) else None
    return page, prev_cursor, next_cursor


def _window_before(
    concerns: QuerySet[Concern], tiers: Sequence[int], before: Cursor, size: int
) -> Window | None:
    """The page ending just before the cursor, or None when fewer than a page's rows come before."""
    rows = _read(_segments_before(concerns, tiers, before), BACKWARD, size + 1)
    if len(rows) < size:
        return None
    page = rows[:size][::-1]
    prev_cursor = Cursor.after(page[0]).encode() if len(rows) > size else None
    # Something follows: the row the cursor was taken from (or what has taken its place).
    return page, prev_cursor, Cursor.after(page[-1]).encode()


def inbox_page(
    user: User,
    filters: InboxFilters | None = None,
    *,
    after: Cursor | None = None,
    before: Cursor | None = None,
    size: int | None = None,
    now: dt.datetime | None = None,
) -> InboxPage:
    """What to answer first: urgent, then overdue acknowledgments (longest overdue first), then
    those due soonest, then replies waiting for the leader, then the newest batches; closed last.

    Within a batch the order follows the random ids, which is the shuffle DESIGN.md rule 2 asks for.
    `after` gives the page that follows a cursor (a page's `next_cursor`), `before` the page that
    ends just before one (a page's `prev_cursor`), not both. A page before that would be short
    (rows before it were answered and moved since) is the first page instead: a full page, and
    the same one walking forward gives.
    """
    if after is not None and before is not None:
        raise ValueError("A page follows one cursor or precedes one, not both.")
    now = now or timezone.now()
    size = size or PAGE_SIZE
    filters = filters or InboxFilters()
    tiers = filters.tiers()
    concerns = _filtered(user, filters, now)
    window = _window_before(concerns, tiers, before, size) if before is not None else None
    page, prev_cursor, next_cursor = window or _window_after(concerns, tiers, after, size)
    counted = concerns.filter(inbox_tier__in=tiers) if len(tiers) < len(TIERS) else concerns
    total = counted.order_by()[: COUNT_CAP + 1].count()
    return InboxPage(
        concerns=page,
        total=min(total, COUNT_CAP),
        total_is_capped=total > COUNT_CAP,
        next_cursor=next_cursor,
        prev_cursor=prev_cursor,
        overdue_ids={c.pk for c in page if is_overdue(c, now)},
    )


def inbox(user: User, *, now: dt.datetime | None = None) -> QuerySet[Concern]:
    """Every concern of the inbox in inbox order, for callers that need a queryset (small scopes)."""
    now = now or timezone.now()
    return (
        _filtered(user, InboxFilters(), now)
        .select_related("unit")
        .order_by("inbox_tier", "inbox_due", "-visible_from", "-id")
    )


SIMILAR_POOL_CAP = 400


def similar_pool(
    user: User, concern: Concern, *, cap: int = SIMILAR_POOL_CAP, now: dt.datetime | None = None
) -> QuerySet[Concern]:
    """Open concerns this leader can see near `concern`, for the similar-concerns search.

    Under the unit's parent, sharing the concern's main theme when it has one, newest first and
    at most `cap`: the embeddings loaded stay bounded however many concerns the system holds.
    Unevaluated, so the search reads only their embeddings (a subquery), not `cap` whole concerns.
    """
    now = now or timezone.now()
    # The parent's path is a prefix of the unit's own (materialised paths): no query for it.
    parent_depth = max(concern.unit.depth - 1, 1)
    parent_path = concern.unit.path[: parent_depth * Unit.steplen]
    led = led_unit_ids(user)
    if led is None and parent_depth == 1:
        near = Q()  # the whole tree: a list of every unit's id would only cost planning time
    else:
        unit_ids = list(Unit.objects.filter(path__startswith=parent_path).values_list("pk", flat=True))
        near = Q(unit_id__in=unit_ids if led is None else sorted(set(unit_ids) & set(led)))
    # status and merged_into as the partial index concern_open_by_theme states them, so it serves.
    candidates = Concern.objects.filter(
        near, status__in=OPEN_STATUSES, merged_into=None, visible_from__lte=now
    )
    if concern.main_theme_id is not None:
        candidates = candidates.filter(main_theme_id=concern.main_theme_id)
    return candidates.exclude(pk=concern.pk).order_by("-visible_from")[:cap]
