"""Embeddings with the real model, and the vector cache."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.embeddings import (
    CachedEmbedder,
    DiskStore,
    Embedder,
    MemoryStore,
    load_embedder,
    text_hash,
)
from matcher.errors import ConfigError

TEXTS = ["landfill closure and leachate management", "retiring open dumps", "budget reform"]


def test_packaged_model_gives_unit_vectors(embedder: Embedder) -> None:
    vectors = embedder.encode(TEXTS)
    assert embedder.name == "all-MiniLM-L6-v2"
    assert vectors.shape == (3, embedder.dim) == (3, 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    similarity = vectors @ vectors.T
    assert similarity[0, 1] > similarity[0, 2]


def test_bf16_is_close_to_fp32(embedder: Embedder) -> None:
    fp32 = load_embedder(precision="fp32")
    cosine = np.sum(embedder.encode(TEXTS) * fp32.encode(TEXTS), axis=1)
    assert cosine.min() > 0.995


def test_model_loads_lazily() -> None:
    lazy = load_embedder()
    assert not getattr(lazy, "loaded", True)
    with pytest.raises(ConfigError):
        load_embedder(precision="fp8")
    with pytest.raises(ConfigError):
        load_embedder(backend="nope")


def test_each_text_is_encoded_once(embedder: Embedder) -> None:
    cached = CachedEmbedder(embedder, MemoryStore())
    first = cached.encode([*TEXTS, TEXTS[0]])
    assert cached.encoded == 3
    again = cached.encode(TEXTS[::-1])
    assert cached.encoded == 3
    np.testing.assert_array_equal(first[:3], again[::-1])
    assert cached.encode([]).shape == (0, 384)


def test_disk_store_is_reused_across_instances(embedder: Embedder, tmp_path) -> None:
    first = CachedEmbedder(embedder, DiskStore(tmp_path))
    vectors = first.encode(TEXTS)
    second = CachedEmbedder(embedder, DiskStore(tmp_path))
    np.testing.assert_array_equal(second.encode(TEXTS), vectors)
    assert second.encoded == 0 and second.from_store == 3
    stored = DiskStore(tmp_path).get_many(embedder.name, [text_hash(TEXTS[1])])
    np.testing.assert_array_equal(stored[text_hash(TEXTS[1])], vectors[1])
