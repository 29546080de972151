"""Training the crisis model (scikit-learn is imported here only, never on the predict path).

The model is a balanced logistic regression over the sentence embedding (C from C_GRID by the same
cross-validation). Its training set is the
training part of crisis_examples.jsonl, the sentences in crisis_prototypes.py, and the training part
of the ordinary theme examples (examples.jsonl) as extra negatives: everyday concerns are what the
detector sees most, and without them it learns "sad or tired" instead of "at risk".

Two thresholds are tuned together on out-of-fold scores of the whole decision (rules and
counter-cues included, crisis.decide): the base threshold, used when the text carries a risk cue
(crisis.RISK_CUE), and a higher one for texts with no risk cue at all. The pair kept is the one
with the highest out-of-fold recall whose false-alarm rate stays within MAX_HARD_NEGATIVE_RATE on
the hard negatives and MAX_ORDINARY_RATE on the ordinary examples; among equal recalls the fewest
false alarms win, then the lowest thresholds (erring toward showing resources). The held-out split
is never used here.

The real published statements of data/crisis/real.jsonl are then added to the training data
(REAL_WEIGHT each) and set the model's floor (``extra["real_threshold"]``, used by crisis.decide):
the lowest score at which the whole decision, rules included, still keeps its false alarms on the
real hard negatives of LIMIT_KINDS within REAL_MAX_FALSE_ALARMS and on the ordinary examples within
MAX_ORDINARY_RATE, measured out of fold with folds grouped by source, so one page never sits on
both sides of a fold.

For the static backend, the request path's model (crisis.screen_score) gets its own floor the same
way (``extra["screen_threshold"]``, screen_floor), for the screen's decision and with the limits of
the goal, SCREEN_MAX_FALSE_ALARMS on the real hard negatives of LIMIT_KINDS and
SCREEN_MAX_ORDINARY_RATE on the ordinary examples: the screen must find people at risk by itself,
and a false alarm only shows a list of resources.
"""

from __future__ import annotations

import numpy as np

from upstream.themes.textmodel.classifier import ThemeModel, now_iso

SEED = 0
# Real statements never trained on, so that their figures stay a fair estimate on unseen text
# (docs/crisis.md). The rounds before eval14 were held out until each had been scored before and
# after its change; they are training statements now.
HELD_OUT_SPLITS = frozenset({"eval14", "eval15", "eval16", "eval17"})
# Real statements kept out of training without being a fresh round: `train4` (aimed at the weakest
# kinds: hopelessness, goodbyes, giving up, feeling trapped, and venting in the same words) made the
# floor rise and measured no better out of fold on the other statements at the same false-alarm rate
# (docs/crisis.md, "train4"), so it waits, as the theme classifier's train4 does, for a recipe that
# gains from it.
HELD_BACK_SPLITS = frozenset({"train4"})
NOT_TRAINED_ON = HELD_OUT_SPLITS | HELD_BACK_SPLITS
REAL_WEIGHT = 2.0
REAL_MAX_FALSE_ALARMS = 0.08
REAL_FLOOR_GRID = np.round(np.arange(0.50, 0.96, 0.01), 2)
REAL_FOLDS = 5
# The request path's model (crisis.screen_score) has its own floor, chosen like real_threshold but
# for the screen's decision and with the limits of the goal: a false alarm shows a list of resources,
# a miss cannot be called back.
SCREEN_MAX_FALSE_ALARMS = 0.10
SCREEN_MAX_ORDINARY_RATE = 0.02
SCREEN_FLOOR_GRID = np.round(np.arange(0.60, 0.96, 0.01), 2)
# The parts model (every backend but the static one, whose screen model has its own floor above):
# the limit of the goal (0.15) less a margin for statements it has never seen. On three fresh rounds
# the screen's false alarms on these kinds ran about 3 points above the out-of-fold figure (0.12
# against 0.09 at a floor of 0.78), so 0.10 here is meant to hold 0.15 on statements never seen.
PART_MAX_FALSE_ALARMS = 0.10
PART_FLOOR_GRID = np.round(np.arange(0.50, 0.96, 0.01), 2)
# The hard negatives the false-alarm limits count: the five kinds the goal names (someone else's
# suicide or overdose, clinical talk of suicide, idioms, stigma and licensing questions, angry or
# exhausted venting). The other negatives (everyday look-alikes of a plan, grief, a writer saying
# they are safe now) are trained on all the same; limiting them too kept the floor high and cost
# writers at risk, for false alarms that show a list of help lines to someone who mourns a suicide
# or describes a near miss (docs/crisis.md).
LIMIT_KINDS = frozenset({"third_person", "clinical", "idiom", "stigma_licensing", "venting"})
C_GRID = (1.0, 4.0, 16.0, 64.0)
# Weight of one ordinary example relative to one crisis-set negative: they are many and easy.
ORDINARY_WEIGHT = 0.5
MAX_HARD_NEGATIVE_RATE = 0.08
MAX_ORDINARY_RATE = 0.01
BASE_GRID = np.round(np.arange(0.30, 0.91, 0.02), 2)
NO_CUE_GRID = np.round(np.arange(0.50, 0.97, 0.02), 2)


def _fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, c: float):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, class_weight="balanced", max_iter=3000, random_state=SEED).fit(
        x, y, sample_weight=w
    )


def out_of_fold(
    x: np.ndarray, y: np.ndarray, w: np.ndarray, always: tuple[np.ndarray, np.ndarray], c: float
) -> np.ndarray:
    """Crisis probability of each row of ``x`` from a model trained on the other folds plus ``always``."""
    from sklearn.model_selection import StratifiedKFold

    oof = np.zeros(len(y))
    for train_idx, test_idx in StratifiedKFold(5, shuffle=True, random_state=SEED).split(x, y):
        model = _fit(
            np.vstack([x[train_idx], always[0]]),
            np.concatenate([y[train_idx], always[1]]),
            np.concatenate([w[train_idx], np.ones(len(always[1]))]),
            c,
        )
        oof[test_idx] = model.predict_proba(x[test_idx])[:, 1]
    return oof


def tune_thresholds(texts: list[str], y: np.ndarray, ordinary: np.ndarray, scores: np.ndarray) -> dict:
    """The (base, no-cue) threshold pair chosen on out-of-fold ``scores`` (see the module docstring)."""
    from upstream.themes.textmodel.crisis import COUNTER_CUE_MARGIN, MAX_THRESHOLD, counter_cues, has_risk_cue
    from upstream.themes.textmodel.crisis_rules import rule_matches

    # The same decision as crisis.decide, vectorised: rules and cues do not depend on the thresholds.
    ruled = np.array([bool(rule_matches(t)) for t in texts])
    countered = np.array([bool(counter_cues(t)) for t in texts])
    cued = np.array([has_risk_cue(t) for t in texts])
    hard = ~y & ~ordinary
    best: dict = {}
    best_key: tuple = ()
    for base in BASE_GRID:
        raised = np.where(countered, min(base + COUNTER_CUE_MARGIN, MAX_THRESHOLD), base)
        for no_cue in NO_CUE_GRID[NO_CUE_GRID >= base]:
            threshold = np.where(cued, raised, np.maximum(raised, min(no_cue, MAX_THRESHOLD)))
            fired = ruled | (scores >= threshold)
            recall, hard_fa, ord_fa = fired[y].mean(), fired[hard].mean(), fired[ordinary].mean()
            if hard_fa > MAX_HARD_NEGATIVE_RATE or ord_fa > MAX_ORDINARY_RATE:
                continue
            key = (round(recall, 6), -round(hard_fa + ord_fa, 6), -base, -no_cue)
            if not best_key or key > best_key:
                best_key = key
                best = {
                    "threshold": float(base),
                    "no_cue_threshold": float(no_cue),
                    "cv_recall": round(float(recall), 4),
                    "cv_hard_negative_false_alarms": round(float(hard_fa), 4),
                    "cv_ordinary_false_alarms": round(float(ord_fa), 4),
                }
    if not best:  # nothing meets both limits: stay as strict as the grid allows
        best = {"threshold": float(BASE_GRID[-1]), "no_cue_threshold": float(NO_CUE_GRID[-1])}
    return best


def real_statements() -> tuple[list[str], np.ndarray, list[str], np.ndarray]:
    """(texts, at-risk labels, source groups, counted) of data/crisis/real.jsonl, every split but the
    ones kept aside (NOT_TRAINED_ON). ``counted`` marks the hard negatives the false-alarm limits
    count (LIMIT_KINDS)."""
    from upstream.themes.textmodel.examples import DATA_DIR, read_jsonl

    rows = [r for r in read_jsonl(DATA_DIR / "crisis" / "real.jsonl") if r["split"] not in NOT_TRAINED_ON]
    return (
        [r["text"] for r in rows],
        np.array([bool(r["crisis"]) for r in rows]),
        [r.get("group", r["source"]) for r in rows],
        np.array([not r["crisis"] and r["kind"] in LIMIT_KINDS for r in rows]),
    )


def real_floor(
    base: tuple[np.ndarray, np.ndarray, np.ndarray],
    real: tuple[list[str], np.ndarray, np.ndarray, list[str]],
    ordinary: tuple[list[str], np.ndarray],
    thresholds: tuple[float, float],
    c: float,
) -> dict:
    """The model floor chosen out of fold on the real statements (see the module docstring)."""
    from upstream.themes.textmodel.crisis import decide

    x, y, w = base
    texts, rx, ry, groups, counted = real
    order = sorted(set(groups))
    fold = {g: i % REAL_FOLDS for i, g in enumerate(sorted(order, key=lambda g: hash_text(g)))}
    folds = np.array([fold[g] for g in groups])
    oof = np.zeros(len(ry))
    ordinary_scores = np.zeros((REAL_FOLDS, len(ordinary[0])))
    for k in range(REAL_FOLDS):
        train = folds != k
        model = _fit(
            np.vstack([x, rx[train]]),
            np.concatenate([y, ry[train]]),
            np.concatenate([w, np.full(int(train.sum()), REAL_WEIGHT)]),
            c,
        )
        oof[~train] = model.predict_proba(rx[~train])[:, 1]
        ordinary_scores[k] = model.predict_proba(ordinary[1])[:, 1]
    base_threshold, no_cue = thresholds
    for floor in REAL_FLOOR_GRID:
        fired = np.array(
            [decide(t, s, base_threshold, no_cue, floor).crisis for t, s in zip(texts, oof, strict=True)]
        )
        ordinary_fired = np.array(
            [
                decide(t, s, base_threshold, no_cue, floor).crisis
                for t, s in zip(ordinary[0], ordinary_scores.mean(axis=0), strict=True)
            ]
        )
        if fired[counted].mean() <= REAL_MAX_FALSE_ALARMS and ordinary_fired.mean() <= MAX_ORDINARY_RATE:
            return {
                "real_threshold": float(floor),
                "real_cv_recall": round(float(fired[ry].mean()), 4),
                "real_cv_false_alarms": round(float(fired[counted].mean()), 4),
                "real_cv_false_alarms_all_kinds": round(float(fired[~ry].mean()), 4),
                "real_cv_ordinary_false_alarms": round(float(ordinary_fired.mean()), 4),
                "real_statements": len(ry),
            }
    return {"real_threshold": float(REAL_FLOOR_GRID[-1]), "real_statements": len(ry)}


def _screen_vectors(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """What crisis.screen_score reads of each text (crisis.screen_vectors), with the text's index."""
    from upstream.themes.textmodel.crisis import screen_vectors

    blocks = [screen_vectors(text) for text in texts]
    owner = np.concatenate([np.full(len(block), i) for i, block in enumerate(blocks)])
    return np.vstack(blocks).astype(np.float32), owner


def screen_floor(
    base: tuple[np.ndarray, np.ndarray, np.ndarray],
    real: tuple[list[str], np.ndarray, np.ndarray, list[str]],
    ordinary_texts: list[str],
    c: float,
    backend: str,
) -> dict:
    """The floor of the static backend's screen model (crisis.static_screen_score: the model on the
    text and each pair of sentences), chosen like part_floor with SCREEN_MAX_FALSE_ALARMS."""
    return _floor_out_of_fold(
        base,
        real,
        ordinary_texts,
        c,
        _screen_vectors,
        None,
        SCREEN_FLOOR_GRID,
        SCREEN_MAX_FALSE_ALARMS,
        "screen",
    )


def part_floor(
    base: tuple[np.ndarray, np.ndarray, np.ndarray],
    real: tuple[list[str], np.ndarray, np.ndarray, list[str]],
    ordinary_texts: list[str],
    c: float,
    backend: str,
) -> dict:
    """The floor of the parts model (crisis.decide_parts: the rules, then the best score over the
    writer's own text and, past PAIR_GATE, each pair of neighbouring sentences), with
    PART_MAX_FALSE_ALARMS."""
    from upstream.themes.textmodel.crisis import PAIR_GATE, SCREEN_MIN_TOKENS, embed_alone, text_parts
    from upstream.themes.textmodel.embedders import get_embedder

    embedder = get_embedder(backend)

    def parts(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Each part as crisis.part_score reads it: embedded alone, short parts left out."""
        blocks = [[p for p in text_parts(t) if len(p.split()) >= SCREEN_MIN_TOKENS] or [""] for t in texts]
        owner = np.concatenate([np.full(len(b), i) for i, b in enumerate(blocks)])
        return embed_alone(embedder, [p for b in blocks for p in b]), owner

    return _floor_out_of_fold(
        base, real, ordinary_texts, c, parts, PAIR_GATE, PART_FLOOR_GRID, PART_MAX_FALSE_ALARMS, "part"
    )


def _floor_out_of_fold(base, real, ordinary_texts, c, parts_of, gate, grid, max_false_alarms, key) -> dict:
    """The lowest floor in ``grid`` at which the whole decision (rules, counter-cues, the model's
    best score over each text's parts from ``parts_of``, read past the first part only from ``gate``
    up) keeps its false alarms, out of fold on the real statements with folds grouped by source,
    within ``max_false_alarms`` on the real hard negatives of LIMIT_KINDS and SCREEN_MAX_ORDINARY_RATE on the
    ordinary examples. Returns ``{key}_threshold`` and the out-of-fold figures."""
    x, y, w = base
    texts, rx, ry, groups, counted = real
    part_x, owner = parts_of(texts)
    ord_x, ord_owner = parts_of(ordinary_texts)
    fold = {g: i % REAL_FOLDS for i, g in enumerate(sorted(set(groups), key=hash_text))}
    folds = np.array([fold[g] for g in groups])
    part_scores = np.zeros(len(part_x))
    ord_scores = np.zeros(len(ord_x))
    for k in range(REAL_FOLDS):
        train = folds != k
        model = _fit(
            np.vstack([x, rx[train]]),
            np.concatenate([y, ry[train]]),
            np.concatenate([w, np.full(int(train.sum()), REAL_WEIGHT)]),
            c,
        )
        held = ~train[owner]
        part_scores[held] = model.predict_proba(part_x[held])[:, 1]
        ord_scores += model.predict_proba(ord_x)[:, 1] / REAL_FOLDS
    real_decision = _decision_by_floor(texts, part_scores, owner, gate)
    ordinary_decision = _decision_by_floor(ordinary_texts, ord_scores, ord_owner, gate)
    for floor in grid:
        fired, ordinary_fired = real_decision(floor), ordinary_decision(floor)
        if fired[counted].mean() <= max_false_alarms and ordinary_fired.mean() <= SCREEN_MAX_ORDINARY_RATE:
            return {
                f"{key}_threshold": float(floor),
                f"{key}_cv_recall": round(float(fired[ry].mean()), 4),
                f"{key}_cv_false_alarms": round(float(fired[counted].mean()), 4),
                f"{key}_cv_false_alarms_all_kinds": round(float(fired[~ry].mean()), 4),
                f"{key}_cv_ordinary_false_alarms": round(float(ordinary_fired.mean()), 4),
            }
    return {f"{key}_threshold": float(grid[-1])}


def _decision_by_floor(texts: list[str], scores: np.ndarray, owners: np.ndarray, gate: float | None):
    """The decision as a function of the floor, rules and counter-cues read once per text."""
    from upstream.themes.textmodel.crisis import MAX_THRESHOLD, counter_cues, counting_rules

    best = np.zeros(len(texts))
    np.maximum.at(best, owners, scores)
    if gate is not None:
        whole = scores[np.searchsorted(owners, np.arange(len(texts)))]
        best = np.where(whole < gate, whole, best)
    cues = [counter_cues(t) for t in texts]
    ruled = np.array([bool(counting_rules(t, c)) for t, c in zip(texts, cues, strict=True)])
    countered = np.array([bool(c) for c in cues])
    return lambda floor: ruled | (best >= np.where(countered, max(floor, MAX_THRESHOLD), floor))


def hash_text(text: str) -> str:
    import hashlib

    return hashlib.sha256(f"crisis-real-folds:{text}".encode()).hexdigest()


def train_crisis_model(
    texts: list[str],
    labels: list[bool],
    embeddings: np.ndarray,
    extra: tuple[np.ndarray, np.ndarray],
    backend: str,
    ordinary: tuple[list[str], np.ndarray] | None = None,
) -> ThemeModel:
    """Fit the crisis model and tune its two thresholds by cross-validation on the training data.

    ``texts``/``labels``/``embeddings``: the training part of crisis_examples.jsonl. ``extra``: the
    prototype embeddings and labels, always in the training folds and never scored. ``ordinary``:
    texts and embeddings of ordinary concerns, used as negatives, scored out of fold like the rest.
    """
    x = np.asarray(embeddings, dtype=np.float32)
    y = np.asarray(labels, dtype=bool)
    w = np.ones(len(y))
    is_ordinary = np.zeros(len(y), dtype=bool)
    all_texts = list(texts)
    if ordinary is not None and len(ordinary[0]):
        x = np.vstack([x, np.asarray(ordinary[1], dtype=np.float32)])
        y = np.concatenate([y, np.zeros(len(ordinary[0]), dtype=bool)])
        w = np.concatenate([w, np.full(len(ordinary[0]), ORDINARY_WEIGHT)])
        is_ordinary = np.concatenate([is_ordinary, np.ones(len(ordinary[0]), dtype=bool)])
        all_texts += list(ordinary[0])
    always = (np.asarray(extra[0], dtype=np.float32), np.asarray(extra[1], dtype=bool))
    # C is chosen like the thresholds: the highest out-of-fold recall within the false-alarm limits,
    # then the fewest false alarms, then the smaller C.
    candidates = []
    for c in C_GRID:
        tuned = tune_thresholds(all_texts, y, is_ordinary, out_of_fold(x, y, w, always, c))
        fa = tuned.get("cv_hard_negative_false_alarms", 1.0) + tuned.get("cv_ordinary_false_alarms", 1.0)
        candidates.append(((tuned.get("cv_recall", 0.0), -fa, -c), c, tuned))
    _, best_c, tuned = max(candidates, key=lambda item: item[0])
    from upstream.themes.textmodel.embedders import get_embedder

    real_texts, real_y, real_groups, counted = real_statements()
    real_x = get_embedder(backend).embed(real_texts).astype(np.float32)
    real = (real_texts, real_x, real_y, real_groups, counted)
    base = (
        np.vstack([x, always[0]]),
        np.concatenate([y, always[1]]),
        np.concatenate([w, np.ones(len(always[1]))]),
    )
    ordinary_check = (
        (all_texts[len(texts) :], x[len(texts) :]) if len(all_texts) > len(texts) else ([], x[:0])
    )
    tuned.update(
        real_floor(
            base,
            real,
            ordinary_check,
            (tuned["threshold"], tuned["no_cue_threshold"]),
            best_c,
        )
    )
    from upstream.themes.textmodel.crisis import SCREEN_BACKEND

    if backend == SCREEN_BACKEND:
        tuned.update(screen_floor(base, real, ordinary_check[0], best_c, backend))
    else:
        tuned.update(part_floor(base, real, ordinary_check[0], best_c, backend))
    final = _fit(
        np.vstack([base[0], real_x]),
        np.concatenate([base[1], real_y]),
        np.concatenate([base[2], np.full(len(real_y), REAL_WEIGHT)]),
        best_c,
    )
    coef = final.coef_[0]
    return ThemeModel(
        classes=("calm", "crisis"),
        coef=np.vstack([-coef / 2, coef / 2]).astype(np.float32),
        intercept=np.array([-final.intercept_[0] / 2, final.intercept_[0] / 2], dtype=np.float32),
        threshold=round(tuned.pop("threshold"), 2),
        secondary_threshold=1.0,
        backend=backend,
        dim=int(x.shape[1]),
        kind="default",
        trained_at=now_iso(),
        n_examples=len(y) + len(always[1]) + len(real_y),
        extra={"C": best_c, "ordinary_weight": ORDINARY_WEIGHT, **tuned},
    )
