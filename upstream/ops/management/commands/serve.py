"""Run the whole product on one machine: web server, task worker and scheduler.

For larger deployments run the three separately (docs/operations.md): gunicorn for the web,
`upstream db_worker` for tasks (add more for throughput), one `upstream scheduler`.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Upstream with gunicorn, a task worker and the scheduler (Ctrl+C stops all three)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")
        parser.add_argument("--workers", default="2", help="gunicorn worker processes")

    def handle(self, *args, **options):
        python = sys.executable
        children = [
            subprocess.Popen([python, "-m", "upstream.cli", "db_worker"]),  # noqa: S603 - our own interpreter
            subprocess.Popen([python, "-m", "upstream.cli", "scheduler"]),  # noqa: S603
            subprocess.Popen(  # noqa: S603
                [
                    python,
                    "-m",
                    "gunicorn",
                    "upstream.config.wsgi",
                    "--bind",
                    f"{options['host']}:{options['port']}",
                    "--workers",
                    options["workers"],
                    "--threads",
                    "4",
                    "--timeout",
                    "60",
                ]
            ),
        ]
        self.stdout.write(
            f"Upstream is running on http://{options['host']}:{options['port']}/ (Ctrl+C to stop)"
        )

        def stop(*_):
            for child in children:
                child.terminate()

        signal.signal(signal.SIGTERM, stop)
        try:
            while all(child.poll() is None for child in children):
                time.sleep(1)
        except KeyboardInterrupt:
            pass
        finally:
            stop()
            for child in children:
                child.wait(timeout=10)
        failed = [c for c in children if c.returncode not in (0, -signal.SIGTERM, None)]
        if failed:
            raise SystemExit(1)
