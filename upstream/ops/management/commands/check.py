"""`upstream check`: Django's system checks, then whether this instance can serve: the database
answers, all migrations are applied, the text model loads, the settings (holiday calendar, and the
receipt and intake keys against the data: upstream/ops/keys_match.py) hold. Exit status 1 when
anything fails, so it can gate a deploy or back a process supervisor's health probe (`/healthz` is
the HTTP twin)."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.core.management.commands.check import Command as SystemCheckCommand
from django.utils.translation import gettext, gettext_lazy

from upstream.lib.commands import TranslatedHelp
from upstream.ops.health import run_checks


class Command(TranslatedHelp, SystemCheckCommand):
    help = gettext_lazy("Run Django's system checks, then check the database, migrations and text model.")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--system-only",
            action="store_true",
            help=gettext_lazy("Only Django's system checks (no database or model)."),
        )
        parser.add_argument(
            "--accept-keys",
            action="store_true",
            help=gettext_lazy(
                "Record the receipt and intake keys in use as the right ones, when the old keys are lost "
                "for good: earlier receipt codes and waiting submissions that do not open with them stay "
                "unreadable."
            ),
        )

    def handle(self, *app_labels, **options):
        super().handle(*app_labels, **options)
        if options["system_only"]:
            return
        if options["accept_keys"]:
            from upstream.ops.keys_match import accept_current_keys

            accept_current_keys()
            self.stdout.write(
                gettext(
                    "The receipt and intake keys in use are recorded as the right ones; what only the "
                    "old keys opened stays unreadable."
                )
            )
        failed = False
        for check in run_checks():
            failed |= not check.ok
            # The name and ok/FAILED stay English in every language: probes and scripts read them.
            label = self.style.SUCCESS("ok") if check.ok else self.style.ERROR("FAILED")
            self.stdout.write(f"{check.name:<11} {label}  {check.detail}")
        if failed:
            # Flushed first: piped into a log collector, stdout is block-buffered and the error,
            # on stderr, arrived above the table it refers to.
            self.stdout.flush()
            raise CommandError(gettext("Upstream is not ready to serve (see above)."))
