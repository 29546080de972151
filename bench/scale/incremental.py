"""Time the dashboards' incremental summary refresh on a generated database (docs/benchmarks.md).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/upstream_bench \\
        .venv/bin/python bench/scale/incremental.py

Run after bench/scale/generate.py (which ends with a full rebuild). Makes one day's mix of changes
through the ORM, as leaders would (each save marks its unit and day at commit): acknowledges 300
recent open concerns and closes 100 concerns of the last 400 days; then times
`refresh_changed()`, and times it again with nothing new. Prints one JSON line per refresh.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upstream.config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from upstream.concerns.models import Concern, Status  # noqa: E402
from upstream.insights.models import DirtyDay  # noqa: E402
from upstream.insights.summary import refresh_changed  # noqa: E402


def day_of_changes(acknowledged: int, closed: int) -> int:
    now = timezone.now()
    today = timezone.localdate()
    with transaction.atomic():
        recent = Concern.objects.filter(status=Status.NEW).order_by("-visible_from")[:acknowledged]
        for concern in recent:
            concern.status = Status.ACKNOWLEDGED
            concern.acknowledged_at = now
            concern.save(update_fields=["status", "acknowledged_at"])
        older = Concern.objects.filter(
            status__in=[Status.ACKNOWLEDGED, Status.IN_PROGRESS],
            received_on__gte=today - dt.timedelta(days=400),
        ).order_by("?")[:closed]
        for concern in older:
            concern.status = Status.CLOSED
            concern.save(update_fields=["status"])
    return DirtyDay.objects.count()


def timed(label: str, marks: int) -> None:
    started = time.perf_counter()
    rows = refresh_changed()
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {"refresh": label, "unit_days_marked": marks, "rows_written": rows, "seconds": round(seconds, 1)}
        )
    )


def main() -> None:
    if "bench" not in connection.settings_dict["NAME"]:
        sys.exit("refusing: the database name must contain 'bench'")
    concerns = Concern.objects.count()
    print(json.dumps({"concerns": concerns, "load_average": os.getloadavg()[0]}))
    marks = day_of_changes(acknowledged=300, closed=100)
    timed("after a day's changes", marks)
    timed("nothing new", DirtyDay.objects.count())


if __name__ == "__main__":
    main()
