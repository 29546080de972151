"""`upstream classify IN.jsonl [--output FILE]`: add theme, themes and crisis to each line."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy

from upstream.lib.commands import TranslatedHelp
from upstream.themes.management.jsonl import read_records
from upstream.themes.textmodel.embedders import BACKENDS
from upstream.themes.textmodel.service import classify_texts

BATCH = 64


class Command(TranslatedHelp, BaseCommand):
    help = gettext_lazy(
        "Classify JSON Lines (one object with a 'text' field per line); "
        "write each line back with theme, themes and crisis."
    )
    # No database is needed: the model files ship with the package.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("input", help=gettext_lazy("JSON Lines file, or - for standard input"))
        parser.add_argument(
            "--output", "-o", help=gettext_lazy("write here instead of standard output (replaced atomically)")
        )
        parser.add_argument(
            "--backend", choices=BACKENDS, help=gettext_lazy("text backend (default: UPSTREAM_TEXT_BACKEND)")
        )

    def handle(self, *args, **options):
        # The output is JSON Lines for scripts: nothing here is translated.
        output = options["output"]
        if not output:
            self._classify(
                options["input"], options["backend"], lambda line: self.stdout.write(line, ending="")
            )
            return
        target = Path(output)
        fd, tmp = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                self._classify(options["input"], options["backend"], fh.write)
            os.replace(tmp, target)  # a bad line halfway leaves no half-written output file
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _classify(self, path: str, backend: str | None, write) -> None:
        # Read and check every line first, so a bad line means nothing is written at all.
        records = [record for _, record in read_records(path)]
        for start in range(0, len(records), BATCH):
            self._flush(records[start : start + BATCH], backend, write)

    def _flush(self, batch: list[dict], backend: str | None, write) -> None:
        for record, result in zip(batch, classify_texts([r["text"] for r in batch], backend), strict=True):
            record = {
                **record,
                "theme": result.theme,
                "themes": [{"key": key, "score": score} for key, score in result.themes],
                "crisis": bool(result.crisis),
            }
            write(json.dumps(record, ensure_ascii=False) + "\n")
