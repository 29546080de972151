"""Reading JSON Lines input for the classify and evaluate commands, with errors that name the line."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext


def read_records(path: str, required: tuple[str, ...] = ("text",)) -> Iterator[tuple[int, dict]]:
    """Yield (line number, object) for each non-blank line; raise CommandError on the first bad line."""
    if path == "-":
        yield from _parse(sys.stdin, path, required)
        return
    if not Path(path).is_file():
        raise CommandError(gettext("%(file)s: no such file") % {"file": path})
    try:
        with open(path, encoding="utf-8") as fh:
            yield from _parse(fh, path, required)
    except UnicodeDecodeError as exc:
        message = gettext("%(file)s: not UTF-8 text (%(reason)s)")
        raise CommandError(message % {"file": path, "reason": exc.reason}) from exc


def _parse(lines, path: str, required: tuple[str, ...]) -> Iterator[tuple[int, dict]]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            message = gettext("%(file)s line %(line)s: not valid JSON (%(reason)s)")
            raise CommandError(message % {"file": path, "line": number, "reason": exc.msg}) from exc
        if not isinstance(record, dict):
            message = gettext("%(file)s line %(line)s: expected a JSON object, got %(type)s")
            raise CommandError(message % {"file": path, "line": number, "type": type(record).__name__})
        for key in required:
            if not isinstance(record.get(key), str):
                message = gettext("%(file)s line %(line)s: missing a string %(field)r field")
                raise CommandError(message % {"file": path, "line": number, "field": key})
        yield number, record
