"""The theme taxonomy as plain data (upstream/themes/data/taxonomy.json)."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

TAXONOMY_PATH = Path(__file__).resolve().parent.parent / "data" / "taxonomy.json"
UNCLEAR = "unclear"


@dataclass(frozen=True)
class ThemeSpec:
    key: str
    name: str
    description: str
    factor: str

    @property
    def prompt(self) -> str:
        """The text embedded for zero-shot matching: the name carries the gist, the description the range."""
        return f"{self.name}. {self.description}"


@functools.lru_cache(maxsize=4)
def load_default_taxonomy(path: Path = TAXONOMY_PATH) -> tuple[ThemeSpec, ...]:
    rows = json.loads(Path(path).read_text(encoding="utf-8"))
    return tuple(
        ThemeSpec(key=r["key"], name=r["name"], description=r["description"], factor=r.get("factor", ""))
        for r in rows
    )


def theme_keys() -> list[str]:
    return [t.key for t in load_default_taxonomy()]
