"""`upstream evaluate LABELLED.jsonl [--split NAME] [--backend NAME] [--model KIND] [--json]`.

``--split eval`` scores only the lines whose "split" field is "eval", e.g. the held-out part of the
real clinician statements: `upstream evaluate upstream/themes/data/real/statements.jsonl --split eval`.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext, gettext_lazy

from upstream.lib.commands import TranslatedHelp
from upstream.themes.management.jsonl import read_records
from upstream.themes.textmodel.embedders import BACKENDS, get_embedder
from upstream.themes.textmodel.metrics import report, timed
from upstream.themes.textmodel.service import (
    classify_texts,
    current_classifier,
    shipped_classifier,
    zero_shot_model,
)
from upstream.themes.textmodel.taxonomy import UNCLEAR, theme_keys

BATCH = 64
MODELS = {"current": current_classifier, "shipped": shipped_classifier, "zero-shot": zero_shot_model}


class Command(TranslatedHelp, BaseCommand):
    help = gettext_lazy(
        "Score the theme classifier on JSON Lines with 'text' and 'theme': accuracy, macro-F1, per-theme "
        "precision/recall/F1, confusion matrix and throughput. "
        "Scores use the top theme; 'unclear' is counted apart."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument(
            "input", help=gettext_lazy("JSON Lines file with 'text' and 'theme' on each line")
        )
        parser.add_argument(
            "--backend", choices=BACKENDS, help=gettext_lazy("text backend (default: UPSTREAM_TEXT_BACKEND)")
        )
        parser.add_argument(
            "--model",
            choices=sorted(MODELS),
            default="current",
            help=gettext_lazy(
                "current: what classification uses now (default); shipped: the packaged default"
            ),
        )
        parser.add_argument(
            "--split",
            help=gettext_lazy('score only lines whose "split" field equals this (e.g. eval); default: all'),
        )
        parser.add_argument(
            "--json", action="store_true", help=gettext_lazy("print one JSON object instead of tables")
        )

    def handle(self, *args, **options):
        keys = theme_keys()
        rows = list(read_records(options["input"], required=("text", "theme")))
        if options["split"] is not None:
            rows = [(number, record) for number, record in rows if record.get("split") == options["split"]]
        for number, record in rows:
            if record["theme"] not in keys:
                message = gettext("%(file)s line %(line)s: unknown theme %(theme)r")
                raise CommandError(
                    message % {"file": options["input"], "line": number, "theme": record["theme"]}
                )
        if not rows:
            if options["split"] is not None:
                message = gettext("%(file)s: no labelled lines in split %(split)r")
            else:
                message = gettext("%(file)s: no labelled lines")
            raise CommandError(message % {"file": options["input"], "split": options["split"]})
        texts, truth = [r["text"] for _, r in rows], [r["theme"] for _, r in rows]
        (embedder, model), load_s = timed(
            lambda: (e := get_embedder(options["backend"]), MODELS[options["model"]](e.name))
        )
        results, seconds = timed(self._classify, texts, embedder.name, model)
        top = [max(r.scores, key=r.scores.get) for r in results]
        clear = [(r.theme, t) for r, t in zip(results, truth, strict=True) if r.theme != UNCLEAR]
        summary = {
            "backend": embedder.name,
            "model": {"kind": model.kind, "version": model.version, "trained_at": model.trained_at},
            **report(truth, top, keys),
            "unclear": len(results) - len(clear),
            "accuracy_when_clear": round(sum(p == t for p, t in clear) / len(clear), 4) if clear else None,
            "crisis_flagged": sum(r.crisis for r in results),
            "texts_per_second": round(len(texts) / seconds, 1),
            "load_seconds": round(load_s, 2),
        }
        # An independent check parses these figures: the table and the JSON stay English in every language.
        self.stdout.write(json.dumps(summary) if options["json"] else self._table(summary))

    def _classify(self, texts, backend, model):
        out = []
        for start in range(0, len(texts), BATCH):
            out.extend(classify_texts(texts[start : start + BATCH], backend, model=model))
        return out

    def _table(self, s: dict) -> str:
        lines = [
            f"backend {s['backend']} ({s['model']['kind']} model v{s['model']['version']}), {s['n']} texts",
            f"accuracy {s['accuracy']:.3f}   macro-F1 {s['macro_f1']:.3f}   unclear {s['unclear']}"
            f"   accuracy when clear {s['accuracy_when_clear']}   crisis flagged {s['crisis_flagged']}",
            f"throughput {s['texts_per_second']:.1f} texts/s (embed + classify + crisis, batches of {BATCH});"
            f" model load {s['load_seconds']:.2f} s",
            "",
            f"{'theme':<26}{'precision':>10}{'recall':>8}{'f1':>7}{'n':>5}",
        ]
        for key, m in s["per_theme"].items():
            lines.append(
                f"{key:<26}{m['precision']:>10.3f}{m['recall']:>8.3f}{m['f1']:>7.3f}{m['support']:>5}"
            )
        lines += ["", "confusion (rows: true theme, columns: predicted, in the order above)"]
        lines += [
            f"{key[:24]:<26}" + " ".join(f"{v:>3}" for v in row)
            for key, row in zip(s["labels"], s["confusion"], strict=True)
        ]
        return "\n".join(lines)
