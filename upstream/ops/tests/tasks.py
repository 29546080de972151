"""A task for the worker tests to kill a worker in (imported by the worker under test, never by the
product)."""

from __future__ import annotations

import time
from pathlib import Path

from django_tasks import task


@task()
def hold_while(path: str) -> str:
    """Run until the file at `path` is gone, for at most two minutes. Idempotent: it changes nothing."""
    deadline = time.monotonic() + 120
    while Path(path).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    return "done"
