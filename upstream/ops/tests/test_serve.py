"""`upstream serve` starts the web server, the task worker and the scheduler, and stops them all."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="runs on its own SQLite file")
def test_serve_answers_pages_and_stops_cleanly(tmp_path):
    env = {
        **os.environ,
        "UPSTREAM_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "upstream.config.settings",
    }
    cli = [sys.executable, "-m", "upstream.cli"]
    subprocess.run([*cli, "migrate", "-v0"], env=env, check=True, timeout=300)  # noqa: S603
    port = free_port()
    server = subprocess.Popen([*cli, "serve", "--port", str(port), "--workers", "1"], env=env)  # noqa: S603
    try:
        body = ""
        for _ in range(60):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:  # noqa: S310
                    body = response.read().decode()
                break
            except OSError:
                time.sleep(0.5)
        assert "Speak up" in body
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/upstream/htmx.min.js", timeout=5) as js:  # noqa: S310
            assert js.status == 200
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    assert server.returncode == 0
