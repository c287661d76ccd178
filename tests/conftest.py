"""Fixtures shared by every test package: the real model, loaded once per session."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def embedder():
    """Return the packaged all-MiniLM-L6-v2, loaded once for the whole test session."""
    from matcher.embeddings import load_embedder

    return load_embedder()
