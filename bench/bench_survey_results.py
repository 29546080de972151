"""The well-being office's survey results page on the demo organisation (issue 9).

Builds the parts of the demo the page reads (Riverbend Health's 58 units and 728 staff with the
demo's leaders, and its survey waves: about 1,400 answers) in a fresh SQLite database, then times
`GET /surveys/results/<wave>/` through Django's test client for the most recent closed wave:

- the office's first view with nothing remembered (the suppression search runs);
- the office's first view in a new process once the daily job prepared the wave (the search is
  stored in the database; Django's cache is empty);
- the office's view again (Django's cache holds the search);
- a unit manager's view (the demo's `manager`, 4 West).

Each figure is the median of `--runs` requests (the first row is one request per run, with the
stored search removed each time), with the number of queries. Takes about a minute.

    .venv/bin/python bench/bench_survey_results.py [--runs 5] [--data-dir DIR]

`--data-dir` reuses a directory that already holds the full demo (`make run` uses ./var).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path


def build(now) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from upstream.org import demo
    from upstream.org.demo.organisation import Built, add_admin, build_leaders, build_people, build_tree
    from upstream.surveys import demo as survey_demo

    if demo.demo_exists():
        return
    rng = random.Random(demo.SEED)  # noqa: S311 - demo data, never a secret
    hashed = make_password(demo.DEMO_PASSWORD)
    with transaction.atomic():
        built = Built()
        build_tree(built)
        build_people(built, rng, hashed)
        build_leaders(built, rng, hashed)
        add_admin(hashed)
    survey_demo.load(now)


def timed(client, url: str, before=None) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if before is not None:
        before()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed, len(queries.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--data-dir", default="")
    args = parser.parse_args()
    os.environ["UPSTREAM_DATA_DIR"] = args.data_dir or tempfile.mkdtemp(prefix="upstream-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upstream.config.settings")
    os.environ["UPSTREAM_REQUIRE_MFA"] = "0"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    import logging

    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    logging.disable(logging.WARNING)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    build(timezone.now())
    print(f"set-up {time.perf_counter() - started:.0f} s")

    from upstream.org.models import User
    from upstream.surveys.models import Response, Status, Wave
    from upstream.surveys.results import results_ready

    try:
        from upstream.surveys.models import SuppressionMemo
    except ImportError:  # the code before the fix, for the "before" figures
        SuppressionMemo = None  # noqa: N806

    wave = next(
        w for w in Wave.objects.filter(status=Status.SCHEDULED).order_by("-closes_on") if results_ready(w)
    )
    url = f"/surveys/results/{wave.pk}/"
    office, manager = Client(), Client()
    office.force_login(User.objects.get(username="wellbeing"))
    manager.force_login(User.objects.get(username="manager"))

    def forget_everything() -> None:
        cache.clear()
        if SuppressionMemo is not None:
            SuppressionMemo.objects.all().delete()

    rows = []
    cold = [timed(office, url, forget_everything) for _ in range(max(2, args.runs // 2))]
    rows.append(("office, first view, nothing remembered", cold))
    timed(office, url)  # what the daily job leaves behind: the search is stored
    rows.append(
        (
            "office, first view after the daily job",
            [timed(office, url, cache.clear) for _ in range(args.runs)],
        )
    )
    rows.append(("office, again", [timed(office, url) for _ in range(args.runs)]))
    timed(manager, url)
    rows.append(("unit manager, again", [timed(manager, url) for _ in range(args.runs)]))

    answers = Response.objects.filter(wave=wave).count()
    print(f"\nwave {wave.title!r}: {answers} answers; {platform.python_version()}, {os.cpu_count()} cores")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}\n")
    print("| view | median ms | min ms | queries |")
    print("| --- | ---: | ---: | ---: |")
    for label, results in rows:
        times = [t * 1000 for t, _q in results]
        print(f"| {label} | {statistics.median(times):.0f} | {min(times):.0f} | {results[-1][1]} |")


if __name__ == "__main__":
    main()
