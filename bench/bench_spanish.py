"""How the crisis screen and the theme classifier do on Spanish, beside the same statements in English.

Run from the repository root: `.venv/bin/python bench/bench_spanish.py [--json] [--backend=static-minilm]`.
Statements: bench/data/spanish.jsonl, written by the project in the style of clinician speech (US hospital
Spanish), each with an English rendering so a drop can be told apart from a hard statement:
- 20 "crisis": first-person statements of suicidal thinking or self-harm (must show resources);
- 20 "negative": hard negatives that use death, killing or suicide words without the writer being at risk;
- 30 "theme": labelled with taxonomy keys (upstream/themes/data/taxonomy.json).
Crisis is measured twice: the request-path screen (upstream.concerns.safety.in_crisis) and the batch
decision made at release (classify_texts(...).crisis). Theme: top-1 accuracy, label within the top 3
scores, and how often the model answers "unclear".
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upstream.config.settings")

DATA = ROOT / "bench" / "data" / "spanish.jsonl"


def load() -> list[dict]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


def crisis_scores(rows: list[dict], lang: str) -> dict:
    from upstream.concerns.safety import in_crisis
    from upstream.themes.textmodel.service import classify_texts

    rows = [r for r in rows if r["kind"] in ("crisis", "negative")]
    texts = [r[lang] for r in rows]
    truth = [r["kind"] == "crisis" for r in rows]
    screen = [in_crisis(t) for t in texts]
    batch = [c.crisis for c in classify_texts(texts)]
    out = {}
    for name, got in (
        ("screen", screen),
        ("screen_or_batch", [a or b for a, b in zip(screen, batch, strict=True)]),
    ):
        tp = sum(g and t for g, t in zip(got, truth, strict=True))
        fp = sum(g and not t for g, t in zip(got, truth, strict=True))
        positives = sum(truth)
        out[name] = {
            "recall": round(tp / positives, 2),
            "caught": tp,
            "of": positives,
            "false_alarms": fp,
            "of_negatives": len(truth) - positives,
            "missed": [t for t, g, y in zip(texts, got, truth, strict=True) if y and not g],
            "false_alarm_texts": [t for t, g, y in zip(texts, got, truth, strict=True) if g and not y],
        }
    return out


def theme_scores(rows: list[dict], lang: str) -> dict:
    from upstream.themes.textmodel.service import classify_texts

    rows = [r for r in rows if r["kind"] == "theme"]
    results = classify_texts([r[lang] for r in rows])
    top1 = top3 = unclear = 0
    confusions = []
    for row, result in zip(rows, results, strict=True):
        ranked = sorted(result.scores, key=result.scores.get, reverse=True)
        top1 += result.theme == row["theme"]
        top3 += row["theme"] in ranked[:3]
        unclear += result.theme == "unclear"
        if result.theme != row["theme"]:
            confusions.append((row["theme"], result.theme))
    n = len(rows)
    return {
        "n": n,
        "top1": round(top1 / n, 2),
        "top3": round(top3 / n, 2),
        "unclear": round(unclear / n, 2),
        "confusions": confusions,
    }


# Proposed Spanish crisis phrases for the crisis owner (docs/languages.md), NOT wired into the product:
# scored here on accent-stripped, lower-cased text so their effect can be measured before adoption.
PROPOSED_ES_RULES = [
    r"\bsuicidarme\b|\bme (?:voy a|quiero|podria) suicidar\b",
    r"\b(?:tengo|he tenido) (?:ideas|pensamientos) suicidas\b",
    r"\bquitarme la vida\b|\bme quito la vida\b|\b(?:acabar|terminar) con mi vida\b",
    r"\b(?:pienso en|pensando en|pensado en|quiero|quisiera|voy a|ganas de|salida (?:mas )?que) matarme\b",
    r"\bme quiero morir\b|\bquiero morirme\b|\bme quisiera morir\b|\bquisiera (?:estar )?muert[oa]\b",
    r"\b(?:mejor|quisiera|ojala|dormirme y|dormir y) no (?:volver a )?despertar",
    r"\bno quiero (?:seguir )?vivi(?:r|endo)\b|\bya no (?:aguanto|soporto|puedo) vivir\b",
    r"\bno (?:le )?(?:encuentro|veo) sentido a (?:seguir|vivir|la vida)\b",
    r"\b(?:estarian|estaria|estan) mejor sin mi\b|\bsoy una carga\b",
    r"\bhacerme dano\b|\bme (?:he estado|estoy|sigo) cortando\b|\bcortarme\b|\blastimarme\b|\bautolesion",
    r"\b(?:terminar|acabar) con todo(?:\s*[.!]|$| de una vez)",
    r"\bcartas? de despedida\b|\bdesaparecer para siempre\b",
    r"\btomarme todas las pastillas\b",
    r"\bcuant[ao]s? (?:pastillas|unidades de insulina|miligramos) (?:serian|seria|son) suficientes\b",
    r"\b(?:tirarme|me tiro|aventarme|lanzarme) (?:del|de un|de la|desde)\b",
    r"\bestrellar el (?:carro|coche|auto) a proposito\b",
    r"\bpienso en (?:la muerte|morirme) todos los dias\b",
]


def proposed_rules_match(text: str) -> bool:
    import re
    import unicodedata

    plain = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return any(re.search(rule, plain) for rule in PROPOSED_ES_RULES)


def proposed_scores(rows: list[dict]) -> dict:
    out = {}
    for subset in ("written", "fresh"):
        chosen = [
            r for r in rows if r["kind"] in ("crisis", "negative") and r.get("set", "written") == subset
        ]
        truth = [r["kind"] == "crisis" for r in chosen]
        got = [proposed_rules_match(r["es"]) for r in chosen]
        out[subset] = {
            "caught": sum(g and t for g, t in zip(got, truth, strict=True)),
            "of": sum(truth),
            "false_alarms": sum(g and not t for g, t in zip(got, truth, strict=True)),
            "of_negatives": len(truth) - sum(truth),
            "missed": [r["es"] for r, g, t in zip(chosen, got, truth, strict=True) if t and not g],
            "false_alarm_texts": [r["es"] for r, g, t in zip(chosen, got, truth, strict=True) if g and not t],
        }
    return out


def main() -> None:
    import django

    django.setup()
    backend = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--backend=")), None)
    if backend:
        from django.conf import settings

        settings.UPSTREAM_TEXT_BACKEND = backend  # the request-path screen reads the setting
    from upstream.themes.textmodel.embedders import get_embedder

    rows = load()
    report = {"backend": get_embedder().name, "statements": len(rows)}
    for lang in ("es", "en"):
        report[lang] = {"crisis": crisis_scores(rows, lang), "themes": theme_scores(rows, lang)}
    report["es_proposed_rules"] = proposed_scores(rows)
    if "--json" in sys.argv:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    print(f"backend {report['backend']}, {report['statements']} statements")
    for lang in ("es", "en"):
        c, t = report[lang]["crisis"], report[lang]["themes"]
        for name, s in c.items():
            print(
                f"{lang} crisis {name:16} caught {s['caught']}/{s['of']} (recall {s['recall']:.2f}),"
                f" false alarms {s['false_alarms']}/{s['of_negatives']}"
            )
        print(
            f"{lang} themes top-1 {t['top1']:.2f}  top-3 {t['top3']:.2f}"
            f"  unclear {t['unclear']:.2f}  (n={t['n']})"
        )
    for subset, p in report["es_proposed_rules"].items():
        print(
            f"es proposed Spanish rules ({subset} statements): caught {p['caught']}/{p['of']},"
            f" false alarms {p['false_alarms']}/{p['of_negatives']}"
        )
        for text in p["missed"]:
            print("    missed:", text)
        for text in p["false_alarm_texts"]:
            print("    false alarm:", text)
    print("\nSpanish crisis statements missed by the request-path screen:")
    for text in report["es"]["crisis"]["screen"]["missed"]:
        print("  -", text)
    print("Spanish false alarms (screen):")
    for text in report["es"]["crisis"]["screen"]["false_alarm_texts"]:
        print("  -", text)


if __name__ == "__main__":
    main()
