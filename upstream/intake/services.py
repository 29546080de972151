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
import logging
import secrets
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from upstream.intake import registry, sealing
from upstream.intake.models import IntakeEntry, UsedFormKey
from upstream.intake.schedule import release_time

logger = logging.getLogger(__name__)
_random = secrets.SystemRandom()


@dataclass(frozen=True)
class Pending:
    kind: str
    payload: dict
    release_at: dt.datetime


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
    IntakeEntry.objects.create(kind=kind, release_at=release_at, lookup=lookup, sealed=sealing.seal(payload))
    return release_at


def pending_for(lookup: str, kind: str | None = None) -> list[Pending]:
    """What a receipt holder sent that has not been released yet (shown only to them)."""
    if not lookup:
        return []
    entries = IntakeEntry.objects.filter(lookup=lookup)
    if kind:
        entries = entries.filter(kind=kind)
    return [Pending(e.kind, sealing.unseal(e.sealed), e.release_at) for e in entries]


def expedite(lookup: str, kind: str, release_at: dt.datetime) -> None:
    """Bring waiting entries forward to `release_at` (an urgent reply to a concern not yet out)."""
    IntakeEntry.objects.filter(lookup=lookup, kind=kind, release_at__gt=release_at).update(
        release_at=release_at
    )


def pending_count() -> int:
    return IntakeEntry.objects.count()


def _prepare(kind: str, payloads: list[dict]) -> None:
    prepare = registry.preparer_for(kind)
    if prepare and payloads:
        prepare(payloads)


def _opened(entries: list[IntakeEntry]) -> dict:
    return {entry.pk: sealing.unseal(entry.sealed) for entry in entries}


def release_due(now: dt.datetime | None = None, *, everything: bool = False) -> int:
    """Release every entry due by `now` (or all of them); returns how many were released.

    Idempotent: released entries are gone, so a second run finds nothing. Slow preparation (the
    text model) runs before the lock, so writers wait only for the inserts.
    """
    now = now or timezone.now()
    due = IntakeEntry.objects.all() if everything else IntakeEntry.objects.filter(release_at__lte=now)
    prepared = _opened(list(due))
    by_kind: dict[str, list[dict]] = defaultdict(list)
    for entry in due:
        if entry.pk in prepared:
            by_kind[entry.kind].append(prepared[entry.pk])
    for kind, payloads in by_kind.items():
        _prepare(kind, payloads)
    with transaction.atomic():
        _lock()
        entries = list(IntakeEntry.objects.all())
        released = [e for e in entries if everything or e.release_at <= now]
        if not released:
            return 0
        released_ids = {e.pk for e in released}
        kept = [e for e in entries if e.pk not in released_ids]
        late = [e for e in released if e.pk not in prepared]
        for entry, payload in _opened(late).items():
            prepared[entry] = payload
        for kind in {e.kind for e in late}:
            _prepare(kind, [prepared[e.pk] for e in late if e.kind == kind])
        _dispatch(released, prepared, now.replace(second=0, microsecond=0) if everything else None)
        _remove(released, kept)
        UsedFormKey.objects.filter(expires_on__lt=timezone.localdate(now)).delete()
    logger.info("intake: %d entries released", len(released))
    return len(released)


def _dispatch(released: list[IntakeEntry], payloads: dict, forced_at: dt.datetime | None) -> None:
    _random.shuffle(released)
    groups: dict[tuple[str, dt.datetime], list[dict]] = defaultdict(list)
    for entry in released:
        at = forced_at or entry.release_at
        groups[(entry.kind, at)].append(payloads[entry.pk])
    for kind in registry.kinds_in_order({kind for kind, _ in groups}):
        handle = registry.handler_for(kind)
        if handle is None:
            raise LookupError(f"no release handler registered for intake kind {kind!r}")
        for (group_kind, at), group in sorted(groups.items(), key=lambda item: item[0][1]):
            if group_kind == kind:
                handle(group, registry.Batch(released_at=at))


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {IntakeEntry._meta.db_table} IN ACCESS EXCLUSIVE MODE")


def _remove(released: list[IntakeEntry], kept: list[IntakeEntry]) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {IntakeEntry._meta.db_table}")
        _random.shuffle(kept)
        IntakeEntry.objects.bulk_create(
            IntakeEntry(id=e.id, kind=e.kind, release_at=e.release_at, lookup=e.lookup, sealed=e.sealed)
            for e in kept
        )
    else:
        IntakeEntry.objects.filter(pk__in=[e.pk for e in released]).delete()
