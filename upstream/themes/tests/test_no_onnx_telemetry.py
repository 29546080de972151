"""The text model leaves no usage record behind: onnxruntime wrote events with millisecond times and
a device id to ~/.cache/Microsoft/DeveloperTools/ in every process that loaded it, web workers
included, queued for upload (an anonymity audit). `upstream/__init__.py` turns that off."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_loading_the_text_model_writes_nothing_to_the_home_directory(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    environment = {
        k: v for k, v in os.environ.items() if k not in ("ORT_DISABLE_TELEMETRY", "XDG_CACHE_HOME")
    }
    environment.update(HOME=str(home), UPSTREAM_DATA_DIR=str(tmp_path / "data"))
    script = (
        "import upstream, onnxruntime, pathlib;"
        "from upstream.themes.textmodel.embedders import OnnxMiniLMEmbedder;"
        "print(len(OnnxMiniLMEmbedder().embed(['Nights run two nurses short.'])))"
    )
    command = [sys.executable, "-c", script]
    done = subprocess.run(command, env=environment, capture_output=True, text=True)  # noqa: S603 - our own
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"
    assert [str(p.relative_to(home)) for p in Path(home).rglob("*")] == []
