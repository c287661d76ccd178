"""The two stages of a ranking over many experts, as array code.

Stage one estimates every expert's score from what is cheap to read for all of them: the
hard rules and the non-semantic components exactly (matcher.columns), the key-term overlap
exactly (matcher.lexical), and the semantic components from the cosines of the expert's
centroid with the assignment and with each requirement. Stage two computes the semantic
components from every text of a shortlist (the same formulas as Matcher._score, batched),
and widens the shortlist while an expert left out could still reach the top: the widening
uses the largest amount by which stage one underestimated anyone it has checked, including
a sample of experts drawn far down the estimate. The experts that stage two places at the
top, within a small margin, are then scored one by one by Matcher._score, so each returned
score is exactly the one an exhaustive scoring would give.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from matcher.index import VectorBlock
from matcher.scoring import Weights

__all__ = [
    "QueryVectors",
    "Shortlist",
    "combine_arrays",
    "kth_largest",
    "scale_array",
    "semantic_arrays",
    "shortlist",
    "stack_query",
]

ROUNDING = 1e-5
"""Bound on how far a batched total can differ from Matcher._score's (float order, rounding)."""


@dataclass(frozen=True)
class QueryVectors:
    """An assignment's unit vectors and requirement weights, ready for matrix products."""

    vector: np.ndarray
    requirements: np.ndarray
    kinds: tuple[str, ...]
    weights: np.ndarray
    passages: np.ndarray


def scale_array(values: np.ndarray, low: float, high: float) -> np.ndarray:
    """Map cosines onto [0, 1] linearly between low and high (Semantics.scale, vectorised)."""
    return np.clip((np.asarray(values, dtype=np.float64) - low) / (high - low), 0.0, 1.0)


def combine_arrays(values: Mapping[str, np.ndarray], weights: Weights) -> np.ndarray:
    """Return the totals of matcher.scoring.combine for many experts at once."""
    base: np.ndarray | float = 0.0
    for name, weight in weights.to_dict().items():
        if name != "fairness":
            base = base + np.round(weight * np.clip(values[name], 0.0, 1.0), 6)
    lift = np.clip(values["fairness"], -1.0, 1.0)
    fair = np.round(np.maximum(weights.fairness * lift, -np.asarray(base)), 6)
    return np.clip(base + fair, 0.0, 1.0)


def _segment_max(matrix: np.ndarray, offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the column-wise max of each row segment, and which segments are non-empty."""
    counts = np.diff(offsets)
    has = counts > 0
    out = np.zeros((len(counts), matrix.shape[1]), dtype=np.float64)
    if has.any():
        out[has] = np.maximum.reduceat(matrix, offsets[:-1][has], axis=0)
    return out, has


def _soft_top(similarities: np.ndarray, offsets: np.ndarray, decay: float) -> np.ndarray:
    """Return engine.soft_top of each segment of a vector of similarities."""
    counts = np.diff(offsets)
    n = len(counts)
    width = int(counts.max()) if n else 0
    if width == 0:
        return np.zeros(n)
    rows = np.repeat(np.arange(n), counts)
    cols = np.arange(len(similarities)) - np.repeat(offsets[:-1], counts)
    padded = np.full((n, width), -np.inf)
    padded[rows, cols] = similarities
    ordered = -np.sort(-padded, axis=1)
    weights = np.where(np.arange(width) < counts[:, None], decay ** np.arange(width), 0.0)
    total = weights.sum(axis=1)
    blended = (np.where(weights > 0, ordered, 0.0) * weights).sum(axis=1)
    return np.divide(blended, total, out=np.zeros(n), where=total > 0)


def semantic_arrays(
    query: QueryVectors,
    block: VectorBlock,
    *,
    decay: float,
    shares: tuple[float, float, float],
    low: float,
    high: float,
) -> dict[str, np.ndarray]:
    """Return coverage and fit of each expert of a block (Matcher._score, batched)."""
    n = len(block.centroids)
    width = 1 + len(query.requirements)
    stacked = np.vstack([query.vector[None, :], query.requirements, query.passages])
    sims = block.rows @ stacked.T
    text_sims = sims[block.text_rows]
    best, has = _segment_max(text_sims[:, 1:width], block.text_offsets)
    top = _soft_top(text_sims[:, 0].astype(np.float64), block.text_offsets, decay)
    cover = np.zeros(n)
    if len(query.passages) and len(block.passage_rows):
        passage_best, has_passages = _segment_max(
            sims[block.passage_rows, width:], block.passage_offsets
        )
        cover = np.where(has_passages, passage_best.mean(axis=1), 0.0)
    centroid = (block.centroids @ query.vector).astype(np.float64)
    centroid, top, cover = (np.where(has, x, 0.0) for x in (centroid, top, cover))
    total = 0.0
    for column, (kind, weight) in enumerate(zip(query.kinds, query.weights, strict=True)):
        covered = cover if kind == "description" else best[:, column]
        total = total + weight * scale_array(covered, low, high)
    weight_sum = float(np.sum(query.weights))
    coverage = np.where(has, total / weight_sum, 0.0) if weight_sum else np.zeros(n)
    share_sum = sum(shares)
    blend = shares[0] * centroid + shares[1] * top + shares[2] * cover
    fit = scale_array(blend / share_sum, low, high) if share_sum else np.zeros(n)
    return {"coverage": coverage, "fit": fit}


def kth_largest(values: np.ndarray, k: int) -> float:
    """Return the k-th largest value, or -inf when there are fewer than k."""
    if len(values) < k:
        return -np.inf
    return float(np.partition(values, len(values) - k)[len(values) - k])


@dataclass(frozen=True)
class Shortlist:
    """Whom a ranking scores exactly, and how much work choosing them took."""

    chosen: np.ndarray
    """Positions (into the index) to score one by one."""
    evaluated: int
    """How many experts stage two computed from their texts."""
    rounds: int
    """How many times the shortlist was widened."""
    exhaustive: bool
    """True when every expert of the group went through stage two."""


def shortlist(
    group: np.ndarray,
    estimate: Callable[[np.ndarray], np.ndarray],
    exact: Callable[[np.ndarray], np.ndarray],
    *,
    k: int | None,
    size: int,
    margin: float,
    keys: np.ndarray,
    salt: int,
    exhaustive_below: int,
    sample: int = 64,
    max_rounds: int = 4,
    tail: float = 1.0,
) -> Shortlist:
    """Choose the experts of `group` (index positions) whose exact scores decide the top k.

    `estimate(positions)` is stage one, `exact(positions)` stage two (within `margin` of the
    final totals). The returned positions include everyone stage two puts within 2 x margin
    of the k-th best, so the final top k is exactly the exhaustive one among those checked.
    """
    n = len(group)
    if k is None or n == 0:
        return Shortlist(group, 0, 0, k is None)
    if n <= exhaustive_below:
        totals = exact(group)
        cut = kth_largest(totals, k) - 2 * margin
        return Shortlist(group[totals >= cut], n, 0, True)
    approx = estimate(group)
    wanted = min(n, max(size, 2 * k + 64))
    cutoff = np.partition(approx, n - wanted)[n - wanted]
    checked = np.zeros(n, dtype=bool)
    checked[approx >= cutoff] = True
    rest = np.flatnonzero(~checked)
    if len(rest):
        # A sample far down the estimate, the same in every process for the same experts.
        draw = (keys[group[rest]] ^ salt) & 0x7FFF_FFFF_FFFF_FFFF
        take = min(sample, len(rest))
        checked[rest[np.argpartition(draw, take - 1)[:take]]] = True
    members = np.flatnonzero(checked)
    totals = exact(group[members])
    rounds = 0
    while rounds < max_rounds:
        under = max(0.0, float(np.quantile(totals - approx[members], tail)))
        tau = kth_largest(totals, k)
        outside = np.flatnonzero(~checked & (approx + under + 2 * margin >= tau))
        if not len(outside):
            break
        rounds += 1
        cap = 4 * wanted
        if len(outside) > cap:
            outside = outside[np.argpartition(-approx[outside], cap - 1)[:cap]]
        checked[outside] = True
        members = np.concatenate([members, outside])
        totals = np.concatenate([totals, exact(group[outside])])
    cut = kth_largest(totals, k) - 2 * margin
    return Shortlist(group[members[totals >= cut]], len(members), rounds, False)


def stack_query(
    vector: np.ndarray,
    requirement_vectors: np.ndarray,
    kinds: Sequence[str],
    weights: Sequence[float],
    passages: np.ndarray,
) -> QueryVectors:
    """Build the QueryVectors of a prepared assignment."""
    dim = len(vector)
    return QueryVectors(
        vector=np.asarray(vector, dtype=np.float32),
        requirements=np.asarray(requirement_vectors, dtype=np.float32).reshape(-1, dim),
        kinds=tuple(kinds),
        weights=np.asarray(weights, dtype=np.float64),
        passages=np.asarray(passages, dtype=np.float32).reshape(-1, dim),
    )
