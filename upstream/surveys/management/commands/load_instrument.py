"""`upstream load-instrument FILE`: store an organisation's own instrument (JSON or YAML).

For instruments an organisation holds a license for (the Maslach Burnout Inventory, the Well-Being
Index, the Stanford PFI, Mini-Z): their text never ships with Upstream; the file stays with you.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext, gettext_lazy

from upstream.lib.commands import TranslatedHelp
from upstream.surveys.instruments import InstrumentError
from upstream.surveys.services import load_instrument


class Command(TranslatedHelp, BaseCommand):
    help = gettext_lazy(
        "Load an instrument file (docs/surveys.md describes the format); checked before it is stored."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path, help=gettext_lazy("the instrument file, JSON or YAML"))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            row = load_instrument(options["file"])
        except InstrumentError as exc:
            raise CommandError(str(exc)) from exc
        spec = row.spec
        message = gettext(
            "Loaded %(title)s (%(key)s v%(version)s): %(items)s items, %(scores)s scores. "
            "It can now be chosen for a wave."
        )
        values = {
            "title": spec.title,
            "key": spec.key,
            "version": spec.version,
            "items": len(spec.items),
            "scores": len(spec.scores),
        }
        self.stdout.write(self.style.SUCCESS(message % values))
