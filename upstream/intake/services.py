"""Writing into the intake, and releasing due entries into the visible tables.

`enqueue` is the only way an anonymous record enters the database. It commits in the caller's
transaction, so a caller that must also record something else (a spent token, an answered wave)
does both atomically; once the caller's transaction commits the entry is durable (nothing
acknowledged is lost, even under kill -9).

`release_due` moves every due entry into the visible tables in one transaction, in shuffled order,
then removes the intake rows for good: on PostgreSQL the table is TRUNCATEd (a new file; the old
one is unlinked, so no dead tuples remain) and entries not yet due are written back; on SQLite the
rows are deleted with `secure_delete` on, which overwrites their pages.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
import uuid
from collections import defaultdict
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from upstream.intake import registry, sealing
from upstream.intake.models import IntakeEntry
from upstream.intake.schedule import release_time

logger = logging.getLogger(__name__)
_random = secrets.SystemRandom()


@dataclass(frozen=True)
class Pending:
    kind: str
    payload: dict
    release_at: dt.datetime


# Each waiting entry of a receipt is stored under a lookup of its own, one of SLOTS derived from the
# receipt's: a dump before a release then shows no group of entries sharing a lookup. Grouped, a
# receipt's count of waiting replies could be matched with the count of new reporter messages on
# one concern after the release, tying each entry's moment of writing to that concern (found by a
# probe with two dumps). A writer with more than SLOTS entries waiting at once shares the last.
#
# The slots are also salted with the entry's release time. Unsalted, slot 0 came free again at
# every release, so one receipt's first waiting entry carried the same stored value in every batch:
# dumps taken before each release grouped a receipt's entries across weeks (an independent audit),
# which is the same grouping over time. Salted, a slot comes free only when its release time has
# passed. An entry that leaves before its time (a release of everything, or an urgent reply bringing
# its concern forward: `expedite`) leaves a placeholder in its slot until that time (`_hold_slots`):
# without one the receipt's next entry for the same time took the freed slot, and its stored value
# equalled the earlier entry's across two dumps (a probe tied a reply to the entry before it so).
# The invariant: an entry's stored lookup is one of `_slots(lookup, entry.release_at)`.
SLOTS = 32
# A placeholder's payload, sealed and padded like any other: a dump cannot tell it from an entry.
PLACEHOLDER = {"placeholder": True}


def _slots(lookup: str, release_at: dt.datetime | None = None) -> list[str]:
    """The stored lookups of one receipt's entries released at `release_at` (None: as written before
    the salt, kept so that an entry already waiting through an upgrade is still found). `lookup` is
    itself a keyed hash, never stored."""
    salt = "" if release_at is None else f"{int(release_at.timestamp())}:"
    return [hashlib.sha256(f"{lookup}:{salt}{slot}".encode()).hexdigest() for slot in range(SLOTS)]


def _free_slot(lookup: str, release_at: dt.datetime) -> str:
    slots = _slots(lookup, release_at)
    taken = set(IntakeEntry.objects.filter(lookup__in=slots).values_list("lookup", flat=True))
    return next((slot for slot in slots if slot not in taken), slots[-1])


def _every_slot(lookup: str) -> list[str]:
    """Every stored lookup a waiting entry of this receipt can have: one set per release time now
    in the intake (a day's batch, the hours of urgent ones, a few held back), plus the unsalted."""
    times = IntakeEntry.objects.order_by().values_list("release_at", flat=True).distinct()
    return [slot for when in [None, *times] for slot in _slots(lookup, when)]


def _hold_slots(entries: list[IntakeEntry], now: dt.datetime) -> None:
    """Keep the slots of entries leaving before their release time taken until that time, with a
    placeholder of the same kind, release time and lookup; the release drops it unread."""
    IntakeEntry.objects.bulk_create(
        IntakeEntry(kind=e.kind, release_at=e.release_at, lookup=e.lookup, sealed=sealing.seal(PLACEHOLDER))
        for e in entries
        if e.lookup and e.release_at > now
    )


def _is_placeholder(payload: dict) -> bool:
    return payload == PLACEHOLDER


def waiting_ids() -> set:
    """The ids of the entries waiting for release, placeholders left out (an operator's count:
    `upstream release-now` said placeholders were submissions still waiting). An entry that cannot
    be opened counts as waiting."""
    entries = list(IntakeEntry.objects.all())
    opened = _opened(entries)
    return {e.pk for e in entries if e.pk not in opened or not _is_placeholder(opened[e.pk])}


def enqueue(
    kind: str,
    payload: dict,
    *,
    urgent: bool = False,
    lookup: str = "",
    now: dt.datetime | None = None,
    not_before: dt.datetime | None = None,
) -> dt.datetime:
    """Seal and store an anonymous record; returns the fixed time it will be released.

    `not_before` holds an entry back until another one it depends on is released (a reply to a
    concern that is itself still waiting).
    """
    release_at = release_time(now or timezone.now(), urgent=urgent)
    if not_before is not None and not_before > release_at:
        release_at = not_before
    stored = _free_slot(lookup, release_at) if lookup else ""
    IntakeEntry.objects.create(kind=kind, release_at=release_at, lookup=stored, sealed=sealing.seal(payload))
    return release_at


def pending_for(lookup: str, kind: str | None = None) -> list[Pending]:
    """What a receipt holder sent that has not been released yet (shown only to them)."""
    if not lookup:
        return []
    entries = list(IntakeEntry.objects.filter(lookup__in=_every_slot(lookup)))
    if kind:
        entries = [e for e in entries if e.kind == kind]
    opened = _opened(entries)
    return [
        Pending(e.kind, opened[e.pk], e.release_at)
        for e in entries
        if e.pk in opened and not _is_placeholder(opened[e.pk])
    ]


def hold_for_rewrite() -> None:
    """Take the release's locks, in its order, before an `expedite` in this transaction reads or
    writes the intake. Taken first, with nothing of the intake held yet: a writer that had read the
    intake (and so held a share of it) and then asked for it whole would deadlock with another doing
    the same, or with a release waiting between them."""
    _lock()


def expedite(lookup: str, kinds: tuple[str, ...], release_at: dt.datetime) -> None:
    """Bring a receipt's waiting entries of these kinds forward to `release_at` (an urgent reply to a
    concern not yet out), each into a free slot of its new release time; a placeholder keeps each
    old slot taken. Then every waiting entry is written again (`_rewrite_waiting`): moved in place,
    an entry kept its id and sealed bytes, so a dump before and one after followed it to its new
    hour, and its old transaction id and position in the first dump gave its moment of writing
    (an independent audit with two plain dumps). The caller holds `hold_for_rewrite()`."""
    slots = _every_slot(lookup)
    entries = IntakeEntry.objects.filter(lookup__in=slots, kind__in=kinds, release_at__gt=release_at)
    moving = list(entries.only("pk", "kind", "release_at", "lookup"))
    _hold_slots(moving, release_at)
    for entry in moving:
        moved = _free_slot(lookup, release_at)
        IntakeEntry.objects.filter(pk=entry.pk).update(release_at=release_at, lookup=moved)
    _rewrite_waiting()


# Entries resealed at once: 24 KiB each, so about 5 MB in memory whatever the intake holds.
REWRITE_CHUNK = 200


def _rewrite_waiting() -> None:
    """Give every waiting entry a new id and a fresh seal (a new nonce: other bytes, the same
    payload), in random order, in this transaction: no entry in a later dump can be matched with
    one in an earlier dump by its id or its bytes, only by what it shares with every entry (kind,
    release time, slot). An entry that cannot be opened keeps its bytes (it is logged at release).
    On PostgreSQL the old rows go with TRUNCATE, as at a release (no dead tuples keep them); on
    SQLite with DELETE under `secure_delete`."""
    ids = list(IntakeEntry.objects.values_list("pk", flat=True))
    _random.shuffle(ids)
    table = IntakeEntry._meta.db_table
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TEMPORARY TABLE intake_fresh (LIKE {table}) ON COMMIT DROP")
    for start in range(0, len(ids), REWRITE_CHUNK):
        chunk = ids[start : start + REWRITE_CHUNK]
        fresh = [_fresh(entry) for entry in IntakeEntry.objects.filter(pk__in=chunk)]
        _random.shuffle(fresh)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO intake_fresh (id, kind, release_at, lookup, sealed) "
                    "VALUES (%s, %s, %s, %s, %s)",
                    [(e.pk, e.kind, e.release_at, e.lookup, e.sealed) for e in fresh],
                )
        else:
            IntakeEntry.objects.filter(pk__in=chunk).delete()
            IntakeEntry.objects.bulk_create(fresh)
    if connection.vendor == "postgresql":
        _truncate(table)
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table} SELECT * FROM intake_fresh ORDER BY random()")  # noqa: S608
            cursor.execute("DROP TABLE intake_fresh")


def _fresh(entry: IntakeEntry) -> IntakeEntry:
    try:
        sealed = sealing.seal(sealing.unseal(entry.sealed))
    except (InvalidTag, ValueError):
        sealed = bytes(entry.sealed)
    return IntakeEntry(
        id=uuid.uuid4(), kind=entry.kind, release_at=entry.release_at, lookup=entry.lookup, sealed=sealed
    )


def _prepare(kind: str, payloads: list[dict]) -> None:
    prepare = registry.preparer_for(kind)
    if prepare and payloads:
        prepare(payloads)


def _opened(entries: list[IntakeEntry]) -> dict:
    """Payloads by entry id; an entry that cannot be opened (another key, damage) is left out
    and stays in the intake, logged, rather than blocking every release after it."""
    opened = {}
    for entry in entries:
        try:
            opened[entry.pk] = sealing.unseal(entry.sealed)
        except (InvalidTag, ValueError):
            logger.error("intake: an entry of kind %s cannot be opened; it is kept", entry.kind)
    return opened


def release_due(now: dt.datetime | None = None, *, everything: bool = False) -> int:
    """Release every entry due by `now` (or all of them); returns how many were released.

    Idempotent: released entries are gone, so a second run finds nothing. Slow preparation (the
    text model) runs before the lock, so writers wait only for the inserts. A group whose handler
    fails is rolled back to its savepoint and kept for the next run; the rest of the batch goes.
    """
    now = now or timezone.now()
    due = IntakeEntry.objects.all() if everything else IntakeEntry.objects.filter(release_at__lte=now)
    due = list(due)
    opened = _opened(due)
    _prepare_all(due, opened)
    with transaction.atomic():
        _lock()
        entries = list(IntakeEntry.objects.defer("sealed"))  # kept entries' payloads stay in the database
        candidates = [e for e in entries if everything or e.release_at <= now]
        late = [e for e in candidates if e.pk not in opened]
        late_opened = _opened(late)
        _prepare_all(late, late_opened)
        opened.update(late_opened)
        # A counter tapped since the last run takes this run's transaction id, released or not.
        _refresh_recent_counters(now)
        ready = [e for e in candidates if e.pk in opened]
        if not ready:
            return 0
        # Placeholders (`_hold_slots`) are dropped unread: nothing of them reaches a handler.
        placeholders = {e.pk for e in ready if _is_placeholder(opened[e.pk])}
        real = [e for e in ready if e.pk not in placeholders]
        forced_at = now.replace(second=0, microsecond=0) if everything else None
        failed, held = _dispatch(real, opened, forced_at) if real else (set(), 0)
        released_ids = {e.pk for e in ready} - failed
        _remove(released_ids)
        if everything:
            # Released before their time: their slots stay taken until it (as `expedite` does).
            _hold_slots([e for e in ready if e.pk in released_ids], now)
        _rewrite_side_tables(now)
    # Held entries left as new ones (sealed again, due later): they are still waiting, not released.
    # "25 released" every run, while 25 survey answers sat in the intake, told an operator it was empty.
    logger.info(
        "intake: %d entries released, %d held back for a later batch, %d kept after a failure",
        len(released_ids) - len(placeholders) - held,
        held,
        len(failed),
    )
    return len(released_ids) - len(placeholders) - held


def _prepare_all(entries: list[IntakeEntry], opened: dict) -> None:
    by_kind: dict[str, list[dict]] = defaultdict(list)
    for entry in entries:
        if entry.pk in opened and not _is_placeholder(opened[entry.pk]):
            by_kind[entry.kind].append(opened[entry.pk])
    for kind, payloads in by_kind.items():
        _prepare(kind, payloads)


def _dispatch(ready: list[IntakeEntry], payloads: dict, forced_at: dt.datetime | None) -> tuple[set, int]:
    """Hand each (kind, batch time) group to its handler in a savepoint; returns the ids kept after
    a failure and how many payloads the handlers sealed back into the intake for a later batch."""
    _random.shuffle(ready)
    groups: dict[tuple[str, dt.datetime], list[IntakeEntry]] = defaultdict(list)
    for entry in ready:
        groups[(entry.kind, forced_at or entry.release_at)].append(entry)
    failed: set = set()
    held = 0
    for kind in registry.kinds_in_order({kind for kind, _ in groups}):
        handle = registry.handler_for(kind)
        for (group_kind, at), group in sorted(groups.items(), key=lambda item: item[0][1]):
            if group_kind != kind:
                continue
            try:
                if handle is None:
                    raise LookupError(f"no release handler registered for intake kind {kind!r}")
                with transaction.atomic():
                    held += handle([payloads[e.pk] for e in group], registry.Batch(released_at=at)) or 0
            except Exception:  # noqa: BLE001 - keep the group for the next run; the log names no content
                logger.exception("intake: releasing %d %s entries failed; they are kept", len(group), kind)
                failed.update(e.pk for e in group)
    return failed, held


def _lock() -> None:
    """Lock the side tables, then the intake: the order in which writers touch them (a form spends
    its key, or a token is spent, before the entry is written). Locking the intake first and the
    side tables at the end (their rewrite) deadlocked with a writer between its two inserts."""
    if connection.vendor == "postgresql":
        tables = [model._meta.db_table for model, _drop in registry.rewritten_tables()]
        with connection.cursor() as cursor:
            cursor.execute(
                f"LOCK TABLE {', '.join([*tables, IntakeEntry._meta.db_table])} IN ACCESS EXCLUSIVE MODE"
            )


def _truncate(table: str) -> None:
    with connection.cursor() as cursor:
        # Deferred foreign-key checks of rows written earlier in this transaction must fire first,
        # or PostgreSQL refuses to TRUNCATE a table with pending trigger events.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {table}")


def _remove(released_ids: set) -> None:
    table = IntakeEntry._meta.db_table
    if connection.vendor == "postgresql":
        # Entries not yet due are copied aside inside the database, the table is truncated (its old
        # file, with every released row, is unlinked) and they are written back in random order.
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE intake_keep ON COMMIT DROP AS "  # noqa: S608 - our own table name
                f"SELECT * FROM {table} WHERE NOT (id = ANY(%s))",
                [list(released_ids)],
            )
        _truncate(table)
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table} SELECT * FROM intake_keep ORDER BY random()")  # noqa: S608
            cursor.execute("DROP TABLE intake_keep")
    else:
        IntakeEntry.objects.filter(pk__in=released_ids).delete()


def _refresh_recent_counters(now: dt.datetime) -> None:
    """Write the registered counters' recent rows again, unchanged, in the release's transaction
    (PostgreSQL gives each a new row version; the release's vacuum removes the old ones). An UPDATE
    of the key to itself: no count is read into Python and written back, so a tap counted meanwhile
    (it waits for the row) is not lost."""
    for model, recent in registry.refreshed_tables():
        key = model._meta.pk.attname
        # One row at a time, in random order: one UPDATE wrote the new versions in the old rows'
        # order, so a dump after the release still listed the lines tapped, in the order they were
        # first tapped (an independent audit). A few dozen rows: two days of counters.
        keys = list(model.objects.filter(recent(now)).values_list(key, flat=True))
        _random.shuffle(keys)
        for value in keys:
            model.objects.filter(**{key: value}).update(**{key: F(key)})


def _rewrite_side_tables(now: dt.datetime) -> None:
    """Rewrite the registered side tables in this transaction, shuffled, without expired rows.

    Used form keys and spent tokens were written in the submissions' own transactions; rewritten,
    their transaction ids and physical order say only "before this release".
    """
    for model, drop in registry.rewritten_tables():
        rows = model.objects.all()
        if drop is not None:
            rows = rows.exclude(drop(now))
        live = list(rows)
        if connection.vendor == "postgresql":
            _truncate(model._meta.db_table)
        else:
            model.objects.all().delete()
        _random.shuffle(live)
        model.objects.bulk_create(live)
