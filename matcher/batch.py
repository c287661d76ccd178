"""Staffing problems from records: the engine scores every pair, the solver in staffing chooses."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from matcher.codes import language_name
from matcher.engine import _REQUIREMENT_WEIGHT, Matcher
from matcher.records import Assignment, _Reader, read_jsonl
from matcher.scoring import Deployment
from matcher.staffing import Candidate, Commitment, Opening, StaffingProblem
from matcher.texts import requirements

__all__ = [
    "build_problem",
    "deployment_from_dict",
    "describe_needs",
    "opening_for",
    "read_history",
]

_MODES = {"in_country": "in-country travel", "remote": "remote work"}


def describe_needs(assignment: Assignment) -> str:
    """Say what an assignment asks of everyone: "Portuguese C1, in-country travel, ..."."""
    parts = [f"{language_name(need.code)} {need.level}" for need in assignment.languages]
    if assignment.mode in _MODES:
        parts.append(_MODES[assignment.mode])
    start, end = assignment.start or assignment.end, assignment.end or assignment.start
    if start and end:
        parts.append(f"{start.isoformat()} to {end.isoformat()}")
    parts.append(assignment.engagement.replace("_", " "))
    if assignment.min_years:
        parts.append(f"{assignment.min_years}+ years")
    return ", ".join(parts)


def opening_for(assignment: Assignment) -> Opening:
    """Return the opening the solver sees for an assignment."""
    return Opening(
        id=assignment.id,
        positions=assignment.positions,
        start=assignment.start,
        end=assignment.end,
        label=assignment.partner or assignment.title,
        needs=describe_needs(assignment),
        requirements={r.text: _REQUIREMENT_WEIGHT[r.kind] for r in requirements(assignment)},
    )


def build_problem(
    *,
    matcher: Matcher,
    assignments: Sequence[Assignment],
    history: Mapping[str, Sequence[Deployment]] | None = None,
    max_per_expert: int = 1,
    today: date | None = None,
    locked: Collection[tuple[str, str]] = (),
    forbidden: Collection[tuple[str, str]] = (),
    commitments: Sequence[Commitment] = (),
    pair_first_timers: bool = False,
) -> StaffingProblem:
    """Score every expert for every assignment with a fitted Matcher and pose the problem.

    Eligible pairs become candidates, with each requirement's evidence as team strength; the
    rules that excluded the others are counted for the explanations. With a history, members
    never deployed are first-timers and anyone deployed before is experienced.
    """
    candidates = []
    exclusions: dict[str, dict[str, int]] = {}
    for assignment in assignments:
        failed: Counter[str] = Counter()
        for score in matcher.rank(
            assignment, top_k=None, include_ineligible=True, history=history, today=today
        ):
            if not score.eligible:
                failed.update(score.failed_rules)
                continue
            strengths = {
                ev.requirement: matcher.semantics.scale(ev.similarity) for ev in score.evidence
            }
            candidates.append(Candidate(assignment.id, score.expert_id, score.score, strengths))
        exclusions[assignment.id] = dict(failed)
    deployed = {e for e, past in (history or {}).items() if past}
    first_timers = (
        {e.id for e in matcher.experts_ if e.kind == "member" and e.id not in deployed}
        if deployed
        else set()
    )
    return StaffingProblem(
        openings=tuple(opening_for(a) for a in assignments),
        candidates=tuple(candidates),
        max_per_expert=max_per_expert,
        locked=frozenset(locked),
        forbidden=frozenset(forbidden),
        commitments=tuple(commitments),
        exclusions=exclusions,
        first_timers=frozenset(first_timers),
        experienced=frozenset(deployed),
        pair_first_timers=pair_first_timers,
    )


def deployment_from_dict(d: Mapping[str, Any]) -> Deployment:
    """Build a past deployment from {expert_id, assignment_id, start, end}; raise RecordError."""
    reader = _Reader(d)
    start, end = reader.date("start"), reader.date("end")
    if start and end and end < start:
        raise reader.fail("end", f"{end} is before start {start}")
    return Deployment(
        reader.required_str("expert_id"), reader.required_str("assignment_id"), start, end
    )


def read_history(path: str | Path) -> dict[str, list[Deployment]]:
    """Read past deployments (JSON Lines) by expert; raise InputError naming FILE:LINE."""
    history: dict[str, list[Deployment]] = defaultdict(list)
    for deployment in read_jsonl(path, deployment_from_dict, key=lambda _: None):
        history[deployment.expert_id].append(deployment)
    return dict(history)
