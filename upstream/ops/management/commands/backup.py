"""`upstream backup --out FILE`: a consistent dump of the database, readable by its owner only."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.utils.translation import gettext, gettext_lazy

from upstream.lib.commands import TranslatedHelp
from upstream.lib.text import grouped
from upstream.ops.backup import BackupError, backup
from upstream.ops.keys_match import problems


class Command(TranslatedHelp, BaseCommand):
    help = gettext_lazy(
        "Write a backup of the database to FILE (SQLite copy or pg_dump custom format), mode 0600."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--out", required=True, type=Path, help=gettext_lazy("Where to write the backup.")
        )
        parser.add_argument("--force", action="store_true", help=gettext_lazy("Replace FILE if it exists."))

    def handle(self, *args, **options):
        database = connections[DEFAULT_DB_ALIAS].settings_dict
        # Record the keys' fingerprints first, so every backup carries them and a restore beside other
        # keys is noticed (upstream/ops/keys_match.py); a mismatch is said, and the backup still made.
        try:
            for sentence in problems():
                self.stderr.write(sentence)
        except DatabaseError:
            pass  # tables not there yet: the dump says what there is
        try:
            out = backup(database, options["out"], overwrite=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = out.stat().st_size
        message = gettext("Backup written to %(file)s (%(size)s bytes, readable by its owner only).")
        self.stdout.write(message % {"file": out, "size": grouped(size)})
        self.stdout.write(
            gettext("Keep the keys in UPSTREAM_DATA_DIR apart from it (docs/operations.md#backups).")
        )
