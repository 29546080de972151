"""Score the crisis net on held-out splits of data/crisis/real.jsonl, printing counts only.

    .venv/bin/python tools/build_model/crisis_heldout.py eval11 [eval10 eval9 ...]

A held-out round is scored once before anything changes and once after (docs/crisis.md). This prints
recall and false alarms of the screen, the batch check, the rules alone and the plain keyword list,
and never a statement: whoever changes the rules or the model must not read a held-out miss.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
# The embedders read their thread count from Django settings.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upstream.config.settings")
import django  # noqa: E402

django.setup()

from upstream.themes.textmodel.crisis import assess_texts, screen  # noqa: E402
from upstream.themes.textmodel.crisis_rules import rule_matches  # noqa: E402
from upstream.themes.textmodel.crisis_rules_es import spanish_rule_matches  # noqa: E402
from upstream.themes.textmodel.crisis_training import LIMIT_KINDS  # noqa: E402
from upstream.themes.textmodel.examples import DATA_DIR, read_jsonl  # noqa: E402

# The baseline every round reports: case-insensitive substrings ("suicide" misses "suicidal").
KEYWORDS = (
    "suicide",
    "kill myself",
    "want to die",
    "self-harm",
    "self harm",
    "overdose",
    "end my life",
    "end it all",
)


def _counts(fired: list[bool], at_risk: list[bool]) -> str:
    pos = sum(at_risk)
    neg = len(at_risk) - pos
    tp = sum(f and y for f, y in zip(fired, at_risk, strict=True))
    fp = sum(f and not y for f, y in zip(fired, at_risk, strict=True))
    return f"{tp}/{pos} = {tp / max(pos, 1):.2f} recall, {fp}/{neg} = {fp / max(neg, 1):.2f} false alarms"


def score(split: str) -> dict:
    rows = [r for r in read_jsonl(DATA_DIR / "crisis" / "real.jsonl") if r["split"] == split]
    texts = [r["text"] for r in rows]
    at_risk = [bool(r["crisis"]) for r in rows]
    screened = [screen(t) for t in texts]
    batch = [a.crisis for a in assess_texts(texts)]
    checks = {
        "screen": screened,
        "batch": batch,
        "rules": [bool(rule_matches(t)) or spanish_rule_matches(t) for t in texts],
        "keywords": [any(k in t.lower() for k in KEYWORDS) for t in texts],
    }
    agree = sum(a == b for a, b in zip(screened, batch, strict=True)) / max(len(texts), 1)
    figures = {name: _counts(fired, at_risk) for name, fired in checks.items()}
    five = [r["kind"] in LIMIT_KINDS for r in rows]
    limited = sum(f and k for f, k in zip(screened, five, strict=True))
    return figures | {
        "screen_batch_agree": round(agree, 3),
        "screen_false_alarms_five_kinds": f"{limited}/{sum(five)}",
        "screen_by_kind": _by_kind(rows, screened),
    }


def _by_kind(rows: list[dict], fired: list[bool]) -> dict[str, str]:
    """Per kind, how many the screen fired on: found for writers at risk, false alarms for the rest."""
    kinds = sorted({(not r["crisis"], r["kind"]) for r in rows})
    return {
        kind: f"{sum(f for r, f in zip(rows, fired, strict=True) if r['kind'] == kind)}"
        f"/{sum(r['kind'] == kind for r in rows)}"
        for _, kind in kinds
    }


def main() -> None:
    print(json.dumps({split: score(split) for split in sys.argv[1:]}, indent=1))


if __name__ == "__main__":
    main()
