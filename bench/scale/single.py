"""Time leaders' pages one request at a time, in-process, on a generated database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/upstream_bench \\
        .venv/bin/python bench/scale/single.py

For a system leader and a department leader: the inbox (plain, open with a theme filter), the
inbox API, a concern page with its similar concerns, the dashboard, the NAM model view and the
board. Best of 3 after one warm-up, with the database time and the web process's CPU time of that
request: the CPU time is what decides how many requests a second a core can answer, and it moves
less than wall time on a machine other work shares.
"""

from __future__ import annotations

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

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from upstream.org.models import LeaderAssignment, User  # noqa: E402
from upstream.themes.models import Theme  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from measure import open_concerns  # noqa: E402


class DatabaseClock:
    def __init__(self) -> None:
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


def timed(client: Client, path: str) -> tuple[float, float, float]:
    clock = DatabaseClock()
    wall, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(clock):
        response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000, clock.seconds * 1000


def pages(user: User, theme: str) -> dict[str, str]:
    concern = open_concerns(user, 1)
    out = {
        "inbox": "/inbox/",
        "inbox, open + theme filter": f"/inbox/?status=open&theme={theme}",
        "inbox API (30 a page)": "/api/v1/inbox",
        "dashboard": "/insights/",
        "NAM model view": "/insights/nam/",
        '"you said, we did" board': "/actions/",
    }
    if concern:
        out["concern page with similar concerns"] = f"/inbox/{concern[0]}/"
    return out


def main() -> None:
    if "bench" not in connection.settings_dict["NAME"]:
        sys.exit("refusing: the database name must contain 'bench'")
    settings.ALLOWED_HOSTS = ["*"]
    theme = Theme.objects.filter(active=True).order_by("key").values_list("key", flat=True).first()
    results = {"load_average": os.getloadavg()[0]}
    for label, depth in (("system leader", 1), ("department leader", 3)):
        user = User.objects.get(
            pk=LeaderAssignment.objects.filter(unit__depth=depth).order_by("pk")[0].user_id
        )
        client = Client()
        client.force_login(user)
        for page, path in pages(user, theme).items():
            timed(client, path)
            best = min((timed(client, path) for _ in range(3)), key=lambda t: t[0])
            results[f"{label}: {page}"] = {
                "ms": round(best[0]),
                "cpu_ms": round(best[1]),
                "db_ms": round(best[2]),
            }
            print(
                f"{label:18} {page:36} {best[0]:7.0f} ms  cpu {best[1]:6.0f} ms  db {best[2]:6.0f} ms",
                flush=True,
            )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
