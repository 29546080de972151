"""Classification metrics in plain numpy, shared by `upstream evaluate` and bench/bench_themes.py."""

from __future__ import annotations

import time

import numpy as np


def report(truth: list[str], predicted: list[str], labels: list[str]) -> dict:
    """Accuracy, macro-F1, per-label precision/recall/F1 and the confusion matrix (rows = truth)."""
    index = {label: i for i, label in enumerate(labels)}
    matrix = np.zeros((len(labels), len(labels)), dtype=int)
    for t, p in zip(truth, predicted, strict=True):
        matrix[index[t], index[p]] += 1
    per_label = {}
    for i, label in enumerate(labels):
        tp = matrix[i, i]
        precision = tp / matrix[:, i].sum() if matrix[:, i].sum() else 0.0
        recall = tp / matrix[i, :].sum() if matrix[i, :].sum() else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[label] = {
            "precision": round(float(precision), 4),
            "recall": round(float(recall), 4),
            "f1": round(float(f1), 4),
            "support": int(matrix[i, :].sum()),
        }
    present = [label for label in labels if per_label[label]["support"]]
    return {
        "n": len(truth),
        "accuracy": round(float(np.trace(matrix) / max(1, len(truth))), 4),
        "macro_f1": round(float(np.mean([per_label[k]["f1"] for k in present])) if present else 0.0, 4),
        "per_theme": per_label,
        "labels": labels,
        "confusion": matrix.tolist(),
    }


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start
