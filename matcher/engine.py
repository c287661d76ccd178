"""The Matcher: fit on experts, then score, rank experts for an assignment, or the reverse."""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from typing import Any, ParamSpec, TypeVar

import numpy as np

from matcher.columns import stable_key
from matcher.embeddings import CachedEmbedder, Embedder
from matcher.growable import copy_state
from matcher.index import ExpertIndex, ExpertVectors, VectorBlock
from matcher.lexical import KeyTerms, TermQuery
from matcher.records import Assignment, Expert
from matcher.rules import check_rules
from matcher.scoring import (
    DEFAULT_THRESHOLDS,
    DEFAULT_WEIGHTS,
    Deployment,
    Evidence,
    Score,
    Thresholds,
    Weights,
    availability_fit,
    combine,
    fairness,
    language_strength,
    region_experience,
    sector_experience,
    seniority,
    summarize,
)
from matcher.stages import (
    ROUNDING,
    QueryVectors,
    Shortlist,
    combine_arrays,
    scale_array,
    semantic_arrays,
    shortlist,
    stack_query,
)
from matcher.texts import Requirement, assignment_passages, assignment_text, requirements

__all__ = ["Matcher", "Ranked", "Semantics", "soft_top"]

P = ParamSpec("P")
R = TypeVar("R")

_REQUIREMENT_WEIGHT = {"required": 1.0, "preferred": 0.5, "description": 1.0}


@dataclass(frozen=True)
class Semantics:
    """How similarities become the coverage and fit values (chosen on the dev benchmarks)."""

    decay: float = 0.5
    """Weight ratio of the k-th to the (k-1)-th best text in the soft top-k of fit."""
    centroid: float = 0.2
    top: float = 0.5
    passages: float = 0.3
    """Shares of fit: cosine to the expert's mean vector, soft top-k of the expert's texts
    against the assignment, and how well the expert's passages cover each sentence of it."""
    low: float = 0.1
    high: float = 0.8
    """Cosines mapped linearly onto 0..1 for coverage and fit."""

    def scale(self, similarity: float) -> float:
        """Map a cosine onto [0, 1] linearly between low and high."""
        return min(1.0, max(0.0, (similarity - self.low) / (self.high - self.low)))

    def fit(self, centroid: float, top: float, passages: float) -> float:
        """Blend the three fit measures into one value in [0, 1]."""
        total = self.centroid + self.top + self.passages
        blend = self.centroid * centroid + self.top * top + self.passages * passages
        return self.scale(blend / total) if total else 0.0


def soft_top(similarities: np.ndarray, decay: float) -> float:
    """Return a weighted mean of similarities, best first, each weight `decay` times the last."""
    if similarities.size == 0:
        return 0.0
    ordered = np.sort(similarities)[::-1]
    weights = decay ** np.arange(ordered.size)
    return float(ordered @ weights / weights.sum())


@dataclass(frozen=True)
class _Query:
    """An assignment prepared for scoring: its vectors and key terms."""

    assignment: Assignment
    requirements: tuple[Requirement, ...]
    vector: np.ndarray
    requirement_vectors: np.ndarray
    passage_vectors: np.ndarray
    terms: TermQuery | None

    def stacked(self) -> QueryVectors:
        """Return the vectors and requirement weights for batched scoring."""
        return stack_query(
            self.vector,
            self.requirement_vectors,
            [r.kind for r in self.requirements],
            [_REQUIREMENT_WEIGHT[r.kind] for r in self.requirements],
            self.passage_vectors,
        )


@dataclass(frozen=True)
class Ranked:
    """A ranking and how it was made."""

    scores: list[Score]
    scored: int
    """Experts scored one by one (each with its full explanation)."""
    evaluated: int
    """Experts whose semantic components were computed from their texts (stage two)."""
    candidates: int
    """Experts that passed the filters (eligible ones, plus the rest when asked for)."""
    exhaustive: bool
    """True when stage two saw every candidate (small pools, or top_k=None)."""
    eligible_count: int = 0
    """Eligible experts that passed the filters, however many top_k kept."""
    ineligible_count: int = 0
    """Ineligible experts that passed the filters (counted even when not asked for)."""


def _one_blas_thread(method: Callable[P, R]) -> Callable[P, R]:
    """Run a method with BLAS on one thread (see _single_threaded_blas)."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with _single_threaded_blas():
            return method(*args, **kwargs)

    return wrapper


class Matcher:
    """Explainable matching of experts to assignments over an in-memory index.

    Rankings run in two stages (see matcher.stages): an estimate for every expert, then the
    semantic components of a shortlist computed from every text, widened until nobody left
    out can reach the top; the experts at the top are then scored one by one, so each score
    returned is exactly what `score` gives, and `rank(..., exhaustive=True)` scores everybody
    one by one for comparison.
    """

    def __init__(
        self,
        embedder: Embedder,
        weights: Weights | None = None,
        *,
        thresholds: Thresholds = DEFAULT_THRESHOLDS,
        semantics: Semantics | None = None,
        precision: str = "float32",
        shortlist: int = 400,
        exhaustive_below: int = 3000,
    ) -> None:
        self.embedder = embedder
        self.weights = weights or DEFAULT_WEIGHTS
        self.thresholds = thresholds
        self.semantics = semantics or Semantics()
        self.precision = precision
        self.shortlist = shortlist
        self.exhaustive_below = exhaustive_below

    def fit(self, experts: Sequence[Expert]) -> Matcher:
        """Embed every expert's texts and build the index and the key-term model.

        A list is kept as it is; any other sequence is read in chunks and asked again only
        for the experts a ranking scores (so a million records need not be in memory).
        """
        embedder = self.embedder
        if not isinstance(embedder, CachedEmbedder) and not getattr(embedder, "cheap", False):
            embedder = CachedEmbedder(embedder)
        self.embedder_: Embedder = embedder
        self.terms_ = KeyTerms().fit([])
        self.index_ = ExpertIndex(embedder, precision=self.precision).fit(
            experts, on_chunk=self.terms_.add
        )
        self.terms_.trim()
        return self

    def add(self, experts: Sequence[Expert]) -> Matcher:
        """Add or replace experts in the index."""
        self.index_.add(experts, on_chunk=self.terms_.add)
        return self

    def remove(self, expert_ids: Sequence[str]) -> Matcher:
        """Remove experts from the index by id."""
        self.index_.remove(expert_ids)
        self.terms_.remove(expert_ids)
        return self

    @property
    def experts_(self) -> Sequence[Expert]:
        """Return the indexed experts, in index order."""
        return self.index_.experts_

    def copy(self) -> Matcher:
        """Return a fitted copy to change while this one keeps serving (shares the model)."""
        clone = copy.copy(self)
        clone.index_ = copy_state(self.index_)
        clone.terms_ = copy_state(self.terms_)
        return clone

    @property
    def nbytes(self) -> int:
        """Return the bytes of the arrays a ranking reads (vectors, facts, key terms)."""
        return self.index_.nbytes + self.terms_.nbytes

    def _query(self, assignment: Assignment) -> _Query:
        """Embed an assignment's text, requirements and sentences."""
        reqs = tuple(requirements(assignment))
        passages = assignment_passages(assignment)
        vectors = self.embedder_.encode(
            [assignment_text(assignment), *(r.text for r in reqs), *passages]
        )
        return _Query(
            assignment=assignment,
            requirements=reqs,
            vector=vectors[0],
            requirement_vectors=vectors[1 : 1 + len(reqs)],
            passage_vectors=vectors[1 + len(reqs) :],
            terms=self.terms_.query(assignment),
        )

    def _evidence(
        self, query: _Query, slice_: ExpertVectors, passages: float
    ) -> tuple[tuple[Evidence, ...], float]:
        """Find each requirement's best-supporting text and return the coverage value.

        A skill is covered as far as its best text is similar; the description (used when
        there are no skills) as far as the expert's passages cover each of its sentences.
        """
        evidence = []
        total = weight_sum = 0.0
        matrix = query.requirement_vectors @ slice_.vectors.T if slice_.texts else None
        for row, req in enumerate(query.requirements):
            weight = _REQUIREMENT_WEIGHT[req.kind]
            weight_sum += weight
            if matrix is None:
                evidence.append(Evidence(req.text, req.kind, "", "", 0.0, "missing"))
                continue
            best = int(np.argmax(matrix[row]))
            similarity = float(matrix[row, best])
            text = slice_.texts[best]
            evidence.append(
                Evidence(
                    requirement=req.text,
                    kind=req.kind,
                    text=text.text,
                    source=text.source,
                    similarity=round(similarity, 4),
                    strength=self.thresholds.label(similarity),
                )
            )
            covered = passages if req.kind == "description" else similarity
            total += weight * self.semantics.scale(covered)
        return tuple(evidence), (total / weight_sum if weight_sum else 0.0)

    def _fit_parts(self, query: _Query, slice_: ExpertVectors) -> dict[str, float]:
        """Measure overall fit three ways: mean vector, soft top-k of texts, passage coverage."""
        if not slice_.texts:
            return {"fit_centroid": 0.0, "fit_top": 0.0, "fit_passages": 0.0}
        top = soft_top(slice_.vectors @ query.vector, self.semantics.decay)
        cover = 0.0
        if slice_.passages and len(query.passage_vectors):
            cover = float((query.passage_vectors @ slice_.passage_vectors.T).max(axis=1).mean())
        return {
            "fit_centroid": float(slice_.centroid @ query.vector),
            "fit_top": top,
            "fit_passages": cover,
        }

    def _score(
        self,
        query: _Query,
        slice_: ExpertVectors,
        *,
        history: Sequence[Deployment],
        history_known: bool,
        today: date | None,
    ) -> Score:
        """Score one indexed expert against a prepared assignment."""
        expert, assignment = slice_.expert, query.assignment
        rules = check_rules(expert, assignment)
        parts = self._fit_parts(query, slice_)
        evidence, coverage = self._evidence(query, slice_, parts["fit_passages"])
        availability_rule = next(r for r in rules if r.name == "availability")
        values = {
            "coverage": coverage,
            "fit": self.semantics.fit(
                parts["fit_centroid"], parts["fit_top"], parts["fit_passages"]
            ),
            "terms": (
                self.terms_.similarity(query.terms, expert.id)
                if slice_.indexed
                else self.terms_.similarity_to(query.terms, expert)
            ),
            "region": region_experience(expert, assignment),
            "language": language_strength(expert, assignment),
            "seniority": seniority(expert, assignment),
            "availability": availability_fit(expert, assignment, availability_rule),
            "sector": sector_experience(expert, assignment),
            "fairness": fairness(history, known=history_known, today=today),
        }
        total, points = combine(values, self.weights)
        failed = tuple(r.name for r in rules if not r.passed)
        return Score(
            assignment_id=assignment.id,
            expert_id=expert.id,
            score=total,
            eligible=not failed,
            failed_rules=failed,
            rules=rules,
            components=points,
            evidence=evidence,
            summary=summarize(expert, assignment, evidence, rules),
            values=values,
            details=parts,
        )

    def _indexed(self, expert: Expert) -> int | None:
        """Return the expert's position if the index holds this very record, else None."""
        position = self.index_.positions_.get(expert.id)
        if position is None:
            return None
        held = self.index_.experts_[position]
        return position if held is expert or held == expert else None

    def _slice_for(self, expert: Expert) -> ExpertVectors:
        """Return an expert's slice: the index's, or made on the spot if new or changed.

        The index itself never changes here (a ranking may be reading it in another thread,
        and an expert who is not indexed must not appear in rankings).
        """
        position = self._indexed(expert)
        if position is None:
            return self.index_.vectors_for(expert)
        return self.index_.slice(position)

    def score(
        self,
        expert: Expert,
        assignment: Assignment,
        *,
        history: Sequence[Deployment] = (),
        history_known: bool = False,
        today: date | None = None,
    ) -> Score:
        """Score one expert for one assignment; history feeds the fairness component."""
        return self._score(
            self._query(assignment),
            self._slice_for(expert),
            history=history,
            history_known=history_known or bool(history),
            today=today,
        )

    def rank(
        self,
        assignment: Assignment,
        *,
        top_k: int | None = 20,
        include_ineligible: bool = False,
        history: Mapping[str, Sequence[Deployment]] | None = None,
        where: Callable[[Expert], bool] | None = None,
        today: date | None = None,
        exhaustive: bool = False,
    ) -> list[Score]:
        """Rank indexed experts for an assignment: eligible by score, then (on request) the rest.

        With a history mapping that records any deployment, experts missing from it count as
        never deployed; with no history at all, fairness is 0 for everybody. `exhaustive`
        scores every expert one by one (the reference the two stages are measured against).
        """
        return self.ranked(
            assignment,
            top_k=top_k,
            include_ineligible=include_ineligible,
            history=history,
            where=where,
            today=today,
            exhaustive=exhaustive,
        ).scores

    @_one_blas_thread
    def ranked(
        self,
        assignment: Assignment,
        *,
        top_k: int | None = 20,
        include_ineligible: bool = False,
        history: Mapping[str, Sequence[Deployment]] | None = None,
        where: Callable[[Expert], bool] | None = None,
        today: date | None = None,
        exhaustive: bool = False,
    ) -> Ranked:
        """Return `rank`'s scores with how many experts each stage looked at."""
        query = self._query(assignment)
        history = history or {}
        known = bool(history) and any(history.values())
        n = len(self.index_)
        allowed = np.ones(n, dtype=bool)
        if where is not None:
            allowed = np.fromiter((bool(where(e)) for e in self.experts_), dtype=bool, count=n)
        if exhaustive:
            chosen = np.flatnonzero(allowed)
            evaluated, candidates, complete = 0, len(chosen), True
        else:
            pool = self._pool(query, history=history, known=known, today=today)
            groups = [np.flatnonzero(pool.eligible & allowed)]
            counts = (len(groups[0]), int(np.count_nonzero(~pool.eligible & allowed)))
            if include_ineligible:
                groups.append(np.flatnonzero(~pool.eligible & allowed))
            picks = [self._shortlist(query, pool, group, top_k) for group in groups]
            chosen = np.concatenate([p.chosen for p in picks])
            evaluated = sum(p.evaluated for p in picks)
            candidates = sum(len(g) for g in groups)
            complete = all(p.exhaustive for p in picks)
        scores = self._score_positions(query, chosen, history=history, known=known, today=today)
        if exhaustive:
            eligible = sum(s.eligible for s in scores)
            counts = (eligible, len(scores) - eligible)
        ordered = _ordered(scores, top_k=top_k, include_ineligible=include_ineligible)
        return Ranked(ordered, len(scores), evaluated, candidates, complete, *counts)

    def _score_positions(
        self,
        query: _Query,
        positions: np.ndarray,
        *,
        history: Mapping[str, Sequence[Deployment]],
        known: bool,
        today: date | None,
    ) -> list[Score]:
        """Score the experts at some index positions one by one (full explanations)."""
        return [
            self._score(
                query,
                slice_,
                history=history.get(slice_.expert.id, ()),
                history_known=known,
                today=today,
            )
            for slice_ in self.index_.slices(positions)
        ]

    def _pool(
        self,
        query: _Query,
        *,
        history: Mapping[str, Sequence[Deployment]],
        known: bool,
        today: date | None,
    ) -> _Pool:
        """Evaluate the rules and the cheap components of every indexed expert."""
        n = len(self.index_)
        columns = self.index_.columns.evaluate(query.assignment)
        values = dict(columns.values)
        values["terms"] = self.terms_.similarities(query.terms)
        lift = np.full(n, 1.0 if known else 0.0)
        positions = self.index_.positions_
        for expert_id, deployments in history.items():
            position = positions.get(expert_id)
            if position is not None and deployments:
                lift[position] = fairness(deployments, known=known, today=today)
        values["fairness"] = lift
        return _Pool(columns.eligible, values, query.stacked())

    def _shortlist(
        self, query: _Query, pool: _Pool, group: np.ndarray, top_k: int | None
    ) -> Shortlist:
        """Choose the experts of one group (eligible or not) to score one by one."""
        return shortlist(
            group,
            lambda positions: self._estimate(pool, positions),
            lambda positions: self._stage_two(pool, positions),
            k=top_k,
            size=self.shortlist,
            margin=self._margin(),
            keys=self.index_.columns.keys.view,
            salt=stable_key(query.assignment.id),
            exhaustive_below=self.exhaustive_below,
        )

    def _estimate(self, pool: _Pool, positions: np.ndarray) -> np.ndarray:
        """Stage one: totals with coverage and fit estimated from the centroids' cosines."""
        semantics = self.semantics
        sims = pool.centroid_sims(self.index_, positions)
        values = {name: v[positions] for name, v in pool.values.items()}
        values["fit"] = scale_array(sims[:, 0], semantics.low, semantics.high)
        total = 0.0
        kinds, weights = pool.vectors.kinds, pool.vectors.weights
        for column, (kind, weight) in enumerate(zip(kinds, weights, strict=True)):
            similar = sims[:, 0] if kind == "description" else sims[:, 1 + column]
            total = total + weight * scale_array(similar, semantics.low, semantics.high)
        values["coverage"] = total / float(weights.sum())
        return combine_arrays(values, self.weights)

    def _stage_two(
        self, pool: _Pool, positions: np.ndarray, block: VectorBlock | None = None
    ) -> np.ndarray:
        """Stage two: totals with coverage and fit computed from every text (batched)."""
        semantics = self.semantics
        if block is None:
            block = self.index_.block(positions, exact=False)
        values = {name: v[positions] for name, v in pool.values.items()}
        values.update(
            semantic_arrays(
                pool.vectors,
                block,
                decay=semantics.decay,
                shares=(semantics.centroid, semantics.top, semantics.passages),
                low=semantics.low,
                high=semantics.high,
            )
        )
        return combine_arrays(values, self.weights)

    def _margin(self) -> float:
        """Return how far stage two's totals may be from the exact ones."""
        if self.precision == "float32":
            return ROUNDING
        error = 2.0**-11 + 1e-6  # float16 rows (int8 indexes read float16 copies too)
        semantics = self.semantics
        return (self.weights.fit + self.weights.coverage) * error / (
            semantics.high - semantics.low
        ) + ROUNDING

    def rank_assignments(
        self,
        expert: Expert,
        assignments: Sequence[Assignment],
        *,
        top_k: int | None = 20,
        include_ineligible: bool = False,
    ) -> list[Score]:
        """Rank assignments for one expert, best fit first, ineligible ones never above."""
        slice_ = self._slice_for(expert)
        scores = [
            self._score(self._query(a), slice_, history=(), history_known=False, today=None)
            for a in assignments
        ]
        return _ordered(scores, top_k=top_k, include_ineligible=include_ineligible)


_BLAS: list[Any] = []


def _single_threaded_blas() -> AbstractContextManager[Any]:
    """Run BLAS on one thread: a ranking's products are small, and on a busy machine (or
    with several workers per core) a second thread mostly waits, doubling the latency."""
    if not _BLAS:
        from threadpoolctl import ThreadpoolController

        _BLAS.append(ThreadpoolController())
    return _BLAS[0].limit(limits=1, user_api="blas")  # type: ignore[no-any-return]


@dataclass(frozen=True)
class _Pool:
    """Every indexed expert's eligibility and cheap component values for one assignment."""

    eligible: np.ndarray
    values: dict[str, np.ndarray]
    vectors: QueryVectors

    def centroid_sims(self, index: ExpertIndex, positions: np.ndarray) -> np.ndarray:
        """Return the centroids' cosines with the assignment and each requirement."""
        stacked = np.vstack([self.vectors.vector[None, :], self.vectors.requirements])
        return index.centroid_similarities(stacked, positions)


def _ordered(scores: list[Score], *, top_k: int | None, include_ineligible: bool) -> list[Score]:
    """Return the best top_k eligible scores, then (if asked) the best top_k ineligible ones."""

    def best(group: list[Score]) -> list[Score]:
        group.sort(key=lambda s: (-s.score, s.expert_id, s.assignment_id))
        return group if top_k is None else group[:top_k]

    eligible = best([s for s in scores if s.eligible])
    if not include_ineligible:
        return eligible
    return eligible + best([s for s in scores if not s.eligible])
