"""`upstream classify` and `upstream evaluate` work on JSON Lines without a database and explain bad input."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def write_lines(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_classify_keeps_every_field_and_adds_theme_themes_and_crisis(tmp_path):
    src = write_lines(
        tmp_path / "in.jsonl",
        [
            json.dumps(
                {"id": 7, "unit": "4W", "text": "Two nurses for thirty patients again, no breaks all night."}
            ),
            "",
            json.dumps({"id": 8, "text": "Everyone would be better off without me."}),
        ],
    )
    out = io.StringIO()
    call_command("classify", src, stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["id"] for r in rows] == [7, 8] and rows[0]["unit"] == "4W"
    assert rows[0]["theme"] == "workload_staffing" and rows[0]["crisis"] is False
    assert rows[0]["themes"][0] == {"key": "workload_staffing", "score": rows[0]["themes"][0]["score"]}
    assert rows[1]["crisis"] is True


def test_classify_writes_the_output_file(tmp_path):
    src = write_lines(
        tmp_path / "in.jsonl", [json.dumps({"text": "The IV pumps keep failing and we have no spares."})]
    )
    call_command("classify", src, "--output", str(tmp_path / "out.jsonl"))
    row = json.loads((tmp_path / "out.jsonl").read_text())
    assert row["theme"] == "resources_equipment"


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([json.dumps({"text": "fine"}), "{not json"], "line 2: not valid JSON"),
        (
            [json.dumps({"text": "fine"}), "", json.dumps({"body": "no text"})],
            "line 3: missing a string 'text' field",
        ),
        (["[1, 2]"], "line 1: expected a JSON object"),
    ],
)
def test_classify_names_the_bad_line_and_writes_nothing(tmp_path, lines, message):
    src = write_lines(tmp_path / "in.jsonl", lines)
    with pytest.raises(CommandError, match=message):
        call_command("classify", src, "--output", str(tmp_path / "out.jsonl"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def test_classify_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("classify", str(tmp_path / "nope.jsonl"))


def test_the_upstream_cli_exits_non_zero_with_the_message(tmp_path, capsys):
    from upstream.cli import main

    src = write_lines(tmp_path / "in.jsonl", ["{oops"])
    with pytest.raises(SystemExit) as exit_info:
        main(["upstream", "classify", src])
    assert exit_info.value.code != 0
    assert "line 1: not valid JSON" in capsys.readouterr().err


def test_evaluate_prints_metrics_as_json(tmp_path):
    src = write_lines(
        tmp_path / "labelled.jsonl",
        [
            json.dumps(
                {
                    "text": "We had one tech for the whole floor and three admissions at once.",
                    "theme": "workload_staffing",
                }
            ),
            json.dumps({"text": "My in-basket had 140 messages this morning.", "theme": "admin_burden_ehr"}),
            json.dumps(
                {
                    "text": "The lift is broken again so we move patients by hand.",
                    "theme": "resources_equipment",
                }
            ),
        ],
    )
    out = io.StringIO()
    call_command("evaluate", src, "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["n"] == 3 and report["backend"] == "onnx-minilm"
    assert {"accuracy", "macro_f1", "per_theme", "confusion", "texts_per_second"} <= set(report)
    assert report["accuracy"] == pytest.approx(
        sum(report["confusion"][i][i] for i in range(13)) / 3, abs=1e-3
    )
    assert report["per_theme"]["workload_staffing"]["support"] == 1


def test_evaluate_rejects_an_unknown_theme(tmp_path):
    src = write_lines(tmp_path / "labelled.jsonl", [json.dumps({"text": "x", "theme": "parking"})])
    with pytest.raises(CommandError, match="line 1: unknown theme 'parking'"):
        call_command("evaluate", src)


def test_evaluate_prints_a_readable_table(tmp_path):
    src = write_lines(
        tmp_path / "labelled.jsonl",
        [json.dumps({"text": "Nobody thanks us, ever.", "theme": "recognition_growth"})],
    )
    out = io.StringIO()
    call_command("evaluate", src, "--backend", "static-minilm", stdout=out)
    assert (
        "macro-F1" in out.getvalue() and "confusion" in out.getvalue() and "static-minilm" in out.getvalue()
    )


def test_evaluate_scores_only_the_requested_split(tmp_path):
    lines = [
        {"text": "Four patients on the vent and one respiratory therapist.", "theme": "workload_staffing"},
        {"text": "The bladder scanner has been broken for a month.", "theme": "resources_equipment"},
        {"text": "Our manager never asks the night shift anything.", "theme": "leadership_autonomy"},
    ]
    splits = ["eval", "train", "eval"]
    rows = [json.dumps({**row, "split": s}) for row, s in zip(lines, splits, strict=True)]
    src = write_lines(tmp_path / "labelled.jsonl", rows)
    out = io.StringIO()
    call_command("evaluate", src, "--split", "eval", "--backend", "static-minilm", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["n"] == 2
    assert report["per_theme"]["resources_equipment"]["support"] == 0
    with pytest.raises(CommandError, match="no labelled lines in split 'holdout'"):
        call_command("evaluate", src, "--split", "holdout")
