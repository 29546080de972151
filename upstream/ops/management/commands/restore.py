"""`upstream restore FILE`: replace the database's contents with a backup made by `upstream backup`."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from upstream.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = "Replace everything in the database with the backup in FILE. Stop `upstream serve` first."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, **options):
        connection = connections[DEFAULT_DB_ALIAS]
        database = connection.settings_dict
        if not options["yes"]:
            answer = input(
                f"Replace everything in the database {database['NAME']} with {options['file']}? [y/N] "
            )
            if answer.strip().lower() not in {"y", "yes"}:
                raise CommandError("Nothing restored.")
        connection.close()
        try:
            restore(database, options["file"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {options['file']}. Run `upstream migrate` if the backup is older than this version."
        )
