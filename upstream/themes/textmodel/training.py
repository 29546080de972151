"""Training the theme classifier (scikit-learn is imported here only, never on the predict path).

How the "unclear" threshold is tuned: 5-fold cross-validated probabilities on the training examples
(each example scored by a model that never saw it) are sorted by their top score. The threshold is
the cut that maximises (correct predictions kept - wrong predictions kept): below it a prediction is
more often wrong than right, so "unclear" is the more honest answer. It is clamped to
[MIN_THRESHOLD, MAX_THRESHOLD] so a tiny or odd training set cannot make everything unclear.
C is chosen per candidate with its own threshold, by CV macro-F1 of the answers ("unclear" is a
miss), so a C whose flatter probabilities push many texts under the threshold is not picked.

The theme descriptions as examples: when ``prototypes`` (theme key -> unit embedding of the theme's
"name. description") are given, each is added to the training data once per trained theme with
sample weight DESCRIPTION_WEIGHT, in every cross-validation fold and in the final fit. With balanced
class weights and ~38 examples a theme, a weight of 30 makes the description count for about 40%
of its theme. It pulls each theme toward what the theme means rather than how the project's own
examples phrase it; real statements are written by others. DESCRIPTION_WEIGHT was chosen by
leave-one-voice-out cross-validation on the training split, against a probability blend and a
logit blend with zero-shot matching (docs/benchmarks/themes.md, "Blending with zero-shot").

The word model: when ``texts`` are given, a TF-IDF model over words and word pairs
(classifier.WordModel) is trained beside the embedding model and blended in at WORD_WEIGHT, in the
cross-validated probabilities (so C and the threshold are chosen on the blend) as in the final
model. Chosen by cross-validation grouped by source on the real train statements
(docs/benchmarks/themes.md, "Round 3").
"""

from __future__ import annotations

import hashlib
import json

import numpy as np

from upstream.themes.textmodel.classifier import ThemeModel, WordModel, blend, now_iso, word_terms
from upstream.themes.textmodel.taxonomy import UNCLEAR

C_GRID = (2.0, 8.0, 32.0)
SEED = 0
MIN_THRESHOLD, MAX_THRESHOLD = 0.15, 0.45
SECONDARY_THRESHOLD = 0.15
DESCRIPTION_WEIGHT = 30.0
# The word model (TF-IDF words and word pairs) and its share of the blend: chosen by cross-validation
# grouped by source on the real train statements (docs/benchmarks/themes.md, "Round 3").
WORD_WEIGHT = 0.3
WORD_C = 10.0
WORD_MIN_DF = 2


def data_fingerprint(
    examples: list[tuple[str, str]], backend: str, description_texts: list[str] | None = None
) -> str:
    """A hash of the training set, so retraining can be skipped when nothing changed.

    ``description_texts`` (the theme descriptions trained in) and DESCRIPTION_WEIGHT are part of it
    when given, so editing taxonomy.json or the weight retrains.
    """
    parts: list = [backend, sorted(examples)]
    if description_texts is not None:
        parts.append(
            {
                "description_weight": DESCRIPTION_WEIGHT,
                "descriptions": list(description_texts),
                "word_weight": WORD_WEIGHT,
            }
        )
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


def fit_word_model(texts: list[str], y: np.ndarray, weights: np.ndarray | None = None) -> WordModel:
    """TF-IDF over words and word pairs in at least WORD_MIN_DF texts, then a balanced logistic regression."""
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    terms = [word_terms(t) for t in texts]
    df: dict[str, int] = {}
    for row in terms:
        for term in set(row):
            df[term] = df.get(term, 0) + 1
    vocab = tuple(sorted(t for t, n in df.items() if n >= WORD_MIN_DF))
    n = len(texts)
    idf = np.array([np.log((1 + n) / (1 + df[t])) + 1 for t in vocab], dtype=np.float32)
    empty = np.zeros((0, len(vocab)))
    shell = WordModel(vocab=vocab, idf=idf, coef=empty, intercept=np.zeros(0), weight=WORD_WEIGHT)
    x = sparse.csr_matrix(shell.features(texts))
    model = LogisticRegression(C=WORD_C, class_weight="balanced", max_iter=3000, random_state=SEED)
    model.fit(x, y, sample_weight=weights)
    coef, intercept = model.coef_, model.intercept_
    if len(model.classes_) == 2:
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
    return WordModel(
        vocab=vocab,
        idf=idf,
        coef=coef.astype(np.float32),
        intercept=intercept.astype(np.float32),
        weight=WORD_WEIGHT,
    )


def _with_descriptions(texts, y, extra_texts, extra_y):
    """(texts, labels, weights) with the descriptions appended at DESCRIPTION_WEIGHT."""
    if extra_texts is None:
        return list(texts), y, None
    weights = np.concatenate([np.ones(len(y)), np.full(len(extra_y), DESCRIPTION_WEIGHT)])
    return list(texts) + list(extra_texts), np.concatenate([y, extra_y]), weights


def _folds(y: np.ndarray) -> int:
    _, counts = np.unique(y, return_counts=True)
    return int(max(2, min(5, counts.min())))


def out_of_fold_probs(
    x: np.ndarray,
    y: np.ndarray,
    c: float,
    classes: np.ndarray,
    extra: tuple[np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """Each example scored by a model that never saw it; ``extra`` (descriptions) is in every fold."""
    from sklearn.model_selection import StratifiedKFold

    probs = np.zeros((len(y), len(classes)), dtype=np.float64)
    splitter = StratifiedKFold(n_splits=_folds(y), shuffle=True, random_state=SEED)
    for train_idx, test_idx in splitter.split(x, y):
        model = _fit(x[train_idx], y[train_idx], c, extra)
        cols = np.searchsorted(classes, model.classes_)
        probs[np.ix_(test_idx, cols)] = model.predict_proba(x[test_idx])
    return probs


def out_of_fold_word_probs(
    texts: list[str], y: np.ndarray, classes: np.ndarray, extra: tuple[list[str], np.ndarray] | None = None
) -> np.ndarray:
    """The word model's cross-validated probabilities, with the same folds as ``out_of_fold_probs``."""
    from sklearn.model_selection import StratifiedKFold

    probs = np.zeros((len(y), len(classes)), dtype=np.float64)
    splitter = StratifiedKFold(n_splits=_folds(y), shuffle=True, random_state=SEED)
    for train_idx, test_idx in splitter.split(np.zeros(len(y)), y):
        fit_texts, fit_y, weights = _with_descriptions(
            [texts[i] for i in train_idx], y[train_idx], *(extra or (None, None))
        )
        words = fit_word_model(fit_texts, fit_y, weights)
        known = np.unique(fit_y)
        cols = np.searchsorted(classes, known)
        probs[np.ix_(test_idx, cols)] = words.probs([texts[i] for i in test_idx])
    return probs


def macro_f1(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    from sklearn.metrics import f1_score

    # Averaged over the true themes only: an "unclear" answer is a miss, not a 14th class.
    labels = np.unique(y_true)
    return float(f1_score(y_true, y_pred, labels=labels, average="macro", zero_division=0))


def _decide(probs: np.ndarray, classes: np.ndarray, threshold: float) -> np.ndarray:
    """The top theme per row, or "unclear" where its probability is under ``threshold``."""
    return np.where(probs.max(axis=1) >= threshold, classes[probs.argmax(axis=1)], UNCLEAR)


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
    texts: list[str] | None = None,
    prototype_texts: dict[str, str] | None = None,
) -> ThemeModel:
    """Fit a balanced multinomial logistic regression; C and the unclear threshold come from CV.

    ``prototypes``: theme key -> unit embedding of its description, trained in at DESCRIPTION_WEIGHT
    for every theme that has examples (a description never adds a theme without examples).
    ``prototype_source`` says where the descriptions came from; both go into the manifest.
    ``texts`` (the examples' texts, in the order of ``embeddings``): a word model is trained as well and
    blended in at WORD_WEIGHT, in cross-validation (C and threshold) as in the final model;
    ``prototype_texts`` (theme key -> its "name. description") are trained into it like the prototypes.
    """
    x = np.asarray(embeddings, dtype=np.float32)
    y = np.asarray(labels)
    classes = np.unique(y)
    if len(classes) < 2:
        raise ValueError("need examples of at least two themes to train")
    extra = None
    if prototypes is not None:
        missing = [str(k) for k in classes if k not in prototypes]
        if missing:
            raise ValueError(f"no description embedding for {', '.join(missing)}")
        vectors = np.stack([np.asarray(prototypes[k], dtype=np.float32) for k in classes])
        if vectors.shape[1] != x.shape[1]:
            raise ValueError("description embeddings and examples differ in dimension")
        extra = (vectors, classes)
    scored = {c: out_of_fold_probs(x, y, c, classes, extra) for c in C_GRID}
    words = None
    if texts is not None:
        if len(texts) != len(y):
            raise ValueError("texts and embeddings differ in length")
        word_extra = None
        if prototype_texts is not None:
            word_extra = ([prototype_texts[str(k)] for k in classes], classes)
        word_oof = out_of_fold_word_probs(list(texts), y, classes, word_extra)
        scored = {c: blend(p, word_oof, WORD_WEIGHT) for c, p in scored.items()}
        words = fit_word_model(*_with_descriptions(list(texts), y, *(word_extra or (None, None))))
    thresholds = {c: tune_threshold(p, y, classes) for c, p in scored.items()}
    # C is chosen on what the model will answer: the top theme, or "unclear" (a miss) below its
    # threshold. A smaller C flattens the probabilities and pushes more texts under the threshold.
    cv_f1 = {c: macro_f1(y, _decide(p, classes, thresholds[c])) for c, p in scored.items()}
    best_c = max(C_GRID, key=lambda c: (cv_f1[c], -c))
    final = _fit(x, y, best_c, extra)
    forced = macro_f1(y, classes[scored[best_c].argmax(axis=1)])
    info = {
        "C": best_c,
        "cv_macro_f1": round(forced, 4),
        "cv_macro_f1_unclear_as_miss": round(cv_f1[best_c], 4),
    }
    if extra is not None:
        info["descriptions"] = {"weight": DESCRIPTION_WEIGHT, "source": prototype_source}
    if words is not None:
        info["word_model"] = {"weight": WORD_WEIGHT, "C": WORD_C, "terms": len(words.vocab)}
    coef, intercept = final.coef_, final.intercept_
    if len(classes) == 2:  # sklearn keeps one row for binary problems; softmax needs two
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
    return ThemeModel(
        classes=tuple(str(c) for c in final.classes_),
        coef=coef.astype(np.float32),
        intercept=intercept.astype(np.float32),
        threshold=thresholds[best_c],
        secondary_threshold=SECONDARY_THRESHOLD,
        backend=backend,
        dim=int(x.shape[1]),
        kind=kind,
        trained_at=now_iso(),
        n_examples=len(y),
        data_sha256=data_sha256,
        extra=info,
        words=words,
    )
