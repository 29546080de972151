"""Which function turns released payloads of a kind into visible rows.

Apps register a handler from their AppConfig.ready(). Handlers run inside the release transaction,
in registration priority (a reply's concern must exist before the reply is appended), each with
its payloads already shuffled. A handler writes its rows in the order given (bulk_create), with
random ids and no time finer than the batch. If it raises, its group is rolled back to a
savepoint and kept in the intake for the next run; the rest of the batch is released. A handler
that seals some payloads back into the intake for a later batch (survey answers whose group is
still too small) returns how many, so the release does not count them as released.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Batch:
    released_at: dt.datetime

    @property
    def day(self) -> dt.date:
        from django.utils import timezone

        return timezone.localtime(self.released_at).date()


Handler = Callable[[list[dict], Batch], int | None]
Preparer = Callable[[list[dict]], None]
_HANDLERS: dict[str, tuple[int, Handler]] = {}
_PREPARERS: dict[str, Preparer] = {}


def handler(
    kind: str, *, priority: int = 100, prepare: Preparer | None = None
) -> Callable[[Handler], Handler]:
    """Register `fn(payloads, batch)` for `kind`; lower priority runs first.

    `prepare(payloads)`, if given, runs before the release transaction takes its lock and may add
    keys starting with "_" to each payload (the text model's analysis, for example).
    """

    def register(fn: Handler) -> Handler:
        _HANDLERS[kind] = (priority, fn)
        if prepare is not None:
            _PREPARERS[kind] = prepare
        return fn

    return register


def preparer_for(kind: str) -> Preparer | None:
    return _PREPARERS.get(kind)


def handler_for(kind: str) -> Handler | None:
    entry = _HANDLERS.get(kind)
    return entry[1] if entry else None


def kinds_in_order(kinds: set[str]) -> list[str]:
    return sorted(kinds, key=lambda k: (_HANDLERS.get(k, (1000, None))[0], k))


# Tables that anonymous writes touch in the writer's own transaction (used form keys, spent
# tokens): rewritten in every release transaction, so their transaction ids and physical order say
# only "before this release". `drop(now)` names rows to leave out (expired ones).
_REWRITTEN: dict[type, Callable[[dt.datetime], object] | None] = {}


def rewrite_at_release(model: type, *, drop: Callable[[dt.datetime], object] | None = None) -> None:
    _REWRITTEN[model] = drop


def rewritten_tables() -> list[tuple[type, Callable[[dt.datetime], object] | None]]:
    return list(_REWRITTEN.items())


# Counters a person's own moment updates in place (a tap on a crisis line): too many rows to rewrite
# at every release, so the release rewrites only the recent ones, `recent(now)`, in its own
# transaction. A counter's transaction id then says "before this release", not "just after the
# survey answer of the person whose invitation row sits beside it" (a probe read that in a dump).
_REFRESHED: dict[type, Callable[[dt.datetime], object]] = {}


def refresh_at_release(model: type, *, recent: Callable[[dt.datetime], object]) -> None:
    _REFRESHED[model] = recent


def refreshed_tables() -> list[tuple[type, Callable[[dt.datetime], object]]]:
    return list(_REFRESHED.items())
