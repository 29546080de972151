"""upstream report --scope UNIT --period 2026-Q3 --out report.pdf [--csv figures.zip]"""

from __future__ import annotations

import os
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
        # Both places checked before any work: a folder typed wrong ended in a traceback, and a bad
        # --csv would have been found only after the PDF was written.
        pdf = _writable(options["out"])
        bundle = _writable(options["csv"]) if options["csv"] else None
        data = figures(None, filters)
        _write(pdf, render_pdf(data))
        if bundle is not None:
            _write(bundle, csv_bundle(data))
            message = gettext("Wrote %(pdf)s and %(csv)s for %(unit)s, %(period)s.")
        else:
            message = gettext("Wrote %(pdf)s for %(unit)s, %(period)s.")
        self.stdout.write(
            message
            % {"pdf": options["out"], "csv": options["csv"], "unit": scope.name, "period": filters.period}
        )


def _writable(name: str) -> Path:
    """The file to write, once its folder is known to take it; a one-line CommandError otherwise."""
    path = Path(name)
    folder = path.parent
    if not folder.is_dir():
        message = gettext("Cannot write %(file)s: the folder %(folder)s does not exist.")
        raise CommandError(message % {"file": path, "folder": folder})
    if path.is_dir():
        raise CommandError(
            gettext("Cannot write %(file)s: it is a folder; give a file name.") % {"file": path}
        )
    place = path if path.exists() else folder
    if not os.access(place, os.W_OK):
        raise _no_permission(path, place)
    return path


def _no_permission(path: Path, place: Path) -> CommandError:
    message = gettext("Cannot write %(file)s: you have no permission to write in %(place)s.")
    return CommandError(message % {"file": path, "place": place})


def _write(path: Path, content: bytes) -> None:
    """Write, in one line if it fails: the checks before cannot see every refusal (a full disk, a
    folder removed meanwhile, rights that root's os.access does not report)."""
    try:
        path.write_bytes(content)
    except PermissionError:
        raise _no_permission(path, path.parent) from None
    except OSError as error:
        # The system's own words (a full disk): there are no others to give.
        message = gettext("Cannot write %(file)s: %(reason)s.")
        raise CommandError(message % {"file": path, "reason": error.strerror or error}) from None
