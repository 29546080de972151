"""The anonymous submit against a bare view on the same stack (issue 7's targets).

Every subprocess here runs this interpreter or PostgreSQL's createdb with arguments the script builds.

Starts gunicorn as `upstream serve` does (2 workers x 4 threads) on PostgreSQL, then drives it with
20 concurrent keep-alive clients for a fixed time against two endpoints in turn:

- `POST /bench/bare`: authenticates the same Bearer token and does one INSERT (the yardstick);
- `POST /api/v1/concerns`: the real anonymous submit (validation, crisis screen, sealing, intake).

Targets: submit throughput >= 1/4 of bare; submit p95 < 300 ms with 20 clients. Prints a table
for docs/benchmarks.md. Usage:

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/upstream_bench_submit \\
        .venv/bin/python bench/bench_submit.py --seconds 20
"""

from __future__ import annotations

# ruff: noqa: S603, S607 - see the module docstring: only our own interpreter and createdb are run
import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent / "submit"
TEXT = (
    "Since the new rota started we have run two nurses short on most night shifts. Breaks do not "
    "happen, charting waits until the morning and the float pool is always sent somewhere else. "
    "We raised it at huddle twice and nothing changed; people are starting to call in sick."
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(env: dict[str, str]) -> str:
    """Migrate the bench database and create a staff member with an API token; returns the token."""
    subprocess.run(
        [sys.executable, "-m", "upstream.cli", "migrate", "--noinput", "-v", "0"], env=env, check=True
    )
    script = """
from django.db import connection
from upstream.api.tokens import create_token
from upstream.org.models import Membership, RoleGroup, Unit, User
root = Unit.top() or Unit.add_root(name="Bench Health", code="bench", level="system")
user, _ = User.objects.get_or_create(username="bench-nurse")
Membership.objects.get_or_create(user=user, unit=root, role_group=RoleGroup.NURSE)
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE IF NOT EXISTS bench_bare (id uuid PRIMARY KEY, text text NOT NULL)")
print(create_token(user, "bench"))
"""
    out = subprocess.run(
        [sys.executable, "-m", "upstream.cli", "shell", "-c", script],
        env=env,
        capture_output=True,
        text=True,
    )
    if out.returncode:
        raise SystemExit(out.stderr)
    return out.stdout.strip().splitlines()[-1]


def drive(port: int, path: str, token: str, clients: int, seconds: float) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    body = json.dumps({"text": TEXT})
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}

    def client() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        bad = 0
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                conn.request("POST", path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 201
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            if ok:
                mine.append(time.perf_counter() - started)
            else:
                bad += 1
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": errors,
        "per_second": len(latencies) / elapsed,
        "p50_ms": 1000 * statistics.median(latencies) if latencies else float("nan"),
        "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan"),
    }


def wait_until_up(port: int, server: subprocess.Popen) -> None:
    for _ in range(100):
        if server.poll() is not None:
            raise SystemExit("gunicorn exited during start-up")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/upstream_bench_submit")
    if "bench" not in url.rsplit("/", 1)[-1]:
        raise SystemExit("BENCH_DATABASE_URL must name a database containing 'bench'")
    data_dir = tempfile.mkdtemp(prefix="upstream-bench-")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "UPSTREAM_DATA_DIR": data_dir,
        "DJANGO_SETTINGS_MODULE": "settings_bench",
        "PYTHONPATH": f"{HERE}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
        "UPSTREAM_SUBMISSIONS_PER_DAY": "100000000",
    }
    subprocess.run(
        ["createdb", "-h", "127.0.0.1", "-U", "postgres", url.rsplit("/", 1)[-1]],
        capture_output=True,
        check=False,
    )
    token = prepare(env)
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "upstream.config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--no-control-socket",
        ],
        env=env,
    )
    try:
        wait_until_up(port, server)
        drive(port, "/api/v1/concerns", token, 4, 3)  # warm both paths: imports, connections
        drive(port, "/bench/bare", token, 4, 2)
        results: dict[str, list[dict[str, float]]] = {"bare": [], "submit": []}
        for _ in range(args.rounds):
            results["bare"].append(drive(port, "/bench/bare", token, args.clients, args.seconds))
            results["submit"].append(drive(port, "/api/v1/concerns", token, args.clients, args.seconds))
    finally:
        server.terminate()
        server.wait(timeout=30)
    bare = statistics.median(r["per_second"] for r in results["bare"])
    submit = statistics.median(r["per_second"] for r in results["submit"])
    print(f"{args.clients} clients, {args.seconds:g} s per run, {args.rounds} runs each\n")
    print("| endpoint | requests/s | p50 ms | p95 ms | errors |")
    print("| --- | --- | --- | --- | --- |")
    for name, runs in results.items():
        for run in runs:
            figures = (run["per_second"], run["p50_ms"], run["p95_ms"], run["errors"])
            print(f"| {name} | " + " | ".join(f"{value:.0f}" for value in figures) + " |")
    ratio = submit / bare
    p95 = max(r["p95_ms"] for r in results["submit"])
    print(
        f"\nsubmit / bare throughput: {ratio:.2f} (target >= 0.25); "
        f"worst submit p95: {p95:.0f} ms (target < 300)"
    )
    if ratio < 0.25 or p95 >= 300:
        sys.exit(1)


if __name__ == "__main__":
    main()
