"""The in-memory index of experts' vectors: flat matrices with per-expert offsets."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from matcher.embeddings import Embedder, normalize_rows
from matcher.errors import UnknownIdError
from matcher.records import Expert
from matcher.texts import ProfileText, expert_passages, expert_texts

__all__ = ["ExpertIndex", "ExpertVectors", "FlatVectors"]


class FlatVectors:
    """Texts of many owners in one matrix; owner i has rows offsets[i]:offsets[i+1]."""

    def __init__(self, dim: int) -> None:
        self.vectors = np.zeros((0, dim), dtype=np.float32)
        self.offsets = np.zeros(1, dtype=np.int64)
        self.texts: list[ProfileText] = []

    def append(self, groups: Sequence[Sequence[ProfileText]], vectors: np.ndarray) -> None:
        """Append one group of texts per owner, with their vectors in the same order."""
        counts = np.array([len(g) for g in groups], dtype=np.int64)
        self.offsets = np.concatenate([self.offsets, self.offsets[-1] + np.cumsum(counts)])
        self.vectors = np.concatenate([self.vectors, vectors.astype(np.float32, copy=False)])
        self.texts.extend(t for g in groups for t in g)

    def keep(self, owners: Sequence[int]) -> None:
        """Keep only the given owners, in that order."""
        spans = [np.arange(self.offsets[i], self.offsets[i + 1]) for i in owners]
        rows = np.concatenate(spans).astype(np.int64) if spans else np.zeros(0, dtype=np.int64)
        counts = np.array([len(s) for s in spans], dtype=np.int64)
        self.vectors = self.vectors[rows]
        self.texts = [self.texts[r] for r in rows]
        self.offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)

    def span(self, owner: int) -> slice:
        """Return the rows of one owner."""
        return slice(int(self.offsets[owner]), int(self.offsets[owner + 1]))


@dataclass(frozen=True)
class ExpertVectors:
    """One expert's part of the index: texts (evidence units) and finer passages."""

    expert: Expert
    texts: tuple[ProfileText, ...]
    vectors: np.ndarray
    centroid: np.ndarray
    passages: tuple[ProfileText, ...]
    passage_vectors: np.ndarray


class ExpertIndex:
    """Exact index of experts: `texts_` and `passages_` flat matrices, `centroids_` per expert.

    `centroids_` holds each expert's mean text vector (unit length); a first stage for very
    large pools can shortlist by `centroids_ @ query` before the exact scoring.
    """

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def fit(self, experts: Sequence[Expert]) -> ExpertIndex:
        """Embed every expert's texts and build the matrices."""
        dim = self.embedder.dim
        self.experts_: list[Expert] = []
        self.positions_: dict[str, int] = {}
        self.texts_ = FlatVectors(dim)
        self.passages_ = FlatVectors(dim)
        self.centroids_ = np.zeros((0, dim), dtype=np.float32)
        return self.add(experts)

    def _embed(
        self, experts: Sequence[Expert], cut: Callable[[Expert], list[ProfileText]]
    ) -> tuple[list[list[ProfileText]], np.ndarray]:
        groups = [cut(e) for e in experts]
        flat = [t.text for g in groups for t in g]
        vectors = self.embedder.encode(flat) if flat else self.texts_.vectors[:0]
        return groups, vectors

    def add(self, experts: Iterable[Expert]) -> ExpertIndex:
        """Add experts, replacing any already indexed under the same id."""
        experts = list({e.id: e for e in experts}.values())
        replaced = [e.id for e in experts if e.id in self.positions_]
        if replaced:
            self.remove(replaced)
        groups, vectors = self._embed(experts, expert_texts)
        centroids = np.zeros((len(experts), vectors.shape[1]), dtype=np.float32)
        start = 0
        for row, group in enumerate(groups):
            if group:
                centroids[row] = vectors[start : start + len(group)].mean(axis=0)
            start += len(group)
        self.texts_.append(groups, vectors)
        self.passages_.append(*self._embed(experts, expert_passages))
        self.centroids_ = np.concatenate([self.centroids_, normalize_rows(centroids)])
        for e in experts:
            self.positions_[e.id] = len(self.experts_)
            self.experts_.append(e)
        return self

    def remove(self, expert_ids: Iterable[str]) -> ExpertIndex:
        """Drop experts by id; unknown ids raise UnknownIdError."""
        drop = set(expert_ids)
        missing = sorted(drop - set(self.positions_))
        if missing:
            raise UnknownIdError(f"unknown expert id(s): {', '.join(missing)}")
        keep = [i for i, e in enumerate(self.experts_) if e.id not in drop]
        self.texts_.keep(keep)
        self.passages_.keep(keep)
        self.centroids_ = self.centroids_[keep]
        self.experts_ = [self.experts_[i] for i in keep]
        self.positions_ = {e.id: i for i, e in enumerate(self.experts_)}
        return self

    def __len__(self) -> int:
        return len(self.experts_)

    def __contains__(self, expert_id: object) -> bool:
        return expert_id in self.positions_

    def position(self, expert_id: str) -> int:
        """Return the row of an expert; raise UnknownIdError if it is not indexed."""
        try:
            return self.positions_[expert_id]
        except KeyError:
            raise UnknownIdError(f"unknown expert id: {expert_id}") from None

    def slice(self, position: int) -> ExpertVectors:
        """Return the texts and vectors of the expert at a row."""
        texts, passages = self.texts_.span(position), self.passages_.span(position)
        return ExpertVectors(
            expert=self.experts_[position],
            texts=tuple(self.texts_.texts[texts]),
            vectors=self.texts_.vectors[texts],
            centroid=self.centroids_[position],
            passages=tuple(self.passages_.texts[passages]),
            passage_vectors=self.passages_.vectors[passages],
        )
