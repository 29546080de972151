"""`upstream import-org FILE.csv`: load units and people from hospital IT's CSV (docs/import-org.md)."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext, gettext_lazy

from upstream.lib.commands import TranslatedHelp
from upstream.org.importer import OrgImportError, import_org


class Command(TranslatedHelp, BaseCommand):
    help = gettext_lazy("Create or update units, people, memberships and leader assignments from a CSV file.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help=gettext_lazy("the CSV file, or - to read standard input"))
        parser.add_argument(
            "--dry-run", action="store_true", help=gettext_lazy("check the file and report, but save nothing")
        )

    def handle(self, *args: Any, file: str, dry_run: bool = False, **options: Any) -> None:
        try:
            if file == "-":
                summary = import_org(sys.stdin, dry_run=dry_run)
            else:
                path = Path(file)
                if not path.is_file():
                    raise CommandError(gettext("%(file)s: no such file") % {"file": file})
                # utf-8-sig: spreadsheet programs often start CSV exports with a byte-order mark.
                with path.open(newline="", encoding="utf-8-sig") as stream:
                    summary = import_org(stream, dry_run=dry_run, file_name=file)
        except UnicodeDecodeError as error:
            message = gettext("%(file)s: not UTF-8 text (%(reason)s); save the file as CSV UTF-8")
            raise CommandError(message % {"file": file, "reason": error.reason}) from None
        except OrgImportError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(str(error)) from None
        if dry_run:
            message = gettext("Checked (dry run, nothing saved): %(summary)s")
        else:
            message = gettext("Imported %(summary)s")
        self.stdout.write(self.style.SUCCESS(message % {"summary": summary}))
