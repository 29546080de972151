"""Instruments as data: the files in data/instruments/ and any an organisation loads itself.

A file names its items, response scales, scoring rules and cut-offs, the theme and NAM factor each
item measures, its citation and its license with the reason redistribution is allowed. The schema
is checked strictly (unknown fields refused) so a typo in a licensed file fails at load time, not
in the middle of a wave.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

SHIPPED_DIR = Path(__file__).resolve().parent / "data" / "instruments"
KEY_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"


class InstrumentError(ValueError):
    """An instrument file that cannot be used; the message says what to fix."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Choice(_Strict):
    value: int
    label: str = Field(min_length=1, max_length=120)


class License(_Strict):
    name: str = Field(min_length=1, max_length=200)
    redistribution: str = Field(min_length=1, max_length=4000)
    checked_on: str = ""
    source: str = ""


class Item(_Strict):
    key: str = Field(pattern=KEY_PATTERN)
    text: str = Field(min_length=1, max_length=500)
    scale: str
    reverse: bool = False
    theme: str = ""
    nam_factor: str = ""


class Cutoff(_Strict):
    operator: Literal[">=", "<="]
    value: float
    label: str = Field(min_length=1, max_length=200)
    source: str = ""

    def crossed(self, score: float) -> bool:
        return score >= self.value if self.operator == ">=" else score <= self.value


class Score(_Strict):
    key: str = Field(pattern=KEY_PATTERN)
    label: str = Field(min_length=1, max_length=120)
    items: list[str] = Field(min_length=1)
    method: Literal["mean", "sum"]
    min_answered: int = Field(ge=1)
    minimum: float
    maximum: float
    higher_is: Literal["worse", "better"]
    cutoff: Cutoff | None = None


class Instrument(_Strict):
    key: str = Field(pattern=KEY_PATTERN)
    version: int = Field(ge=1)
    title: str = Field(min_length=1, max_length=200)
    short_title: str = Field(default="", max_length=80)
    description: str = Field(default="", max_length=1000)
    validated: bool
    validation_note: str = ""
    citation: str = Field(min_length=1, max_length=2000)
    license: License
    scales: dict[str, list[Choice]] = Field(min_length=1)
    items: list[Item] = Field(min_length=1, max_length=40)
    scores: list[Score] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Instrument:
        for name, choices in self.scales.items():
            values = [c.value for c in choices]
            if len(values) < 2 or len(set(values)) != len(values):
                raise ValueError(f"scale {name!r} needs at least two choices with distinct values")
        keys = [i.key for i in self.items]
        if len(set(keys)) != len(keys):
            raise ValueError("item keys must be unique")
        for item in self.items:
            if item.scale not in self.scales:
                raise ValueError(f"item {item.key!r} uses unknown scale {item.scale!r}")
        score_keys = [s.key for s in self.scores]
        if len(set(score_keys)) != len(score_keys):
            raise ValueError("score keys must be unique")
        for score in self.scores:
            unknown = set(score.items) - set(keys)
            if unknown:
                raise ValueError(f"score {score.key!r} names unknown items {sorted(unknown)}")
            if score.min_answered > len(score.items):
                raise ValueError(f"score {score.key!r}: min_answered is more than its items")
            if score.minimum >= score.maximum:
                raise ValueError(f"score {score.key!r}: minimum must be below maximum")
        if not self.validated and not self.validation_note:
            raise ValueError("an instrument that is not validated must say so in validation_note")
        return self

    # --- conveniences -------------------------------------------------------------------
    @property
    def name(self) -> str:
        return self.short_title or self.title

    def item(self, key: str) -> Item:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(key)

    def score(self, key: str) -> Score:
        for score in self.scores:
            if score.key == key:
                return score
        raise KeyError(key)

    def choices(self, item: Item) -> list[Choice]:
        return self.scales[item.scale]

    def allowed_values(self, item: Item) -> set[int]:
        return {c.value for c in self.scales[item.scale]}


def parse_instrument(data: object, *, source: str = "instrument") -> Instrument:
    try:
        return Instrument.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'file'}: {e['msg']}" for e in exc.errors()
        )
        raise InstrumentError(f"{source} is not a valid instrument: {problems}") from exc


def read_instrument_file(path: Path) -> Instrument:
    """A JSON or YAML instrument file, checked."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InstrumentError(f"cannot read {path}: {exc}") from exc
    try:
        if Path(path).suffix.lower() in (".yaml", ".yml"):
            import yaml  # optional: PyYAML is present in most installs; JSON needs nothing

            data = yaml.safe_load(text)
        else:
            data = json.loads(text)
    except ImportError as exc:
        raise InstrumentError("YAML files need PyYAML installed; or convert the file to JSON") from exc
    except ValueError as exc:  # json.JSONDecodeError and yaml.YAMLError's common base for us
        raise InstrumentError(f"{path} is not valid JSON/YAML: {exc}") from exc
    except Exception as exc:  # noqa: BLE001 - yaml.YAMLError is not a ValueError
        raise InstrumentError(f"{path} is not valid YAML: {exc}") from exc
    return parse_instrument(data, source=str(path))


@functools.lru_cache(maxsize=1)
def shipped_instruments() -> dict[str, Instrument]:
    """The instruments that ship with Upstream, by key."""
    found: dict[str, Instrument] = {}
    for path in sorted(SHIPPED_DIR.glob("*.json")):
        instrument = read_instrument_file(path)
        found[instrument.key] = instrument
    return found
