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

import yaml
from django.utils.translation import gettext
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


# Instruments are written in English; `translations` may add any other language Upstream's pages
# offer (settings.LANGUAGES), read when a file is checked, never at import.
ORIGINAL_LANGUAGE = "en"


def _translation_languages() -> list[str]:
    from django.conf import settings

    return [code for code, _name in settings.LANGUAGES if code != ORIGINAL_LANGUAGE]


class ScoreTranslation(_Strict):
    label: str = Field(default="", max_length=120)
    cutoff_label: str = Field(default="", max_length=200)


class Translation(_Strict):
    """One language's text for an instrument. Any string left out is shown in the original.
    Only text: keys, values, scales and scoring are the original's, so answers never depend on
    the language they were given in."""

    translated_by: str = Field(min_length=1, max_length=500)
    validated: bool
    source: str = Field(default="", max_length=2000)  # the published, validated translation
    note: str = Field(default="", max_length=1000)
    title: str = Field(default="", max_length=200)
    short_title: str = Field(default="", max_length=80)
    description: str = Field(default="", max_length=1000)
    items: dict[str, str] = Field(default_factory=dict)
    scales: dict[str, dict[str, str]] = Field(default_factory=dict)
    scores: dict[str, ScoreTranslation] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _sized(self) -> Translation:
        if self.validated and not self.source:
            raise ValueError("a validated translation must cite its published version in source")
        too_long = [k for k, text in self.items.items() if not 1 <= len(text) <= 500]
        too_long += [
            f"{name}.{value}"
            for name, labels in self.scales.items()
            for value, text in labels.items()
            if not 1 <= len(text) <= 120
        ]
        if too_long:
            raise ValueError(f"empty or too long text for {sorted(too_long)}")
        return self


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
    translations: dict[str, Translation] = Field(default_factory=dict)

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
        self._check_translations()
        return self

    def _check_translations(self) -> None:
        if not self.translations:
            return
        offered = _translation_languages()
        for code, tr in self.translations.items():
            where = f"translations.{code}"
            if code not in offered:
                raise ValueError(
                    f"{where}: unknown language {code!r}; Upstream's pages are offered in "
                    f"{', '.join(offered) or 'no language but English'}"
                )
            unknown = sorted(set(tr.items) - {i.key for i in self.items})
            if unknown:
                raise ValueError(f"{where}.items: unknown item keys {unknown}")
            unknown = sorted(set(tr.scores) - {s.key for s in self.scores})
            if unknown:
                raise ValueError(f"{where}.scores: unknown score keys {unknown}")
            for name, labels in tr.scales.items():
                if name not in self.scales:
                    raise ValueError(f"{where}.scales: unknown scale {name!r}")
                values = {str(c.value) for c in self.scales[name]}
                unknown = sorted(set(labels) - values)
                if unknown:
                    raise ValueError(f"{where}.scales.{name}: unknown values {unknown}")
            for key, score in tr.scores.items():
                if score.cutoff_label and self.score(key).cutoff is None:
                    raise ValueError(f"{where}.scores.{key}: the score has no cut-off to label")

    # --- conveniences -------------------------------------------------------------------
    @property
    def name(self) -> str:
        """The short name. Whether the instrument is validated is `validated`, not part of the name."""
        return self.short_title or self.title

    def shown_name(self) -> str:
        """The name where instruments are listed side by side, marked once if not validated.

        An organisation's own file may already say so in its name (the shipped pulse did, and the
        list added the mark again): then the name is shown as it is.
        """
        if self.validated:
            return self.name
        marks = {"not validated", gettext("not validated").lower()}
        if any(mark in self.name.lower() for mark in marks):
            return self.name
        return gettext("%(name)s (not validated)") % {"name": self.name}

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

    # --- languages ----------------------------------------------------------------------
    def translation(self, language: str | None) -> Translation | None:
        """This language's translation (``es`` also for ``es-mx``), or None."""
        if not language:
            return None
        code = language.lower()
        return self.translations.get(code) or self.translations.get(code.split("-")[0])

    def reads_in(self, language: str | None) -> bool:
        """Whether a reader of this language gets the instrument in it (original or translated)."""
        base = (language or ORIGINAL_LANGUAGE).lower().split("-")[0]
        return base == ORIGINAL_LANGUAGE or self.translation(language) is not None

    def lang_in(self, language: str | None) -> str:
        """The `lang` its text carries on a page in `language`: "" where the reader gets it in their
        language, else the original's ("en"), so a screen reader reads it as English."""
        return "" if self.reads_in(language) else ORIGINAL_LANGUAGE

    def in_language(self, language: str | None) -> Instrument:
        """The same instrument with its text in `language` where translated, string by string;
        keys, values and scoring unchanged. Itself when there is no translation."""
        tr = self.translation(language)
        if tr is None:
            return self
        scales = {
            name: [
                c.model_copy(update={"label": tr.scales.get(name, {}).get(str(c.value)) or c.label})
                for c in choices
            ]
            for name, choices in self.scales.items()
        }
        items = [i.model_copy(update={"text": tr.items.get(i.key) or i.text}) for i in self.items]
        scores = []
        for score in self.scores:
            own = tr.scores.get(score.key)
            if own is None:
                scores.append(score)
                continue
            cutoff = score.cutoff
            if cutoff is not None and own.cutoff_label:
                cutoff = cutoff.model_copy(update={"label": own.cutoff_label})
            scores.append(score.model_copy(update={"label": own.label or score.label, "cutoff": cutoff}))
        return self.model_copy(
            update={
                "title": tr.title or self.title,
                "short_title": tr.short_title or self.short_title,
                "description": tr.description or self.description,
                "scales": scales,
                "items": items,
                "scores": scores,
            }
        )


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
            data = yaml.safe_load(text)
        else:
            data = json.loads(text)
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
