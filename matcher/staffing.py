"""Batch staffing: propose who goes where across many assignments at once, and say why not.

The solver works on scores alone, never on texts or vectors: a set of openings (assignment id,
positions, period), the eligible (assignment, expert) pairs with their scores, a cap on offers
per expert, and the coordinator's edits (locked and forbidden pairs). It is a mixed-integer
programme solved by HiGHS through scipy.optimize.milp:

- x[a, e] in {0, 1} for each eligible pair;
- sum_e x[a, e] <= positions[a];
- sum_a x[a, e] <= max_per_expert;
- no expert in two openings whose periods overlap: one row per maximal set of mutually
  overlapping periods of that expert's candidate openings (a sweep over sorted dates), far
  fewer rows than one per overlapping pair;
- objective, lexicographic: first as many filled positions as possible, then the highest
  total score (two solves; the second keeps the count of the first).

Periods include both ends. An opening without dates is not time-bound and overlaps nothing;
one stated date stands for both ends, as in the availability rule (matcher.rules).
"""

from __future__ import annotations

import math
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from matcher.errors import MatcherError
from matcher.records import Window
from matcher.teams import TeamCoverage, team_coverage

__all__ = [
    "OBJECTIVES",
    "SOLVERS",
    "Blocker",
    "Candidate",
    "Commitment",
    "Opening",
    "Placement",
    "PlanEvaluation",
    "StaffingError",
    "StaffingProblem",
    "StaffingResult",
    "Unfilled",
    "Violation",
    "candidate_bounds",
    "evaluate_plan",
    "greedy_staffing",
    "periods_overlap",
    "solve_staffing",
]

Pair = tuple[str, str]
"""(assignment_id, expert_id)."""

OBJECTIVES: tuple[str, ...] = ("fill_first", "total")

TEAM_POOL = 10
"""Candidates kept per position, by score and by each requirement, when teams are optimised."""


class StaffingError(MatcherError, ValueError):
    """A staffing problem cannot be solved as given (unknown ids, contradictory locks)."""


def periods_overlap(first: Window | None, second: Window | None) -> bool:
    """Return True when two periods share a day; None (no dates) overlaps nothing."""
    return first is not None and second is not None and first.overlaps(second)


def _span(start: date | None, end: date | None) -> Window | None:
    """Return the period; one stated date stands for both ends, none means not time-bound."""
    first, last = start or end, end or start
    return Window(first, last) if first is not None and last is not None else None


@dataclass(frozen=True)
class Opening:
    """An assignment to staff: positions, period, and the words that explain it."""

    id: str
    positions: int = 1
    start: date | None = None
    end: date | None = None
    # How reasons name it ("Maputo water utility") and what it asks for ("Portuguese C1,
    # in-country travel, 2027-03-01 to 2027-03-20"); both only feed the sentences.
    label: str = ""
    needs: str = ""
    # Requirement text -> weight, for team coverage on multi-position openings.
    requirements: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.positions < 1:
            raise StaffingError(f"opening {self.id}: positions must be at least 1")
        if self.start and self.end and self.end < self.start:
            raise StaffingError(f"opening {self.id}: end {self.end} is before start {self.start}")

    @property
    def span(self) -> Window | None:
        """Return the period, or None when the opening is not time-bound."""
        return _span(self.start, self.end)

    @property
    def name(self) -> str:
        """Return how an explanation names this opening."""
        return f"{self.label} ({self.id})" if self.label else self.id


@dataclass(frozen=True)
class Candidate:
    """An eligible (assignment, expert) pair, its score in [0, 1] and requirement strengths."""

    assignment_id: str
    expert_id: str
    score: float
    strengths: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Commitment:
    """A period an expert is already engaged outside the batch (e.g. an accepted assignment)."""

    expert_id: str
    label: str
    start: date | None = None
    end: date | None = None

    @property
    def span(self) -> Window | None:
        """Return the period, or None when it is not time-bound."""
        return _span(self.start, self.end)


@dataclass(frozen=True)
class StaffingProblem:
    """Everything the solver needs: openings, eligible pairs, the cap, and the coordinator's edits.

    `exclusions` maps an opening id to {rule name: number of experts it excluded}; it only feeds
    the explanation of openings that few experts qualify for. `first_timers` are volunteers never
    deployed, `experienced` are experts deployed before; with `pair_first_timers`, a first-timer
    on a multi-position opening needs at least one experienced expert beside them.
    """

    openings: tuple[Opening, ...]
    candidates: tuple[Candidate, ...]
    max_per_expert: int = 1
    locked: frozenset[Pair] = frozenset()
    forbidden: frozenset[Pair] = frozenset()
    commitments: tuple[Commitment, ...] = ()
    exclusions: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    first_timers: frozenset[str] = frozenset()
    experienced: frozenset[str] = frozenset()
    pair_first_timers: bool = False

    def __post_init__(self) -> None:
        for name in ("openings", "candidates", "commitments"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        for name in ("locked", "forbidden", "first_timers", "experienced"):
            object.__setattr__(self, name, frozenset(getattr(self, name)))
        if self.max_per_expert < 1:
            raise StaffingError("max_per_expert must be at least 1")
        ids = [o.id for o in self.openings]
        if len(set(ids)) != len(ids):
            duplicate = next(i for i, n in Counter(ids).items() if n > 1)
            raise StaffingError(f"opening {duplicate} is listed twice")
        known = set(ids)
        seen: set[Pair] = set()
        for c in self.candidates:
            pair = (c.assignment_id, c.expert_id)
            if c.assignment_id not in known:
                raise StaffingError(
                    f"candidate {c.expert_id} for unknown opening {c.assignment_id}"
                )
            if pair in seen:
                raise StaffingError(
                    f"candidate {c.expert_id} for {c.assignment_id} is listed twice"
                )
            if not math.isfinite(c.score):
                raise StaffingError(
                    f"candidate {c.expert_id} for {c.assignment_id}: score is not finite"
                )
            seen.add(pair)
        for a, e in self.locked:
            if (a, e) not in seen:
                raise StaffingError(f"cannot lock {e} on {a}: not an eligible candidate")
            if (a, e) in self.forbidden:
                raise StaffingError(f"{e} on {a} is both locked and forbidden")


@dataclass(frozen=True)
class Placement:
    """The experts proposed for one opening, best score first, with the team's coverage."""

    assignment_id: str
    expert_ids: tuple[str, ...]
    scores: tuple[float, ...]
    coverage: TeamCoverage | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        d: dict[str, Any] = {
            "assignment_id": self.assignment_id,
            "expert_ids": list(self.expert_ids),
            "scores": [round(s, 6) for s in self.scores],
        }
        if self.coverage is not None:
            d["coverage"] = self.coverage.to_dict()
        return d


BLOCKER_CAUSES: dict[str, str] = {
    "overlap": "proposed for an overlapping assignment",
    "cap": "already at the offer limit",
    "committed": "already committed elsewhere in that period",
    "forbidden": "set aside by the coordinator",
    "unpaired": "first-time volunteer with no experienced partner available",
    "not_considered": "outside the candidates kept for the solver",
    "not_chosen": "available but not proposed",
}
"""Why an eligible expert is not proposed for an opening that still has open positions."""


@dataclass(frozen=True)
class Blocker:
    """Why one eligible expert is not proposed for an unfilled opening."""

    expert_id: str
    cause: str
    assignment_ids: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "expert_id": self.expert_id,
            "cause": self.cause,
            "assignment_ids": list(self.assignment_ids),
        }


@dataclass(frozen=True)
class Unfilled:
    """An opening with positions left open, how many qualify, and a sentence saying why."""

    assignment_id: str
    open_positions: int
    reason: str
    eligible: int
    blockers: tuple[Blocker, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "assignment_id": self.assignment_id,
            "open_positions": self.open_positions,
            "reason": self.reason,
            "eligible": self.eligible,
            "blockers": [b.to_dict() for b in self.blockers],
        }


@dataclass(frozen=True)
class Violation:
    """One way a plan breaks the rules: kind, the pair concerned, and a sentence."""

    kind: str
    assignment_id: str
    expert_id: str | None
    message: str

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "kind": self.kind,
            "assignment_id": self.assignment_id,
            "expert_id": self.expert_id,
            "message": self.message,
        }


@dataclass(frozen=True)
class PlanEvaluation:
    """Totals, rule violations and open positions of a plan (e.g. one a coordinator edited)."""

    plan: tuple[Placement, ...]
    unfilled: tuple[Unfilled, ...]
    violations: tuple[Violation, ...]
    total: float
    filled: int
    positions: int

    @property
    def feasible(self) -> bool:
        """Return True when the plan breaks no rule."""
        return not self.violations

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "plan": [p.to_dict() for p in self.plan],
            "unfilled": [u.to_dict() for u in self.unfilled],
            "violations": [v.to_dict() for v in self.violations],
            "total": round(self.total, 6),
            "filled": self.filled,
            "positions": self.positions,
            "feasible": self.feasible,
        }


@dataclass(frozen=True)
class StaffingResult:
    """A proposal: who goes where, what stays open and why, and the greedy total beside it."""

    plan: tuple[Placement, ...]
    unfilled: tuple[Unfilled, ...]
    total: float
    greedy_total: float
    filled: int
    greedy_filled: int
    positions: int
    status: str
    seconds: float
    variables: int
    constraints: int

    def to_dict(self) -> dict[str, Any]:
        """Return the command line's JSON object (plan, unfilled, total, greedy_total, ...)."""
        return {
            "plan": [p.to_dict() for p in self.plan],
            "unfilled": [u.to_dict() for u in self.unfilled],
            "total": round(self.total, 6),
            "greedy_total": round(self.greedy_total, 6),
            "filled": self.filled,
            "greedy_filled": self.greedy_filled,
            "positions": self.positions,
            "status": self.status,
            "seconds": round(self.seconds, 3),
            "variables": self.variables,
            "constraints": self.constraints,
        }


class _Index:
    """Look-ups shared by the solver, the greedy baseline, plan checks and explanations."""

    def __init__(self, problem: StaffingProblem) -> None:
        self.problem = problem
        self.openings = {o.id: o for o in problem.openings}
        self.order = {o.id: i for i, o in enumerate(problem.openings)}
        self.candidates = {(c.assignment_id, c.expert_id): c for c in problem.candidates}
        self.by_opening: dict[str, list[Candidate]] = defaultdict(list)
        for c in problem.candidates:
            self.by_opening[c.assignment_id].append(c)
        commitments: dict[str, list[Commitment]] = defaultdict(list)
        for commitment in problem.commitments:
            commitments[commitment.expert_id].append(commitment)
        # Pairs the solver may not use, with the reason an explanation gives for each.
        self.blocked: dict[Pair, Blocker] = {}
        for (a, e), _ in self.candidates.items():
            if (a, e) in problem.forbidden:
                self.blocked[(a, e)] = Blocker(e, "forbidden")
                continue
            clashes = [
                c.label
                for c in commitments.get(e, ())
                if periods_overlap(c.span, self.openings[a].span)
            ]
            if clashes:
                self.blocked[(a, e)] = Blocker(e, "committed", tuple(clashes))
        for pair in problem.locked:
            if pair in self.blocked:
                raise StaffingError(
                    f"cannot lock {pair[1]} on {pair[0]}: committed elsewhere in that period"
                )

    def usable(self) -> list[Candidate]:
        """Return the candidates the solver may choose from, in problem order."""
        return [
            c for c in self.problem.candidates if (c.assignment_id, c.expert_id) not in self.blocked
        ]

    def needs_partner(self, assignment_id: str, expert_id: str) -> bool:
        """Return True when this expert may only join this opening beside an experienced one."""
        return (
            self.problem.pair_first_timers
            and self.openings[assignment_id].positions > 1
            and expert_id in self.problem.first_timers
        )


class _PlanState:
    """A plan being built or checked; one place that knows the staffing rules."""

    def __init__(self, index: _Index) -> None:
        self.index = index
        self.members: dict[str, list[str]] = defaultdict(list)
        self.offers: dict[str, list[str]] = defaultdict(list)

    def problem_with(self, assignment_id: str, expert_id: str) -> Violation | None:
        """Return the first rule that adding this pair would break, or None."""
        index = self.index
        opening = index.openings.get(assignment_id)
        if opening is None:
            return Violation(
                "unknown_assignment",
                assignment_id,
                expert_id,
                f"{assignment_id} is not in the batch",
            )
        pair = (assignment_id, expert_id)
        if pair not in index.candidates:
            return Violation(
                "ineligible",
                assignment_id,
                expert_id,
                f"{expert_id} is not eligible for {opening.name}",
            )
        blocker = index.blocked.get(pair)
        if blocker is not None and blocker.cause == "forbidden":
            return Violation(
                "forbidden",
                assignment_id,
                expert_id,
                f"{expert_id} was set aside for {opening.name}",
            )
        if blocker is not None:
            return Violation(
                "committed",
                assignment_id,
                expert_id,
                f"{expert_id} is committed to {', '.join(blocker.assignment_ids)} in that period",
            )
        if expert_id in self.members[assignment_id]:
            return Violation(
                "duplicate",
                assignment_id,
                expert_id,
                f"{expert_id} is listed twice for {opening.name}",
            )
        if len(self.members[assignment_id]) >= opening.positions:
            return Violation(
                "over_positions",
                assignment_id,
                expert_id,
                f"{opening.name} has only {opening.positions} position(s)",
            )
        offers = self.offers[expert_id]
        if len(offers) >= index.problem.max_per_expert:
            return Violation(
                "over_cap",
                assignment_id,
                expert_id,
                f"{expert_id} would get more than {index.problem.max_per_expert} offer(s)",
            )
        clash = [b for b in offers if periods_overlap(index.openings[b].span, opening.span)]
        if clash:
            names = ", ".join(index.openings[b].name for b in clash)
            return Violation(
                "overlap",
                assignment_id,
                expert_id,
                f"{expert_id} is also proposed for {names}, whose period overlaps {opening.name}",
            )
        return None

    def add(self, assignment_id: str, expert_id: str) -> None:
        """Record the pair in the plan."""
        self.members[assignment_id].append(expert_id)
        self.offers[expert_id].append(assignment_id)

    def has_experienced(self, assignment_id: str) -> bool:
        """Return True when an experienced expert is already proposed for the opening."""
        experienced = self.index.problem.experienced
        return any(e in experienced for e in self.members[assignment_id])

    def unpaired(self) -> list[Violation]:
        """Return a violation for each first-timer left without an experienced partner."""
        return [
            Violation(
                "unpaired",
                a,
                e,
                f"first-time volunteer {e} has no experienced partner on "
                f"{self.index.openings[a].name}",
            )
            for a, members in self.members.items()
            for e in members
            if self.index.needs_partner(a, e) and not self.has_experienced(a)
        ]


def greedy_staffing(*, problem: StaffingProblem) -> list[Pair]:
    """Return the pairs a greedy pass takes: locked pairs, then best score first when allowed."""
    return _greedy(_Index(problem))


def _greedy(index: _Index) -> list[Pair]:
    """Take the locked pairs, then each pair best score first when no rule forbids it."""
    problem = index.problem
    state = _PlanState(index)
    chosen: list[Pair] = []
    for a, e in sorted(problem.locked, key=lambda p: (index.order[p[0]], p[1])):
        state.add(a, e)
        chosen.append((a, e))
    for c in sorted(index.usable(), key=lambda c: (-c.score, c.assignment_id, c.expert_id)):
        pair = (c.assignment_id, c.expert_id)
        if pair in problem.locked or state.problem_with(*pair) is not None:
            continue
        if index.needs_partner(*pair) and not state.has_experienced(c.assignment_id):
            continue
        state.add(*pair)
        chosen.append(pair)
    return chosen


def candidate_bounds(*, problem: StaffingProblem) -> dict[str, int]:
    """Return, per opening, how many best candidates suffice for an exact optimum.

    If an optimal plan uses an expert outside an opening's K best, one of those K is free to
    take the place at no loss, once K exceeds the experts that can be blocked: the opening's
    other members (p_a - 1), experts at their cap (at most P_other // cap, P_other = positions
    of the other openings), and experts proposed for an overlapping opening (at most their
    positions); with a cap of 1 the last two are one set of at most P_other experts.
    """
    openings = problem.openings
    positions = np.array([o.positions for o in openings], dtype=np.int64)
    if not openings:
        return {}
    spans = [o.span for o in openings]
    lo = np.array([s.start.toordinal() if s else 0 for s in spans])
    hi = np.array([s.end.toordinal() if s else -1 for s in spans])
    timed = np.array([s is not None for s in spans])
    overlap = (lo[:, None] <= hi[None, :]) & (lo[None, :] <= hi[:, None])
    overlap &= timed[:, None] & timed[None, :]
    np.fill_diagonal(overlap, False)
    overlapping = overlap.astype(np.int64) @ positions
    others = positions.sum() - positions
    blocked = np.minimum(others, others // problem.max_per_expert + overlapping)
    return {o.id: int(positions[i] + blocked[i]) for i, o in enumerate(openings)}


def _strength_of(requirement: str) -> Callable[[Candidate], float]:
    """Return a key giving a candidate's strength on one requirement."""
    return lambda c: c.strengths.get(requirement, 0.0)


def _kept(
    index: _Index, usable: list[Candidate], top_n: int | None, team_weight: float
) -> list[Candidate]:
    """Return the candidates the solver considers: each opening's best, per class of expert."""
    problem = index.problem
    bounds = candidate_bounds(problem=problem)
    by_opening: dict[str, list[Candidate]] = defaultdict(list)
    for c in usable:
        by_opening[c.assignment_id].append(c)
    keep: set[Pair] = set(problem.locked)
    for a, cands in by_opening.items():
        opening = index.openings[a]
        limit = bounds[a] if top_n is None else min(bounds[a], max(top_n, opening.positions))
        teamed = team_weight > 0 and opening.positions > 1 and bool(opening.requirements)
        if teamed:
            # Coverage is no score order, so no bound is exact here: keep a wider pool, by
            # score and by each requirement's strength.
            limit = max(limit, TEAM_POOL * opening.positions)
        if len(cands) <= limit:
            keep.update((a, c.expert_id) for c in cands)
            continue
        # Swapping within a class keeps the first-timer pairing intact, so keeping each class's
        # best keeps the bound exact under that rule too.
        groups: list[list[Candidate]] = [cands]
        if problem.pair_first_timers and opening.positions > 1:
            groups = [
                [c for c in cands if c.expert_id in problem.first_timers],
                [c for c in cands if c.expert_id in problem.experienced],
                [
                    c
                    for c in cands
                    if c.expert_id not in problem.first_timers
                    and c.expert_id not in problem.experienced
                ],
            ]
        rankers: list[Callable[[Candidate], float]] = [lambda c: c.score]
        if teamed:
            rankers += [_strength_of(r) for r in opening.requirements]
        for group in groups:
            for rank in rankers:
                best = sorted(group, key=lambda c: (-rank(c), c.expert_id))[:limit]
                keep.update((a, c.expert_id) for c in best)
    return [c for c in usable if (c.assignment_id, c.expert_id) in keep]


def _interval_cliques(spans: Sequence[tuple[int, Window]]) -> list[list[int]]:
    """Return the maximal sets of mutually overlapping periods (inclusive), by a sweep."""
    # Starts sort before ends on the same day: periods sharing one day overlap.
    events = sorted(
        [(span.start, 0, key) for key, span in spans] + [(span.end, 1, key) for key, span in spans]
    )
    active: set[int] = set()
    cliques: list[list[int]] = []
    grew = False
    for _, kind, key in events:
        if kind == 0:
            active.add(key)
            grew = True
        else:
            # The active set just before the first end after a run of starts is maximal.
            if grew and len(active) > 1:
                cliques.append(sorted(active))
            grew = False
            active.discard(key)
    return cliques


_Row = tuple[list[tuple[int, float]], float, float]
"""A constraint row: (column, coefficient) entries, lower bound, upper bound."""


@dataclass
class _Model:
    """The MILP over kept candidates: columns x (pairs) then y (team coverage), and rows."""

    pairs: list[Candidate]
    rows: list[list[tuple[int, float]]] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    lower: list[float] = field(default_factory=list)
    team_gain: list[float] = field(default_factory=list)

    def row(self, entries: list[tuple[int, float]], lower: float, upper: float) -> None:
        self.rows.append(entries)
        self.lower.append(lower)
        self.upper.append(upper)

    @property
    def columns(self) -> int:
        return len(self.pairs) + len(self.team_gain)

    def constraint(self, extra: list[_Row]) -> LinearConstraint:
        rows = self.rows + [entries for entries, _, _ in extra]
        lower = self.lower + [lo for _, lo, _ in extra]
        upper = self.upper + [hi for _, _, hi in extra]
        r = [i for i, entries in enumerate(rows) for _ in entries]
        c = [col for entries in rows for col, _ in entries]
        v = [val for entries in rows for _, val in entries]
        matrix = sparse.csr_array((v, (r, c)), shape=(len(rows), self.columns))
        return LinearConstraint(matrix, np.array(lower), np.array(upper))


def _build_model(index: _Index, pairs: list[Candidate], team_weight: float) -> _Model:
    """Write the rows of the staffing programme for the kept candidates."""
    problem = index.problem
    model = _Model(pairs)
    by_opening: dict[str, list[int]] = defaultdict(list)
    by_expert: dict[str, list[int]] = defaultdict(list)
    for col, c in enumerate(pairs):
        by_opening[c.assignment_id].append(col)
        by_expert[c.expert_id].append(col)
    for a, cols in by_opening.items():
        if len(cols) > index.openings[a].positions:
            model.row([(col, 1.0) for col in cols], 0.0, index.openings[a].positions)
    cap = problem.max_per_expert
    for cols in by_expert.values():
        if len(cols) > cap:
            model.row([(col, 1.0) for col in cols], 0.0, cap)
        if len(cols) > 1 and cap > 1:
            spans = [
                (col, span)
                for col in cols
                if (span := index.openings[pairs[col].assignment_id].span) is not None
            ]
            for clique in _interval_cliques(spans):
                model.row([(col, 1.0) for col in clique], 0.0, 1.0)
    if problem.pair_first_timers:
        for a, cols in by_opening.items():
            mentors = [col for col in cols if pairs[col].expert_id in problem.experienced]
            for col in cols:
                if index.needs_partner(a, pairs[col].expert_id):
                    model.row([(col, 1.0)] + [(m, -1.0) for m in mentors], -np.inf, 0.0)
    if team_weight > 0:
        _add_team_columns(index, model, by_opening, team_weight)
    return model


def _add_team_columns(
    index: _Index, model: _Model, by_opening: Mapping[str, list[int]], team_weight: float
) -> None:
    """Add y[a, r, e] <= x[a, e], sum_e y[a, r, e] <= 1: each requirement's best member counts."""
    pairs = model.pairs
    for a, cols in by_opening.items():
        opening = index.openings[a]
        total = sum(opening.requirements.values())
        if opening.positions < 2 or total <= 0:
            continue
        for requirement, weight in opening.requirements.items():
            chosen: list[tuple[int, float]] = []
            for col in cols:
                strength = pairs[col].strengths.get(requirement, 0.0)
                if strength <= 0:
                    continue
                y = model.columns
                model.team_gain.append(team_weight * opening.positions * weight / total * strength)
                model.row([(y, 1.0), (col, -1.0)], -np.inf, 0.0)
                chosen.append((y, 1.0))
            if chosen:
                model.row(chosen, 0.0, 1.0)


@dataclass(frozen=True)
class _Outcome:
    """What a solver chose, how sure it is, the programme's size, and the pairs it considered."""

    chosen: list[Pair]
    status: str
    variables: int = 0
    constraints: int = 0
    considered: frozenset[Pair] | None = None


class StaffingSolver(Protocol):
    """Choose the pairs of a staffing plan."""

    def __call__(
        self,
        index: _Index,
        *,
        objective: str,
        top_n: int | None,
        team_weight: float,
        time_limit: float,
    ) -> _Outcome: ...


def _solve_milp(
    index: _Index,
    *,
    objective: str,
    top_n: int | None,
    team_weight: float,
    time_limit: float,
) -> _Outcome:
    """Solve the staffing programme exactly with HiGHS, filling the most positions first."""
    pairs = _kept(index, index.usable(), top_n, team_weight)
    considered = frozenset((c.assignment_id, c.expert_id) for c in pairs)
    n = len(pairs)
    if n == 0:
        return _Outcome([], "optimal", considered=considered)
    model = _build_model(index, pairs, team_weight)
    columns = model.columns
    integrality = np.concatenate([np.ones(n), np.zeros(columns - n)])
    lower = np.array(
        [1.0 if (c.assignment_id, c.expert_id) in index.problem.locked else 0.0 for c in pairs]
        + [0.0] * (columns - n)
    )
    bounds = Bounds(lower, np.ones(columns))
    started = time.perf_counter()
    # The default relative gap (1e-4) could leave a worse total standing as "optimal".
    options: dict[str, Any] = {"time_limit": time_limit, "mip_rel_gap": 1e-9}

    rows = model.constraint([])
    statuses: list[int] = []

    def solve(gains: np.ndarray, extra: list[_Row]) -> Any:
        options["time_limit"] = max(1.0, time_limit - (time.perf_counter() - started))
        result = milp(
            -gains,
            integrality=integrality,
            bounds=bounds,
            constraints=model.constraint(extra) if extra else rows,
            options=options,
        )
        if result.x is None:
            if result.status == 2:
                raise StaffingError("no plan satisfies the locked pairs together")
            raise StaffingError(f"no plan found within {time_limit:g} s ({result.message})")
        statuses.append(result.status)
        return result

    value = np.concatenate([[c.score for c in pairs], model.team_gain])
    count = np.concatenate([np.ones(n), np.zeros(columns - n)])
    results = []
    if objective == "total":
        results.append(solve(value, []))
    else:
        # Worth `bonus` per filled position, a plan that fills the most has the best total
        # among those that do; a dense "count >= most" row would slow HiGHS down tenfold.
        # Filling every position that has enough candidates needs no proof it is the most;
        # otherwise a count-only solve says what the most is.
        by_opening = Counter(c.assignment_id for c in pairs)
        most = sum(min(o.positions, by_opening[o.id]) for o in index.problem.openings)
        bonus = 1.0
        while len(results) < 4:
            results.append(solve(value + bonus * count, []))
            filled = round(float(count @ results[-1].x))
            if filled < most and len(results) == 1:
                most = round(float(count @ solve(count, []).x))
            if filled >= most:
                break
            bonus *= 16
        else:
            results.append(solve(value, [([(col, 1.0) for col in range(n)], most - 0.5, np.inf)]))
    result = results[-1]
    status = "optimal" if all(code == 0 for code in statuses) else "time_limit"
    chosen = [(c.assignment_id, c.expert_id) for col, c in enumerate(pairs) if result.x[col] > 0.5]
    return _Outcome(chosen, status, columns, len(model.rows), considered)


def _solve_greedy(
    index: _Index,
    *,
    objective: str,
    top_n: int | None,
    team_weight: float,
    time_limit: float,
) -> _Outcome:
    """Take pairs best score first when the rules allow (the baseline, as a solver)."""
    return _Outcome(_greedy(index), "heuristic")


SOLVERS: dict[str, StaffingSolver] = {"milp": _solve_milp, "greedy": _solve_greedy}
"""Staffing solvers by name; `milp` is exact, `greedy` is the baseline."""


def solve_staffing(
    *,
    problem: StaffingProblem,
    solver: str = "milp",
    objective: str = "fill_first",
    top_n: int | None = None,
    team_weight: float = 0.0,
    time_limit: float = 60.0,
) -> StaffingResult:
    """Propose who goes where, explain what stays open, and report the greedy total beside it.

    top_n None keeps enough candidates per opening for an exact optimum (see candidate_bounds);
    a number keeps at most that many, faster and heuristic. team_weight > 0 adds, on openings
    with several positions, team_weight x positions x team coverage to the objective, so an
    expert covering what the others miss beats a second copy of the best one.
    """
    if solver not in SOLVERS:
        raise StaffingError(f"unknown solver {solver!r} (one of {', '.join(SOLVERS)})")
    if objective not in OBJECTIVES:
        raise StaffingError(f"unknown objective {objective!r} (one of {', '.join(OBJECTIVES)})")
    index = _Index(problem)
    started = time.perf_counter()
    outcome = SOLVERS[solver](
        index, objective=objective, top_n=top_n, team_weight=team_weight, time_limit=time_limit
    )
    seconds = time.perf_counter() - started
    plan, unfilled = _describe(index, outcome.chosen, outcome.considered)
    greedy = _greedy(index)
    return StaffingResult(
        plan=plan,
        unfilled=unfilled,
        total=sum(index.candidates[p].score for p in outcome.chosen),
        greedy_total=sum(index.candidates[p].score for p in greedy),
        filled=len(outcome.chosen),
        greedy_filled=len(greedy),
        positions=sum(o.positions for o in problem.openings),
        status=outcome.status,
        seconds=seconds,
        variables=outcome.variables,
        constraints=outcome.constraints,
    )


def evaluate_plan(*, problem: StaffingProblem, plan: Mapping[str, Sequence[str]]) -> PlanEvaluation:
    """Return totals, violations and open positions of a plan {assignment_id: [expert_id, ...]}."""
    index = _Index(problem)
    state = _PlanState(index)
    violations: list[Violation] = []
    valid: list[Pair] = []
    for a, experts in plan.items():
        for e in experts:
            violation = state.problem_with(a, e)
            if violation is not None:
                violations.append(violation)
            if violation is None or violation.kind in ("overlap", "over_cap", "over_positions"):
                # Still part of the plan the coordinator sees; the rule it breaks is listed.
                state.add(a, e)
                valid.append((a, e))
    violations.extend(state.unpaired())
    for a, e in sorted(problem.locked):
        if e not in plan.get(a, ()):
            violations.append(
                Violation("unlocked", a, e, f"locked pair {e} on {a} is missing from the plan")
            )
    placements, unfilled = _describe(index, valid, None)
    return PlanEvaluation(
        plan=placements,
        unfilled=unfilled,
        violations=tuple(violations),
        total=sum(index.candidates[p].score for p in valid),
        filled=len(valid),
        positions=sum(o.positions for o in problem.openings),
    )


def _describe(
    index: _Index, pairs: Iterable[Pair], considered: frozenset[Pair] | None
) -> tuple[tuple[Placement, ...], tuple[Unfilled, ...]]:
    """Turn chosen pairs into placements (with team coverage) and explained open positions."""
    members: dict[str, list[str]] = defaultdict(list)
    offers: dict[str, list[str]] = defaultdict(list)
    for a, e in pairs:
        members[a].append(e)
        offers[e].append(a)
    placements = []
    unfilled = []
    for opening in index.problem.openings:
        team = sorted(
            members.get(opening.id, []),
            key=lambda e: (-index.candidates[(opening.id, e)].score, e),
        )
        if team:
            coverage = None
            if opening.positions > 1 and opening.requirements:
                coverage = team_coverage(
                    requirements=opening.requirements,
                    strengths={e: index.candidates[(opening.id, e)].strengths for e in team},
                    team=team,
                )
            placements.append(
                Placement(
                    opening.id,
                    tuple(team),
                    tuple(index.candidates[(opening.id, e)].score for e in team),
                    coverage,
                )
            )
        if len(team) < opening.positions:
            unfilled.append(_explain(index, opening, team, offers, considered))
    return tuple(placements), tuple(unfilled)


def _explain(
    index: _Index,
    opening: Opening,
    team: Sequence[str],
    offers: Mapping[str, list[str]],
    considered: frozenset[Pair] | None,
) -> Unfilled:
    """Say why an opening keeps open positions: who qualifies and what holds each of them."""
    problem = index.problem
    cands = index.by_opening.get(opening.id, [])
    blockers = []
    for c in sorted(cands, key=lambda c: (-c.score, c.expert_id)):
        e = c.expert_id
        if e in team:
            continue
        mine = offers.get(e, [])
        overlapping = tuple(
            b for b in mine if periods_overlap(index.openings[b].span, opening.span)
        )
        if (opening.id, e) in index.blocked:
            blockers.append(index.blocked[(opening.id, e)])
        elif overlapping:
            blockers.append(Blocker(e, "overlap", overlapping))
        elif len(mine) >= problem.max_per_expert:
            blockers.append(Blocker(e, "cap", tuple(mine)))
        elif index.needs_partner(opening.id, e) and not any(m in problem.experienced for m in team):
            blockers.append(Blocker(e, "unpaired"))
        elif considered is not None and (opening.id, e) not in considered:
            blockers.append(Blocker(e, "not_considered"))
        else:
            blockers.append(Blocker(e, "not_chosen"))
    open_positions = opening.positions - len(team)
    reason = _sentence(index, opening, len(cands), len(team), blockers)
    return Unfilled(opening.id, open_positions, reason, len(cands), tuple(blockers))


def _quantity(count: int, of: int) -> str:
    """Return "both", "all 5", "the only one" or a plain count, for a group of `count` of `of`."""
    if count == of:
        return {1: "the only one", 2: "both"}.get(of, f"all {of}")
    return str(count)


def _sentence(
    index: _Index, opening: Opening, eligible: int, proposed: int, blockers: Sequence[Blocker]
) -> str:
    """Write the explanation of an unfilled opening as one sentence."""
    needs = f"needs {opening.needs}: " if opening.needs else ""
    if eligible == 0:
        text = f"{needs}no expert qualifies"
    else:
        text = f"{needs}{eligible} expert{'s' if eligible != 1 else ''} qualif"
        text += "ies" if eligible == 1 else "y"
        parts = []
        if proposed:
            parts.append(f"{_quantity(proposed, eligible)} proposed here")
        groups: dict[str, list[Blocker]] = defaultdict(list)
        for blocker in blockers:
            groups[blocker.cause].append(blocker)
        for cause, group in groups.items():
            quantity = _quantity(len(group), eligible)
            if cause in ("overlap", "cap"):
                where = dict.fromkeys(b for blocker in group for b in blocker.assignment_ids)
                names = ", ".join(index.openings[b].name for b in where)
                if cause == "overlap":
                    parts.append(f"{quantity} already proposed for {names}")
                else:
                    limit = index.problem.max_per_expert
                    parts.append(
                        f"{quantity} already at the limit of {limit} offer"
                        f"{'s' if limit != 1 else ''} ({names})"
                    )
            elif cause == "committed":
                where = dict.fromkeys(b for blocker in group for b in blocker.assignment_ids)
                parts.append(f"{quantity} already committed to {', '.join(where)}")
            else:
                parts.append(f"{quantity} {BLOCKER_CAUSES[cause]}")
        if parts:
            text += ", " + ", ".join(parts)
    excluded = index.problem.exclusions.get(opening.id, {})
    if excluded and eligible <= 3 * opening.positions:
        worst = [
            (rule, count)
            for rule, count in sorted(excluded.items(), key=lambda item: (-item[1], item[0]))
            if count > 0
        ][:3]
        if worst:
            rules = ", ".join(f"{count} on {rule}" for rule, count in worst)
            text += f" (of the others, {rules.replace(' on ', ' fail on ', 1)})"
    return text
