"""`upstream import-org FILE.csv`: load units and people from hospital IT's CSV (docs/import-org.md)."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from upstream.org.importer import OrgImportError, import_org


class Command(BaseCommand):
    help = "Create or update units, people, memberships and leader assignments from a CSV file."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="the CSV file, or - to read standard input")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and report, but save nothing"
        )

    def handle(self, *args: Any, file: str, dry_run: bool = False, **options: Any) -> None:
        try:
            if file == "-":
                summary = import_org(sys.stdin, dry_run=dry_run)
            else:
                path = Path(file)
                if not path.is_file():
                    raise CommandError(f"{file}: no such file")
                # utf-8-sig: spreadsheet programs often start CSV exports with a byte-order mark.
                with path.open(newline="", encoding="utf-8-sig") as stream:
                    summary = import_org(stream, dry_run=dry_run)
        except UnicodeDecodeError as error:
            raise CommandError(
                f"{file}: not UTF-8 text ({error.reason}); save the file as CSV UTF-8"
            ) from None
        except OrgImportError as error:
            for problem in error.problems:
                self.stderr.write(problem)
            raise CommandError(str(error)) from None
        prefix = "Checked (dry run, nothing saved): " if dry_run else "Imported "
        self.stdout.write(self.style.SUCCESS(f"{prefix}{summary}"))
