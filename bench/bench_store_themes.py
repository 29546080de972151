"""End-to-end theme throughput: concern text to stored themes, per backend.

Measures the two paths that write themes:
  - submission: one concern at a time through `submit_concern` (embedding, classification, crisis
    check, concern, receipt, theme and embedding rows), reported as concerns per second and ms
    each (one text per model call, one commit each);
  - bulk re-theming (`upstream.themes.services.reclassify`, batches of 256), which runs after a
    retraining, reported as concerns per second.
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
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from upstream.concerns.models import Concern
    from upstream.concerns.services import submit_concern
    from upstream.org.models import Unit
    from upstream.themes.services import reclassify
    from upstream.themes.textmodel.examples import theme_examples

    unit = Unit.objects.add_root({"name": "Bench Health", "code": "bench", "level": "system"})
    texts = [text for text, _ in theme_examples()][: args.count]
    for backend in ("onnx-minilm", "static-minilm"):
        settings.UPSTREAM_TEXT_BACKEND = backend
        submit_concern(text="Warm-up: the model loads once per process.", unit=unit)
        started = time.perf_counter()
        for text in texts:
            submit_concern(text=text, unit=unit)
        submit_s = time.perf_counter() - started
        concerns = list(Concern.objects.all())
        started = time.perf_counter()
        reclassify(concerns)
        bulk_s = time.perf_counter() - started
        print(
            f"{backend:14} submission: {len(texts) / submit_s:7.1f} concerns/s"
            f" ({1000 * submit_s / len(texts):5.1f} ms each)"
            f" | bulk re-theming: {len(concerns) / bulk_s:7.1f} concerns/s ({len(concerns)} concerns)"
        )
        Concern.objects.all().delete()


if __name__ == "__main__":
    main()
