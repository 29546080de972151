"""`upstream restore FILE`: replace the database's contents with a backup made by `upstream backup`.

A dump holds no keys. Restored beside a data directory without the old key files, the keys were
generated anew and nothing earlier opened, while `upstream check` said ok: the command now refuses
when this very run generated the receipt or intake key (before touching the database), and checks
after the restore that the keys in use open the restored data (upstream/ops/keys_match.py).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.utils.translation import gettext, gettext_lazy, ngettext

from upstream.config.env import env_str, secret_file
from upstream.lib.commands import TranslatedHelp
from upstream.ops import keys_match
from upstream.ops.backup import BackupError, dump_rows, restore
from upstream.ops.management.commands.serve import serving_pid


class Command(TranslatedHelp, BaseCommand):
    help = gettext_lazy(
        "Replace everything in the database with the backup in FILE. Stop `upstream serve` first."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=gettext_lazy("A file made by `upstream backup`."))
        parser.add_argument("--yes", action="store_true", help=gettext_lazy("Do not ask for confirmation."))
        parser.add_argument(
            "--new-keys",
            action="store_true",
            help=gettext_lazy(
                "Restore even though the receipt and intake keys were just generated (the old ones are "
                "lost): earlier receipt codes and waiting submissions will not open."
            ),
        )

    def handle(self, *args, **options):
        connection = connections[DEFAULT_DB_ALIAS]
        database = connection.settings_dict
        generated = [
            name
            for name in (keys_match.RECEIPT, keys_match.INTAKE)
            if settings.UPSTREAM_KEY_ORIGINS.get(name, ("", False))[1]
        ]
        if generated and not options["new_keys"]:
            message = ngettext(
                "%(keys)s was generated just now into %(data_dir)s: this data directory does not hold "
                "the key files of the server the backup comes from, and with a new key no earlier "
                "receipt code or waiting submission opens. Nothing restored. Copy upstream_receipt_key "
                "and upstream_intake_key from the same backup or the old server into %(data_dir)s, "
                "replacing the new ones, and run the restore again; only if the old keys are lost for "
                "good, pass --new-keys (docs/operations.md#backups).",
                "%(keys)s were generated just now into %(data_dir)s: this data directory does not hold "
                "the key files of the server the backup comes from, and with new keys no earlier "
                "receipt code or waiting submission opens. Nothing restored. Copy upstream_receipt_key "
                "and upstream_intake_key from the same backup or the old server into %(data_dir)s, "
                "replacing the new ones, and run the restore again; only if the old keys are lost for "
                "good, pass --new-keys (docs/operations.md#backups).",
                len(generated),
            )
            # The keys this run made go again: left in place, a second run found keys there and
            # restored under them (an operator's walk).
            for name in generated:
                secret_file(name, Path(settings.DATA_DIR)).unlink(missing_ok=True)
            raise CommandError(message % {"keys": ", ".join(generated), "data_dir": settings.DATA_DIR})
        serving = serving_pid()
        if serving is not None:
            # Replacing the tables under a live site: SQLite's page copy beside open connections,
            # pg_restore waiting on their locks, a worker releasing into what is being replaced.
            message = gettext(
                "Upstream is being served from %(data_dir)s (pid %(pid)s). Nothing restored. Stop it "
                "(and any worker or scheduler run apart from it) first (docs/operations.md#backups)."
            )
            raise CommandError(message % {"data_dir": settings.DATA_DIR, "pid": serving})
        if not options["new_keys"]:
            self._refuse_other_keys(database, options["file"])
        if not options["yes"]:
            question = gettext("Replace everything in the database %(database)s with %(file)s? [y/N] ")
            try:
                answer = input(question % {"database": database["NAME"], "file": options["file"]})
            except EOFError:  # no terminal to answer from (cron, a script): a traceback said nothing
                raise CommandError(gettext("Nothing restored: nobody could answer. Pass --yes.")) from None
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
        # Nothing recorded here: the fingerprints in the backup are the ones to compare with.
        try:
            keys_match.require_match(record=False)
        except keys_match.KeysDoNotMatch as error:
            if not options["new_keys"]:
                self.stdout.flush()
                raise CommandError(str(error)) from None
            self.stderr.write(str(error))
        except DatabaseError:
            pass  # a backup older than some table the check reads: `upstream migrate`, then `upstream check`

    def _refuse_other_keys(self, database: dict, dump: Path) -> None:
        """Restored beside another instance's keys, the database was replaced and only then found
        not to open (an operator's walk): the backup's key fingerprints are compared first."""
        try:
            stored = dict(dump_rows(database, dump, "ops_keyfingerprint", ("name", "fingerprint")))
            receipts = bool(dump_rows(database, dump, "concerns_receipt", ("digest",), limit=1))
            if not env_str("UPSTREAM_SPEAKUP_KEY_SECRET"):  # else the signing keys have a secret of their own
                signing = dump_rows(database, dump, "speakup_signingkey", ("sealed_private_key",))
                receipts = receipts or any(sealed for (sealed,) in signing)
            waiting = bool(dump_rows(database, dump, "intake_intakeentry", ("id",), limit=1))
        except (BackupError, sqlite3.DatabaseError):
            return  # not a backup it can read: restore() says why, before touching anything
        differ = keys_match.backup_mismatch(stored, receipts=receipts, waiting=waiting)
        if not differ:
            return
        message = ngettext(
            "The backup was made under another %(keys)s than the one in use here, so its receipt codes "
            "or waiting submissions would not open. Nothing restored; the database is untouched. Copy "
            "the key files upstream_receipt_key and upstream_intake_key from the server the backup comes "
            "from into %(data_dir)s (or set UPSTREAM_RECEIPT_KEY and UPSTREAM_INTAKE_KEY to its values) "
            "and run the restore again; only if those keys are lost for good, pass --new-keys "
            "(docs/operations.md#backups).",
            "The backup was made under other %(keys)s than the ones in use here, so its receipt codes "
            "or waiting submissions would not open. Nothing restored; the database is untouched. Copy "
            "the key files upstream_receipt_key and upstream_intake_key from the server the backup comes "
            "from into %(data_dir)s (or set UPSTREAM_RECEIPT_KEY and UPSTREAM_INTAKE_KEY to its values) "
            "and run the restore again; only if those keys are lost for good, pass --new-keys "
            "(docs/operations.md#backups).",
            len(differ),
        )
        raise CommandError(message % {"keys": ", ".join(differ), "data_dir": settings.DATA_DIR})
