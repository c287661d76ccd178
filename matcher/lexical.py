"""Key-term overlap: TF-IDF cosine between an assignment and an expert's whole profile.

The weighting is scikit-learn's TfidfVectorizer (sublinear tf, smoothed idf, English stop
words, L2 norm), computed from counts kept per expert and document frequencies kept for the
whole pool. Adding or removing experts updates the frequencies, so the model is always the
one a fresh fit on the current pool would learn, whatever order the changes came in: two
processes holding the same experts give the same values.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from matcher.growable import Growable, ranges
from matcher.records import Assignment, Expert
from matcher.texts import assignment_text, expert_document

__all__ = ["KeyTerms", "TermQuery", "query_document"]

_MAX_COUNT = np.iinfo(np.uint16).max


def query_document(a: Assignment) -> str:
    """Return the assignment's title, description and skills as one text."""
    return "\n".join([assignment_text(a), *a.required_skills, *a.preferred_skills])


@dataclass(frozen=True)
class TermQuery:
    """An assignment's unit TF-IDF weights over the pool's vocabulary."""

    terms: np.ndarray
    """Term ids, ascending."""
    weights: np.ndarray
    """float64 weights of those terms, unit length."""

    def lookup(self) -> dict[int, float]:
        """Return the weights by term id."""
        return dict(zip(self.terms.tolist(), self.weights.tolist(), strict=True))


class KeyTerms:
    """TF-IDF (sublinear, English stop words) over the experts' profiles, kept incrementally."""

    def __init__(self, *, sublinear_tf: bool = True, stop_words: str | None = "english") -> None:
        self.sublinear_tf = sublinear_tf
        self.stop_words = stop_words

    def fit(self, experts: Iterable[Expert]) -> KeyTerms:
        """Learn the vocabulary and document frequencies of the experts' profiles."""
        self.analyzer_: Callable[[str], list[str]] = TfidfVectorizer(
            stop_words=self.stop_words
        ).build_analyzer()
        self.vocabulary_: dict[str, int] = {}
        self.df_ = Growable(np.int64)
        self.ids_: list[str] = []
        self.positions_: dict[str, int] = {}
        self._offsets = Growable(np.int64)
        self._offsets.extend(np.zeros(1, dtype=np.int64))
        self._terms = Growable(np.int32)
        self._counts = Growable(np.uint16)
        self._cache: _Derived | None = None
        return self.add(experts)

    # Counting ------------------------------------------------------------------------------

    def _count(self, text: str, *, grow: bool) -> tuple[np.ndarray, np.ndarray]:
        """Return (term ids ascending, counts) of a text; unknown terms are added if grow."""
        counts = Counter(self.analyzer_(text))
        ids, values = [], []
        for term, count in counts.items():
            term_id = self.vocabulary_.get(term)
            if term_id is None:
                if not grow:
                    continue
                term_id = self.vocabulary_[term] = len(self.vocabulary_)
                self.df_.extend(np.zeros(1, dtype=np.int64))
            ids.append(term_id)
            values.append(min(count, _MAX_COUNT))
        order = np.argsort(np.asarray(ids, dtype=np.int32), kind="stable")
        return (
            np.asarray(ids, dtype=np.int32)[order],
            np.asarray(values, dtype=np.uint16)[order],
        )

    def add(self, experts: Iterable[Expert]) -> KeyTerms:
        """Index experts (replacing any with the same id) and update the frequencies."""
        experts = list({e.id: e for e in experts}.values())
        replaced = [e.id for e in experts if e.id in self.positions_]
        if replaced:
            self.remove(replaced)
        if not experts:
            return self
        rows = [self._count(expert_document(e), grow=True) for e in experts]
        terms = np.concatenate([r[0] for r in rows])
        counts = np.concatenate([r[1] for r in rows])
        ends = self._offsets.view[-1] + np.cumsum([len(r[0]) for r in rows])
        self._terms.extend(terms)
        self._counts.extend(counts)
        self._offsets.extend(ends.astype(np.int64))
        np.add.at(self.df_.view, terms, 1)
        for e in experts:
            self.positions_[e.id] = len(self.ids_)
            self.ids_.append(e.id)
        self._cache = None
        return self

    def remove(self, expert_ids: Iterable[str]) -> KeyTerms:
        """Forget experts (unknown ids are ignored)."""
        drop = {i for i in expert_ids if i in self.positions_}
        if not drop:
            return self
        keep = np.array([p for p, i in enumerate(self.ids_) if i not in drop], dtype=np.int64)
        offsets = self._offsets.view
        dropped = np.array([self.positions_[i] for i in drop], dtype=np.int64)
        np.subtract.at(self.df_.view, self._terms.view[_spans(offsets, dropped)], 1)
        rows = _spans(offsets, keep)
        lengths = offsets[keep + 1] - offsets[keep]
        self._terms.select(rows)
        self._counts.select(rows)
        self._offsets.replace(np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64))
        self.ids_ = [self.ids_[p] for p in keep]
        self.positions_ = {i: p for p, i in enumerate(self.ids_)}
        self._cache = None
        return self

    def trim(self) -> None:
        """Give back the arrays' spare capacity (after a fit in chunks)."""
        for growable in (self._offsets, self._terms, self._counts, self.df_):
            growable.trim()

    # Weights -------------------------------------------------------------------------------

    def _tf(self, counts: np.ndarray) -> np.ndarray:
        counts = counts.astype(np.float64)
        return np.log(counts) + 1.0 if self.sublinear_tf else counts

    def _idf(self) -> np.ndarray:
        """Return scikit-learn's smoothed idf of every term (0 for terms nobody has now)."""
        df = self.df_.view
        n = len(self.ids_)
        idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
        idf[df == 0] = 0.0
        return idf

    def query(self, assignment: Assignment) -> TermQuery | None:
        """Return the assignment's weights, or None while no expert has any term."""
        if not len(self.ids_) or not (self.df_.view > 0).any():
            return None
        terms, counts = self._count(query_document(assignment), grow=False)
        idf = self._derived().idf[terms]
        present = idf > 0
        terms, weights = terms[present], self._tf(counts[present]) * idf[present]
        norm = math.sqrt(math.fsum(weights * weights))
        return TermQuery(terms, weights / norm if norm else weights)

    def similarity(self, query: TermQuery | None, expert_id: str) -> float:
        """Return the cosine between a query and an indexed expert (0 if unknown).

        The sums are exactly rounded (math.fsum), so the value does not depend on the order
        in which the terms were first seen.
        """
        position = self.positions_.get(expert_id)
        if query is None or position is None:
            return 0.0
        offsets = self._offsets.view
        span = slice(int(offsets[position]), int(offsets[position + 1]))
        return self._cosine(query, self._terms.view[span], self._counts.view[span])

    def similarity_to(self, query: TermQuery | None, expert: Expert) -> float:
        """Return the cosine between a query and an expert that is not indexed (or changed)."""
        if query is None:
            return 0.0
        terms, counts = self._count(expert_document(expert), grow=False)
        return self._cosine(query, terms, counts)

    def _cosine(self, query: TermQuery, terms: np.ndarray, counts: np.ndarray) -> float:
        weights = self._tf(counts) * self._derived().idf[terms]
        norm = math.sqrt(math.fsum(weights * weights))
        if not norm:
            return 0.0
        found = np.searchsorted(query.terms, terms).clip(0, max(len(query.terms) - 1, 0))
        shared = query.terms[found] == terms if len(query.terms) else np.zeros(len(terms), bool)
        mine = weights[shared] / norm
        theirs = query.weights[found[shared]]
        return min(1.0, max(0.0, math.fsum(mine * theirs)))

    def similarities(self, query: TermQuery | None) -> np.ndarray:
        """Return the cosine of every indexed expert, in index order (float64, fast sums)."""
        n = len(self.ids_)
        if query is None or not len(query.terms):
            return np.zeros(n)
        derived = self._derived()
        starts, ends = derived.term_offsets[query.terms], derived.term_offsets[query.terms + 1]
        rows = ranges(starts, ends)
        products = derived.posting_values[rows] * np.repeat(query.weights, ends - starts)
        out: np.ndarray = np.bincount(derived.posting_slots[rows], weights=products, minlength=n)
        return np.clip(out, 0.0, 1.0)

    def _derived(self) -> _Derived:
        """Return the idf, each expert's norm and the postings, rebuilt after a change."""
        if self._cache is None:
            idf = self._idf()
            offsets = self._offsets.view
            terms = self._terms.view
            slots = np.repeat(np.arange(len(self.ids_), dtype=np.int32), np.diff(offsets))
            weights = self._tf(self._counts.view) * idf[terms]
            norms = np.sqrt(np.bincount(slots, weights=weights * weights, minlength=len(self.ids_)))
            order = np.argsort(terms, kind="stable")
            values = (weights / np.where(norms > 0, norms, 1.0)[slots])[order].astype(np.float32)
            term_offsets = np.zeros(len(self.vocabulary_) + 1, dtype=np.int64)
            np.cumsum(np.bincount(terms, minlength=len(self.vocabulary_)), out=term_offsets[1:])
            self._cache = _Derived(idf, term_offsets, slots[order], values)
        return self._cache

    @property
    def nbytes(self) -> int:
        """Return the bytes of the arrays held (counts, frequencies and postings)."""
        total = sum(g.nbytes for g in (self._offsets, self._terms, self._counts, self.df_))
        if self._cache is not None:
            total += sum(a.nbytes for a in self._cache.arrays())
        return total


@dataclass(frozen=True)
class _Derived:
    idf: np.ndarray
    term_offsets: np.ndarray
    posting_slots: np.ndarray
    posting_values: np.ndarray

    def arrays(self) -> tuple[np.ndarray, ...]:
        return (self.idf, self.term_offsets, self.posting_slots, self.posting_values)


def _spans(offsets: np.ndarray, owners: Sequence[int] | np.ndarray) -> np.ndarray:
    """Return the rows of the given owners of an offsets array, in that order."""
    owners = np.asarray(owners, dtype=np.int64)
    return ranges(offsets[owners], offsets[owners + 1])
