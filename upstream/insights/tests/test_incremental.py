"""The incremental refresh gives exactly the table a full rebuild gives, after a mix of changes."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from upstream.concerns.models import Concern, Event, Status
from upstream.insights.models import ConcernSummary, DirtyDay, SummaryRefresh
from upstream.insights.summary import refresh_changed, refresh_summaries
from upstream.insights.tests.helpers import UTC, concern, many, theme
from upstream.org.models import Unit
from upstream.themes.models import ConcernTheme

NOW = dt.datetime(2026, 9, 20, 12, tzinfo=UTC)


def table() -> list[tuple]:
    return sorted(
        ConcernSummary.objects.values_list(
            "scope", "period", "theme", "role_group", "concerns", "acknowledged", "acknowledged_on_time",
            "acknowledgment_due", "ack_micros", "ack_days", "actioned", "action_micros", "action_days",
            "hidden",
        )
    )  # fmt: skip


def test_an_incremental_refresh_gives_the_full_rebuilds_table_after_a_mix_of_changes(
    org, django_capture_on_commit_callbacks
):
    many(org.ward_a, dt.date(2025, 11, 3), 7, ack_after_days=1)
    many(org.ward_b, dt.date(2026, 2, 2), 6, "admin_burden_ehr", role="nurse")
    old = many(org.ward_a, dt.date(2026, 5, 4), 9, "moral_injury", role="physician")
    many(org.ward_b, dt.date(2026, 8, 3), 3)
    refresh_summaries(NOW)
    before = table()

    later = NOW + dt.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):  # marks are written at commit
        # A new batch released into this quarter, with one concern released after "now" (not yet seen).
        many(org.ward_b, dt.date(2026, 9, 18), 4, role="nurse")
        concern(org.ward_a, dt.date(2026, 9, 25), "moral_injury")
        # A leader acknowledges an old concern, acts on another, moves a third, corrects a theme.
        first = old[0]
        first.acknowledged_at, first.status = later, Status.ACKNOWLEDGED
        first.save(update_fields=["acknowledged_at", "status"])
        Event.objects.create(concern=old[1], kind=Event.Kind.ACTION_LINKED, at=later)
        old[2].unit = org.ward_b
        old[2].save(update_fields=["unit"])
        ConcernTheme.objects.filter(concern=old[3]).delete()
        ConcernTheme.objects.create(concern=old[3], theme=theme("workload_staffing"), score=1, primary=True)
        # One merged away, one deleted by retention (2025-Q4, another year).
        old[4].merged_into = old[5]
        old[4].save(update_fields=["merged_into"])
        Concern.objects.filter(received_on=dt.date(2025, 11, 3)).first().delete()
    assert DirtyDay.objects.exists()

    written = refresh_changed(later)
    incremental = table()
    assert incremental != before and written > 0
    assert SummaryRefresh.objects.latest("finished_at").full is False
    assert not DirtyDay.objects.exists()
    refresh_summaries(later)
    assert table() == incremental


def test_a_deadline_passing_with_no_other_change_gives_the_full_rebuilds_table(org):
    def due(unit) -> int:
        return ConcernSummary.objects.get(
            scope=unit, period="2026-Q3", theme="", role_group=""
        ).acknowledgment_due

    # NOW is 08:00 on 2026-09-20 in New York. Received 09-16: due 09-20, the refresh day itself.
    many(org.ward_a, dt.date(2026, 9, 16), 6)
    many(org.ward_a, dt.date(2026, 9, 14), 5, ack_after_days=1)  # acknowledged: decided already
    # Received in 2026-Q3, due in Q4 (10-02): its quarter is the one to refresh.
    many(org.ward_b, dt.date(2026, 9, 15), 5, due_days=16)
    refresh_summaries(NOW)
    assert (due(org.ward_a), due(org.ward_b)) == (5, 0)

    # Nothing changes, nothing is released: only deadlines pass.
    for later in (NOW + dt.timedelta(days=1), NOW + dt.timedelta(days=14)):
        assert not DirtyDay.objects.exists()
        written = refresh_changed(later)
        incremental = table()
        assert written > 0 and SummaryRefresh.objects.latest("finished_at").full is False
        refresh_summaries(later)
        assert table() == incremental
    assert (due(org.ward_a), due(org.ward_b)) == (11, 5)


def test_nothing_changed_writes_nothing_and_keeps_the_table(org):
    many(org.ward_a, dt.date(2026, 8, 3), 6)
    refresh_summaries(NOW)
    before = table()
    assert refresh_changed(NOW + dt.timedelta(days=3)) == 0
    assert table() == before


def test_reorganising_units_falls_back_to_a_full_rebuild(org):
    many(org.ward_a, dt.date(2026, 8, 3), 6)
    refresh_summaries(NOW)
    Unit.objects.add_child(org.medicine, dict(name="6 North", code="6north", level="unit"))
    refresh_changed(NOW)
    assert SummaryRefresh.objects.latest("finished_at").full is True


def test_the_first_refresh_is_a_full_one(org):
    many(org.ward_a, dt.date(2026, 8, 3), 6)
    refresh_changed(timezone.now())
    assert SummaryRefresh.objects.get().full is True
    assert ConcernSummary.objects.filter(scope=org.system, period="2026-Q3", theme="").get().concerns == 6
