"""Time the survey pages for one user at a time, in-process (Django test client), best of N.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/upstream_bench \\
        .venv/bin/python bench/scale/single_user.py [--profile]

As the well-being office (the leader of the top unit): the whole-system dashboard (its survey
section reads the activity summary), the survey results list and the results page of the latest
wave (reads that wave's answers). The results page's first view also computes the suppression the
daily job would otherwise have remembered (`surveys.memo`); it is printed apart as "first view".
--profile prints where a results page's time goes (cProfile, cumulative).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upstream.config.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

from upstream.insights.dashboard import current_quarter  # noqa: E402
from upstream.org.models import LeaderAssignment  # noqa: E402
from upstream.surveys.models import Response, SuppressionMemo, Wave  # noqa: E402


def timed(client: Client, path: str) -> float:
    started = time.perf_counter()
    response = client.get(path, HTTP_HOST="localhost")
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{path}: HTTP {response.status_code}")
    return elapsed * 1000


class OutOfTime(Exception):
    pass


def _out_of_time(_signum, _frame) -> None:  # type: ignore[no-untyped-def]
    raise OutOfTime


def first_view(client: Client, path: str, budget: int, profile: bool) -> float | None:
    """The results page with no remembered suppression, stopped after `budget` seconds."""
    SuppressionMemo.objects.all().delete()
    profiler = cProfile.Profile() if profile else None
    signal.signal(signal.SIGALRM, _out_of_time)
    signal.alarm(budget)
    try:
        if profiler:
            profiler.enable()
        return timed(client, path)
    except OutOfTime:
        return None
    finally:
        signal.alarm(0)
        if profiler:
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--budget", type=int, default=1800, help="seconds the first view may take")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    office = LeaderAssignment.objects.filter(unit__depth=1).select_related("user").first().user
    client = Client()
    client.force_login(office)
    wave = Wave.objects.order_by("-closes_on").first()
    answers = Response.objects.filter(wave=wave).count()
    print(f"latest wave {wave.pk} ({wave.title}): {answers:,} responses", flush=True)
    period = current_quarter()
    pages = {
        "dashboard, whole system": f"/insights/?period={period}",
        "dashboard, whole system, year": f"/insights/?period={period[:4]}",
        "survey results list": "/surveys/results/",
    }
    results = f"/surveys/results/{wave.pk}/"

    def best(name: str, path: str) -> None:
        times = [timed(client, path) for _ in range(args.repeat)]
        print(
            f"{name:32} {min(times):8.0f} ms (best of {args.repeat}: {', '.join(f'{t:.0f}' for t in times)})",
            flush=True,
        )

    for name, path in pages.items():
        best(name, path)
    first = first_view(client, results, args.budget, args.profile)
    if first is None:
        print(f"results page, first view: not done after {args.budget} s", flush=True)
        return
    print(f"{'results page, first view':32} {first:8.0f} ms (computes the suppression)", flush=True)
    best("results page, remembered", results)
    best("results page, one unit opened", f"{results}?within={deepest_parent()}")
    # The same page for a hospital leader and for a unit leader (their scopes only).
    for depth, name in ((2, "hospital"), (4, "unit")):
        leader = LeaderAssignment.objects.filter(unit__depth=depth).select_related("user").first()
        if leader is None:
            continue
        client.force_login(leader.user)
        first = first_view(client, results, args.budget, False)
        print(f"{f'results, {name} leader, first':32} {first or 0:8.0f} ms", flush=True)
        best(f"results, {name} leader", results)


def deepest_parent() -> int:
    """A unit with units below it, as deep as the tree goes: the page's "Open" link."""
    from upstream.org.models import Unit

    deepest = Unit.objects.order_by("-depth").first()
    return Unit.objects.get(path=deepest.path[: -Unit.steplen]).pk


if __name__ == "__main__":
    main()
