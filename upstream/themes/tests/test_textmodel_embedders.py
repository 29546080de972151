"""The shipped embedders load from package files and produce comparable, unit-length vectors."""

from __future__ import annotations

import numpy as np
import pytest

from upstream.themes.textmodel.embedders import UnknownBackend, get_embedder


@pytest.mark.parametrize("backend", ["onnx-minilm", "static-minilm"])
def test_it_embeds_to_unit_vectors_where_similar_concerns_are_close(backend):
    embedder = get_embedder(backend)
    vectors = embedder.embed(
        [
            "We are short two nurses again tonight.",
            "Understaffed again, only three RNs for the whole floor.",
            "The new parking garage fees are ridiculous.",
        ]
    )
    assert vectors.shape == (3, embedder.dim) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_it_gives_the_same_vector_whatever_else_is_in_the_batch():
    embedder = get_embedder("onnx-minilm")
    alone = embedder.embed(["Nobody listens to night shift."])[0]
    batched = embedder.embed(
        [
            "A much longer text about charting in the EHR late at night after clinic.",
            "Nobody listens to night shift.",
        ]
    )[1]
    # int8 dynamic quantisation scales activations per batch, so allow a little drift, no more.
    assert float(alone @ batched) > 0.97


def test_it_handles_empty_input_and_empty_strings():
    embedder = get_embedder("onnx-minilm")
    assert embedder.embed([]).shape == (0, embedder.dim)
    assert np.isfinite(embedder.embed([""])).all()


def test_it_uses_the_backend_named_in_settings(settings):
    settings.UPSTREAM_TEXT_BACKEND = "static-minilm"
    assert get_embedder().name == "static-minilm"
    del settings.UPSTREAM_TEXT_BACKEND
    assert get_embedder().name == "onnx-minilm"
    settings.UPSTREAM_TEXT_BACKEND = "gpt-9"
    with pytest.raises(UnknownBackend):
        get_embedder()
