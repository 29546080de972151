"""End-to-end theme throughput: concern text to stored themes, per backend.

Measures the paths that write concerns and themes:
  - submission: one concern at a time through `submit_concern` (the crisis screen, sealing and the
    intake insert; no text model since the anonymous-write pipeline), in ms each;
  - release: the whole batch through `release_due` (embedding, classification and the batch crisis
    model in bulk, then concern, receipt, theme and embedding rows), in concerns per second: this
    is "text to stored themes" for new concerns;
  - bulk re-theming (`upstream.themes.services.reclassify`, batches of 256), which runs after a
    retraining, in concerns per second.
Run:  .venv/bin/python bench/bench_store_themes.py [--count 300]
It uses a fresh SQLite database in a temporary directory (or DATABASE_URL if set).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=300)
    args = parser.parse_args()
    os.environ.setdefault("UPSTREAM_DATA_DIR", tempfile.mkdtemp(prefix="upstream-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upstream.config.settings")
    os.environ.setdefault("UPSTREAM_ONNX_THREADS", "2")  # as the task worker runs it (upstream/cli.py)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from upstream.concerns.models import Concern
    from upstream.concerns.services import submit_concern
    from upstream.intake.services import release_due
    from upstream.org.models import Unit
    from upstream.themes.services import reclassify
    from upstream.themes.textmodel.examples import theme_examples

    unit = Unit.objects.add_root({"name": "Bench Health", "code": "bench", "level": "system"})
    texts = [text for text, _ in theme_examples()][: args.count]
    for backend in ("onnx-minilm", "static-minilm"):
        settings.UPSTREAM_TEXT_BACKEND = backend
        submit_concern(text="Warm-up: the model loads once per process.", unit=unit)
        release_due(everything=True)
        started = time.perf_counter()
        for text in texts:
            submit_concern(text=text, unit=unit)
        submit_s = time.perf_counter() - started
        started = time.perf_counter()
        released = release_due(everything=True)
        release_s = time.perf_counter() - started
        concerns = list(Concern.objects.all())
        started = time.perf_counter()
        reclassify(concerns)
        bulk_s = time.perf_counter() - started
        print(
            f"{backend:14} submission: {1000 * submit_s / len(texts):5.1f} ms each"
            f" | release, text to stored themes: {released / release_s:7.1f} concerns/s"
            f" | bulk re-theming: {len(concerns) / bulk_s:7.1f} concerns/s ({len(concerns)} concerns)"
        )
        Concern.objects.all().delete()


if __name__ == "__main__":
    main()
