"""upstream rebuild_insights [--changed]: rebuild the dashboards' summary tables."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy, ngettext

from upstream.insights.summary import refresh_changed, refresh_summaries
from upstream.lib.commands import TranslatedHelp


class Command(TranslatedHelp, BaseCommand):
    help = gettext_lazy(
        "Rebuild the dashboards' summary tables from the concerns, surveys and community records "
        "(a repair; the scheduled task refreshes only what changed). --changed does that instead."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--changed", action="store_true", help=gettext_lazy("Only what changed since last time.")
        )

    def handle(self, *args, **options):
        if options["changed"]:
            rows = refresh_changed()
            message = ngettext(
                "%(count)s summary row written (incremental).",
                "%(count)s summary rows written (incremental).",
                rows,
            )
            self.stdout.write(message % {"count": rows})
        else:
            cells = refresh_summaries()
            message = ngettext("%(count)s summary cell rebuilt.", "%(count)s summary cells rebuilt.", cells)
            self.stdout.write(message % {"count": cells})
