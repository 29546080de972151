"""A reply in crisis words to a concern still waiting, against how many entries wait in the intake.

Such a reply brings its concern forward to the next hour and writes every waiting entry again, with
a new id and a fresh seal (`intake/services.py::expedite`, docs/anonymity.md), while it holds the
release's locks: the writer waits for it, and so does every other anonymous write meanwhile. This
measures that reply end to end (`reply_as_reporter`) with 0 to N other entries waiting, against an
ordinary reply, which rewrites nothing.
Run:  .venv/bin/python bench/bench_crisis_reply.py [--waiting 0 1000 5000]
It uses a fresh SQLite database in a temporary directory, or DATABASE_URL if set (a database you
can throw away: its intake is filled and emptied).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

CRISIS = "I can't do this anymore. I don't want to wake up tomorrow."


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--waiting", type=int, nargs="+", default=[0, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("UPSTREAM_DATA_DIR", tempfile.mkdtemp(prefix="upstream-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upstream.config.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from upstream.concerns.services import PendingConcern, reply_as_reporter, submit_concern
    from upstream.intake import sealing
    from upstream.intake.models import IntakeEntry
    from upstream.org.models import Unit

    unit = Unit.objects.filter(code="bench").first() or Unit.objects.add_root(
        {"name": "Bench Health", "code": "bench", "level": "system"}
    )
    tomorrow = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0) + dt.timedelta(days=1)
    print(f"{connection.vendor}; each figure the median of {args.repeat} replies")
    for waiting in args.waiting:
        IntakeEntry.objects.all().delete()
        IntakeEntry.objects.bulk_create(
            IntakeEntry(
                kind="bench.filler", release_at=tomorrow, lookup=f"{i:064x}", sealed=sealing.seal({"n": i})
            )
            for i in range(waiting)
        )
        timings = {"ordinary": [], "crisis": []}
        for _ in range(args.repeat):
            for kind, text in (("ordinary", "Still no break tonight, as before."), ("crisis", CRISIS)):
                receipt = submit_concern(
                    text="Breaks on 4 West: none for three nights now.", unit=unit
                ).receipt
                started = time.perf_counter()
                reply_as_reporter(PendingConcern(receipt), text)
                timings[kind].append(time.perf_counter() - started)
        print(
            f"{waiting:6d} waiting: ordinary reply {1000 * statistics.median(timings['ordinary']):7.1f} ms"
            f" | crisis reply that rewrites the intake {1000 * statistics.median(timings['crisis']):7.1f} ms"
        )
    IntakeEntry.objects.all().delete()


if __name__ == "__main__":
    main()
