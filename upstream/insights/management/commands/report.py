"""upstream report --scope UNIT --period 2026-Q3 --out report.pdf [--csv figures.zip]"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext, gettext_lazy

from upstream.insights.dashboard import BadFilter, Filters, figures, parse_period
from upstream.insights.report import csv_bundle, render_pdf
from upstream.lib.commands import TranslatedHelp
from upstream.org.models import RoleGroup, Unit


class Command(TranslatedHelp, BaseCommand):
    help = gettext_lazy(
        "Write the board report (PDF) for a unit and its subtree, and optionally the CSV bundle."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scope",
            required=True,
            help=gettext_lazy("A unit's code (or id); the report covers its subtree."),
        )
        parser.add_argument(
            "--period", required=True, help=gettext_lazy("A quarter (2026-Q3) or a year (2026).")
        )
        parser.add_argument("--out", required=True, help=gettext_lazy("Where to write the PDF."))
        parser.add_argument(
            "--csv", default="", help=gettext_lazy("Also write the figures as a zip of CSV files here.")
        )
        parser.add_argument(
            "--role", default="", help=gettext_lazy("Only one role group (default: everyone).")
        )

    def handle(self, *args, **options):
        scope = Unit.objects.filter(code=options["scope"]).first()
        if scope is None and options["scope"].isdigit():
            scope = Unit.objects.filter(pk=options["scope"]).first()
        if scope is None:
            raise CommandError(gettext("No unit with code %(code)r.") % {"code": options["scope"]})
        try:
            if options["role"] and options["role"] not in RoleGroup.values:
                # A misspelt role group wrote a report of nothing, titled as if filtered.
                raise BadFilter(gettext("Choose one of the role groups, or none for everyone."))
            filters = Filters(scope=scope, period=parse_period(options["period"]), role_group=options["role"])
        except BadFilter as error:
            raise CommandError(str(error)) from None
        data = figures(None, filters)
        Path(options["out"]).write_bytes(render_pdf(data))
        if options["csv"]:
            Path(options["csv"]).write_bytes(csv_bundle(data))
            message = gettext("Wrote %(pdf)s and %(csv)s for %(unit)s, %(period)s.")
        else:
            message = gettext("Wrote %(pdf)s for %(unit)s, %(period)s.")
        self.stdout.write(
            message
            % {"pdf": options["out"], "csv": options["csv"], "unit": scope.name, "period": filters.period}
        )
