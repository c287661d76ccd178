"""Embeddings with the real model, and the vector cache."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.embeddings import (
    CachedEmbedder,
    DiskStore,
    Embedder,
    MemoryStore,
    SentenceTransformerEmbedder,
    load_embedder,
    normalize_rows,
    resolve_precision,
    resolve_runtime,
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


def test_the_fast_runtimes_agree_with_plain_float32_encode(embedder: Embedder) -> None:
    from sentence_transformers import SentenceTransformer

    from matcher.embeddings import _packaged_model_path

    plain = SentenceTransformer(str(_packaged_model_path()), device="cpu")
    reference = normalize_rows(plain.encode(TEXTS))
    openvino = load_embedder(precision="fp32", runtime="openvino")
    torch_bf16 = load_embedder(precision="bf16", runtime="torch")
    assert isinstance(openvino, SentenceTransformerEmbedder) and openvino.runtime == "openvino"
    np.testing.assert_allclose(openvino.encode(TEXTS), reference, atol=1e-4)
    assert np.sum(torch_bf16.encode(TEXTS) * reference, axis=1).min() > 0.995
    assert np.sum(embedder.encode(TEXTS) * reference, axis=1).min() > 0.995


def test_precision_is_exact_unless_asked_and_runtime_is_openvino() -> None:
    assert load_embedder().precision == "fp32"  # type: ignore[attr-defined]
    assert resolve_precision("bf16") == "bf16"
    with pytest.raises(ConfigError, match="precision must be one of fp32, bf16"):
        resolve_precision("auto")
    assert resolve_runtime("auto") == "openvino"
    with pytest.raises(ConfigError, match="runtime must be one of"):
        load_embedder(runtime="onnx")


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
