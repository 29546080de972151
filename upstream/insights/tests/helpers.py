from __future__ import annotations

import datetime as dt

from upstream.concerns.models import Concern, Status
from upstream.themes.models import ConcernTheme, Theme

UTC = dt.UTC


def theme(key: str) -> Theme:
    found, _ = Theme.objects.get_or_create(
        key=key, defaults={"name": key.replace("_", " ").title(), "description": "d", "factor": "f"}
    )
    return found


def concern(
    unit,
    day: dt.date,
    theme_key: str | None = "workload_staffing",
    *,
    role: str = "",
    ack_after_days: float | None = None,
    due_days: int = 3,
    status: str | None = None,
) -> Concern:
    """A released concern; acknowledged `ack_after_days` after its release when given."""
    visible = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(7), tzinfo=UTC)
    acknowledged = None if ack_after_days is None else visible + dt.timedelta(days=ack_after_days)
    row = Concern.objects.create(
        text="A concern long enough to be stored.",
        unit=unit,
        role_group=role,
        status=status or (Status.NEW if acknowledged is None else Status.ACKNOWLEDGED),
        received_on=day,
        visible_from=visible,
        ack_due_on=visible.date() + dt.timedelta(days=due_days),
        acknowledged_at=acknowledged,
        retain_until=day + dt.timedelta(days=1000),
    )
    if theme_key is not None:
        ConcernTheme.objects.create(concern=row, theme=theme(theme_key), score=0.9, primary=True)
    return row


def many(
    unit, day: dt.date, count: int, theme_key: str | None = "workload_staffing", **kwargs
) -> list[Concern]:
    return [concern(unit, day, theme_key, **kwargs) for _ in range(count)]
