"""Early-warning detection over daily count series (plain Python, no models).

A series is the daily count of concerns (or survey comments) for one (scope, theme): a row of a
2-D array ``counts[series, day]``; the last column is "today". Two methods share one baseline:

- ``window`` (default): the count in the recent window (14 days) against a negative-binomial
  posterior predictive built from the preceding baseline (180 days), a weak Gamma prior and an
  overdispersion allowance. Flag when P(X >= observed) < alpha and observed >= min_count.
- ``cusum``: a negative-binomial log-likelihood-ratio CUSUM for a doubling of the daily rate,
  threshold h = log(days per false alarm), which by Lorden's bound keeps false alarms at or below
  the target when the model holds.

Either way a signal is raised only on the first flagged day of an episode (no flag in the previous
``cooldown_days``), so a sustained rise alerts once. Everything is recomputed from the counts, so
the nightly job is stateless and idempotent. See docs/benchmarks/early-warning.md for the maths
and the measured false-alarm rates and detection delays.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import betainc

Method = Literal["window", "cusum"]
FloatArray = NDArray[np.float64]
DAYS_PER_YEAR = 365.0
# The CUSUM restarts from zero this many days before the first evaluated day: its statistic
# forgets faster than that under the null, and it keeps the nightly loop short.
CUSUM_WARMUP_DAYS = 90


@dataclass(frozen=True)
class DetectorConfig:
    """Tuning knobs; the defaults are justified in docs/benchmarks/early-warning.md."""

    window_days: int = 14
    baseline_days: int = 180
    # Target false alarms per (scope, theme) series per year; a unit has 13 theme series.
    false_alarms_per_year: float = 0.02
    # The minimum group size: never describe fewer concerns than this.
    min_count: int = 5
    # Negative-binomial shape k for how much a window's true rate wanders around the long-run
    # rate (variance of the window rate = mean^2 / k); smaller k is more sceptical of rises.
    # Set it from real history with estimate_dispersion(), less a margin for seasonal drift.
    dispersion: float = 8.0
    # Weak Gamma prior: worth `prior_days` of observation at `prior_rate` per day, so a new unit
    # starts from "about 1 a fortnight" and its own history takes over within weeks.
    prior_rate: float = 1.0 / 14.0
    prior_days: float = 14.0
    method: Method = "window"
    cusum_ratio: float = 2.0  # the CUSUM is tuned to detect this multiple of the baseline rate
    cooldown_days: int = 14

    @property
    def alpha(self) -> float:
        """Per-day tail threshold for the window method, derived from the yearly target.

        Daily windows overlap, so exceedances come in runs; one false episode is a run of about a
        quarter of a window (3.3-3.9 flagged days for 14-day windows in the benchmark), hence
        alpha = target * (window / 4) / 365. The benchmark checks the resulting rate.
        """
        return self.false_alarms_per_year * (self.window_days / 4.0) / DAYS_PER_YEAR

    @property
    def cusum_threshold(self) -> float:
        return math.log(DAYS_PER_YEAR / self.false_alarms_per_year)


@dataclass(frozen=True)
class Signal:
    scope_id: Hashable
    theme: str
    window_days: int
    observed: int
    expected: float  # baseline expectation for the same window
    p_value: float
    started_on: date  # estimated first day of the rise
    message: str
    source: str = "concerns"  # or "surveys", "both": what the count is made of


@dataclass(frozen=True)
class WindowStats:
    """Arrays of shape (series, days evaluated)."""

    observed: FloatArray
    expected: FloatArray
    shape: FloatArray  # negative-binomial shape of the predictive distribution
    p_value: FloatArray
    daily_rate: FloatArray  # posterior mean baseline rate per day


def nb_upper_tail(observed: ArrayLike, mean: ArrayLike, shape: ArrayLike) -> FloatArray:
    """P(X >= observed) for X ~ NegBin(mean, shape); 1.0 where observed <= 0.

    Uses the regularised incomplete beta identity P(X >= x) = I_q(x, r) with q = mean/(mean+r),
    which is exact, vectorised and avoids summing the pmf.
    """
    x, mu, r = np.broadcast_arrays(
        np.asarray(observed, float), np.asarray(mean, float), np.asarray(shape, float)
    )
    q = mu / (mu + r)
    out = np.ones(x.shape)
    pos = x > 0
    out[pos] = betainc(x[pos], r[pos], q[pos])
    return out


def _prefix(counts: NDArray[np.generic]) -> FloatArray:
    c = np.zeros((counts.shape[0], counts.shape[1] + 1))
    np.cumsum(counts, axis=1, out=c[:, 1:])
    return c


def _span(
    prefix: FloatArray, first: NDArray[np.int64], lo: NDArray[np.int64], hi: NDArray[np.int64]
) -> tuple[FloatArray, FloatArray]:
    """Sum and exposure (days) over [lo, hi] inclusive, ignoring days before each series began."""
    lo = np.maximum(lo, first[:, None])
    lo = np.maximum(lo, 0)
    exposure = np.clip(hi - lo + 1, 0, None).astype(float)
    hi_c = np.maximum(hi, lo - 1)
    rows = np.arange(prefix.shape[0])[:, None]
    total = prefix[rows, hi_c + 1] - prefix[rows, lo]
    return total, exposure


def _prepare(
    counts: ArrayLike, first_day: ArrayLike | None, prior_rate: ArrayLike | None, config: DetectorConfig
) -> tuple[FloatArray, NDArray[np.int64], FloatArray]:
    x = np.atleast_2d(np.asarray(counts, dtype=float))
    n = x.shape[0]
    first = (
        np.zeros(n, np.int64)
        if first_day is None
        else np.broadcast_to(np.asarray(first_day, np.int64), (n,)).copy()
    )
    rate = config.prior_rate if prior_rate is None else prior_rate
    # A zero prior rate would let an empty history predict "never"; floor it.
    prior = np.maximum(np.broadcast_to(np.asarray(rate, float), (n,)), 1e-3)
    return x, first, prior


def _posterior(
    x: FloatArray,
    first: NDArray[np.int64],
    prior: FloatArray,
    days: NDArray[np.int64],
    config: DetectorConfig,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Window sum and exposure, and the Gamma(a, beta) posterior of the baseline daily rate."""
    t = days[None, :]
    w, b = config.window_days, config.baseline_days
    pre = _prefix(x)
    observed, w_exp = _span(pre, first, t - w + 1, t)
    base_sum, base_exp = _span(pre, first, t - w - b + 1, t - w)
    # Prior worth prior_days of observation at prior_rate; the baseline skips the recent window
    # so a rise does not raise its own baseline.
    a = config.prior_days * prior[:, None] + base_sum
    beta = config.prior_days + base_exp
    return observed, w_exp, a, beta


def window_stats(
    counts: ArrayLike,
    days: ArrayLike,
    config: DetectorConfig,
    *,
    first_day: ArrayLike | None = None,
    prior_rate: ArrayLike | None = None,
) -> WindowStats:
    """Window test evaluated at each column index in ``days`` (the day the job runs)."""
    x, first, prior = _prepare(counts, first_day, prior_rate, config)
    observed, w_exp, a, beta = _posterior(x, first, prior, np.asarray(days, np.int64), config)
    expected = w_exp * a / beta
    # Predictive = Poisson(rate * window * eps), eps ~ Gamma(k, k) for window-to-window wander;
    # moment-matching to a negative binomial gives shape a*k / (a + k + 1): it is the posterior
    # shape a when history is short (parameter uncertainty dominates) and tends to k with long
    # history (genuine overdispersion dominates).
    k = config.dispersion
    shape = a * k / (a + k + 1.0)
    p_value = nb_upper_tail(observed, np.maximum(expected, 1e-12), shape)
    return WindowStats(observed, expected, shape, p_value, a / beta)


def cusum_flags(
    counts: ArrayLike,
    days: ArrayLike,
    config: DetectorConfig,
    *,
    first_day: ArrayLike | None = None,
    prior_rate: ArrayLike | None = None,
) -> NDArray[np.bool_]:
    """NB log-likelihood-ratio CUSUM, run over every column, reported at ``days``.

    The baseline is the same lagged Gamma posterior as the window method, so a rise does not
    absorb itself into its own baseline for `window_days`.
    """
    x, first, prior = _prepare(counts, first_day, prior_rate, config)
    wanted = np.asarray(days, np.int64)
    start = max(0, int(wanted.min()) - CUSUM_WARMUP_DAYS)
    cols = np.arange(start, x.shape[1])
    _, _, a, beta = _posterior(x, first, prior, cols, config)
    mu0 = a / beta
    k, rho, h = config.dispersion, config.cusum_ratio, config.cusum_threshold
    # log f1/f0 for NB(mean, shape k) = x log rho + (x + k) log((k + mu0) / (k + rho mu0))
    c_log = np.log((k + mu0) / (k + rho * mu0))
    stat = np.zeros(x.shape[0])
    run = np.zeros(x.shape[0])
    flags = np.zeros((x.shape[0], cols.size), bool)
    for j, t in enumerate(cols):
        llr = x[:, t] * math.log(rho) + (x[:, t] + k) * c_log[:, j]
        stat = np.where(first <= t, np.maximum(0.0, stat + llr), 0.0)
        # Count concerns in the current excursion so the minimum group size applies here too.
        run = np.where(stat > 0, run + x[:, t], 0.0)
        flags[:, j] = (stat > h) & (run >= config.min_count)
    return flags[:, wanted - start]


def flag_days(
    counts: ArrayLike,
    days: ArrayLike,
    config: DetectorConfig,
    *,
    first_day: ArrayLike | None = None,
    prior_rate: ArrayLike | None = None,
) -> NDArray[np.bool_]:
    """Boolean (series, days): is the series above its baseline on each evaluated day."""
    if config.method == "cusum":
        return cusum_flags(counts, days, config, first_day=first_day, prior_rate=prior_rate)
    st = window_stats(counts, days, config, first_day=first_day, prior_rate=prior_rate)
    return (st.p_value < config.alpha) & (st.observed >= config.min_count)


def new_episodes(flags: NDArray[np.bool_], cooldown_days: int) -> NDArray[np.bool_]:
    """True where a flag is the first in `cooldown_days`: one alert per rise, not one per day."""
    f = np.asarray(flags, bool)
    pre = np.zeros((f.shape[0], f.shape[1] + 1), np.int64)
    np.cumsum(f, axis=1, out=pre[:, 1:])
    idx = np.arange(f.shape[1])
    lo = np.maximum(idx - cooldown_days, 0)
    recent = pre[:, idx] - pre[:, lo]  # flags in the previous cooldown_days
    return f & (recent == 0)


def estimate_dispersion(counts: ArrayLike, window_days: int = 14) -> float:
    """Pooled method-of-moments shape k from non-overlapping window totals, clipped to [1, 100].

    For calibrating `DetectorConfig.dispersion` on real history: var = mean + mean^2 / k.
    """
    x = np.atleast_2d(np.asarray(counts, float))
    n_blocks = x.shape[1] // window_days
    if n_blocks < 2:
        return DetectorConfig.dispersion
    blocks = x[:, -n_blocks * window_days :].reshape(x.shape[0], n_blocks, window_days).sum(2)
    m, v = blocks.mean(1), blocks.var(1, ddof=1)
    excess = float(np.sum(v - m))
    if excess <= 0:
        return 100.0
    return float(np.clip(np.sum(m * m) / excess, 1.0, 100.0))


def detect(
    counts: ArrayLike,
    keys: Sequence[tuple[Hashable, str]],
    today: date,
    theme_names: Mapping[str, str],
    config: DetectorConfig = DetectorConfig(),
    *,
    first_day: ArrayLike | None = None,
    prior_rate: ArrayLike | None = None,
    scope_names: Mapping[Hashable, str] | None = None,
) -> list[Signal]:
    """The nightly check: signals that start an episode today (the last column is ``today``).

    ``keys[i]`` is the (scope_id, theme) of row i; ``first_day[i]`` the column the scope began
    (default 0); ``prior_rate[i]`` an optional prior daily rate (e.g. the organisation's rate for
    the theme scaled by unit size). Idempotent: rerunning for the same day gives the same list.
    """
    x = np.atleast_2d(np.asarray(counts, dtype=float))
    last = x.shape[1] - 1
    days = np.arange(max(0, last - config.cooldown_days), last + 1)
    flags = flag_days(x, days, config, first_day=first_day, prior_rate=prior_rate)
    rows = np.flatnonzero(new_episodes(flags, config.cooldown_days)[:, -1])
    if rows.size == 0:
        return []
    sub_first = (
        None if first_day is None else np.broadcast_to(np.asarray(first_day, np.int64), (x.shape[0],))[rows]
    )
    sub_prior = (
        None if prior_rate is None or np.ndim(prior_rate) == 0 else np.asarray(prior_rate, float)[rows]
    )
    st = window_stats(
        x[rows],
        [last],
        config,
        first_day=sub_first,
        prior_rate=prior_rate if sub_prior is None else sub_prior,
    )
    w = min(config.window_days, x.shape[1])
    offsets = rise_start(x[rows, -w:], st.daily_rate[:, 0])
    signals = []
    for j, row in enumerate(rows):
        scope_id, theme = keys[row]
        observed, expected = int(st.observed[j, 0]), float(st.expected[j, 0])
        message = describe(
            observed,
            expected,
            config.window_days,
            theme_names.get(theme, theme),
            None if scope_names is None else scope_names.get(scope_id),
        )
        signals.append(
            Signal(
                scope_id,
                theme,
                config.window_days,
                observed,
                expected,
                float(st.p_value[j, 0]),
                today - timedelta(days=int(w - 1 - offsets[j])),
                message,
            )
        )
    return signals


def rise_start(window: ArrayLike, daily_rate: ArrayLike) -> NDArray[np.int64]:
    """Index within each window row where the rise most likely began.

    Picks the start s maximising the Poisson log-likelihood ratio of "raised rate from s on"
    against the baseline, S log(S / E) - (S - E) with S the count and E the expected count
    from s to today (the one-change-point scan statistic). A plain excess sum would reach back
    over any earlier day that happened to have a concern.
    """
    x = np.atleast_2d(np.asarray(window, float))
    length = np.arange(x.shape[1], 0, -1, dtype=float)  # days from s to today
    observed = np.cumsum(x[:, ::-1], axis=1)[:, ::-1]
    expected = np.maximum(np.asarray(daily_rate, float).reshape(-1, 1), 1e-9) * length
    with np.errstate(divide="ignore", invalid="ignore"):
        llr = observed * np.log(observed / expected) - (observed - expected)
    llr = np.where(observed > expected, llr, 0.0)
    return np.argmax(llr, axis=1)


_PERIODS = {7: "week", 14: "fortnight", 28: "4 weeks", 30: "month"}


def _count_phrase(n: int, noun: str, plural: str) -> str:
    return f"{n} {noun if n == 1 else plural}"


def _display(theme_name: str) -> str:
    # Lower-case "Workload and staffing" inside a sentence, but keep acronyms like "EHR burden".
    if theme_name[:2].isupper():
        return theme_name
    return theme_name[:1].lower() + theme_name[1:]


def usual_phrase(expected: float, window_days: int) -> str:
    """'about 1 per fortnight', 'fewer than 1 per week', 'about 12 per 10 days'."""
    period = _PERIODS.get(window_days, f"{window_days} days")
    if expected < 0.5:
        return f"fewer than 1 per {period}"
    return f"about {max(1, round(expected))} per {period}"


def describe(
    observed: int,
    expected: float,
    window_days: int,
    theme_name: str,
    scope_name: str | None = None,
    noun: str = "concern",
    plural: str = "concerns",
) -> str:
    """'7 concerns about staffing in Ward 4B in the last 14 days; usual is about 1 per fortnight.'"""
    where = f" in {scope_name}" if scope_name else ""
    return (
        f"{_count_phrase(observed, noun, plural)} about {_display(theme_name)}{where} "
        f"in the last {window_days} days; usual is {usual_phrase(expected, window_days)}."
    )
