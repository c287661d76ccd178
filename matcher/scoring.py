"""Explanation objects and the scoring rule: named components whose points add up to the score."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from typing import Any

from matcher.codes import REGIONS, country_name, language_name, level_rank
from matcher.errors import ConfigError
from matcher.records import Assignment, Expert, Window
from matcher.rules import RuleResult, check_rules, covered_days

__all__ = [
    "COMPONENTS",
    "DEFAULT_THRESHOLDS",
    "DEFAULT_WEIGHTS",
    "STRENGTHS",
    "Deployment",
    "Evidence",
    "RuleResult",
    "Score",
    "Thresholds",
    "Weights",
    "availability_fit",
    "check_rules",
    "combine",
    "fairness",
    "language_strength",
    "region_experience",
    "sector_experience",
    "seniority",
]

STRENGTHS: tuple[str, ...] = ("strong", "partial", "weak", "missing")
DECIMALS = 6


@dataclass(frozen=True)
class Evidence:
    """The expert's text that best supports one requirement, and how strongly."""

    requirement: str
    kind: str
    text: str
    source: str
    similarity: float
    strength: str

    def to_dict(self) -> dict[str, Any]:
        """Return the evidence as a JSON-ready dict."""
        return {
            "requirement": self.requirement,
            "kind": self.kind,
            "text": self.text,
            "source": self.source,
            "similarity": self.similarity,
            "strength": self.strength,
        }


@dataclass(frozen=True)
class Deployment:
    """A past deployment of an expert, the history that fairness reads."""

    expert_id: str
    assignment_id: str
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class Thresholds:
    """Cosine similarities at which evidence counts as strong, partial or weak.

    Calibrated on municipal-dev: for required skills, half of the ideal (grade 3) experts'
    best texts reach 0.55, while 0.42 and 0.30 are the 92nd and 70th percentiles of the
    best texts of experts judged not relevant.
    """

    strong: float = 0.55
    partial: float = 0.42
    weak: float = 0.3

    def label(self, similarity: float) -> str:
        """Return the strength label of a similarity."""
        if similarity >= self.strong:
            return "strong"
        if similarity >= self.partial:
            return "partial"
        if similarity >= self.weak:
            return "weak"
        return "missing"


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class Weights:
    """Points each component can give; all but fairness add up to 1 - fairness."""

    coverage: float = 0.11
    fit: float = 0.46
    terms: float = 0.04
    region: float = 0.05
    language: float = 0.04
    seniority: float = 0.02
    availability: float = 0.03
    sector: float = 0.23
    fairness: float = 0.02

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
                raise ConfigError(f"weight {f.name} must be a number >= 0, not {value!r}")
        if not math.isclose(sum(self.to_dict().values()), 1.0, abs_tol=1e-6):
            raise ConfigError(
                f"weights must add up to 1, not {sum(self.to_dict().values()):.6f} "
                "(Weights.from_mapping scales them)"
            )

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, float], *, scale: bool = True) -> Weights:
        """Build weights from a mapping; missing names are 0, and the total is scaled to 1."""
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(mapping) - names)
        if unknown:
            raise ConfigError(f"unknown weight(s) {', '.join(unknown)}; known: {sorted(names)}")
        values = {name: float(mapping.get(name, 0.0)) for name in names}
        total = sum(values.values())
        if scale:
            if total <= 0:
                raise ConfigError("weights must not all be 0")
            values = {name: value / total for name, value in values.items()}
        return cls(**values)

    def to_dict(self) -> dict[str, float]:
        """Return the weights by component name."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


DEFAULT_WEIGHTS = Weights()
"""Defaults chosen on the development benchmarks (see README, "Matching engine")."""

COMPONENTS: tuple[str, ...] = tuple(f.name for f in fields(Weights))


@dataclass(frozen=True)
class Score:
    """The score of one expert for one assignment, with everything that explains it."""

    assignment_id: str
    expert_id: str
    score: float
    eligible: bool
    failed_rules: tuple[str, ...]
    rules: tuple[RuleResult, ...]
    components: dict[str, float]
    evidence: tuple[Evidence, ...]
    summary: str
    values: dict[str, float] = field(default_factory=dict, compare=False)
    """Each component's value before weighting (what weight learning reads)."""
    details: dict[str, float] = field(default_factory=dict, compare=False)
    """Measurements behind the values, e.g. the three parts of fit."""

    def to_dict(self) -> dict[str, Any]:
        """Return the FORMATS.md Score record plus rules and summary, ready for json.dumps."""
        return {
            "assignment_id": self.assignment_id,
            "expert_id": self.expert_id,
            "score": self.score,
            "eligible": self.eligible,
            "failed_rules": list(self.failed_rules),
            "components": dict(self.components),
            "evidence": [e.to_dict() for e in self.evidence],
            "rules": [r.to_dict() for r in self.rules],
            "summary": self.summary,
        }


def combine(values: Mapping[str, float], weights: Weights) -> tuple[float, dict[str, float]]:
    """Turn component values in [0, 1] (fairness in [-1, 1]) into points and their exact sum."""
    points = {}
    for name, weight in weights.to_dict().items():
        if name == "fairness":
            continue
        value = min(1.0, max(0.0, values.get(name, 0.0)))
        points[name] = round(weight * value, DECIMALS)
    base = math.fsum(points.values())
    lift = min(1.0, max(-1.0, values.get("fairness", 0.0)))
    points["fairness"] = round(max(weights.fairness * lift, -base), DECIMALS)
    total = math.fsum(points.values())
    return min(1.0, max(0.0, total)), points


def region_experience(expert: Expert, assignment: Assignment) -> float:
    """Return 1 for work in the assignment's country, 0.5 in its region, else 0."""
    if not assignment.country:
        return 0.0
    countries = expert.all_countries()
    if assignment.country in countries:
        return 1.0
    region = REGIONS.get(assignment.country)
    if region and any(REGIONS.get(c) == region for c in countries):
        return 0.5
    return 0.0


def language_strength(expert: Expert, assignment: Assignment) -> float:
    """Return how far above the required levels the expert speaks (0 at the minimum, 1 native)."""
    top = level_rank("native")
    strengths = []
    for need in assignment.languages:
        has = expert.language_level(need.code)
        if has is None:
            strengths.append(0.0)
            continue
        room = top - level_rank(need.level)
        gain = level_rank(has) - level_rank(need.level)
        strengths.append(1.0 if room <= 0 and gain >= 0 else max(0.0, gain / max(room, 1)))
    return sum(strengths) / len(strengths) if strengths else 0.0


def seniority(expert: Expert, assignment: Assignment) -> float:
    """Return a saturating measure of years of experience (10 years = 0.5)."""
    years = max(0, expert.years_experience)
    return years / (years + 10)


def sector_experience(expert: Expert, assignment: Assignment) -> float:
    """Return 1 when the expert lists the assignment's sector, else 0."""
    return 1.0 if assignment.sector and assignment.sector in expert.sectors else 0.0


def availability_fit(
    expert: Expert, assignment: Assignment, rule: RuleResult | None = None
) -> float:
    """Return the share of the assignment period the expert is available (unstated = 0.5)."""
    status = rule.status if rule else None
    if assignment.start is None and assignment.end is None:
        return 1.0
    if not expert.availability or status == "unconfirmed":
        return 0.5
    start = assignment.start or assignment.end
    end = assignment.end or assignment.start
    assert start is not None and end is not None
    return covered_days(expert.availability, Window(start, end)) / ((end - start).days + 1)


def fairness(deployments: Sequence[Deployment], *, known: bool, today: date | None = None) -> float:
    """Return a lift in [-1, 1]: +1 never deployed, less with deployments, below 0 when busy.

    Without a known history (known=False and no deployments) the value is 0, so a matcher
    with no history at all ranks exactly as without the fairness component.
    """
    if not deployments:
        return 1.0 if known else 0.0
    today = today or date.today()
    year_ago = today - timedelta(days=365)
    recent = sum(1 for d in deployments if (d.end or d.start or today) >= year_ago)
    if recent == 0:
        return 0.5
    return 0.0 if recent == 1 else -min(1.0, (recent - 1) / 2)


def summarize(
    expert: Expert,
    assignment: Assignment,
    evidence: Sequence[Evidence],
    rules: Sequence[RuleResult],
) -> str:
    """Write the one-line summary of a match for a coordinator."""
    failed = [r.message for r in rules if r.status == "failed"]
    if failed:
        return "not eligible: " + "; ".join(failed)
    covered = sum(1 for e in evidence if e.strength in ("strong", "partial"))
    parts = [f"covers {covered} of {len(evidence)} requirement{'s' * (len(evidence) != 1)}"]
    for need in assignment.languages:
        level = expert.language_level(need.code)
        if level:
            parts.append(f"{language_name(need.code)} {level}")
    if assignment.country:
        if assignment.country in expert.all_countries():
            parts.append(f"worked in {country_name(assignment.country)}")
        elif region_experience(expert, assignment) > 0:
            parts.append(f"worked in {REGIONS[assignment.country]}")
    if sector_experience(expert, assignment):
        parts.append(f"{assignment.sector} sector")
    parts.extend(
        f"availability {r.status}" for r in rules if r.status in ("partial", "unconfirmed")
    )
    return "; ".join(parts)
