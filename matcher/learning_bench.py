"""Benchmark of weight learning on seeded synthetic decisions: before/after, held out by time."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

import numpy as np

from matcher.learning import Decision, LearningReport, learn_weights
from matcher.scoring import COMPONENTS, DEFAULT_WEIGHTS, Weights

__all__ = ["COORDINATOR_TASTE", "bench_learning", "synthetic_decisions"]

COORDINATOR_TASTE: dict[str, float] = {
    "coverage": 0.3,
    "fit": 0.15,
    "terms": 0.0,
    "region": 0.2,
    "language": 0.15,
    "seniority": 0.08,
    "availability": 0.05,
    "sector": 0.07,
    "fairness": 0.0,
}
"""What the synthetic coordinators value: more local experience and language, fewer keywords."""


def synthetic_decisions(
    *,
    assignments: int = 400,
    candidates: int = 15,
    shortlist: int = 3,
    taste: Mapping[str, float] = COORDINATOR_TASTE,
    noise: float = 0.04,
    seed: int = 0,
) -> list[Decision]:
    """Return decisions of coordinators who shortlist the best few by their own taste, plus noise.

    Each assignment shows `candidates` experts with random component values; the best
    `shortlist` by taste (with Gumbel noise) are shortlisted, invited or accepted, a few of the
    rest declined for lack of skills, and the others left as suggestions (passed over).
    """
    rng = np.random.default_rng(seed)
    start = datetime(2025, 1, 6, 9, 0)
    weight = np.array([taste.get(name, 0.0) for name in COMPONENTS])
    decisions = []
    for a in range(assignments):
        at = start + timedelta(days=2 * a)
        coverage = rng.beta(2, 3, candidates)
        values = {
            "coverage": coverage,
            "fit": np.clip(0.6 * coverage + 0.4 * rng.random(candidates), 0, 1),
            "terms": rng.beta(1, 4, candidates),
            "region": rng.choice([0.0, 0.5, 1.0], candidates, p=[0.6, 0.25, 0.15]),
            "language": rng.random(candidates),
            "seniority": rng.uniform(0.2, 0.8, candidates),
            "availability": rng.choice([0.5, 1.0], candidates, p=[0.3, 0.7]),
            "sector": rng.choice([0.0, 1.0], candidates, p=[0.5, 0.5]),
            "fairness": rng.choice([1.0, 0.5, 0.0, -0.5], candidates),
        }
        matrix = np.stack([values[name] for name in COMPONENTS], axis=1)
        taste_score = matrix @ weight + noise * rng.gumbel(size=candidates)
        order = np.argsort(-taste_score)
        for rank, i in enumerate(order):
            if rank < shortlist:
                status, reason = ("shortlisted", "invited", "accepted")[rank % 3], None
            elif rng.random() < 0.15:
                status, reason = "declined", "skills_mismatch"
            else:
                status, reason = "suggested", None
            decisions.append(
                Decision(
                    assignment_id=f"a{a:04d}",
                    expert_id=f"e{a:04d}-{i:02d}",
                    status=status,
                    at=at + timedelta(hours=rank),
                    values={name: float(values[name][i]) for name in COMPONENTS},
                    reason=reason,
                )
            )
    return decisions


def bench_learning(
    *, current: Weights = DEFAULT_WEIGHTS, seed: int = 0, test_share: float = 0.3
) -> LearningReport:
    """Learn weights from synthetic decisions and measure before/after on the later ones."""
    return learn_weights(
        decisions=synthetic_decisions(seed=seed), current=current, test_share=test_share
    )
