"""Training the theme classifier (scikit-learn is imported here only, never on the predict path).

How the "unclear" threshold is tuned: 5-fold cross-validated probabilities on the training examples
(each example scored by a model that never saw it) are sorted by their top score. The threshold is
the cut that maximises (correct predictions kept - wrong predictions kept): below it a prediction is
more often wrong than right, so "unclear" is the more honest answer. It is clamped to
[MIN_THRESHOLD, MAX_THRESHOLD] so a tiny or odd training set cannot make everything unclear.

The blend with zero-shot matching: when the theme descriptions' embeddings (``prototypes``) are
given, the logistic regression's logits are mixed with scaled cosine similarities to them,

    logits = BLEND_WEIGHT * (W x + b) + (1 - BLEND_WEIGHT) * BLEND_SCALE * cos(x, description)

and, since both parts are linear in the unit vector x, the mix is folded into the stored ``coef``
and ``intercept``: prediction is unchanged (numpy only) and the npz sha256 covers the blend. C and
the threshold are chosen on the blended cross-validated scores. BLEND_WEIGHT and BLEND_SCALE were
chosen by leave-one-voice-out cross-validation on the training split (docs/benchmarks/themes.md,
"Blending with zero-shot"): the project's examples are written by us, real statements are not, and
the descriptions pull the model toward what a theme means rather than how our examples phrase it.
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
DESCRIPTION_WEIGHT = 30.0
BLEND_WEIGHT = 0.6  # share of the trained logits; the rest is zero-shot
BLEND_SCALE = 10.0  # cosine similarities are multiplied by this before blending


def data_fingerprint(
    examples: list[tuple[str, str]], backend: str, prototype_texts: list[str] | None = None
) -> str:
    """A hash of the training set (and of the blended descriptions), so retraining can be skipped when
    nothing changed. Without ``prototype_texts`` the hash is the one used before blending existed."""
    parts = [backend, sorted(examples)]
    if prototype_texts is not None:
        parts.append({"blend": [BLEND_WEIGHT, BLEND_SCALE], "descriptions": list(prototype_texts)})
    body = json.dumps(parts, ensure_ascii=False).encode()
    return hashlib.sha256(body).hexdigest()


def _fit(x: np.ndarray, y: np.ndarray, c: float, extra: tuple[np.ndarray, np.ndarray] | None = None):
    """Fit on (x, y) plus ``extra`` = (description embeddings, their themes) at DESCRIPTION_WEIGHT."""
    from sklearn.linear_model import LogisticRegression

    weights = None
    if extra is not None:
        x = np.vstack([x, extra[0]])
        y = np.concatenate([y, extra[1]])
        weights = np.concatenate(
            [np.ones(len(y) - len(extra[1])), np.full(len(extra[1]), DESCRIPTION_WEIGHT)]
        )
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=3000, random_state=SEED)
    return model.fit(x, y, sample_weight=weights)


def _folds(y: np.ndarray) -> int:
    _, counts = np.unique(y, return_counts=True)
    return int(max(2, min(5, counts.min())))


def _linear(model) -> tuple[np.ndarray, np.ndarray]:
    """(coef, intercept) with one row per class; sklearn keeps one row for binary problems."""
    coef, intercept = model.coef_, model.intercept_
    if len(model.classes_) == 2:
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
    return coef, intercept


def softmax(logits: np.ndarray) -> np.ndarray:
    logits = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(logits)
    return exp / exp.sum(axis=1, keepdims=True)


def blend(
    coef: np.ndarray, intercept: np.ndarray, prototypes: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """Fold the zero-shot part into a linear model; ``prototypes`` has one unit row per class."""
    if prototypes is None:
        return coef, intercept
    return BLEND_WEIGHT * coef + (1 - BLEND_WEIGHT) * BLEND_SCALE * prototypes, BLEND_WEIGHT * intercept


def out_of_fold_probs(
    x: np.ndarray, y: np.ndarray, c: float, classes: np.ndarray, prototypes: np.ndarray | None = None
) -> np.ndarray:
    """Each example scored by a (blended) model that never saw it: softmax probabilities, (n, n_classes).

    A fold that lacks a class gives that class's trained logit -inf without a blend, and only its
    zero-shot part with one.
    """
    from sklearn.model_selection import StratifiedKFold

    logits = np.full((len(y), len(classes)), -np.inf if prototypes is None else 0.0, dtype=np.float64)
    splitter = StratifiedKFold(n_splits=_folds(y), shuffle=True, random_state=SEED)
    for train_idx, test_idx in splitter.split(x, y):
        model = _fit(x[train_idx], y[train_idx], c)
        cols = np.searchsorted(classes, model.classes_)
        coef = np.zeros((len(classes), x.shape[1]))
        intercept = np.zeros(len(classes)) if prototypes is not None else np.full(len(classes), -np.inf)
        coef[cols], intercept[cols] = _linear(model)
        coef, intercept = blend(coef, intercept, prototypes)
        logits[test_idx] = x[test_idx] @ coef.T + intercept
    return softmax(logits)


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
    embeddings: np.ndarray,
    labels: list[str],
    backend: str,
    data_sha256: str = "",
    kind: str = "trained",
    prototypes: dict[str, np.ndarray] | None = None,
    prototype_source: str = "",
) -> ThemeModel:
    """Fit a balanced multinomial logistic regression; C and the unclear threshold come from CV.

    ``prototypes`` (theme key -> unit embedding of its description) blends in zero-shot matching;
    every trained theme must have one. ``prototype_source`` says where the descriptions came from and
    is kept in the manifest.
    """
    x = np.asarray(embeddings, dtype=np.float32)
    y = np.asarray(labels)
    classes = np.unique(y)
    if len(classes) < 2:
        raise ValueError("need examples of at least two themes to train")
    protos = None
    if prototypes is not None:
        missing = [str(c) for c in classes if c not in prototypes]
        if missing:
            raise ValueError(f"no description embedding for {', '.join(missing)}")
        protos = np.stack([np.asarray(prototypes[c], dtype=np.float64) for c in classes])
        if protos.shape[1] != x.shape[1]:
            raise ValueError("description embeddings have another dimension than the examples")
    scored = {c: out_of_fold_probs(x, y, c, classes, protos) for c in C_GRID}
    cv_f1 = {c: macro_f1(y, classes[p.argmax(axis=1)]) for c, p in scored.items()}
    best_c = max(C_GRID, key=lambda c: (cv_f1[c], -c))
    final = _fit(x, y, best_c)
    coef, intercept = blend(*_linear(final), protos)
    extra = {"C": best_c, "cv_macro_f1": round(cv_f1[best_c], 4)}
    if protos is not None:
        extra["blend"] = {"weight": BLEND_WEIGHT, "scale": BLEND_SCALE, "descriptions": prototype_source}
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
        extra=extra,
    )
