"""upstream rebuild_insights [--changed]: rebuild the dashboards' summary tables."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from upstream.insights.summary import refresh_changed, refresh_summaries


class Command(BaseCommand):
    help = (
        "Rebuild the dashboards' summary tables from the concerns, surveys and community records "
        "(a repair; the scheduled task refreshes only what changed). --changed does that instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("--changed", action="store_true", help="Only what changed since last time.")

    def handle(self, *args, **options):
        if options["changed"]:
            rows = refresh_changed()
            self.stdout.write(f"{rows} summary rows written (incremental).")
        else:
            cells = refresh_summaries()
            self.stdout.write(f"{cells} summary cells rebuilt.")
