"""Simulated benchmark for the early-warning detector (upstream/signals/detection.py).

Usage:  .venv/bin/python bench/early_warning_sim.py [--units N] [--seed S] [--json]

What it does, all seeded (same seed, same figures):
1. Every unit gets 13 theme series. Each series has a baseline rate drawn log-uniformly from
   0.05 to 2 concerns a day, and noise on top of Poisson: a weekly drift multiplier
   (Gamma, shape 10), a daily clustering multiplier (Gamma, shape 3: several concerns about one
   incident land on the same day) and a +/-15% yearly season.
2. It simulates 180 days of history (the detector's baseline period) then one year (365 days),
   the evaluated period, so false alarms are measured on a detector in steady state.
3. Half the series get a rise of known size (x2, x3, x5 the baseline rate, or +0.5 / +1 a day)
   starting on a known day (uniform in days 30-300 of the year) and lasting 42 days.
4. It runs the detector as the nightly job would (one evaluation per day, one alert per episode,
   using only data up to that day) for each method and each false-alarm target, and reports:
   - false alarms per series-year and per unit-year (13 themes) on the series with no rise;
   - per rise type: share detected within the 42 days, median and 90th-percentile delay in days
     from the rise start to the alert (0 = alerted on the first day of the rise).
5. It times the nightly call on 2,000 units x 13 themes x 365 days.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from upstream.signals.detection import (  # noqa: E402  (path set up above for a plain script)
    DetectorConfig,
    detect,
    flag_days,
    new_episodes,
)

THEMES = 13
HISTORY = 180
YEAR = 365
RISE_DAYS = 42
RISES = {"x2": (2.0, 0.0), "x3": (3.0, 0.0), "x5": (5.0, 0.0), "+0.5/day": (1.0, 0.5), "+1/day": (1.0, 1.0)}
# False alarms per series-year handed to the detector. The CUSUM's Lorden bound assumes its model
# (independent negative-binomial days), which drifting real flows break, so it gets lower targets
# too, to compare the methods at matched observed false-alarm rates.
TARGETS = {"window": (0.01, 0.02, 0.05), "cusum": (0.0001, 0.001, 0.01)}
BANDS = {"low (<0.2/day)": (0.0, 0.2), "mid (0.2-0.7/day)": (0.2, 0.7), "high (>0.7/day)": (0.7, 9.0)}


@dataclass
class Flows:
    counts: np.ndarray  # (series, HISTORY + YEAR)
    rate: np.ndarray  # baseline rate per series
    kind: np.ndarray  # index into RISES, -1 for no rise
    start: np.ndarray  # column where the rise starts, -1 for none


def simulate(n_series: int, rng: np.random.Generator) -> Flows:
    days = HISTORY + YEAR
    rate = np.exp(rng.uniform(np.log(0.05), np.log(2.0), n_series))
    weekly = rng.gamma(10.0, 0.1, (n_series, days // 7 + 1)).repeat(7, axis=1)[:, :days]
    daily = rng.gamma(3.0, 1 / 3.0, (n_series, days))
    phase = rng.uniform(0, 2 * np.pi, (n_series, 1))
    season = 1 + 0.15 * np.sin(2 * np.pi * np.arange(days) / 365 + phase)
    lam = rate[:, None] * weekly * daily * season
    kind = np.full(n_series, -1)
    start = np.full(n_series, -1)
    injected = rng.permutation(n_series)[: n_series // 2]
    kind[injected] = rng.integers(0, len(RISES), injected.size)
    start[injected] = HISTORY + rng.integers(30, 301, injected.size)
    params = np.array(list(RISES.values()))
    for i in injected:
        mult, add = params[kind[i]]
        sl = slice(start[i], start[i] + RISE_DAYS)
        lam[i, sl] = lam[i, sl] * mult + add
    return Flows(rng.poisson(lam), rate, kind, start)


def alerts(flows: Flows, config: DetectorConfig) -> np.ndarray:
    """Alert days over the evaluated year, as the nightly job would raise them."""
    days = np.arange(HISTORY, HISTORY + YEAR)
    flags = flag_days(flows.counts, days, config)
    return new_episodes(flags, config.cooldown_days)


def score(flows: Flows, alert: np.ndarray, rows: np.ndarray | None = None) -> dict:
    null = flows.kind < 0
    fa_series_year = float(alert[null].sum() / null.sum())
    out: dict = {
        "false_alarms_per_series_year": round(fa_series_year, 4),
        "false_alarms_per_unit_year": round(fa_series_year * THEMES, 3),
        "rises": {},
    }
    for k, name in enumerate(RISES):
        idx = np.flatnonzero((flows.kind == k) & (rows if rows is not None else True))
        delays = []
        for i in idx:
            s = flows.start[i] - HISTORY
            hit = np.flatnonzero(alert[i, s : s + RISE_DAYS])
            if hit.size:
                delays.append(int(hit[0]))
        d = np.array(delays)
        out["rises"][name] = {
            "n": int(idx.size),
            "detected": round(d.size / max(idx.size, 1), 3),
            "median_delay": float(np.median(d)) if d.size else None,
            "p90_delay": float(np.percentile(d, 90)) if d.size else None,
        }
    return out


def time_nightly(rng: np.random.Generator, method: str) -> float:
    n = 2000 * THEMES
    counts = rng.poisson(np.exp(rng.uniform(np.log(0.05), np.log(2.0), (n, 1))), (n, YEAR))
    keys = [(i // THEMES, f"theme_{i % THEMES}") for i in range(n)]
    t0 = time.perf_counter()
    detect(counts, keys, date(2026, 1, 1), {}, DetectorConfig(method=method))
    return time.perf_counter() - t0


def run(units: int, seed: int) -> dict:
    rng = np.random.default_rng(seed)
    flows = simulate(units * THEMES, rng)
    base = DetectorConfig()
    result: dict = {
        "units": units,
        "series": units * THEMES,
        "seed": seed,
        "runs": [],
        "bands": {},
        "nightly_seconds": {},
    }
    for method, targets in TARGETS.items():
        for target in targets:
            config = replace(base, method=method, false_alarms_per_year=target)
            scored = score(flows, alerts(flows, config))
            result["runs"].append({"method": method, "target": target, **scored})
        # By-band figures: the window method at the default target; the CUSUM at its strictest
        # target, the nearest it comes to the window method's observed false-alarm rate.
        target = base.false_alarms_per_year if method == "window" else min(targets)
        default_alert = alerts(flows, replace(base, method=method, false_alarms_per_year=target))
        result["bands"][f"{method} (target {target:g})"] = {
            band: score(flows, default_alert, (flows.rate >= lo) & (flows.rate < hi))["rises"]
            for band, (lo, hi) in BANDS.items()
        }
        result["nightly_seconds"][method] = round(time_nightly(rng, method), 2)
    return result


def _fmt(v: float | None) -> str:
    return "-" if v is None else f"{v:g}"


def print_tables(res: dict) -> None:
    print(
        f"{res['units']} units x {THEMES} themes = {res['series']} series, seed {res['seed']}, "
        f"{HISTORY} days history + {YEAR} days evaluated; rises last {RISE_DAYS} days\n"
    )
    names = list(RISES)
    print(
        "| method | target FA/series-yr | FA/series-yr | FA/unit-yr | "
        + " | ".join(f"{n} det. / med / p90" for n in names)
        + " |"
    )
    print("|---" * (4 + len(names)) + "|")
    for r in res["runs"]:
        cells = [
            f"{r['rises'][n]['detected']:.0%} / {_fmt(r['rises'][n]['median_delay'])} / "
            f"{_fmt(r['rises'][n]['p90_delay'])}"
            for n in names
        ]
        print(
            f"| {r['method']} | {r['target']} | {r['false_alarms_per_series_year']:.4f} | "
            f"{r['false_alarms_per_unit_year']:.3f} | " + " | ".join(cells) + " |"
        )
    print("\nBy baseline rate (detected / median delay in days):\n")
    print("| method | baseline | " + " | ".join(names) + " |")
    print("|---" * (2 + len(names)) + "|")
    for method, bands in res["bands"].items():
        for band, rises in bands.items():
            cells = [f"{rises[n]['detected']:.0%} / {_fmt(rises[n]['median_delay'])}" for n in names]
            print(f"| {method} | {band} | " + " | ".join(cells) + " |")
    print(
        "\nNightly detect() on 2,000 units x 13 themes x 365 days: "
        + ", ".join(f"{m} {s} s" for m, s in res["nightly_seconds"].items())
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    t0 = time.perf_counter()
    res = run(args.units, args.seed)
    res["total_seconds"] = round(time.perf_counter() - t0, 1)
    if args.json:
        print(json.dumps(res, indent=2))
    else:
        print_tables(res)
        print(f"Total run time: {res['total_seconds']} s")


if __name__ == "__main__":
    main()
