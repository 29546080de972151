"""What the rest of Upstream calls: classify concerns, retrain with leader corrections, load models.

Fallback chain for the theme model, newest first: a verified trained model in
``settings.DATA_DIR / "models" / <backend>/``, then the default shipped in
``upstream/themes/data/classifier/<backend>/``, then zero-shot matching against the taxonomy
descriptions. Each step down is logged; classification itself never fails because a file is bad.

Trained models also learn from the theme descriptions, added as heavily weighted training examples
(training.py, DESCRIPTION_WEIGHT). They are the "name. description" texts of the shipped
``upstream/themes/data/taxonomy.json`` (what ``load_default_taxonomy`` reads), embedded with the
model's own backend at training time; what they taught is in the saved weights, so loading needs
nothing else. Editing a theme in the admin does not change them; a change to taxonomy.json changes
the training fingerprint, so the next retrain picks it up.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import replace
from pathlib import Path

import numpy as np

from upstream.themes.textmodel import classifier as clf
from upstream.themes.textmodel.crisis import SHIPPED_DIR, assess_texts
from upstream.themes.textmodel.embedders import SPANISH_EMBEDDER, get_embedder, looks_spanish
from upstream.themes.textmodel.examples import real_statements, theme_examples
from upstream.themes.textmodel.taxonomy import load_default_taxonomy

log = logging.getLogger(__name__)

# Cosine similarities are scaled before the softmax so zero-shot scores are comparable in spread
# to the trained model's probabilities; the threshold was read off the held-out examples.
ZERO_SHOT_SCALE = 20.0
ZERO_SHOT_THRESHOLD = 0.2
KEEP_VERSIONS = 3


def models_dir(backend: str) -> Path:
    from django.conf import settings

    return Path(settings.DATA_DIR) / "models" / backend


def classify_texts(
    texts: list[str], backend: str | None = None, model: clf.ThemeModel | None = None
) -> list[clf.Classification]:
    """Theme and crisis decision for each text, in one embedding pass.

    ``model`` overrides the current classifier (for evaluation against the shipped or zero-shot model).
    Without it, texts that look Spanish are themed by the multilingual model (``spanish_classifier``)
    when it is installed; the crisis decision always uses the backend's embedding.
    """
    if not texts:
        return []
    embedder = get_embedder(backend)
    embeddings = embedder.embed(list(texts))
    if model is None:
        results = theme_texts(list(texts), embeddings, current_classifier(embedder.name))
    else:
        results = model.classify(embeddings, list(texts))
    crises = assess_texts(list(texts), embeddings, backend=embedder.name)
    return [replace(r, crisis=c.crisis) for r, c in zip(results, crises, strict=True)]


def theme_texts(texts: list[str], embeddings: np.ndarray, model: clf.ThemeModel) -> list[clf.Classification]:
    """Themes for ``texts`` from the current ``model`` over their backend ``embeddings``; texts that
    look Spanish are themed by the multilingual model instead (when it is installed).

    What the release batch and reclassification call (upstream/themes/services.py), so a Spanish
    concern gets the same theme there as in ``classify_texts``.
    """
    return _theme_spanish(texts, model.classify(embeddings, list(texts)))


def _theme_spanish(texts: list[str], results: list[clf.Classification]) -> list[clf.Classification]:
    """Re-theme the texts that look Spanish with the multilingual model; the rest keep their result."""
    spanish = [i for i, t in enumerate(texts) if looks_spanish(t)]
    if not spanish:
        return results
    spanish_model = spanish_classifier()
    if spanish_model is None:
        return results
    vectors = get_embedder(SPANISH_EMBEDDER).embed([texts[i] for i in spanish])
    results = list(results)
    for i, result in zip(spanish, spanish_model.classify(vectors), strict=True):
        results[i] = result
    return results


@functools.cache
def spanish_classifier() -> clf.ThemeModel | None:
    """The shipped theme model over multilingual-e5-small (for Spanish text), or None when unusable.

    Trained on the same English data as the default (tools/build_model/train_defaults.py); the
    multilingual embedding carries it over to Spanish. Leader corrections do not retrain it.
    """
    try:
        embedder = get_embedder(SPANISH_EMBEDDER)
    except (ImportError, OSError, RuntimeError) as exc:
        log.warning("multilingual embedder unavailable, Spanish text is themed by the default model: %s", exc)
        return None
    for manifest_path in clf.manifests(SHIPPED_DIR / SPANISH_EMBEDDER):
        try:
            return clf.load_model(manifest_path, SPANISH_EMBEDDER, embedder.dim, kind="default")
        except clf.ModelLoadError as exc:
            log.warning("Spanish theme model skipped: %s", exc)
    return None


def classify_text(text: str, backend: str | None = None) -> clf.Classification:
    return classify_texts([text], backend)[0]


def current_classifier(backend: str | None = None) -> clf.ThemeModel:
    """The newest valid trained model, else the shipped default, else zero-shot."""
    embedder = get_embedder(backend)
    trained = clf.manifests(models_dir(embedder.name))
    # The cache key changes whenever a new version lands, so a retrain is picked up without a restart.
    key = tuple((p.name, p.stat().st_mtime_ns) for p in trained[:1])
    return _load_chain(embedder.name, embedder.dim, key)


def shipped_classifier(backend: str | None = None) -> clf.ThemeModel:
    """The default shipped with the package (zero-shot if it is unusable), ignoring trained models."""
    embedder = get_embedder(backend)
    for manifest_path in clf.manifests(SHIPPED_DIR / embedder.name):
        try:
            return clf.load_model(manifest_path, embedder.name, embedder.dim, kind="default")
        except clf.ModelLoadError as exc:
            log.warning("shipped theme model skipped: %s", exc)
    return zero_shot_model(embedder.name)


@functools.lru_cache(maxsize=8)
def _load_chain(backend: str, dim: int, _key: tuple) -> clf.ThemeModel:
    candidates = [(p, "trained") for p in clf.manifests(models_dir(backend))]
    candidates += [(p, "default") for p in clf.manifests(SHIPPED_DIR / backend)]
    for manifest_path, kind in candidates:
        try:
            return clf.load_model(manifest_path, backend, dim, kind=kind)
        except clf.ModelLoadError as exc:
            log.warning("theme model skipped: %s", exc)
    log.warning("no usable theme model for %s; falling back to zero-shot", backend)
    return zero_shot_model(backend)


def description_source(prompts: tuple[str, ...] | list[str]) -> str:
    """What the manifest records about the descriptions trained in: file, fields and a hash of the texts."""
    import hashlib
    import json

    digest = hashlib.sha256(json.dumps(list(prompts), ensure_ascii=False).encode()).hexdigest()
    return f"upstream/themes/data/taxonomy.json 'name. description', sha256 {digest[:16]}"


@functools.lru_cache(maxsize=4)
def description_embeddings(backend: str) -> tuple[tuple[str, ...], tuple[str, ...], np.ndarray]:
    """(theme keys, prompt texts, unit embeddings) of the shipped taxonomy's "name. description"."""
    embedder = get_embedder(backend)
    themes = load_default_taxonomy()
    prompts = tuple(t.prompt for t in themes)
    return tuple(t.key for t in themes), prompts, embedder.embed(list(prompts))


@functools.lru_cache(maxsize=4)
def zero_shot_model(backend: str | None = None) -> clf.ThemeModel:
    """A linear model whose rows are the embedded theme descriptions: no training data needed."""
    embedder = get_embedder(backend)
    keys, _, vectors = description_embeddings(embedder.name)
    return clf.ThemeModel(
        classes=keys,
        coef=(vectors * ZERO_SHOT_SCALE).astype(np.float32),
        intercept=np.zeros(len(keys), dtype=np.float32),
        threshold=ZERO_SHOT_THRESHOLD,
        secondary_threshold=0.15,
        backend=embedder.name,
        dim=embedder.dim,
        kind="zero-shot",
    )


def train_and_save(
    examples: list[tuple[str, str]],
    out_dir: Path | None = None,
    *,
    backend: str | None = None,
    include_project_examples: bool = True,
    force: bool = False,
) -> dict:
    """Train on ``examples`` (leader corrections: (text, theme key)) plus the project's examples and
    the train split of the real clinician statements (upstream/themes/data/real/).

    Idempotent: when the training data is unchanged since the newest saved model, nothing is trained
    and that model's manifest is returned. A correction overrides a project example with the same
    text. Writes atomically into ``out_dir`` (default: settings.DATA_DIR/models/<backend>/), keeping
    the newest KEEP_VERSIONS versions. Returns the new manifest. The shipped taxonomy's descriptions
    are trained in as weighted examples (see the module docstring).
    """
    from upstream.themes.textmodel.training import data_fingerprint, train_theme_model

    embedder = get_embedder(backend)
    out_dir = Path(out_dir) if out_dir is not None else models_dir(embedder.name)
    merged = dict(theme_examples() + real_statements("train")) if include_project_examples else {}
    merged.update(dict(examples))  # later entries (corrections) win
    known = {t.key for t in load_default_taxonomy()}
    data = sorted((text, key) for text, key in merged.items() if key in known and text.strip())
    keys, prompts, vectors = description_embeddings(embedder.name)
    fingerprint = data_fingerprint(data, embedder.name, list(prompts))
    newest = clf.manifests(out_dir)
    if newest and not force:
        manifest = _read_manifest(newest[0])
        if manifest.get("data_sha256") == fingerprint:
            return manifest
    model = train_theme_model(
        embedder.embed([t for t, _ in data]),
        [k for _, k in data],
        embedder.name,
        fingerprint,
        prototypes=dict(zip(keys, vectors, strict=True)),
        prototype_source=description_source(prompts),
        texts=[t for t, _ in data],
        prototype_texts=dict(zip(keys, prompts, strict=True)),
    )
    manifest = clf.save_model(model, out_dir)
    clf.prune(out_dir, keep=KEEP_VERSIONS)
    return manifest


def _read_manifest(path: Path) -> dict:
    import json

    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
