"""Mark the units and days whose concerns changed, so the next refresh reaches only their quarters.

Receivers on the concern models (connected in apps.py), nothing in the other apps: a leader's
save of a concern (acknowledgment, status, merge, a move: the old unit and the new), a history
event (an action linked), themes replaced (a correction or a reclassification deletes the old
rows first) and a deletion (retention). Releases are not marked: the refresh finds them by their
release time (summary.changed_quarters). Only a unit and a day are kept, the grain the concerns
already carry; never a time. Marks are collected per transaction and written once at commit;
marking too much only costs a little work, marking too little would leave a figure stale.
"""

from __future__ import annotations

import datetime as dt
import threading

from django.db import transaction

_pending = threading.local()


def _state() -> tuple[set[tuple[int, dt.date]], set]:
    if not hasattr(_pending, "pairs"):
        _pending.pairs, _pending.concerns = set(), set()
    return _pending.pairs, _pending.concerns


def _flush() -> None:
    from upstream.concerns.models import Concern
    from upstream.insights.models import DirtyDay

    pairs, concerns = _state()
    if not pairs and not concerns:
        return
    _pending.pairs, _pending.concerns = set(), set()
    if concerns:
        pairs |= set(Concern.objects.filter(pk__in=concerns).values_list("unit_id", "received_on"))
    from upstream.org.models import Unit

    units = set(Unit.objects.filter(pk__in={unit for unit, _day in pairs}).values_list("pk", flat=True))
    DirtyDay.objects.bulk_create(
        [DirtyDay(unit_id=unit, day=day) for unit, day in pairs if unit in units and day is not None],
        ignore_conflicts=True,
    )


def _schedule() -> None:
    # The first flush at commit writes every mark; the others find nothing. If the transaction
    # rolls back, the marks stay pending and are written next time (a quarter refreshed for nothing).
    transaction.on_commit(_flush)


def mark_day(unit_id: int | None, day: dt.date | None) -> None:
    _state()[0].add((unit_id, day))
    _schedule()


def mark_concern(concern_id: object) -> None:
    _state()[1].add(concern_id)
    _schedule()


def concern_saving(sender, instance, raw=False, update_fields=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
    if raw or instance._state.adding:
        return
    if update_fields is None or "unit" in update_fields or "received_on" in update_fields:
        # A move: the unit it leaves changes too.
        before = type(instance).objects.filter(pk=instance.pk).values_list("unit_id", "received_on").first()
        if before is not None:
            mark_day(*before)


def concern_saved(sender, instance, raw=False, **kwargs) -> None:  # type: ignore[no-untyped-def]
    if not raw:
        mark_day(instance.unit_id, instance.received_on)


def concern_deleted(sender, instance, **kwargs) -> None:  # type: ignore[no-untyped-def]
    mark_day(instance.unit_id, instance.received_on)


def related_changed(sender, instance, raw=False, **kwargs) -> None:  # type: ignore[no-untyped-def]
    if not raw:
        mark_concern(instance.concern_id)


def connect() -> None:
    from django.db.models.signals import post_delete, post_save, pre_save

    from upstream.concerns.models import Concern, Event
    from upstream.themes.models import ConcernTheme

    pre_save.connect(concern_saving, sender=Concern, dispatch_uid="insights-concern-saving")
    post_save.connect(concern_saved, sender=Concern, dispatch_uid="insights-concern-saved")
    post_delete.connect(concern_deleted, sender=Concern, dispatch_uid="insights-concern-deleted")
    post_save.connect(related_changed, sender=Event, dispatch_uid="insights-event-saved")
    post_save.connect(related_changed, sender=ConcernTheme, dispatch_uid="insights-theme-saved")
    post_delete.connect(related_changed, sender=ConcernTheme, dispatch_uid="insights-theme-deleted")
