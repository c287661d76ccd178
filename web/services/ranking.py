"""Ranked candidates for an assignment, and ranked assignments for an expert, from the engine."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy.orm import load_only
from sqlmodel import Session, select

from matcher.codes import REGIONS, level_rank
from matcher.records import Expert as ExpertRecord
from models import Assignment, AssignmentStatus, Candidate, CandidateStatus, Expert
from web.services import candidates as candidate_service
from web.services.assignments import assignment_record, get_assignment
from web.services.errors import NotFound, ValidationFailed
from web.services.matching import matching

if TYPE_CHECKING:
    from matcher.scoring import Deployment, Score

MAX_RANKED = 500
"""The longest ranked list (pages go this far)."""
RANK_STEP = 20


@dataclass(frozen=True)
class CandidateFilters:
    """What a coordinator narrows the ranking to; empty fields filter nothing."""

    kind: str = ""  # member | specialist
    engagement: str = ""  # pro_bono | paid
    country: str = ""  # alpha-2: has worked there
    region: str = ""  # a region of matcher.codes.REGIONS: has worked there
    language: str = ""  # ISO 639-1
    level: str = ""  # with language: at least this CEFR level
    available: bool = False  # availability confirmed (stated windows overlap the period)
    include_ineligible: bool = False

    def validate(self) -> CandidateFilters:
        """Raise ValidationFailed naming the first unknown value."""
        from matcher.codes import COUNTRIES, LANGUAGES, LEVELS

        checks = (
            ("kind", self.kind, {"member", "specialist"}),
            ("engagement", self.engagement, {"pro_bono", "paid"}),
            ("country", self.country, set(COUNTRIES)),
            ("region", self.region, set(REGIONS.values())),
            ("language", self.language, set(LANGUAGES)),
            ("level", self.level, set(LEVELS)),
        )
        for name, value, allowed in checks:
            if value and value not in allowed:
                raise ValidationFailed(f"Unknown {name} {value!r}.", field=name)
        return self

    def where(self) -> Callable[[ExpertRecord], bool] | None:
        """Return the engine's expert predicate for these filters, or None."""
        tests: list[Callable[[ExpertRecord], bool]] = []
        if self.kind:
            tests.append(lambda e: e.kind == self.kind)
        if self.engagement:
            tests.append(lambda e: self.engagement in e.engagement)
        if self.country:
            tests.append(lambda e: self.country in worked_in(e))
        if self.region:
            tests.append(lambda e: any(REGIONS.get(c) == self.region for c in worked_in(e)))
        if self.language:
            floor = level_rank(self.level) if self.level else 0
            tests.append(
                lambda e: any(
                    lang.code == self.language and level_rank(lang.level) >= floor
                    for lang in e.languages
                )
            )
        if not tests:
            return None
        return lambda e: all(test(e) for test in tests)


def worked_in(expert: ExpertRecord) -> set[str]:
    """Return the countries an expert has worked in (listed or in experience)."""
    return set(expert.countries) | {x.country for x in expert.experience if x.country}


@dataclass(frozen=True)
class RankedCandidate:
    """One line of the ranked list: the engine's explanation, the profile, the decision so far."""

    rank: int
    score: Score
    expert: Expert
    candidate: Candidate | None = None

    @property
    def applied(self) -> bool:
        return bool(self.candidate and self.candidate.applied)

    @property
    def status(self) -> str:
        return str(self.candidate.status) if self.candidate else ""


@dataclass(frozen=True)
class Ranking:
    """The first ranked candidates of an assignment, and how many a full list would hold."""

    assignment: Assignment
    eligible: list[RankedCandidate]
    ineligible: list[RankedCandidate] = field(default_factory=list)
    eligible_total: int = 0
    """Eligible experts passing the filters (at most MAX_RANKED), however many are listed."""
    ineligible_total: int = 0


def deployment_history(*, session: Session) -> dict[str, list[Deployment]]:
    """Return every expert's past deployments: their completed candidacies."""
    from matcher.scoring import Deployment

    rows = session.exec(
        select(Candidate, Assignment)
        .join(Assignment, Candidate.assignment_id == Assignment.id)  # type: ignore[arg-type]
        .where(Candidate.status == CandidateStatus.COMPLETED)
    )
    history: dict[str, list[Deployment]] = defaultdict(list)
    for candidate, assignment in rows:
        history[candidate.expert_id].append(
            Deployment(candidate.expert_id, assignment.id, assignment.start, assignment.end)
        )
    return dict(history)


def rank_candidates(
    *,
    session: Session,
    assignment_id: str,
    filters: CandidateFilters | None = None,
    top_k: int = MAX_RANKED,
) -> Ranking:
    """Rank the visible experts for an assignment; ineligible ones apart, if asked for."""
    filters = (filters or CandidateFilters()).validate()
    assignment = get_assignment(session=session, assignment_id=assignment_id)
    record = assignment_record(session, assignment)
    top_k = max(1, min(top_k, MAX_RANKED))
    # Rank a little more than asked, in steps, so that pages and the API share rankings;
    # "availability confirmed" is read from the scores, so it needs every ranked one.
    wanted = (
        MAX_RANKED if filters.available else min(MAX_RANKED, -(-top_k // RANK_STEP) * RANK_STEP)
    )
    ranked = matching().rank(  # cached per assignment, filters, history and expert version
        session,
        record,
        top_k=wanted,
        include_ineligible=filters.include_ineligible,
        history=deployment_history(session=session),
        where=filters.where(),
        where_key=filters,
    )
    scores = ranked.scores
    totals = [ranked.eligible_count, ranked.ineligible_count if filters.include_ineligible else 0]
    if filters.available:
        scores = [s for s in scores if _confirmed(s)]
        totals = [sum(s.eligible for s in scores), sum(not s.eligible for s in scores)]
    kept = [s for s in scores if s.eligible][:top_k] + [s for s in scores if not s.eligible][:top_k]
    experts = _experts(session, [s.expert_id for s in kept], brief=True)
    decided = candidate_service.for_assignment(session=session, assignment_id=assignment_id)
    eligible: list[RankedCandidate] = []
    ineligible: list[RankedCandidate] = []
    for score in kept:
        target = eligible if score.eligible else ineligible
        target.append(
            RankedCandidate(
                rank=len(target) + 1,
                score=score,
                expert=experts[score.expert_id],
                candidate=decided.get(score.expert_id),
            )
        )
    return Ranking(
        assignment,
        eligible,
        ineligible,
        eligible_total=min(totals[0], MAX_RANKED),
        ineligible_total=min(totals[1], MAX_RANKED),
    )


def _confirmed(score: Score) -> bool:
    return any(r.name == "availability" and r.status == "passed" for r in score.rules)


def _experts(session: Session, ids: Sequence[str], *, brief: bool = False) -> dict[str, Expert]:
    """Return the experts by id; `brief` reads only what a ranked list shows (the JSON lists
    of 500 profiles cost more than the ranking itself; other fields load when touched)."""
    if not ids:
        return {}
    query = select(Expert).where(Expert.id.in_(ids))  # type: ignore[attr-defined]
    if brief:
        query = query.options(
            load_only(Expert.id, Expert.name, Expert.kind, Expert.headline, Expert.visible)  # type: ignore[arg-type]
        )
    return {row.id: row for row in session.exec(query)}


def score_pairs(
    *, session: Session, assignment_id: str, expert_ids: Sequence[str]
) -> list[tuple[Expert, Score]]:
    """Score chosen experts against one assignment (for comparing them side by side)."""
    assignment = get_assignment(session=session, assignment_id=assignment_id)
    record = assignment_record(session, assignment)
    experts = _experts(session, list(expert_ids))
    missing = [eid for eid in expert_ids if eid not in experts or not experts[eid].visible]
    if missing:
        raise NotFound(f"No expert {missing[0]!r}.", field="expert_id")
    matcher = matching().matcher(session)
    history = deployment_history(session=session)
    return [
        (
            experts[eid],
            matcher.score(
                experts[eid].to_record(),
                record,
                history=history.get(eid, ()),
                history_known=bool(history),
            ),
        )
        for eid in expert_ids
    ]


def rematch(*, session: Session, assignment_id: str) -> int:
    """Store fresh scores on the assignment's candidates after it changed; decisions are kept."""
    decided = candidate_service.for_assignment(session=session, assignment_id=assignment_id)
    if not decided:
        return 0
    pairs = score_pairs(session=session, assignment_id=assignment_id, expert_ids=list(decided))
    for expert, score in pairs:
        decided[expert.id].score = score.score
        session.add(decided[expert.id])
    session.commit()
    return len(pairs)


def recommend_assignments(
    *, session: Session, expert_id: str, top_k: int = 20, include_ineligible: bool = True
) -> list[tuple[Assignment, Score]]:
    """Rank the published assignments for one expert, each with its explanation."""
    expert = session.get(Expert, expert_id)
    if expert is None:
        raise NotFound(f"No expert {expert_id!r}.", field="expert_id")
    published = list(
        session.exec(select(Assignment).where(Assignment.status == AssignmentStatus.PUBLISHED))
    )
    by_id = {a.id: a for a in published}
    records = [assignment_record(session, a) for a in published]
    matcher = matching().matcher(session)
    scores = matcher.rank_assignments(
        expert.to_record(), records, top_k=top_k, include_ineligible=include_ineligible
    )
    return [(by_id[s.assignment_id], s) for s in scores]
