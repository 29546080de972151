"""`upstream load-instrument FILE`: store an organisation's own instrument (JSON or YAML).

For instruments an organisation holds a license for (the Maslach Burnout Inventory, the Well-Being
Index, the Stanford PFI, Mini-Z): their text never ships with Upstream; the file stays with you.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from upstream.surveys.instruments import InstrumentError
from upstream.surveys.services import load_instrument


class Command(BaseCommand):
    help = "Load an instrument file (docs/surveys.md describes the format); checked before it is stored."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            row = load_instrument(options["file"])
        except InstrumentError as exc:
            raise CommandError(str(exc)) from exc
        spec = row.spec
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {spec.title} ({spec.key} v{spec.version}): {len(spec.items)} items, "
                f"{len(spec.scores)} scores. It can now be chosen for a wave."
            )
        )
