"""A linear theme classifier over sentence embeddings, stored as verified numpy arrays.

Training uses scikit-learn; prediction needs numpy only. A model is two files:
``classifier-NNNNNN.npz`` (the arrays) and ``classifier-NNNNNN.json`` (the manifest, holding the npz's
sha256). The npz is written first and the manifest last, both atomically, so a model exists only once
it is complete. Loading re-hashes the npz and checks the backend and dimension, raising a subclass of
``ModelLoadError`` on any mismatch so the caller can fall back to an older or shipped model.

Weights are stored as npz (loaded with allow_pickle=False), never pickles: a model file written by a
background task must not be able to run code in the web process that loads it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from upstream.themes.textmodel.taxonomy import UNCLEAR

FORMAT_VERSION = 1
PREFIX = "classifier-"


class ModelLoadError(Exception):
    """A saved classifier cannot be used."""


class ModelMissing(ModelLoadError):
    pass


class ModelCorrupt(ModelLoadError):
    """The npz does not match the sha256 in its manifest, or cannot be parsed."""


class ModelMismatch(ModelLoadError):
    """The model was trained for another embedding backend or dimension."""


@dataclass(frozen=True)
class Classification:
    theme: str  # a taxonomy key, or "unclear"
    themes: list[tuple[str, float]]  # primary (when clear) and secondary themes, best first
    crisis: bool = False
    scores: dict[str, float] = field(default_factory=dict, repr=False, compare=False)


_TOKEN = re.compile(r"(?u)\b\w\w+\b")


def word_terms(text: str) -> list[str]:
    """Lower-cased words of two or more letters and their adjacent pairs (the word model's terms)."""
    words = _TOKEN.findall((text or "").lower())
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


@dataclass(frozen=True)
class WordModel:
    """A linear model over TF-IDF word and word-pair features, blended with the embedding model.

    Features: 1 + log(count) per known term, times its idf, rows scaled to unit length (what
    scikit-learn's TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True) computes). Numpy only.
    """

    vocab: tuple[str, ...]
    idf: np.ndarray  # (n_terms,)
    coef: np.ndarray  # (n_classes, n_terms)
    intercept: np.ndarray  # (n_classes,)
    weight: float  # share of the word model in the log-probability blend

    @functools.cached_property
    def index(self) -> dict[str, int]:
        return {term: i for i, term in enumerate(self.vocab)}

    def features(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), len(self.vocab)), dtype=np.float32)
        for row, text in enumerate(texts):
            counts: dict[int, int] = {}
            for term in word_terms(text):
                col = self.index.get(term)
                if col is not None:
                    counts[col] = counts.get(col, 0) + 1
            if counts:
                cols = np.fromiter(counts, dtype=np.int64)
                out[row, cols] = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float32))
        out *= self.idf
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)

    def probs(self, texts: list[str]) -> np.ndarray:
        return _softmax(self.features(texts) @ self.coef.T + self.intercept)


def _softmax(logits: np.ndarray) -> np.ndarray:
    logits = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(logits)
    return exp / exp.sum(axis=1, keepdims=True)


def blend(embedding_probs: np.ndarray, word_probs: np.ndarray, weight: float) -> np.ndarray:
    """Weighted geometric mean of the two models' probabilities, renormalised."""
    logp = (1 - weight) * np.log(embedding_probs + 1e-9) + weight * np.log(word_probs + 1e-9)
    return _softmax(logp)


@dataclass(frozen=True)
class ThemeModel:
    classes: tuple[str, ...]
    coef: np.ndarray  # (n_classes, dim)
    intercept: np.ndarray  # (n_classes,)
    threshold: float  # top score below this -> "unclear"
    secondary_threshold: float  # other themes at or above this are listed as secondary
    backend: str
    dim: int
    kind: str = "trained"  # "trained", "default" (shipped) or "zero-shot"
    version: int = 0
    trained_at: str = ""
    n_examples: int = 0
    data_sha256: str = ""
    extra: dict = field(default_factory=dict, compare=False)
    words: WordModel | None = field(default=None, compare=False)

    def scores(self, embeddings: np.ndarray, texts: list[str] | None = None) -> np.ndarray:
        """Softmax probabilities, (n, n_classes); blended with the word model when it and ``texts`` exist."""
        logits = np.asarray(embeddings, dtype=np.float32) @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        probs = exp / exp.sum(axis=1, keepdims=True)
        if self.words is not None and texts is not None:
            probs = blend(probs, self.words.probs(list(texts)), self.words.weight)
        return probs

    def classify(self, embeddings: np.ndarray, texts: list[str] | None = None) -> list[Classification]:
        return [self._decide(row) for row in self.scores(embeddings, texts)]

    def _decide(self, probs: np.ndarray) -> Classification:
        order = np.argsort(-probs, kind="stable")
        top = order[0]
        theme = self.classes[top] if probs[top] >= self.threshold else UNCLEAR
        listed = [
            (self.classes[i], round(float(probs[i]), 4))
            for i in order
            if i == top and theme != UNCLEAR or probs[i] >= self.secondary_threshold
        ]
        return Classification(
            theme=theme, themes=listed, scores={c: float(p) for c, p in zip(self.classes, probs, strict=True)}
        )

    def manifest(self, npz_sha256: str = "") -> dict:
        return {
            "format": FORMAT_VERSION,
            "kind": self.kind,
            "version": self.version,
            "backend": self.backend,
            "dim": self.dim,
            "classes": list(self.classes),
            "threshold": self.threshold,
            "secondary_threshold": self.secondary_threshold,
            "trained_at": self.trained_at,
            "n_examples": self.n_examples,
            "data_sha256": self.data_sha256,
            "npz_sha256": npz_sha256,
            **self.extra,
        }


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _atomic_write(path: Path, write) -> None:
    """Write via a temp file in the same directory, fsync, then os.replace: readers never see half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; shipped models must be readable by the app user
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_model(model: ThemeModel, out_dir: Path, version: int | None = None) -> dict:
    """Save ``model`` as the next version in ``out_dir``; return its manifest."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    version = version if version is not None else next_version(out_dir)
    stem = out_dir / f"{PREFIX}{version:06d}"
    arrays = {
        "coef": model.coef.astype(np.float32),
        "intercept": model.intercept.astype(np.float32),
        "classes": np.array(model.classes, dtype=str),
    }
    if model.words is not None:
        arrays.update(
            words_vocab=np.array(model.words.vocab, dtype=str),
            words_idf=model.words.idf.astype(np.float32),
            words_coef=model.words.coef.astype(np.float32),
            words_intercept=model.words.intercept.astype(np.float32),
        )
    _atomic_write(stem.with_suffix(".npz"), lambda fh: np.savez(fh, **arrays))
    model = _with(model, version=version)
    manifest = model.manifest(sha256_file(stem.with_suffix(".npz")))
    body = json.dumps(manifest, indent=2, sort_keys=True).encode() + b"\n"
    _atomic_write(stem.with_suffix(".json"), lambda fh: fh.write(body))
    return manifest


def _with(model: ThemeModel, **changes) -> ThemeModel:
    from dataclasses import replace

    return replace(model, **changes)


def manifests(directory: Path) -> list[Path]:
    """Manifest paths in ``directory``, newest version first."""
    directory = Path(directory)
    if not directory.is_dir():
        return []
    return sorted(directory.glob(f"{PREFIX}*.json"), reverse=True)


def next_version(directory: Path) -> int:
    found = manifests(directory)
    return int(found[0].stem.removeprefix(PREFIX)) + 1 if found else 1


def load_model(manifest_path: Path, backend: str, dim: int, kind: str = "trained") -> ThemeModel:
    """Load and verify one saved model; raise a ModelLoadError subclass when it cannot be trusted."""
    manifest_path = Path(manifest_path)
    npz_path = manifest_path.with_suffix(".npz")
    if not manifest_path.is_file() or not npz_path.is_file():
        raise ModelMissing(f"no model at {manifest_path}")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelCorrupt(f"{manifest_path}: unreadable manifest ({exc})") from exc
    if sha256_file(npz_path) != manifest.get("npz_sha256"):
        raise ModelCorrupt(f"{npz_path}: sha256 does not match its manifest")
    if manifest.get("backend") != backend or manifest.get("dim") != dim:
        raise ModelMismatch(
            f"{manifest_path}: trained for {manifest.get('backend')}/{manifest.get('dim')},"
            f" not {backend}/{dim}"
        )
    try:
        with np.load(npz_path, allow_pickle=False) as data:
            coef, intercept, classes = data["coef"], data["intercept"], tuple(str(c) for c in data["classes"])
            words = None
            if "words_vocab" in data.files:
                words = WordModel(
                    vocab=tuple(str(t) for t in data["words_vocab"]),
                    idf=data["words_idf"],
                    coef=data["words_coef"],
                    intercept=data["words_intercept"],
                    weight=float(manifest["word_model"]["weight"]),
                )
    except (OSError, ValueError, KeyError) as exc:
        raise ModelCorrupt(f"{npz_path}: {exc}") from exc
    if coef.shape != (len(classes), dim) or intercept.shape != (len(classes),):
        raise ModelCorrupt(f"{npz_path}: arrays have the wrong shape")
    if words is not None and words.coef.shape != (len(classes), len(words.vocab)):
        raise ModelCorrupt(f"{npz_path}: word-model arrays have the wrong shape")
    known = {k for k in manifest if k not in ThemeModel.__dataclass_fields__}
    return ThemeModel(
        classes=classes,
        coef=coef,
        intercept=intercept,
        threshold=float(manifest["threshold"]),
        secondary_threshold=float(manifest["secondary_threshold"]),
        backend=backend,
        dim=dim,
        kind=kind,
        version=int(manifest.get("version", 0)),
        trained_at=str(manifest.get("trained_at", "")),
        n_examples=int(manifest.get("n_examples", 0)),
        data_sha256=str(manifest.get("data_sha256", "")),
        extra={k: manifest[k] for k in known - {"format", "npz_sha256"}},
        words=words,
    )


def prune(directory: Path, keep: int = 3) -> None:
    """Delete all but the newest ``keep`` versions; old models are only useful for a quick rollback."""
    for manifest_path in manifests(directory)[keep:]:
        manifest_path.with_suffix(".npz").unlink(missing_ok=True)
        manifest_path.unlink(missing_ok=True)


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()
