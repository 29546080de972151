"""Theme-model benchmark: macro-F1 on the held-out split and end-to-end throughput, per backend.

Run from the repository root: `.venv/bin/python bench/bench_themes.py [--json]`.
Also scored: the eval split of the real clinician statements (upstream/themes/data/real/) and the
project-written real-register texts (examples_voices.jsonl), neither trained on.
Held-out = the fixed, seeded 25% of upstream/themes/data/examples.jsonl (examples.theme_split) that the
shipped default classifiers never trained on. Throughput = classify_texts (embed + theme classifier +
crisis check) over all 661 example texts in batches of 64, after a warm-up batch, best of 3 runs.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upstream.config.settings")
# Themes are computed at release by the task worker, which `upstream serve` starts with two ONNX
# threads (upstream/cli.py); web workers keep one. Measure what the worker does.
os.environ.setdefault("UPSTREAM_ONNX_THREADS", "2")

BATCH = 64


def machine() -> dict:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
        "?",
    )
    mem_kb = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gib": round(mem_kb / 2**20, 1),
        "python": platform.python_version(),
    }


def throughput(texts: list[str], backend: str) -> float:
    from upstream.themes.textmodel.service import classify_texts

    classify_texts(texts[:BATCH], backend)  # warm-up: model load and first-run allocations
    best = 0.0
    for _ in range(3):
        start = time.perf_counter()
        for i in range(0, len(texts), BATCH):
            classify_texts(texts[i : i + BATCH], backend)
        best = max(best, len(texts) / (time.perf_counter() - start))
    return best


def held_out_scores(backend: str) -> dict:
    from upstream.themes.textmodel.examples import crisis_split, theme_split
    from upstream.themes.textmodel.metrics import report
    from upstream.themes.textmodel.service import classify_texts, shipped_classifier, zero_shot_model
    from upstream.themes.textmodel.taxonomy import theme_keys

    _, held = theme_split()
    texts, truth = [t for t, _ in held], [k for _, k in held]
    out = {}
    for name, model in (("shipped", shipped_classifier(backend)), ("zero_shot", zero_shot_model(backend))):
        results = [
            r
            for i in range(0, len(texts), BATCH)
            for r in classify_texts(texts[i : i + BATCH], backend, model)
        ]
        scores = report(truth, [max(r.scores, key=r.scores.get) for r in results], theme_keys())
        out[name] = {
            "macro_f1": scores["macro_f1"],
            "accuracy": scores["accuracy"],
            "unclear": sum(r.theme == "unclear" for r in results),
        }
    _, c_held = crisis_split()
    flagged = [r.crisis for r in classify_texts([r["text"] for r in c_held], backend)]
    pos = [f for f, r in zip(flagged, c_held, strict=True) if r["crisis"]]
    neg = [f for f, r in zip(flagged, c_held, strict=True) if not r["crisis"]]
    out["crisis"] = {
        "n_positive": len(pos),
        "n_negative": len(neg),
        "recall": round(sum(pos) / len(pos), 3),
        "false_alarm_rate": round(sum(neg) / len(neg), 3),
        "precision": round(sum(pos) / max(1, sum(pos) + sum(neg)), 3),
    }
    out["n_held_out"] = len(held)
    out["real_eval"] = real_eval_scores(backend)
    return out


def real_eval_scores(backend: str) -> dict:
    """Shipped model and zero-shot on the real statements' eval split and the voices (never trained on)."""
    from upstream.themes.textmodel.examples import real_statements, voice_examples
    from upstream.themes.textmodel.metrics import report
    from upstream.themes.textmodel.service import classify_texts, shipped_classifier, zero_shot_model
    from upstream.themes.textmodel.taxonomy import theme_keys

    out = {}
    for set_name, rows in (("real", real_statements("eval")), ("voices", voice_examples())):
        texts, truth = [t for t, _ in rows], [k for _, k in rows]
        models = (("shipped", shipped_classifier(backend)), ("zero_shot", zero_shot_model(backend)))
        for name, model in models:
            results = [
                r
                for i in range(0, len(texts), BATCH)
                for r in classify_texts(texts[i : i + BATCH], backend, model)
            ]
            scores = report(truth, [max(r.scores, key=r.scores.get) for r in results], theme_keys())
            out[f"{set_name}_{name}"] = {"macro_f1": scores["macro_f1"], "accuracy": scores["accuracy"]}
        out[f"n_{set_name}"] = len(rows)
    return out


def main() -> None:
    import django

    django.setup()
    from upstream.themes.textmodel.embedders import BACKENDS
    from upstream.themes.textmodel.examples import theme_examples

    texts = [t for t, _ in theme_examples()]
    result = {"machine": machine(), "load_average": os.getloadavg(), "backends": {}}
    for backend in BACKENDS:
        result["backends"][backend] = {
            "texts_per_second": round(throughput(texts, backend), 1),
            **held_out_scores(backend),
        }
    if "--json" in sys.argv:
        print(json.dumps(result, indent=2))
        return
    m = result["machine"]
    print(f"machine: {m['nproc']} cores, {m['cpu']}, {m['ram_gib']} GiB RAM, Python {m['python']}")
    for name, r in result["backends"].items():
        print(
            f"{name:<14} {r['texts_per_second']:>8.1f} texts/s"
            f"   held-out macro-F1 shipped {r['shipped']['macro_f1']:.3f}"
            f" (unclear {r['shipped']['unclear']}/{r['n_held_out']})"
            f", zero-shot {r['zero_shot']['macro_f1']:.3f}"
            f"   real eval shipped {r['real_eval']['real_shipped']['macro_f1']:.3f}"
            f", zero-shot {r['real_eval']['real_zero_shot']['macro_f1']:.3f}"
            f"   voices shipped {r['real_eval']['voices_shipped']['macro_f1']:.3f}"
            f"   crisis recall {r['crisis']['recall']:.2f}"
            f", false alarms {r['crisis']['false_alarm_rate']:.2f}"
        )


if __name__ == "__main__":
    main()
