"""Theme classification, retraining, and graceful fallback when model files are missing or bad."""

from __future__ import annotations

import json

import numpy as np
import pytest

from upstream.themes.textmodel import classifier as clf
from upstream.themes.textmodel import service
from upstream.themes.textmodel.examples import theme_examples, theme_split


def small_training_set(per_theme: int = 6) -> list[tuple[str, str]]:
    """A few project examples of three themes: enough to exercise retraining in a second or two."""
    wanted = ("workload_staffing", "resources_equipment", "admin_burden_ehr")
    rows = [row for row in theme_examples() if row[1] in wanted]
    return [row for key in wanted for row in [r for r in rows if r[1] == key][:per_theme]]


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def test_it_files_obvious_concerns_it_never_saw_under_the_right_theme(data_dir):
    known = {text for text, _ in theme_examples()}
    cases = {
        "Three nurses called out and nobody replaced them, so I had eight patients.": "workload_staffing",
        "I spend two hours every night finishing notes in Epic after my kids are in bed.": "admin_burden_ehr",
        "The attending screamed at me in front of the whole team and called me useless.": "respect_safety",
    }
    assert not known & set(cases)
    results = service.classify_texts(list(cases))
    for result, expected in zip(results, cases.values(), strict=True):
        ranked = sorted(result.scores.values(), reverse=True)
        # The ranking, with a margin that survives another CPU's int8 rounding; not a raw score.
        assert max(result.scores, key=result.scores.get) == expected
        assert ranked[0] - ranked[1] >= 0.1
        assert result.crisis is False


def test_it_scores_well_on_held_out_examples_with_the_shipped_model(data_dir):
    _, held = theme_split()
    results = service.classify_texts([t for t, _ in held])
    top = [max(r.scores, key=r.scores.get) for r in results]
    accuracy = np.mean([p == k for p, k in zip(top, [k for _, k in held], strict=True)])
    assert accuracy > 0.5  # 13 themes: chance is under 0.08; measured 0.62 (docs/benchmarks/themes.md)


def test_it_says_unclear_for_text_with_no_theme(data_dir):
    result = service.classify_text("ok")
    assert result.theme == "unclear"


def test_it_retrains_with_corrections_and_uses_the_new_model(data_dir):
    corrections = small_training_set() + [("The vending machine ate my dollar again.", "resources_equipment")]
    manifest = service.train_and_save(corrections, include_project_examples=False)
    assert manifest["version"] == 1 and manifest["backend"] == "onnx-minilm"
    assert manifest["n_examples"] == len(corrections)
    model = service.current_classifier()
    assert model.kind == "trained" and model.version == 1
    assert set(model.classes) == {"workload_staffing", "resources_equipment", "admin_burden_ehr"}
    again = service.train_and_save(corrections, include_project_examples=False)
    assert again["version"] == 1  # unchanged data: training skipped
    changed = service.train_and_save(corrections[1:], include_project_examples=False)
    assert changed["version"] == 2 and service.current_classifier().version == 2


def test_it_writes_models_atomically_and_verifies_them(data_dir, tmp_path):
    model = service.zero_shot_model()
    manifest = clf.save_model(model, tmp_path / "m")
    files = sorted(p.name for p in (tmp_path / "m").iterdir())
    assert files == ["classifier-000001.json", "classifier-000001.npz"]  # no temp leftovers
    assert manifest["npz_sha256"] == clf.sha256_file(tmp_path / "m" / "classifier-000001.npz")
    loaded = clf.load_model(tmp_path / "m" / "classifier-000001.json", model.backend, model.dim)
    assert np.allclose(loaded.coef, model.coef)


def test_a_failed_write_leaves_no_partial_file(tmp_path):
    def explode(fh):
        fh.write(b"half a model")
        raise OSError("disk full")

    with pytest.raises(OSError):
        clf._atomic_write(tmp_path / "classifier-000001.npz", explode)
    assert list(tmp_path.iterdir()) == []


def test_a_corrupt_trained_model_falls_back_to_the_shipped_default(data_dir):
    service.train_and_save(small_training_set(), include_project_examples=False)
    npz = data_dir / "models" / "onnx-minilm" / "classifier-000001.npz"
    npz.write_bytes(npz.read_bytes()[:-10] + b"0123456789")
    model = service.current_classifier()
    assert model.kind == "default"
    assert (
        service.classify_text("We were short staffed with only two nurses for 30 patients.").theme
        == "workload_staffing"
    )


def test_a_model_for_another_backend_is_refused(data_dir, tmp_path):
    model = service.zero_shot_model()
    clf.save_model(model, tmp_path)
    with pytest.raises(clf.ModelMismatch):
        clf.load_model(tmp_path / "classifier-000001.json", "static-minilm", 256)


def test_without_any_usable_model_it_matches_theme_descriptions(data_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(service, "SHIPPED_DIR", tmp_path / "nothing-here")
    service._load_chain.cache_clear()
    try:
        model = service.current_classifier()
        assert model.kind == "zero-shot"
        result = service.classify_text("My EHR inbox has 200 messages and I chart at home every night.")
        assert result.theme == "admin_burden_ehr"
    finally:
        service._load_chain.cache_clear()


def test_a_manifest_with_a_wrong_hash_is_corrupt(tmp_path):
    model = service.zero_shot_model()
    clf.save_model(model, tmp_path)
    path = tmp_path / "classifier-000001.json"
    manifest = json.loads(path.read_text())
    manifest["npz_sha256"] = "0" * 64
    path.write_text(json.dumps(manifest))
    with pytest.raises(clf.ModelCorrupt):
        clf.load_model(path, model.backend, model.dim)


def test_a_retrained_model_learns_from_the_shipped_descriptions_and_says_so(data_dir):
    from upstream.themes.textmodel.training import DESCRIPTION_WEIGHT, data_fingerprint

    manifest = service.train_and_save(small_training_set(), include_project_examples=False)
    assert manifest["descriptions"]["weight"] == DESCRIPTION_WEIGHT
    assert "taxonomy.json" in manifest["descriptions"]["source"]
    shipped = json.loads(next((service.SHIPPED_DIR / "onnx-minilm").glob("classifier-*.json")).read_text())
    assert shipped["descriptions"] == {**manifest["descriptions"]}  # same descriptions, same weight
    data = [("short again", "workload_staffing")]
    assert data_fingerprint(data, "onnx-minilm", ["a"]) != data_fingerprint(data, "onnx-minilm", ["b"])


def test_the_word_model_computes_what_scikit_learn_tfidf_computes():
    from sklearn.feature_extraction.text import TfidfVectorizer

    from upstream.themes.textmodel.training import fit_word_model

    rows = theme_examples()[:120]
    texts, labels = [t for t, _ in rows], np.array([k for _, k in rows])
    words = fit_word_model(texts, labels)
    reference = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True).fit(texts)
    assert words.vocab == tuple(reference.get_feature_names_out())
    unseen = ["The EHR inbox is broken again and again; nobody answers the pager.", "ok"]
    expected = reference.transform(unseen).toarray()
    assert np.abs(words.features(unseen) - expected).max() < 1e-5


def test_the_word_model_is_saved_loaded_and_blended(tmp_path):
    from upstream.themes.textmodel.training import train_theme_model

    rows = small_training_set()
    texts, labels = [t for t, _ in rows], [k for _, k in rows]
    embeddings = service.get_embedder("static-minilm").embed(texts)
    model = train_theme_model(embeddings, labels, "static-minilm", texts=texts)
    assert model.words is not None and model.extra["word_model"]["weight"] == model.words.weight
    clf.save_model(model, tmp_path)
    loaded = clf.load_model(clf.manifests(tmp_path)[0], "static-minilm", model.dim)
    assert loaded.words is not None and loaded.words.vocab == model.words.vocab
    assert np.allclose(loaded.scores(embeddings, texts), model.scores(embeddings, texts))
    # Without texts only the embedding model answers; with them the word model moves the scores.
    assert not np.allclose(loaded.scores(embeddings), loaded.scores(embeddings, texts))
