"""Scoring name detection on the labelled evaluation set (data/names-eval.txt).

Each line is a turn on its own; names are marked [[like this]]. A name counts as caught when every
character of it is redacted after the reviewer keeps every flagged name ticked; a redacted stretch
that is not part of a name is a false flag.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

EVAL_FILE = Path(__file__).parent / "data" / "names-eval.txt"
_MARK = re.compile(r"\[\[(.+?)\]\]")


@dataclass(frozen=True)
class Line:
    text: str
    names: list[tuple[int, int]]  # spans of the marked names in `text`


@dataclass
class Score:
    names: int = 0
    caught: int = 0
    flags: int = 0
    false_flags: int = 0
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.caught / self.names if self.names else 1.0

    @property
    def precision(self) -> float:
        return (self.flags - self.false_flags) / self.flags if self.flags else 1.0


def load(path: Path = EVAL_FILE) -> list[Line]:
    lines: list[Line] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        text, spans, position = "", [], 0
        for match in _MARK.finditer(raw):
            text += raw[position : match.start()]
            spans.append((len(text), len(text) + len(match.group(1))))
            text += match.group(1)
            position = match.end()
        text += raw[position:]
        lines.append(Line(text, spans))
    return lines


def score(lines: list[Line], spans_for: Callable[[str], list[tuple[int, int]]]) -> Score:
    """`spans_for(text)`: the stretches of the text that end up redacted."""
    result = Score()
    for line in lines:
        found = spans_for(line.text)
        covered = {c for start, end in found for c in range(start, end)}
        for start, end in line.names:
            result.names += 1
            if all(c in covered for c in range(start, end)):
                result.caught += 1
            else:
                result.missed.append(f"{line.text[start:end]!r} in {line.text!r}")
        for start, end in found:
            result.flags += 1
            if not any(start < n_end and n_start < end for n_start, n_end in line.names):
                result.false_flags += 1
                result.wrong.append(f"{line.text[start:end]!r} in {line.text!r}")
    return result


def detector_spans(text: str) -> list[tuple[int, int]]:
    """What the review step redacts when every flagged name stays ticked (no staff directory)."""
    from upstream.listening.names import capitalised_names, name_spans

    return name_spans(text, capitalised_names(text))
