"""Training the theme classifier (scikit-learn is imported here only, never on the predict path).

How the "unclear" threshold is tuned: 5-fold cross-validated probabilities on the training examples
(each example scored by a model that never saw it) are sorted by their top score. The threshold is
the cut that maximises (correct predictions kept - wrong predictions kept): below it a prediction is
more often wrong than right, so "unclear" is the more honest answer. It is clamped to
[MIN_THRESHOLD, MAX_THRESHOLD] so a tiny or odd training set cannot make everything unclear.
"""

from __future__ import annotations

import hashlib
import json

import numpy as np

from upstream.themes.textmodel.classifier import ThemeModel, now_iso

C_GRID = (2.0, 8.0, 32.0)
SEED = 0
MIN_THRESHOLD, MAX_THRESHOLD = 0.15, 0.45
SECONDARY_THRESHOLD = 0.15


def data_fingerprint(examples: list[tuple[str, str]], backend: str) -> str:
    """A hash of the training set, so retraining can be skipped when nothing changed."""
    body = json.dumps([backend, sorted(examples)], ensure_ascii=False).encode()
    return hashlib.sha256(body).hexdigest()


def _fit(x: np.ndarray, y: np.ndarray, c: float):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, class_weight="balanced", max_iter=3000, random_state=SEED).fit(x, y)


def _folds(y: np.ndarray) -> int:
    _, counts = np.unique(y, return_counts=True)
    return int(max(2, min(5, counts.min())))


def out_of_fold_probs(x: np.ndarray, y: np.ndarray, c: float, classes: np.ndarray) -> np.ndarray:
    from sklearn.model_selection import StratifiedKFold

    probs = np.zeros((len(y), len(classes)), dtype=np.float64)
    splitter = StratifiedKFold(n_splits=_folds(y), shuffle=True, random_state=SEED)
    for train_idx, test_idx in splitter.split(x, y):
        model = _fit(x[train_idx], y[train_idx], c)
        cols = np.searchsorted(classes, model.classes_)
        probs[np.ix_(test_idx, cols)] = model.predict_proba(x[test_idx])
    return probs


def macro_f1(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(y_true, y_pred, average="macro", zero_division=0))


def tune_threshold(probs: np.ndarray, y: np.ndarray, classes: np.ndarray) -> float:
    top = probs.max(axis=1)
    correct = classes[probs.argmax(axis=1)] == y
    order = np.argsort(top)
    # gain[i] = net (correct - wrong) of predictions kept when everything before order[i] is unclear.
    signed = np.where(correct[order], 1, -1)
    kept_gain = signed[::-1].cumsum()[::-1]
    best = int(np.argmax(kept_gain))
    threshold = float(top[order[best]]) if best > 0 else MIN_THRESHOLD
    return float(np.clip(threshold, MIN_THRESHOLD, MAX_THRESHOLD))


def train_theme_model(
    embeddings: np.ndarray, labels: list[str], backend: str, data_sha256: str = "", kind: str = "trained"
) -> ThemeModel:
    """Fit a balanced multinomial logistic regression; C and the unclear threshold come from CV."""
    x = np.asarray(embeddings, dtype=np.float32)
    y = np.asarray(labels)
    classes = np.unique(y)
    if len(classes) < 2:
        raise ValueError("need examples of at least two themes to train")
    scored = {c: out_of_fold_probs(x, y, c, classes) for c in C_GRID}
    cv_f1 = {c: macro_f1(y, classes[p.argmax(axis=1)]) for c, p in scored.items()}
    best_c = max(C_GRID, key=lambda c: (cv_f1[c], -c))
    final = _fit(x, y, best_c)
    coef, intercept = final.coef_, final.intercept_
    if len(classes) == 2:  # sklearn keeps one row for binary problems; softmax needs two
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
    return ThemeModel(
        classes=tuple(str(c) for c in final.classes_),
        coef=coef.astype(np.float32),
        intercept=intercept.astype(np.float32),
        threshold=tune_threshold(scored[best_c], y, classes),
        secondary_threshold=SECONDARY_THRESHOLD,
        backend=backend,
        dim=int(x.shape[1]),
        kind=kind,
        trained_at=now_iso(),
        n_examples=len(y),
        data_sha256=data_sha256,
        extra={"C": best_c, "cv_macro_f1": round(cv_f1[best_c], 4)},
    )
