"""Measure leaders' pages under concurrent users against a generated health system.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/upstream_bench \\
        .venv/bin/python bench/scale/measure.py --users 20 --seconds 60 --out bench/scale/results-1m.json

Starts gunicorn on this database (or uses --base-url), signs in 20 leaders spread over the levels
(system, hospital, department, unit), and has each loop over the inbox (HTML and API, with
filters and the next page), a concern page (similar concerns included), the dashboards and the
board. Prints p50/p95/max per page kind; --report also times the board report's PDF once.

By default each user sends the next request as soon as the last is answered: a stress test of
throughput, where 20 users queue behind each other. `--think 2` has each read a page for 1 to 3
seconds first, as a person does, which is what a leader at a desk would see.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upstream.config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from upstream.api.tokens import create_token  # noqa: E402
from upstream.org.models import LeaderAssignment, User  # noqa: E402

TARGETS_MS = {"dashboard": 300, "inbox": 150, "inbox-api": 150, "concern": 150, "board": 300}


def leaders(count: int, rng: random.Random) -> list[User]:
    """`count` leaders spread over the four levels; a level with fewer leaders (the system has one)
    leaves its places to the unit level, so the run has as many users as asked."""
    chosen: list[User] = []
    for depth in (1, 2, 3, 4):
        wanted = count // 4 if depth < 4 else count - len(chosen)
        ids = list(LeaderAssignment.objects.filter(unit__depth=depth).values_list("user_id", flat=True)[:500])
        chosen += list(User.objects.filter(pk__in=rng.sample(ids, min(wanted, len(ids)))))
    return chosen


def session_cookie(user: User) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def open_concerns(user: User, count: int) -> list[str]:
    from upstream.concerns.access import InboxFilters, inbox_page

    return [str(c.pk) for c in inbox_page(user, InboxFilters(status="open"), size=count).concerns]


def theme_keys() -> list[str]:
    from upstream.themes.models import Theme

    return list(Theme.objects.filter(active=True).values_list("key", flat=True))


class VirtualLeader(threading.Thread):
    def __init__(
        self, base: str, user: User, scenarios, until: float, results, rng, think: float = 0, first: int = 0
    ) -> None:
        super().__init__(daemon=True)
        self.base, self.user, self.scenarios, self.until = urlsplit(base), user, scenarios, until
        self.results, self.rng, self.think, self.first = results, rng, think, first
        self.cookie = session_cookie(user)
        self.token = create_token(user, name="bench")

    def get(self, path: str, api: bool = False) -> tuple[int, bytes, float]:
        conn = http.client.HTTPConnection(self.base.hostname, self.base.port, timeout=60)
        headers = {"Authorization": f"Bearer {self.token}"} if api else {"Cookie": self.cookie}
        started = time.perf_counter()
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
        elapsed = time.perf_counter() - started
        conn.close()
        return response.status, body, elapsed

    def opening_round(self) -> list:
        """One page of each kind first, the kinds in an order rotated by the user's number: a short run
        (the CI smoke's six seconds on a loaded machine) still asks for every kind, where a purely
        random choice once never reached the board in 14 requests."""
        kinds = sorted({kind for kind, _path, _api in self.scenarios})
        start = self.first % len(kinds) if kinds else 0
        rotated = kinds[start:] + kinds[:start]
        return [self.rng.choice([s for s in self.scenarios if s[0] == kind]) for kind in rotated]

    def run(self) -> None:
        queue = self.opening_round()
        while time.perf_counter() < self.until:
            if self.think:  # a person reads the page before the next click: 0.5 to 1.5 times the mean
                time.sleep(self.think * self.rng.uniform(0.5, 1.5))
            kind, path, api = queue.pop(0) if queue else self.rng.choice(self.scenarios)
            status, body, elapsed = self.get(path, api)
            self.results[kind].append((elapsed, status))
            if kind == "inbox" and b"after=" in body and self.rng.random() < 0.3:
                cursor = body.split(b"after=")[1].split(b'"')[0].decode()
                status, body, elapsed = self.get(f"/inbox/?after={cursor}")
                self.results["inbox"].append((elapsed, status))
                # And back again, half the time: "Previous" pages backwards from a cursor (reverse
                # index scans), a path of its own since the stop 37 probes asked for it.
                if b"before=" in body and self.rng.random() < 0.5:
                    cursor = body.split(b"before=")[1].split(b'"')[0].decode()
                    status, _, elapsed = self.get(f"/inbox/?before={cursor}")
                    self.results["inbox"].append((elapsed, status))


def scenarios_for(user: User, themes: list[str], rng: random.Random, dashboards: list[str]) -> list:
    concerns = open_concerns(user, 20)
    from upstream.concerns.access import led_unit_ids

    units = led_unit_ids(user) or [None]
    unit = rng.choice(units)
    out = [
        ("inbox", "/inbox/", False),
        ("inbox", "/inbox/?status=open", False),
        ("inbox", f"/inbox/?theme={rng.choice(themes)}", False),
        ("inbox-api", "/api/v1/inbox", True),
        ("inbox-api", f"/api/v1/inbox?theme={rng.choice(themes)}&status=open", True),
        ("board", "/actions/", False),
    ]
    if unit is not None:
        out.append(("inbox", f"/inbox/?unit={unit}", False))
    out += [("concern", f"/inbox/{cid}/", False) for cid in concerns[:4]]
    out += [("dashboard", path, False) for path in dashboards]
    return out


def serve(port: int) -> subprocess.Popen:
    env = dict(os.environ, UPSTREAM_DEBUG="0", PYTHONPATH=str(ROOT))
    process = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "upstream.config.wsgi:application",
            "--workers",
            "4",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--chdir",
            str(ROOT),
        ],
        env=env,
    )
    for _ in range(100):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/")
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


def summarise(results: dict[str, list[tuple[float, int]]]) -> dict[str, dict[str, float]]:
    out = {}
    for kind, rows in sorted(results.items()):
        times = sorted(t * 1000 for t, _ in rows)
        errors = sum(1 for _, status in rows if status >= 400)
        # "inclusive": never past the slowest request seen (the default extrapolates on small samples)
        q = statistics.quantiles(times, n=20, method="inclusive") if len(times) >= 2 else times * 19
        out[kind] = {
            "requests": len(times),
            "errors": errors,
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(q[18], 1),
            "max_ms": round(times[-1], 1),
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--base-url", default="")
    parser.add_argument("--port", type=int, default=8411)
    parser.add_argument("--report", action="store_true", help="also time the board report's PDF")
    parser.add_argument("--out", default="")
    parser.add_argument(
        "--think",
        type=float,
        default=0,
        help="mean seconds each user reads a page before the next request (0: the next request at "
        "once, a stress test of throughput)",
    )
    args = parser.parse_args()
    rng = random.Random(7)  # noqa: S311 - reproducible choice of pages, not secrets
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM concerns_concern")
        concerns = cursor.fetchone()[0]
    themes = theme_keys()
    dashboards = []
    try:
        from upstream.insights.bench import dashboard_paths

        dashboards = dashboard_paths()
    except ImportError:
        pass
    users = leaders(args.users, rng)
    server = None if args.base_url else serve(args.port)
    base = args.base_url or f"http://127.0.0.1:{args.port}"
    results: dict[str, list] = defaultdict(list)
    try:
        warm = time.perf_counter() + 5
        threads = [
            VirtualLeader(base, u, scenarios_for(u, themes, rng, dashboards), warm, defaultdict(list), rng)
            for u in users
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        until = time.perf_counter() + args.seconds
        for thread in threads:
            thread.until = until
        threads = [
            VirtualLeader(base, t.user, t.scenarios, until, results, random.Random(i), args.think, first=i)  # noqa: S311
            for i, t in enumerate(threads)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(20)
            except subprocess.TimeoutExpired:
                server.kill()
    summary = {
        "concerns": concerns,
        "users": len(users),
        "seconds": args.seconds,
        "think_s": args.think,
        "requests_per_s": round(sum(len(v) for v in results.values()) / args.seconds, 1),
        "pages": summarise(results),
    }
    if args.report:
        from upstream.insights.bench import time_report

        summary["report_pdf_s"] = round(time_report(), 2)
    for kind, row in summary["pages"].items():
        target = TARGETS_MS.get(kind)
        verdict = "" if target is None else ("ok" if row["p95_ms"] < target else f"over {target} ms")
        print(
            f"{kind:12} n={row['requests']:5} err={row['errors']:3} p50={row['p50_ms']:7.1f} "
            f"p95={row['p95_ms']:7.1f} max={row['max_ms']:7.1f} ms {verdict}"
        )
    print(f"throughput: {summary['requests_per_s']} requests/s (think time {args.think} s)")
    if "report_pdf_s" in summary:
        print(f"report PDF: {summary['report_pdf_s']} s")
    if args.out:
        Path(args.out).write_text(json.dumps(summary, indent=2) + "\n")


if __name__ == "__main__":
    main()
