"""`upstream check`: Django's system checks, then whether this instance can serve: the database
answers, all migrations are applied, the text model loads. Exit status 1 when anything fails, so it
can gate a deploy or back a process supervisor's health probe (`/healthz` is the HTTP twin)."""

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

    def handle(self, *app_labels, **options):
        super().handle(*app_labels, **options)
        if options["system_only"]:
            return
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
