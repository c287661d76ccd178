"""Benchmark of batch staffing on a seeded synthetic programme: solve time, total vs greedy."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from matcher.staffing import (
    Candidate,
    Opening,
    StaffingProblem,
    greedy_staffing,
    solve_staffing,
)

__all__ = ["BenchRun", "StaffingBench", "bench_staffing", "synthetic_problem"]

# Shares of experts speaking each working language: French and Portuguese finance experts are
# the scarce ones the issue talks about.
_LANGUAGES = {"en": 0.9, "fr": 0.25, "es": 0.2, "ar": 0.08, "pt": 0.05, "ru": 0.06}
_SECTORS = 12


def synthetic_problem(
    *,
    assignments: int = 200,
    experts: int = 10_000,
    max_per_expert: int = 2,
    available: float = 0.7,
    seed: int = 0,
) -> StaffingProblem:
    """Build a seeded programme with stars everyone wants, scarce languages and busy seasons.

    An expert is eligible when they speak the working language, know the sector (main or
    second) and pass the other rules, which `available` stands for.
    """
    rng = np.random.default_rng(seed)
    codes = list(_LANGUAGES)
    speaks = np.stack([rng.random(experts) < _LANGUAGES[c] for c in codes], axis=1)
    # Each expert knows one main sector well and a second one somewhat.
    sector = rng.integers(0, _SECTORS, experts)
    second = rng.integers(0, _SECTORS, experts)
    # A few stars fit everything in their sector well, so the same people top most lists.
    quality = rng.beta(2, 5, experts)
    quality[rng.choice(experts, experts // 50, replace=False)] += 0.4
    openings = []
    candidates: list[Candidate] = []
    year = date(2027, 1, 1)
    for i in range(assignments):
        # Most work falls in two busy seasons, so periods overlap often.
        season = int(rng.choice([60, 240])) + int(rng.normal(0, 25))
        start = year + timedelta(days=max(0, season))
        end = start + timedelta(days=int(rng.integers(10, 40)))
        positions = int(rng.choice([1, 1, 1, 2, 2, 3]))
        openings.append(Opening(f"a{i:03d}", positions, start, end, label=f"assignment {i}"))
        language = codes[int(rng.choice(len(codes), p=[0.45, 0.2, 0.12, 0.08, 0.1, 0.05]))]
        wanted = int(rng.integers(0, _SECTORS))
        related = (sector == wanted) | (second == wanted)
        eligible = speaks[:, codes.index(language)] & related & (rng.random(experts) < available)
        # A third of the score is fit to this assignment's own requirements.
        fit = 0.25 * (sector == wanted) + 0.1 * related + 0.3 * quality
        fit += 0.35 * rng.random(experts)
        for e in np.flatnonzero(eligible):
            candidates.append(Candidate(f"a{i:03d}", f"e{e:05d}", float(min(1.0, fit[e]))))
    return StaffingProblem(tuple(openings), tuple(candidates), max_per_expert=max_per_expert)


@dataclass(frozen=True)
class BenchRun:
    """One solve: the candidate limit, time, totals, filled positions and programme size."""

    top_n: int | None
    seconds: float
    total: float
    filled: int
    variables: int
    constraints: int
    status: str

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "top_n": self.top_n,
            "seconds": round(self.seconds, 2),
            "total": round(self.total, 3),
            "filled": self.filled,
            "variables": self.variables,
            "constraints": self.constraints,
            "status": self.status,
        }


@dataclass(frozen=True)
class StaffingBench:
    """Benchmark figures: problem size, greedy baseline and one run per candidate limit."""

    assignments: int
    experts: int
    positions: int
    eligible_pairs: int
    build_seconds: float
    greedy_seconds: float
    greedy_total: float
    greedy_filled: int
    runs: tuple[BenchRun, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "assignments": self.assignments,
            "experts": self.experts,
            "positions": self.positions,
            "eligible_pairs": self.eligible_pairs,
            "build_seconds": round(self.build_seconds, 2),
            "greedy_seconds": round(self.greedy_seconds, 2),
            "greedy_total": round(self.greedy_total, 3),
            "greedy_filled": self.greedy_filled,
            "runs": [run.to_dict() for run in self.runs],
        }

    def table(self) -> str:
        """Return the figures as a Markdown table."""
        lines = [
            f"{self.assignments} assignments ({self.positions} positions) x {self.experts} "
            f"experts, {self.eligible_pairs} eligible pairs",
            "",
            "| solver | candidates kept per assignment | seconds | filled | total fit |",
            "| --- | --- | --- | --- | --- |",
            f"| greedy | all | {self.greedy_seconds:.2f} | {self.greedy_filled} "
            f"| {self.greedy_total:.3f} |",
        ]
        for run in self.runs:
            kept = "exact bound" if run.top_n is None else f"top {run.top_n}"
            lines.append(
                f"| MILP (HiGHS) | {kept} | {run.seconds:.2f} | {run.filled} | {run.total:.3f} |"
            )
        return "\n".join(lines)


def bench_staffing(
    *,
    assignments: int = 200,
    experts: int = 10_000,
    max_per_expert: int = 2,
    available: float = 0.7,
    top_ns: tuple[int | None, ...] = (None, 50, 20),
    seed: int = 0,
) -> StaffingBench:
    """Solve a synthetic programme once per candidate limit and report time and totals."""
    started = time.perf_counter()
    problem = synthetic_problem(
        assignments=assignments,
        experts=experts,
        max_per_expert=max_per_expert,
        available=available,
        seed=seed,
    )
    build = time.perf_counter() - started
    started = time.perf_counter()
    greedy_staffing(problem=problem)
    greedy_seconds = time.perf_counter() - started
    runs = []
    greedy_total, greedy_filled = 0.0, 0
    for top_n in top_ns:
        result = solve_staffing(problem=problem, top_n=top_n)
        greedy_total, greedy_filled = result.greedy_total, result.greedy_filled
        runs.append(
            BenchRun(
                top_n,
                result.seconds,
                result.total,
                result.filled,
                result.variables,
                result.constraints,
                result.status,
            )
        )
    return StaffingBench(
        assignments=assignments,
        experts=experts,
        positions=sum(o.positions for o in problem.openings),
        eligible_pairs=len(problem.candidates),
        build_seconds=build,
        greedy_seconds=greedy_seconds,
        greedy_total=greedy_total,
        greedy_filled=greedy_filled,
        runs=tuple(runs),
    )
