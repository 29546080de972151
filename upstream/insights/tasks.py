"""Background work for insights."""

from __future__ import annotations

from django_tasks import task


@task()
def refresh_insights() -> int:
    """Rebuild the dashboards' summary table (and its suppression). Idempotent: a full rebuild in
    one transaction, so a rerun or a duplicate enqueue gives the same table."""
    from upstream.insights.summary import refresh_summaries

    return refresh_summaries()
