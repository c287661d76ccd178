"""The Matcher: fit on experts, then score, rank experts for an assignment, or the reverse."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy import sparse

from matcher.embeddings import CachedEmbedder, Embedder
from matcher.index import ExpertIndex, ExpertVectors
from matcher.lexical import KeyTerms
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
from matcher.texts import Requirement, assignment_passages, assignment_text, requirements

__all__ = ["Matcher", "Semantics", "soft_top"]

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
    terms: sparse.csr_matrix | None


class Matcher:
    """Explainable matching of experts to assignments over an exact in-memory index."""

    def __init__(
        self,
        embedder: Embedder,
        weights: Weights | None = None,
        *,
        thresholds: Thresholds = DEFAULT_THRESHOLDS,
        semantics: Semantics | None = None,
    ) -> None:
        self.embedder = embedder
        self.weights = weights or DEFAULT_WEIGHTS
        self.thresholds = thresholds
        self.semantics = semantics or Semantics()

    def fit(self, experts: Sequence[Expert]) -> Matcher:
        """Embed every expert's texts and build the index and the key-term model."""
        embedder = self.embedder
        if not isinstance(embedder, CachedEmbedder):
            embedder = CachedEmbedder(embedder)
        self.embedder_: Embedder = embedder
        self.index_ = ExpertIndex(embedder).fit(experts)
        self.terms_ = KeyTerms().fit(experts)
        return self

    def add(self, experts: Sequence[Expert]) -> Matcher:
        """Add or replace experts in the index."""
        self.index_.add(experts)
        self.terms_.add(experts)
        return self

    def remove(self, expert_ids: Sequence[str]) -> Matcher:
        """Remove experts from the index by id."""
        self.index_.remove(expert_ids)
        self.terms_.remove(expert_ids)
        return self

    @property
    def experts_(self) -> list[Expert]:
        """Return the indexed experts, in index order."""
        return self.index_.experts_

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
            "terms": self.terms_.similarity(query.terms, expert.id),
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

    def _slice_for(self, expert: Expert) -> ExpertVectors:
        """Return the indexed slice of an expert, indexing it first if it is new or changed."""
        position = self.index_.positions_.get(expert.id)
        if position is None or self.index_.experts_[position] != expert:
            self.add([expert])
            position = self.index_.position(expert.id)
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
    ) -> list[Score]:
        """Rank indexed experts for an assignment: eligible by score, then (on request) the rest.

        With a history mapping that records any deployment, experts missing from it count as
        never deployed; with no history at all, fairness is 0 for everybody.
        """
        query = self._query(assignment)
        known = bool(history) and any(history.values()) if history else False
        scores = [
            self._score(
                query,
                self.index_.slice(position),
                history=(history or {}).get(expert.id, ()),
                history_known=known,
                today=today,
            )
            for position, expert in enumerate(self.index_.experts_)
            if where is None or where(expert)
        ]
        return _ordered(scores, top_k=top_k, include_ineligible=include_ineligible)

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


def _ordered(scores: list[Score], *, top_k: int | None, include_ineligible: bool) -> list[Score]:
    """Return the best top_k eligible scores, then (if asked) the best top_k ineligible ones."""

    def best(group: list[Score]) -> list[Score]:
        group.sort(key=lambda s: (-s.score, s.expert_id, s.assignment_id))
        return group if top_k is None else group[:top_k]

    eligible = best([s for s in scores if s.eligible])
    if not include_ineligible:
        return eligible
    return eligible + best([s for s in scores if not s.eligible])
