"""Team coverage: how well a group of experts covers an assignment's requirements together."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "RequirementCover",
    "TeamCoverage",
    "choose_team",
    "team_coverage",
    "team_value",
]


@dataclass(frozen=True)
class RequirementCover:
    """One requirement, the team member who covers it best, and how strongly (0..1)."""

    requirement: str
    weight: float
    expert_id: str | None
    strength: float

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "requirement": self.requirement,
            "weight": self.weight,
            "expert_id": self.expert_id,
            "strength": round(self.strength, 4),
        }


@dataclass(frozen=True)
class TeamCoverage:
    """Requirement-by-requirement coverage of a team; `coverage` is the weighted mean (0..1)."""

    members: tuple[str, ...]
    requirements: tuple[RequirementCover, ...]
    coverage: float

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "members": list(self.members),
            "coverage": round(self.coverage, 4),
            "requirements": [item.to_dict() for item in self.requirements],
        }


def team_coverage(
    *,
    requirements: Mapping[str, float],
    strengths: Mapping[str, Mapping[str, float]],
    team: Sequence[str],
) -> TeamCoverage:
    """Return, for each requirement, the member covering it best; strengths[expert][requirement]."""
    covers = []
    total_weight = sum(requirements.values())
    weighted = 0.0
    for requirement, weight in requirements.items():
        best_id: str | None = None
        best = 0.0
        for expert_id in team:
            strength = strengths.get(expert_id, {}).get(requirement, 0.0)
            if strength > best:
                best_id, best = expert_id, strength
        covers.append(RequirementCover(requirement, weight, best_id, best))
        weighted += weight * best
    coverage = weighted / total_weight if total_weight > 0 else 0.0
    return TeamCoverage(tuple(team), tuple(covers), coverage)


def team_value(
    *,
    team: Sequence[str],
    scores: Mapping[str, float],
    requirements: Mapping[str, float],
    strengths: Mapping[str, Mapping[str, float]],
    size: int,
    coverage_weight: float,
) -> float:
    """Return the sum of the members' scores plus coverage_weight x size x team coverage."""
    cover = team_coverage(requirements=requirements, strengths=strengths, team=team).coverage
    return sum(scores[e] for e in team) + coverage_weight * size * cover


def choose_team(
    *,
    size: int,
    scores: Mapping[str, float],
    requirements: Mapping[str, float],
    strengths: Mapping[str, Mapping[str, float]],
    coverage_weight: float = 0.5,
    include: Sequence[str] = (),
) -> tuple[str, ...]:
    """Pick up to `size` experts for one assignment by greatest marginal gain of team value.

    The value (sum of scores plus weighted coverage, a facility-location function) is monotone
    submodular, so this greedy choice is within (1 - 1/e) of the best team of that size; the
    batch solver in matcher.staffing optimises the same value exactly across assignments.
    """
    team = [e for e in include if e in scores][:size]
    pool = sorted(e for e in scores if e not in team)
    while len(team) < size and pool:

        def gain(expert_id: str) -> float:
            return team_value(
                team=[*team, expert_id],
                scores=scores,
                requirements=requirements,
                strengths=strengths,
                size=size,
                coverage_weight=coverage_weight,
            )

        best = max(pool, key=gain)
        team.append(best)
        pool.remove(best)
    return tuple(team)
