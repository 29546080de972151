"""The real clinician statements: sourced, labelled, split by source, kept out of training where they must."""

from __future__ import annotations

import json
from collections import defaultdict

from upstream.themes.textmodel.classifier import manifests
from upstream.themes.textmodel.crisis import SHIPPED_DIR
from upstream.themes.textmodel.examples import (
    REAL_PATH,
    read_jsonl,
    real_statements,
    theme_split,
    training_examples,
    voice_examples,
)
from upstream.themes.textmodel.taxonomy import theme_keys


def test_every_real_statement_names_its_source_and_valid_themes():
    rows = read_jsonl(REAL_PATH)
    keys = set(theme_keys())
    assert len(rows) >= 300
    assert len({r["text"] for r in rows}) == len(rows)
    for row in rows:
        assert row["url"].startswith("http") and row["source"].strip(), row["text"][:60]
        assert row["themes"] and set(row["themes"]) <= keys and row["theme"] == row["themes"][0]
        assert row["split"] in {"train", "train4", "eval", "eval2"}
    for split in ("train", "train4", "eval", "eval2"):
        assert {r["theme"] for r in rows if r["split"] == split} == keys  # every theme on every side


def test_no_source_has_quotes_on_both_sides_of_the_split():
    sides = defaultdict(set)
    for row in read_jsonl(REAL_PATH):
        sides[row["source_group"]].add(row["split"])
        sides[row["url"]].add(row["split"])
    assert all(len(s) == 1 for s in sides.values())


def test_training_never_sees_the_real_eval_splits_nor_the_held_back_round():
    trained = {text for text, _ in training_examples()}
    for split in ("eval", "eval2", "train4"):
        held_out = {text for text, _ in real_statements(split)}
        assert held_out and not held_out & trained, split


def test_the_shipped_classifiers_learned_from_the_train_parts_only():
    expected = len(theme_split()[0]) + len(real_statements("train"))
    for backend in ("onnx-minilm", "static-minilm"):
        manifest = json.loads(manifests(SHIPPED_DIR / backend)[0].read_text())
        assert manifest["n_examples"] == expected, backend


def test_the_real_register_examples_are_project_written_and_distinct():
    voices = voice_examples()
    real = {text for text, _ in real_statements()}
    assert len(voices) >= 200 and not real & {text for text, _ in voices}
    assert {theme for _, theme in voices} == set(theme_keys())
