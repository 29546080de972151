"""Reading JSON Lines input for the classify and evaluate commands, with errors that name the line."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

from django.core.management.base import CommandError


def read_records(path: str, required: tuple[str, ...] = ("text",)) -> Iterator[tuple[int, dict]]:
    """Yield (line number, object) for each non-blank line; raise CommandError on the first bad line."""
    if path == "-":
        yield from _parse(sys.stdin, path, required)
        return
    if not Path(path).is_file():
        raise CommandError(f"{path}: no such file")
    try:
        with open(path, encoding="utf-8") as fh:
            yield from _parse(fh, path, required)
    except UnicodeDecodeError as exc:
        raise CommandError(f"{path}: not UTF-8 text ({exc.reason})") from exc


def _parse(lines, path: str, required: tuple[str, ...]) -> Iterator[tuple[int, dict]]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CommandError(f"{path} line {number}: not valid JSON ({exc.msg})") from exc
        if not isinstance(record, dict):
            raise CommandError(f"{path} line {number}: expected a JSON object, got {type(record).__name__}")
        for key in required:
            if not isinstance(record.get(key), str):
                raise CommandError(f"{path} line {number}: missing a string {key!r} field")
        yield number, record
