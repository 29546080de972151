"""Behaviour of the early-warning detector on small, seeded or hand-made series (no database)."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from scipy import stats

from upstream.signals.detection import (
    DetectorConfig,
    describe,
    detect,
    flag_days,
    nb_upper_tail,
    new_episodes,
)
from upstream.signals.rollup import TreeCycleError, rollup, rollup_first_day

THEMES = {"workload_staffing": "Workload and staffing", "ehr": "EHR burden"}
TODAY = date(2026, 6, 30)
METHODS = ["window", "cusum"]


def steady(days: int = 545, every: int = 3) -> np.ndarray:
    """One concern every `every` days: as steady as a count series gets."""
    x = np.zeros((1, days))
    x[0, ::every] = 1
    return x


def first_alert(x: np.ndarray, config: DetectorConfig, **kw: object) -> int | None:
    days = np.arange(x.shape[1])
    alerts = new_episodes(flag_days(x, days, config, **kw), config.cooldown_days)[0]
    hits = np.flatnonzero(alerts)
    return int(hits[0]) if hits.size else None


def keys(n: int = 1) -> list[tuple[int, str]]:
    return [(i, "workload_staffing") for i in range(n)]


@pytest.mark.parametrize("method", METHODS)
def test_it_raises_nothing_on_a_steady_series(method: str) -> None:
    config = DetectorConfig(method=method)
    x = steady()
    assert not flag_days(x, np.arange(x.shape[1]), config).any()
    assert detect(x, keys(), TODAY, THEMES, config) == []


@pytest.mark.parametrize("method", METHODS)
def test_it_detects_a_clear_rise_within_days(method: str) -> None:
    config = DetectorConfig(method=method)
    x = steady()
    x[0, 400:] = 3  # from about 1 every 3 days to 3 a day
    alert_day = first_alert(x, config)
    # Within a week: the overdispersion allowance wants about 4x the usual fortnight count.
    assert alert_day is not None and 400 <= alert_day <= 406

    signals = detect(x[:, : alert_day + 1], keys(), TODAY, THEMES, config)
    assert len(signals) == 1
    sig = signals[0]
    assert sig.observed >= config.min_count and sig.expected < 6
    assert sig.p_value < 0.01
    # The estimated start is the first raised day, counted back from today.
    assert sig.started_on == TODAY - timedelta(days=alert_day - 400)


def test_it_alerts_once_per_sustained_rise_not_every_night() -> None:
    config = DetectorConfig()
    x = steady()
    x[0, 400:] = 3
    nightly = [detect(x[:, : d + 1], keys(), TODAY, THEMES, config) for d in range(395, 460)]
    assert sum(len(s) for s in nightly) == 1


def test_it_alerts_again_after_a_quiet_gap_longer_than_the_cooldown() -> None:
    flags = np.zeros((1, 60), bool)
    flags[0, [10, 11, 12, 20, 40]] = True
    alerts = new_episodes(flags, cooldown_days=14)
    assert np.flatnonzero(alerts[0]).tolist() == [10, 40]


@pytest.mark.parametrize(("method", "minimum"), [("window", 5), ("cusum", 20)])
def test_it_never_signals_fewer_than_the_minimum_group_size(method: str, minimum: int) -> None:
    # The CUSUM, tuned to a doubling, gains only log 2 per concern, so a one-day burst must hold
    # about 15 concerns to cross its threshold: test its gate with a minimum that then binds.
    config = DetectorConfig(method=method, min_count=minimum)
    x = np.zeros((1, 400))
    x[0, 390] = minimum - 1  # wildly unlikely against a zero baseline, but too few people
    assert first_alert(x, config) is None
    x[0, 390] = minimum  # the same burst at the minimum group size is signalled
    assert first_alert(x, config) == 390


def test_a_new_unit_does_not_alarm_on_its_first_usual_concerns_but_does_on_a_burst() -> None:
    config = DetectorConfig()
    x = np.zeros((1, 400))
    new = {"first_day": [390]}  # the unit joined 10 days ago
    x[0, [392, 396, 399]] = 1
    assert first_alert(x, config, **new) is None
    x[0, 397:] = 5  # 15 concerns in 3 days from a unit with no history
    assert first_alert(x, config, **new) == 398


def test_a_new_unit_with_a_busy_prior_does_not_alarm_at_that_rate() -> None:
    # The lead passes the organisation's rate for the theme scaled by unit size as the prior.
    config = DetectorConfig()
    x = np.zeros((1, 400))
    x[0, 386::2] = 1  # 7 concerns in the first 14 days: about what the prior says
    assert first_alert(x, config, first_day=[386], prior_rate=0.5) is None
    x[0, 386:] = 3  # 42 in 14 days
    assert first_alert(x, config, first_day=[386], prior_rate=0.5) is not None


def test_it_handles_a_zero_prior_rate_and_empty_series() -> None:
    x = np.zeros((2, 30))
    x[1, -1] = 5
    flags = flag_days(x, [29], DetectorConfig(), prior_rate=0.0)
    assert flags[:, 0].tolist() == [False, True]


@pytest.mark.parametrize(
    ("observed", "expected", "window", "theme", "scope", "text"),
    [
        (
            1,
            0.2,
            14,
            "Workload and staffing",
            None,
            "1 concern about workload and staffing in the last 14 days; usual is fewer than 1 per fortnight.",
        ),
        (
            7,
            1.2,
            14,
            "Workload and staffing",
            "Ward 4B",
            "7 concerns about workload and staffing in Ward 4B in the last 14 days; "
            "usual is about 1 per fortnight.",
        ),
        (
            6,
            2.6,
            7,
            "EHR burden",
            None,
            "6 concerns about EHR burden in the last 7 days; usual is about 3 per week.",
        ),
        (
            0,
            0.6,
            10,
            "Respect and safety",
            None,
            "0 concerns about respect and safety in the last 10 days; usual is about 1 per 10 days.",
        ),
    ],
)
def test_the_message_reads_right(
    observed: int, expected: float, window: int, theme: str, scope: str | None, text: str
) -> None:
    assert describe(observed, expected, window, theme, scope) == text


def test_signals_use_the_theme_names_passed_in() -> None:
    x = np.zeros((1, 400))
    x[0, -1] = 9
    (sig,) = detect(x, [("icu", "ehr")], TODAY, THEMES, DetectorConfig(), scope_names={"icu": "ICU"})
    assert sig.message.startswith("9 concerns about EHR burden in ICU in the last 14 days;")
    assert sig.scope_id == "icu" and sig.theme == "ehr" and sig.started_on == TODAY


def test_the_negative_binomial_tail_matches_scipy() -> None:
    obs, mean, shape = np.array([0, 1, 5, 30]), np.array([1.0, 0.3, 1.4, 12.0]), 2.5
    want = stats.nbinom.sf(obs - 1, shape, shape / (shape + mean))
    assert np.allclose(nb_upper_tail(obs, mean, shape), want)
    # A huge shape is the Poisson limit.
    assert nb_upper_tail(10, 4.0, 1e9)[()] == pytest.approx(stats.poisson.sf(9, 4.0), rel=1e-5)


def test_rollup_sums_children_into_every_ancestor() -> None:
    parent_of = {"u1": "d1", "u2": "d1", "u3": "d2", "d1": "h1", "d2": "h1", "h1": "sys", "sys": None}
    series = {"u1": np.array([1, 0, 2]), "u2": np.array([0, 3, 0]), "u3": np.array([5, 5, 5])}
    out = rollup(parent_of, series)
    assert out["d1"].tolist() == [1, 3, 2]
    assert out["d2"].tolist() == [5, 5, 5]
    assert out["h1"].tolist() == out["sys"].tolist() == [6, 8, 7]
    assert out["u1"].tolist() == [1, 0, 2]
    assert series["u1"].tolist() == [1, 0, 2]  # inputs are not modified
    assert rollup_first_day(parent_of, {"u1": 40, "u2": 10, "u3": 99}) == {
        "u1": 40,
        "u2": 10,
        "u3": 99,
        "d1": 10,
        "d2": 99,
        "h1": 10,
        "sys": 10,
    }


def test_rollup_refuses_a_cycle() -> None:
    with pytest.raises(TreeCycleError):
        rollup({"a": "b", "b": "a"}, {"a": np.zeros(3)})


def noisy_flows(rng: np.random.Generator, n: int, days: int, drift: bool) -> np.ndarray:
    rate = np.exp(rng.uniform(np.log(0.1), np.log(2.0), (n, 1)))
    if drift:  # weekly wander and same-day clustering, as in bench/early_warning_sim.py
        rate = rate * rng.gamma(10.0, 0.1, (n, days // 7 + 1)).repeat(7, axis=1)[:, :days]
        rate = rate * rng.gamma(3.0, 1 / 3.0, (n, days))
    return rng.poisson(rate, (n, days)).astype(float)


def false_alarms_per_series_year(x: np.ndarray, config: DetectorConfig) -> float:
    days = np.arange(180, 545)  # one year after a full baseline period
    alerts = new_episodes(flag_days(x, days, config), config.cooldown_days)
    return float(alerts.sum() / x.shape[0])


def test_window_false_alarm_rate_on_steady_noise_is_near_the_target() -> None:
    config = DetectorConfig(false_alarms_per_year=0.05)
    x = noisy_flows(np.random.default_rng(7), 2000, 545, drift=True)
    rate = false_alarms_per_series_year(x, config)
    assert 0.05 / 5 <= rate <= 0.05 * 3


def test_cusum_false_alarm_rate_respects_lordens_bound_under_its_model() -> None:
    config = DetectorConfig(method="cusum", false_alarms_per_year=0.05)
    x = noisy_flows(np.random.default_rng(8), 1000, 545, drift=False)
    assert false_alarms_per_series_year(x, config) <= 0.05 * 1.5
