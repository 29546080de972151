"""Train the shipped default classifiers (theme and crisis) for every backend whose model is present.

Run by build.py, or alone after editing the examples: `.venv/bin/python tools/build_model/train_defaults.py`
(scikit-learn is a runtime dependency, so the project venv is enough). The theme and crisis models
are trained on the training part of the fixed split only, so the held-out figures printed here and in
docs/benchmarks/themes.md describe exactly what ships.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from upstream.themes.textmodel import crisis as crisis_mod  # noqa: E402
from upstream.themes.textmodel.classifier import save_model  # noqa: E402
from upstream.themes.textmodel.crisis_prototypes import NEGATIVE, POSITIVE  # noqa: E402
from upstream.themes.textmodel.embedders import BACKENDS, get_embedder  # noqa: E402
from upstream.themes.textmodel.examples import crisis_split, theme_split  # noqa: E402
from upstream.themes.textmodel.training import (  # noqa: E402
    data_fingerprint,
    macro_f1,
    train_crisis_model,
    train_theme_model,
)


def train_backend(backend: str) -> dict:
    embedder = get_embedder(backend)
    out = crisis_mod.SHIPPED_DIR / backend
    if out.exists():
        shutil.rmtree(out)
    train, held = theme_split()
    model = train_theme_model(
        embedder.embed([t for t, _ in train]),
        [k for _, k in train],
        backend,
        data_sha256=data_fingerprint(train, backend),
        kind="default",
    )
    save_model(model, out, version=1)
    predicted = [r.theme for r in model.classify(embedder.embed([t for t, _ in held]))]
    truth = np.array([k for _, k in held])
    top = np.array([model.classes[i] for i in model.scores(embedder.embed([t for t, _ in held])).argmax(1)])
    c_train, c_held = crisis_split()
    crisis = train_crisis_model(
        [r["text"] for r in c_train],
        [bool(r["crisis"]) for r in c_train],
        embedder.embed([r["text"] for r in c_train]),
        (embedder.embed(POSITIVE + NEGATIVE), np.array([True] * len(POSITIVE) + [False] * len(NEGATIVE))),
        backend,
    )
    save_model(crisis, crisis_mod.crisis_model_path(backend), version=1)
    crisis_mod.load_crisis_model.cache_clear()
    fired = [a.crisis for a in crisis_mod.assess_texts([r["text"] for r in c_held], backend=backend)]
    pos = [f for f, r in zip(fired, c_held, strict=True) if r["crisis"]]
    neg = [f for f, r in zip(fired, c_held, strict=True) if not r["crisis"]]
    return {
        "backend": backend,
        "theme_heldout_macro_f1": round(macro_f1(truth, top), 4),
        "theme_heldout_unclear": sum(p == "unclear" for p in predicted),
        "theme_threshold": round(model.threshold, 4),
        "crisis_threshold": crisis.threshold,
        "crisis_heldout_recall": round(sum(pos) / len(pos), 4),
        "crisis_heldout_false_alarm_rate": round(sum(neg) / len(neg), 4),
        "crisis_heldout_precision": round(sum(pos) / max(1, sum(pos) + sum(neg)), 4),
    }


def main() -> None:
    for backend in BACKENDS:
        print(json.dumps(train_backend(backend)))


if __name__ == "__main__":
    main()
