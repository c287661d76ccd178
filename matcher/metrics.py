"""Ranking metrics of the benchmarks: weighted pairwise loss, nDCG and recall."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from itertools import combinations

__all__ = ["dcg", "ndcg_at_k", "pairwise_loss", "recall_at_k"]


def pairwise_loss(
    predicted: Mapping[str, Mapping[str, float]], truth: Mapping[str, Mapping[str, float]]
) -> float:
    """Return the weighted pairwise loss of Stelmakh et al., pooled over groups.

    For each group (a researcher, or an assignment) every pair of items with different
    true grades costs the grade difference when the predicted order is wrong and half of it
    on a tie; the total is divided by the sum of all differences. 0 is perfect, 0.5 chance.
    """
    loss = worst = 0.0
    for group, grades in truth.items():
        scores = predicted[group]
        for a, b in combinations(sorted(grades), 2):
            true_diff = grades[a] - grades[b]
            if true_diff == 0:
                continue
            worst += abs(true_diff)
            agreement = (scores[a] - scores[b]) * true_diff
            if agreement == 0:
                loss += abs(true_diff) / 2
            elif agreement < 0:
                loss += abs(true_diff)
    return loss / worst if worst else 0.0


def dcg(gains: Sequence[float], k: int) -> float:
    """Return the discounted cumulative gain of the first k gains (gain 2^g - 1)."""
    return sum((2.0**g - 1.0) / math.log2(rank + 2) for rank, g in enumerate(gains[:k]))


def ndcg_at_k(ranked: Sequence[str], grades: Mapping[str, float], k: int) -> float:
    """Return nDCG@k of a ranked list against graded relevance (unlisted items are 0)."""
    ideal = dcg(sorted(grades.values(), reverse=True), k)
    if ideal == 0:
        return 0.0
    return dcg([grades.get(item, 0.0) for item in ranked], k) / ideal


def recall_at_k(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """Return the share of relevant items found in the first k of a ranking."""
    if not relevant:
        return 1.0
    return len(relevant.intersection(ranked[:k])) / len(relevant)
