"""Train the shipped default classifiers (theme and crisis) for every backend whose model is present.

Run by build.py, or alone after editing the examples: `.venv/bin/python tools/build_model/train_defaults.py`
(scikit-learn is a runtime dependency, so the project venv is enough); `--theme-only` retrains the
theme classifiers and keeps the crisis models, `--crisis-only` the reverse; `--backend=NAME` trains one
backend only. The theme classifiers
learn from the shipped taxonomy.json descriptions too (training.DESCRIPTION_WEIGHT). The theme
classifier trains on the training part of the project's fixed split plus the train split of the real
clinician statements (upstream/themes/data/real/); the crisis model on the training part of its split.
So the held-out figures printed here and in docs/benchmarks/themes.md describe exactly what ships:
`theme_heldout_*` on the project's held-out examples, `theme_voices_*` on the project-written
real-register texts (never trained on), `theme_real_eval_*` on the real statements' eval split.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
# The embedders read their thread count from Django settings.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upstream.config.settings")
import django  # noqa: E402

django.setup()

from upstream.themes.textmodel import crisis as crisis_mod  # noqa: E402
from upstream.themes.textmodel.classifier import save_model  # noqa: E402
from upstream.themes.textmodel.crisis_prototypes import NEGATIVE, POSITIVE  # noqa: E402
from upstream.themes.textmodel.crisis_training import train_crisis_model  # noqa: E402
from upstream.themes.textmodel.embedders import BACKENDS, SPANISH_EMBEDDER, get_embedder  # noqa: E402
from upstream.themes.textmodel.examples import (  # noqa: E402
    crisis_split,
    real_statements,
    theme_examples,
    theme_split,
    voice_examples,
)
from upstream.themes.textmodel.service import description_embeddings, description_source  # noqa: E402
from upstream.themes.textmodel.training import (  # noqa: E402
    data_fingerprint,
    macro_f1,
    train_theme_model,
)


def train_backend(backend: str, crisis: bool = True) -> dict:
    """Train the shipped theme classifier (and, with ``crisis``, the crisis model) for ``backend``.

    ``backend`` may also be SPANISH_EMBEDDER (multilingual-e5-small, used for Spanish text): it has a
    theme classifier only, trained on the same English data.
    """
    embedder = get_embedder(backend)
    out = crisis_mod.SHIPPED_DIR / backend
    if crisis and out.exists():
        shutil.rmtree(out)
    for old in out.glob("classifier-*"):  # the theme classifier only; crisis/ stays
        old.unlink()
    train, held = theme_split()
    fitted = train + real_statements("train")
    keys, prompts, vectors = description_embeddings(backend)
    model = train_theme_model(
        embedder.embed([t for t, _ in fitted]),
        [k for _, k in fitted],
        backend,
        data_sha256=data_fingerprint(fitted, backend, list(prompts)),
        kind="default",
        prototypes=dict(zip(keys, vectors, strict=True)),
        prototype_source=description_source(prompts),
        # The word model knows English words only: the Spanish model goes without it.
        **(
            {"texts": [t for t, _ in fitted], "prototype_texts": dict(zip(keys, prompts, strict=True))}
            if backend != SPANISH_EMBEDDER
            else {}
        ),
    )
    save_model(model, out, version=1)
    return {
        "backend": backend,
        **score_theme_model(model, embedder, "theme_heldout", held),
        **score_theme_model(model, embedder, "theme_voices", voice_examples()),
        **score_theme_model(model, embedder, "theme_real_eval", real_statements("eval")),
        "theme_threshold": round(model.threshold, 4),
        "theme_C": model.extra.get("C"),
        "theme_cv_macro_f1": model.extra.get("cv_macro_f1"),
        **(train_crisis(backend, train) if crisis else {}),
        **(score_spanish(model, embedder) if backend == SPANISH_EMBEDDER else {}),
    }


def score_spanish(model, embedder) -> dict:
    """Top-1 on the 30 Spanish theme statements of bench/data/spanish.jsonl (and their English)."""
    rows = [json.loads(line) for line in (ROOT / "bench" / "data" / "spanish.jsonl").open(encoding="utf-8")]
    rows = [r for r in rows if r["kind"] == "theme"]
    out = {}
    for lang in ("es", "en"):
        texts = [r[lang] for r in rows]
        top = model.scores(embedder.embed(texts), texts).argmax(1)
        hits = sum(model.classes[i] == r["theme"] for i, r in zip(top, rows, strict=True))
        out[f"spanish_bench_{lang}_top1"] = round(hits / len(rows), 2)
    return out


def score_theme_model(model, embedder, name: str, rows: list[tuple[str, str]]) -> dict:
    """Macro-F1 and accuracy of the top theme on ``rows`` (text, theme), and how often it says unclear."""
    texts = [t for t, _ in rows]
    vectors = embedder.embed(texts)
    truth = np.array([k for _, k in rows])
    top = np.array([model.classes[i] for i in model.scores(vectors, texts).argmax(1)])
    predicted = np.array([r.theme for r in model.classify(vectors, texts)])
    clear = predicted != "unclear"
    return {
        f"{name}_macro_f1": round(macro_f1(truth, top), 4),
        f"{name}_accuracy": round(float((top == truth).mean()), 4),
        f"{name}_unclear": int((~clear).sum()),
        f"{name}_accuracy_when_clear": round(float((predicted[clear] == truth[clear]).mean()), 4),
    }


def train_crisis(backend: str, theme_train: list[tuple[str, str]]) -> dict:
    """Train and save the crisis model for ``backend``; return its held-out figures.

    Negatives include the theme examples of the theme training split (``theme_train``), so the
    theme held-out texts stay unseen and give an honest ordinary-concern false-alarm rate.
    """
    embedder = get_embedder(backend)
    c_train, c_held = crisis_split()
    ordinary = [t for t, _ in theme_train]
    crisis = train_crisis_model(
        [r["text"] for r in c_train],
        [bool(r["crisis"]) for r in c_train],
        embedder.embed([r["text"] for r in c_train]),
        (embedder.embed(POSITIVE + NEGATIVE), np.array([True] * len(POSITIVE) + [False] * len(NEGATIVE))),
        backend,
        ordinary=(ordinary, embedder.embed(ordinary)),
    )
    path = crisis_mod.crisis_model_path(backend)
    if path.exists():
        shutil.rmtree(path)
    save_model(crisis, path, version=1)
    crisis_mod.load_crisis_model.cache_clear()
    fired = [a.crisis for a in crisis_mod.assess_texts([r["text"] for r in c_held], backend=backend)]
    pos = [f for f, r in zip(fired, c_held, strict=True) if r["crisis"]]
    neg = [f for f, r in zip(fired, c_held, strict=True) if not r["crisis"]]
    every = [t for t, _ in theme_examples()]
    seen = set(ordinary)
    ordinary_fired = [a.crisis for a in crisis_mod.assess_texts(every, backend=backend)]
    unseen_fired = [f for f, t in zip(ordinary_fired, every, strict=True) if t not in seen]
    return {
        "crisis_threshold": crisis.threshold,
        "crisis_no_cue_threshold": crisis.extra.get("no_cue_threshold"),
        "crisis_cv": {k: v for k, v in crisis.extra.items() if k.startswith("cv_")},
        "crisis_heldout_recall": f"{sum(pos)}/{len(pos)}",
        "crisis_heldout_false_alarms": f"{sum(neg)}/{len(neg)}",
        "crisis_heldout_precision": round(sum(pos) / max(1, sum(pos) + sum(neg)), 4),
        "crisis_ordinary_false_alarms_all": f"{sum(ordinary_fired)}/{len(every)}",
        "crisis_ordinary_false_alarms_unseen": f"{sum(unseen_fired)}/{len(unseen_fired)}",
    }


def main() -> None:
    crisis_only = "--crisis-only" in sys.argv[1:]
    theme_only = "--theme-only" in sys.argv[1:]
    only = [a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--backend=")]
    for backend in only or BACKENDS:
        if crisis_only:  # keep the shipped theme classifier, retrain the crisis model only
            print(json.dumps({"backend": backend, **train_crisis(backend, theme_split()[0])}))
        else:
            print(json.dumps(train_backend(backend, crisis=not theme_only)))
    if not crisis_only and "--no-spanish" not in sys.argv[1:]:
        print(json.dumps(train_backend(SPANISH_EMBEDDER, crisis=False)))


if __name__ == "__main__":
    main()
