"""Key-term overlap: TF-IDF cosine between an assignment and an expert's whole profile."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from matcher.records import Assignment, Expert
from matcher.texts import assignment_text, expert_document

__all__ = ["KeyTerms", "query_document"]


def query_document(a: Assignment) -> str:
    """Return the assignment's title, description and skills as one text."""
    return "\n".join([assignment_text(a), *a.required_skills, *a.preferred_skills])


class KeyTerms:
    """TF-IDF (sublinear, English stop words) learned on the experts' profiles."""

    def __init__(self, *, sublinear_tf: bool = True, stop_words: str | None = "english") -> None:
        self.sublinear_tf = sublinear_tf
        self.stop_words = stop_words

    def fit(self, experts: Sequence[Expert]) -> KeyTerms:
        """Learn the vocabulary and idf from the experts' profiles and index them."""
        self.vectorizer_: TfidfVectorizer | None = TfidfVectorizer(
            sublinear_tf=self.sublinear_tf, stop_words=self.stop_words
        )
        self.rows_: dict[str, sparse.csr_matrix] = {}
        documents = [expert_document(e) for e in experts]
        try:
            self.vectorizer_.fit(documents)
        except ValueError:
            # No expert has any word yet (an empty or blank pool): every overlap is 0.
            self.vectorizer_ = None
        return self.add(experts)

    def add(self, experts: Iterable[Expert]) -> KeyTerms:
        """Index experts with the learned vocabulary."""
        experts = list(experts)
        if self.vectorizer_ is None or not experts:
            return self
        matrix = self.vectorizer_.transform([expert_document(e) for e in experts]).tocsr()
        for row, expert in enumerate(experts):
            self.rows_[expert.id] = matrix[row]
        return self

    def remove(self, expert_ids: Iterable[str]) -> KeyTerms:
        """Forget experts."""
        for expert_id in expert_ids:
            self.rows_.pop(expert_id, None)
        return self

    def query(self, assignment: Assignment) -> sparse.csr_matrix | None:
        """Return the assignment's TF-IDF row, or None without a vocabulary."""
        if self.vectorizer_ is None:
            return None
        return self.vectorizer_.transform([query_document(assignment)]).tocsr()

    def similarity(self, query: sparse.csr_matrix | None, expert_id: str) -> float:
        """Return the cosine between a query row and an indexed expert (0 if unknown)."""
        row = self.rows_.get(expert_id)
        if query is None or row is None:
            return 0.0
        return float(np.clip(query.multiply(row).sum(), 0.0, 1.0))
