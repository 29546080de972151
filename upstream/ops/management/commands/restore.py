"""`upstream restore FILE`: replace the database's contents with a backup made by `upstream backup`."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext, gettext_lazy

from upstream.lib.commands import TranslatedHelp
from upstream.ops.backup import BackupError, restore


class Command(TranslatedHelp, BaseCommand):
    help = gettext_lazy(
        "Replace everything in the database with the backup in FILE. Stop `upstream serve` first."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--yes", action="store_true", help=gettext_lazy("Do not ask for confirmation."))

    def handle(self, *args, **options):
        connection = connections[DEFAULT_DB_ALIAS]
        database = connection.settings_dict
        if not options["yes"]:
            question = gettext("Replace everything in the database %(database)s with %(file)s? [y/N] ")
            answer = input(question % {"database": database["NAME"], "file": options["file"]})
            # The English answers always count, whatever the language of the question.
            # Translators: the answers that mean yes to the question above, separated by commas.
            accepted = {"y", "yes", *(word.strip() for word in gettext("y,yes").lower().split(","))}
            if answer.strip().lower() not in accepted:
                raise CommandError(gettext("Nothing restored."))
        connection.close()
        try:
            restore(database, options["file"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        message = gettext(
            "Restored %(file)s. Run `upstream migrate` if the backup is older than this version."
        )
        self.stdout.write(message % {"file": options["file"]})
