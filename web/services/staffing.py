"""Batch staffing over the database: pose the problem, propose who goes where, edit, accept.

The engine (matcher.batch, matcher.staffing) does the scoring and the solving; this service
reads what the database knows into it: the chosen assignments, who already said yes (their
positions are filled and their periods taken), who declined or withdrew (never proposed again
for that assignment), past deployments (fairness, first-timers), and the coordinator's edits
(pairs kept or set aside, carried by the page as "assignment_id:expert_id").
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sqlmodel import Session, select

from matcher.batch import build_problem, opening_for
from matcher.staffing import (
    BLOCKER_CAUSES,
    Commitment,
    Placement,
    StaffingError,
    StaffingProblem,
    StaffingResult,
    evaluate_plan,
    greedy_staffing,
    solve_staffing,
)
from models import Assignment, AssignmentStatus, Candidate, CandidateStatus, User
from web.services import audit
from web.services import candidates as candidate_service
from web.services.assignments import assignment_record
from web.services.errors import Conflict, ValidationFailed
from web.services.matching import matching
from web.services.ranking import deployment_history

if TYPE_CHECKING:
    from matcher.engine import Matcher
    from matcher.records import Assignment as AssignmentRecord
    from matcher.records import Expert as ExpertRecord
    from matcher.scoring import Deployment, Score

S = CandidateStatus
Pair = tuple[str, str]
"""(assignment_id, expert_id)."""

OPEN = (AssignmentStatus.DRAFT, AssignmentStatus.PUBLISHED)
FILLED = (S.ACCEPTED, S.ASSIGNED, S.COMPLETED)
"""Candidates who said yes: each fills a position."""
COMMITTED = (S.ACCEPTED, S.ASSIGNED)
"""Engagements still ahead: nobody is proposed elsewhere in an overlapping period."""
SET_ASIDE = (S.DECLINED, S.WITHDRAWN)
"""Pairs the batch never proposes again."""
DECIDED = (S.SHORTLISTED, S.INVITED, *FILLED)
"""Pairs an acceptance leaves as they are: the pipeline is already past shortlisting."""
REFUSED_IN_ACCEPT = frozenset(
    {
        "unknown_assignment",
        "ineligible",
        "forbidden",
        "committed",
        "duplicate",
        "over_positions",
        "over_cap",
        "overlap",
    }
)
"""Plan violations that stop an acceptance. A subset of a proposal may leave a kept pair or a
first-timer's partner out: shortlisting is not yet an offer."""

MAX_OFFERS = 10
TEAM_WEIGHT = 0.5
"""Points per position for full team coverage when teams are optimised (matcher.teams)."""
TIME_LIMIT = 30.0
ALTERNATIVES = 8
NOTE = "from batch staffing"


@dataclass(frozen=True)
class StaffingOptions:
    """What the coordinator asked for; pairs are "assignment_id:expert_id", as the page has them."""

    assignment_ids: tuple[str, ...] = ()  # empty: every open assignment with a position open
    max_per_expert: int = 1
    pair_first_timers: bool = False
    teams: bool = True
    locked: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    # (expert replaced, "assignment_id:expert_id" of the replacement): keep the replacement,
    # set the replaced expert aside on that assignment.
    replacements: tuple[tuple[str, str], ...] = ()

    def validate(self) -> StaffingOptions:
        """Raise ValidationFailed naming the first bad field."""
        if not 1 <= self.max_per_expert <= MAX_OFFERS:
            raise ValidationFailed(
                f"The offers per expert must be between 1 and {MAX_OFFERS}, "
                f"not {self.max_per_expert}.",
                field="max_per_expert",
            )
        return self


@dataclass(frozen=True)
class Choice:
    """An open assignment the coordinator may put in the batch."""

    assignment: Assignment
    partner: str
    open_positions: int


@dataclass(frozen=True)
class Proposed:
    """One expert proposed for an assignment, with the explanation of the score."""

    expert: ExpertRecord
    score: Score
    locked: bool
    status: str  # the pair's pipeline status, '' when not yet a candidate
    first_timer: bool
    experienced: bool


@dataclass(frozen=True)
class Cover:
    """One requirement of a team: the member who covers it best, and how strongly (0..1)."""

    requirement: str
    required: bool
    expert: ExpertRecord | None
    strength: float


@dataclass(frozen=True)
class Blocked:
    """An eligible expert not proposed for an assignment with open positions, and why."""

    expert: ExpertRecord
    cause: str


@dataclass(frozen=True)
class Row:
    """One assignment of the batch: who is proposed, the team's coverage, what stays open."""

    assignment: Assignment
    record: AssignmentRecord
    open_positions: int
    filled: list[ExpertRecord]
    proposed: list[Proposed]
    coverage: float | None
    covers: list[Cover]
    open_left: int
    reason: str
    eligible: int
    causes: list[tuple[str, int]]  # why the eligible are not proposed, most common first
    blocked: list[Blocked]
    alternatives: list[tuple[ExpertRecord, float]]

    @property
    def total(self) -> float:
        return sum(p.score.score for p in self.proposed)


@dataclass(frozen=True)
class Edit:
    """A change the coordinator made to the proposal: a pair kept or set aside."""

    kind: str  # kept | set_aside
    pair: str
    assignment: str
    expert: str


@dataclass(frozen=True)
class Proposal:
    """A batch proposal for the page: rows, totals against greedy, and the state to carry."""

    rows: list[Row]
    staffed: list[Choice]  # chosen, but every position already filled
    result: StaffingResult
    locked: list[str]
    forbidden: list[str]
    experts: int
    eligible_pairs: int
    seconds: float
    coverage: float | None
    greedy_coverage: float | None
    edits: list[Edit]

    @property
    def gain(self) -> float:
        return self.result.total - self.result.greedy_total

    @property
    def gain_share(self) -> float:
        greedy = self.result.greedy_total
        return self.gain / greedy if greedy > 0 else 0.0

    @property
    def proposed_pairs(self) -> list[str]:
        return [
            pair_text(row.assignment.id, p.expert.id) for row in self.rows for p in row.proposed
        ]


@dataclass(frozen=True)
class Accepted:
    """What an acceptance did: the candidates shortlisted and the pairs left as they were."""

    shortlisted: list[Candidate]
    unchanged: list[tuple[Pair, str]]  # (pair, its status)
    pairs: list[str]


def pair_text(assignment_id: str, expert_id: str) -> str:
    """Return how the page carries a pair."""
    return f"{assignment_id}:{expert_id}"


def parse_pair(raw: str, *, assignment_ids: Collection[str], field: str) -> Pair:
    """Split "assignment_id:expert_id" at the colon that follows an assignment of the batch."""
    for i, char in enumerate(raw):
        if char == ":" and raw[:i] in assignment_ids and raw[i + 1 :]:
            return raw[:i], raw[i + 1 :]
    raise ValidationFailed(
        f"{field} {raw!r} does not name an assignment of this batch and an expert "
        "(assignment_id:expert_id).",
        field=field,
    )


def _positions_filled(session: Session) -> dict[str, int]:
    rows = session.exec(
        select(Candidate.assignment_id).where(Candidate.status.in_(FILLED))  # type: ignore[attr-defined]
    )
    return dict(Counter(rows))


def open_assignments(*, session: Session) -> list[Choice]:
    """Return every draft or published assignment, earliest start first, with positions open."""
    filled = _positions_filled(session)
    rows = session.exec(select(Assignment).where(Assignment.status.in_(OPEN)))  # type: ignore[attr-defined]
    choices = [
        Choice(a, assignment_record(session, a).partner, max(a.positions - filled.get(a.id, 0), 0))
        for a in rows
    ]
    return sorted(
        choices, key=lambda c: (c.assignment.start is None, c.assignment.start, c.assignment.id)
    )


@dataclass(frozen=True)
class _Posed:
    """The problem posed from the database, and what the page needs to explain it."""

    problem: StaffingProblem
    matcher: Matcher
    chosen: list[Choice]
    staffed: list[Choice]
    records: dict[str, AssignmentRecord]
    experts: dict[str, ExpertRecord]
    history: Mapping[str, Sequence[Deployment]]
    statuses: dict[Pair, str]
    locked: list[Pair]
    forbidden: list[Pair]
    filled: dict[str, list[str]]


def _chosen(session: Session, assignment_ids: Sequence[str]) -> tuple[list[Choice], list[Choice]]:
    """Return the chosen assignments with positions open, and those already fully staffed."""
    choices = {c.assignment.id: c for c in open_assignments(session=session)}
    if assignment_ids:
        ids = list(dict.fromkeys(assignment_ids))
        for assignment_id in ids:
            if assignment_id not in choices:
                closed = session.get(Assignment, assignment_id) is not None
                raise ValidationFailed(
                    f"Assignment {assignment_id!r} is "
                    f"{'closed' if closed else 'unknown'}: choose open assignments.",
                    field="assignment",
                )
        picked = [choices[i] for i in ids]
    else:
        picked = list(choices.values())
    return [c for c in picked if c.open_positions > 0], [c for c in picked if not c.open_positions]


def _pose(session: Session, options: StaffingOptions) -> _Posed:
    """Read the batch from the database and pose the staffing problem."""
    options.validate()
    chosen, staffed = _chosen(session, options.assignment_ids)
    ids = {c.assignment.id for c in chosen}
    matcher = matching().matcher(session)
    experts = {e.id: e for e in matcher.experts_}
    locked = [parse_pair(raw, assignment_ids=ids, field="lock") for raw in options.locked]
    forbidden = [parse_pair(raw, assignment_ids=ids, field="forbid") for raw in options.forbidden]
    for replaced, raw in options.replacements:
        assignment_id, expert_id = parse_pair(raw, assignment_ids=ids, field="replace")
        locked.append((assignment_id, expert_id))
        forbidden.append((assignment_id, replaced))
    for name, pairs in (("lock", locked), ("forbid", forbidden)):
        unknown = next((e for _, e in pairs if e not in experts), None)
        if unknown is not None:
            raise ValidationFailed(f"{name}: no expert {unknown!r}.", field=name)
    # A pair set aside after it was kept is set aside: the later edit wins.
    locked = [p for p in dict.fromkeys(locked) if p not in set(forbidden)]
    forbidden = list(dict.fromkeys(forbidden))

    statuses: dict[Pair, str] = {}
    filled: dict[str, list[str]] = defaultdict(list)
    commitments = []
    set_aside = []
    rows = session.exec(
        select(Candidate, Assignment).join(Assignment, Candidate.assignment_id == Assignment.id)  # type: ignore[arg-type]
    )
    for candidate, assignment in rows:
        pair = (candidate.assignment_id, candidate.expert_id)
        statuses[pair] = str(candidate.status)
        if candidate.status in FILLED and assignment.id in ids:
            filled[assignment.id].append(candidate.expert_id)
        if candidate.status in COMMITTED:
            record = assignment.to_record()
            commitments.append(
                Commitment(
                    candidate.expert_id,
                    opening_for(assignment_record(session, assignment)).name,
                    record.start,
                    record.end,
                )
            )
        if candidate.status in SET_ASIDE and assignment.id in ids:
            set_aside.append(pair)

    records = {c.assignment.id: assignment_record(session, c.assignment) for c in chosen}
    batch = [_with_positions(records[c.assignment.id], c.open_positions) for c in chosen]
    history = deployment_history(session=session)
    try:
        problem = build_problem(
            matcher=matcher,
            assignments=batch,
            history=history,
            max_per_expert=options.max_per_expert,
            locked=locked,
            forbidden=[*forbidden, *set_aside],
            commitments=commitments,
            pair_first_timers=options.pair_first_timers,
        )
        # Who already fills a position is on the team, not a candidate for the others.
        on_team = {(a, e) for a, experts in filled.items() for e in experts}
        problem = replace(
            problem,
            candidates=tuple(
                c for c in problem.candidates if (c.assignment_id, c.expert_id) not in on_team
            ),
        )
    except StaffingError as exc:
        raise ValidationFailed(str(exc), field="lock") from exc
    return _Posed(
        problem=problem,
        matcher=matcher,
        chosen=chosen,
        staffed=staffed,
        records=records,
        experts=experts,
        history=history,
        statuses=statuses,
        locked=locked,
        forbidden=forbidden,
        filled=dict(filled),
    )


def _with_positions(record: AssignmentRecord, positions: int) -> AssignmentRecord:
    """Return the record asking only for the positions still open."""
    return replace(record, positions=positions)


def propose(*, session: Session, options: StaffingOptions) -> Proposal:
    """Staff the chosen assignments at once: the optimum, greedy beside it, what stays open."""
    started = time.perf_counter()
    posed = _pose(session, options)
    try:
        result = solve_staffing(
            problem=posed.problem,
            team_weight=TEAM_WEIGHT if options.teams else 0.0,
            time_limit=TIME_LIMIT,
        )
    except StaffingError as exc:
        raise ValidationFailed(str(exc), field="lock") from exc
    greedy: dict[str, list[str]] = defaultdict(list)
    for a, e in greedy_staffing(problem=posed.problem):
        greedy[a].append(e)
    greedy_plan = evaluate_plan(problem=posed.problem, plan=greedy).plan
    rows = _rows(posed, result)
    return Proposal(
        rows=rows,
        staffed=posed.staffed,
        result=result,
        locked=[pair_text(*p) for p in posed.locked],
        forbidden=[pair_text(*p) for p in posed.forbidden],
        experts=len(posed.experts),
        eligible_pairs=len(posed.problem.candidates),
        seconds=time.perf_counter() - started,
        coverage=_mean_coverage(result.plan),
        greedy_coverage=_mean_coverage(greedy_plan),
        edits=_edits(posed),
    )


def _edits(posed: _Posed) -> list[Edit]:
    """Name the pairs the coordinator kept or set aside."""
    return [
        Edit(
            kind,
            pair_text(a, e),
            posed.records[a].title,
            posed.experts[e].name if e in posed.experts else e,
        )
        for kind, pairs in (("kept", posed.locked), ("set_aside", posed.forbidden))
        for a, e in pairs
    ]


def _mean_coverage(plan: Sequence[Placement]) -> float | None:
    """Return the mean team coverage of the multi-position teams of a plan, or None."""
    values = [p.coverage.coverage for p in plan if p.coverage is not None]
    return sum(values) / len(values) if values else None


def _rows(posed: _Posed, result: StaffingResult) -> list[Row]:
    """Explain each assignment of the batch: proposal with scores, coverage, open positions."""
    problem = posed.problem
    placements = {p.assignment_id: p for p in result.plan}
    unfilled = {u.assignment_id: u for u in result.unfilled}
    by_opening: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for c in problem.candidates:
        by_opening[c.assignment_id].append((c.score, c.expert_id))
    locked = set(posed.locked)
    rows = []
    for choice in posed.chosen:
        a = choice.assignment.id
        record = posed.records[a]
        placement = placements.get(a)
        team = list(placement.expert_ids) if placement else []
        proposed = [
            Proposed(
                expert=posed.experts[e],
                score=_score(posed, record, e),
                locked=(a, e) in locked,
                status=posed.statuses.get((a, e), ""),
                first_timer=e in problem.first_timers,
                experienced=e in problem.experienced,
            )
            for e in team
        ]
        covers = []
        coverage = None
        if placement is not None and placement.coverage is not None:
            coverage = placement.coverage.coverage
            covers = [
                Cover(
                    item.requirement,
                    item.weight >= 1,
                    posed.experts.get(item.expert_id) if item.expert_id else None,
                    item.strength,
                )
                for item in placement.coverage.requirements
            ]
        gap = unfilled.get(a)
        others = sorted((-score, e) for score, e in by_opening[a] if e not in team)
        rows.append(
            Row(
                assignment=choice.assignment,
                record=record,
                open_positions=choice.open_positions,
                filled=[posed.experts[e] for e in posed.filled.get(a, []) if e in posed.experts],
                proposed=proposed,
                coverage=coverage,
                covers=covers,
                open_left=gap.open_positions if gap else 0,
                reason=gap.reason if gap else "",
                eligible=gap.eligible if gap else len(by_opening[a]),
                causes=Counter(
                    BLOCKER_CAUSES[b.cause] for b in (gap.blockers if gap else ())
                ).most_common(),
                blocked=[
                    Blocked(posed.experts[b.expert_id], BLOCKER_CAUSES[b.cause])
                    for b in (gap.blockers if gap else ())
                ][:ALTERNATIVES],
                alternatives=[(posed.experts[e], -neg) for neg, e in others[:ALTERNATIVES]],
            )
        )
    return rows


def _score(posed: _Posed, record: AssignmentRecord, expert_id: str) -> Score:
    """Return the pair's full score (components, evidence), as the batch scored it."""
    return posed.matcher.score(
        posed.experts[expert_id],
        record,
        history=posed.history.get(expert_id, ()),
        history_known=any(posed.history.values()),
    )


def accept(
    *, session: Session, options: StaffingOptions, pairs: Sequence[str], actor: User | None
) -> Accepted:
    """Shortlist the accepted proposals ("from batch staffing"), once the plan checks out.

    The pairs are checked against the same batch as the page showed (eligible, not set aside,
    nobody over the cap or in overlapping periods); pairs already shortlisted or further along
    are left as they are.
    """
    if not pairs:
        raise ValidationFailed("Choose at least one proposal to accept.", field="pair")
    posed = _pose(session, options)
    ids = {c.assignment.id for c in posed.chosen}
    chosen = list(dict.fromkeys(parse_pair(raw, assignment_ids=ids, field="pair") for raw in pairs))
    plan: dict[str, list[str]] = defaultdict(list)
    for a, e in chosen:
        plan[a].append(e)
    evaluation = evaluate_plan(problem=posed.problem, plan=plan)
    problems = [v.message for v in evaluation.violations if v.kind in REFUSED_IN_ACCEPT]
    if problems:
        raise Conflict(
            "These proposals cannot be accepted together: " + "; ".join(problems) + ".",
            field="pair",
        )
    shortlisted = []
    unchanged = []
    for a, e in chosen:
        status = posed.statuses.get((a, e), "")
        if status in DECIDED:
            unchanged.append(((a, e), status))
            continue
        shortlisted.append(
            candidate_service.move(
                session=session,
                assignment_id=a,
                expert_id=e,
                change=candidate_service.StatusChange(S.SHORTLISTED, note=NOTE),
                actor=actor,
                score=_score(posed, posed.records[a], e),
            )
        )
    audit.record(
        session=session,
        actor=actor,
        action="staffing.accept",
        target_type="batch",
        target_id=",".join(sorted(ids))[:100],
        pairs=[pair_text(a, e) for a, e in chosen],
        shortlisted=[pair_text(c.assignment_id, c.expert_id) for c in shortlisted],
        max_per_expert=options.max_per_expert,
    )
    session.commit()
    return Accepted(shortlisted, unchanged, [pair_text(a, e) for a, e in chosen])
