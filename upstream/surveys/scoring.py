"""Scoring one answer set, and summarising many: means with confidence intervals, cut-off shares.

Pure functions over plain data, so the hand-computed tests need no database.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext as _
from scipy import stats

from upstream.surveys.instruments import Instrument, Score


class AnswerError(ValueError):
    """Answers that do not fit the instrument; the message is written for the person answering."""


class UnknownQuestion(AnswerError):
    """An answer to a question the instrument does not have."""


def check_answers(instrument: Instrument, answers: Mapping[str, object]) -> dict[str, int]:
    """Keep only known items with allowed values; anything else is refused (never silently dropped)."""
    cleaned: dict[str, int] = {}
    known = {item.key: item for item in instrument.items}
    # Said by the question's number on the page, not its key: "The answer to 'cbi_w1'" meant nothing
    # to the nurse whose form had been open while the instrument changed (walk probe, stop 38).
    number = {item.key: position for position, item in enumerate(instrument.items, start=1)}
    for key, raw in answers.items():
        if key not in known:
            words = _("Unknown question %(key)r for %(instrument)s.")
            raise UnknownQuestion(words % {"key": key, "instrument": instrument.name})
        if raw is None or raw == "":
            continue  # skipping a question is allowed
        refused = AnswerError(
            _(
                "Your answer to question %(number)d of “%(instrument)s” is not one of its choices. "
                "Please choose again."
            )
            % {"number": number[key], "instrument": instrument.name}
        )
        try:
            value = int(raw)  # type: ignore[call-overload]
        except (TypeError, ValueError) as exc:
            raise refused from exc
        if isinstance(raw, bool) or value not in instrument.allowed_values(known[key]):
            raise refused
        cleaned[key] = value
    return cleaned


def item_value(instrument: Instrument, item_key: str, value: int) -> float:
    """The value as scored: reverse-keyed items are mirrored within their scale."""
    item = instrument.item(item_key)
    if not item.reverse:
        return float(value)
    values = instrument.allowed_values(item)
    return float(max(values) + min(values) - value)


def score_one(instrument: Instrument, score: Score, answers: Mapping[str, int]) -> float | None:
    """One score for one person, or None when too few of its items were answered."""
    scored = [item_value(instrument, k, answers[k]) for k in score.items if k in answers]
    if len(scored) < score.min_answered:
        return None
    if score.method == "mean":
        return sum(scored) / len(scored)
    # A sum with skipped items is pro-rated to the full item count, so it stays on the same range.
    return sum(scored) * len(score.items) / len(scored)


def score_answers(instrument: Instrument, answers: Mapping[str, int]) -> dict[str, float | None]:
    return {score.key: score_one(instrument, score, answers) for score in instrument.scores}


@dataclass(frozen=True)
class Summary:
    n: int
    mean: float | None
    low: float | None  # 95% confidence interval of the mean (Student's t)
    high: float | None
    above_cutoff: int | None  # how many crossed the cut-off
    share_above: float | None

    def as_dict(self) -> dict[str, float | int | None]:
        return {
            "n": self.n,
            "mean": self.mean,
            "ci_low": self.low,
            "ci_high": self.high,
            "above_cutoff": self.above_cutoff,
            "share_above_cutoff": self.share_above,
        }


def summarise(score: Score, values: Iterable[float], confidence: float = 0.95) -> Summary:
    data = [float(v) for v in values]
    n = len(data)
    if n == 0:
        return Summary(0, None, None, None, None, None)
    mean = sum(data) / n
    if n > 1:
        sd = math.sqrt(sum((x - mean) ** 2 for x in data) / (n - 1))
        half = _t_quantile(0.5 + confidence / 2, n - 1) * sd / math.sqrt(n)
        low, high = max(score.minimum, mean - half), min(score.maximum, mean + half)
    else:
        low = high = None
    crossed = sum(1 for x in data if score.cutoff.crossed(x)) if score.cutoff else None
    share = crossed / n if crossed is not None else None
    return Summary(n, mean, low, high, crossed, share)


def summarise_sums(
    score: Score, n: int, total: float, squares: float, crossed: int, confidence: float = 0.95
) -> Summary:
    """`summarise` from totals (count, sum, sum of squares, how many crossed the cut-off), which add
    up across groups: a results table sums them per cell instead of reading every answer again."""
    if n == 0:
        return Summary(0, None, None, None, None, None)
    mean = total / n
    if n > 1:
        variance = max(squares - n * mean * mean, 0.0) / (n - 1)
        half = _t_quantile(0.5 + confidence / 2, n - 1) * math.sqrt(variance) / math.sqrt(n)
        low, high = max(score.minimum, mean - half), min(score.maximum, mean + half)
    else:
        low = high = None
    above = crossed if score.cutoff else None
    share = above / n if above is not None else None
    return Summary(n, mean, low, high, above, share)


@lru_cache(maxsize=4096)
def _t_quantile(q: float, df: int) -> float:
    return float(stats.t.ppf(q, df))


def distribution(instrument: Instrument, item_key: str, values: Iterable[int]) -> dict[int, int]:
    """How many chose each value of one item, every choice listed (zeros included)."""
    item = instrument.item(item_key)
    counts = {c.value: 0 for c in instrument.choices(item)}
    for value in values:
        if value in counts:
            counts[value] += 1
    return counts
