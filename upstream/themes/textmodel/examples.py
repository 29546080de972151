"""The labelled texts the theme classifier learns from and is measured on, and their fixed splits.

- ``examples.jsonl``: concerns the project wrote; a seeded 25% per theme is held out (theme_split).
- ``examples_voices.jsonl``: project-written texts in the registers real clinicians use (focus-group
  turns, survey comments, forum posts). Not trained on: cross-validation on real statements showed
  they did not help the shipped recipe (docs/benchmarks/themes.md), so they measure how the model
  carries over to long, conversational text instead.
- ``real/statements.jsonl``: statements real clinicians published, with their sources; ``split`` says
  train or eval (by source). The default classifier trains on the train part only.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
EXAMPLES_PATH = DATA_DIR / "examples.jsonl"
CRISIS_PATH = DATA_DIR / "crisis_examples.jsonl"
VOICES_PATH = DATA_DIR / "examples_voices.jsonl"
REAL_PATH = DATA_DIR / "real" / "statements.jsonl"
HOLDOUT_FRACTION = 0.25
SPLIT_SALT = "upstream-holdout-v1"


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def theme_examples(path: Path = EXAMPLES_PATH) -> list[tuple[str, str]]:
    return [(row["text"], row["theme"]) for row in read_jsonl(path)]


def voice_examples(path: Path = VOICES_PATH) -> list[tuple[str, str]]:
    """Project-written texts in real registers, as (text, dominant theme)."""
    return [(row["text"], row["theme"]) for row in read_jsonl(path)]


def real_statements(split: str | None = None, path: Path = REAL_PATH) -> list[tuple[str, str]]:
    """Published clinician statements as (text, dominant theme); ``split``: "train", "eval" or None (all)."""
    return [(r["text"], r["theme"]) for r in read_jsonl(path) if split is None or r["split"] == split]


def training_examples() -> list[tuple[str, str]]:
    """What a classifier trained on everything the project has learns from (leader corrections come on top).

    The project's examples (all of them) plus the real statements of the train split; never the real
    eval split, so its figures stay honest after a retrain.
    """
    return theme_examples() + real_statements("train")


def crisis_examples(path: Path = CRISIS_PATH) -> list[dict]:
    return read_jsonl(path)


def _rank(text: str) -> str:
    return hashlib.sha256(f"{SPLIT_SALT}:{text}".encode()).hexdigest()


def split(rows: list, group, fraction: float = HOLDOUT_FRACTION) -> tuple[list, list]:
    """(train, held_out): in each group the `fraction` of rows with the smallest salted hash is held out.

    Hash order instead of a shuffled index keeps the split stable when lines are added or reordered:
    an example never moves from held-out into training because someone appended to the file.
    """
    groups: dict[str, list] = defaultdict(list)
    for row in rows:
        groups[group(row)].append(row)
    held: set[int] = set()
    for members in groups.values():
        ranked = sorted(members, key=lambda r: _rank(r[0] if isinstance(r, tuple) else r["text"]))
        held.update(id(r) for r in ranked[: round(len(members) * fraction)])
    return [r for r in rows if id(r) not in held], [r for r in rows if id(r) in held]


def theme_split() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    return split(theme_examples(), group=lambda r: r[1])


def crisis_split() -> tuple[list[dict], list[dict]]:
    return split(crisis_examples(), group=lambda r: r["kind"])
