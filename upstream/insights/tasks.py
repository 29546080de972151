"""Background work for insights."""

from __future__ import annotations

from django_tasks import task

from upstream.ops import priorities


@task(priority=priorities.HEAVY)
def refresh_insights() -> int:
    """Refresh the dashboards' summary tables (and their suppression) for what changed since the
    last refresh; the first run is a full rebuild. Idempotent: one transaction, and the result is
    the table a full rebuild gives, so a rerun or a duplicate enqueue changes nothing."""
    from upstream.insights.summary import refresh_changed

    return refresh_changed()


@task(priority=priorities.HEAVY)
def rebuild_insights() -> int:
    """Rebuild every summary row from the concerns (repair). Idempotent."""
    from upstream.insights.summary import refresh_summaries

    return refresh_summaries()
