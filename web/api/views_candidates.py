"""An assignment's ranked candidates, and each candidate's status changes and history."""

from __future__ import annotations

from flask_login import current_user

from models import CandidateEventPublic, CandidatePublic, CandidateStatusChange
from web.api import api
from web.api.schemas import CandidateHistory, CandidateQuery, ExpertBrief, RankedCandidate, Ranking
from web.db import get_session
from web.services import candidates, ranking, records

TAG = "Candidates"
PAIR = "/assignments/<assignment_id>/candidates/<expert_id>"


def _ranked(line: ranking.RankedCandidate) -> RankedCandidate:
    expert = line.expert
    return RankedCandidate(
        rank=line.rank,
        expert=ExpertBrief(
            id=expert.id, name=expert.name, kind=expert.kind, headline=expert.headline
        ),
        status=line.status or None,
        applied=line.applied,
        score=line.score.to_dict(),
    )


@api.route(
    "/assignments/<assignment_id>/candidates",
    "GET",
    tag=TAG,
    query=CandidateQuery,
    response=Ranking,
)
def rank_candidates(assignment_id: str, query: CandidateQuery) -> Ranking:
    """Rank the experts for an assignment, best first, each with the engine's explanation.

    Each `score` is the command line's Score record: its components add up to the score, its
    evidence shows the expert's text that best supports each requirement, and its rules say
    which hard rules passed. Ineligible experts are listed apart, with `include_ineligible`.
    """
    result = ranking.rank_candidates(
        session=get_session(),
        assignment_id=assignment_id,
        filters=ranking.CandidateFilters(
            kind=query.kind or "",
            engagement=query.engagement or "",
            country=query.country or "",
            region=query.region or "",
            language=query.language or "",
            level=query.level or "",
            available=query.available,
            include_ineligible=query.include_ineligible,
        ),
        top_k=query.limit,
    )
    return Ranking(
        assignment_id=result.assignment.id,
        eligible=[_ranked(line) for line in result.eligible],
        ineligible=[_ranked(line) for line in result.ineligible],
    )


@api.route(PAIR, "GET", tag=TAG, response=CandidatePublic)
def get_candidate(assignment_id: str, expert_id: str) -> CandidatePublic:
    """Get where one expert stands for an assignment (404 until a first status change)."""
    candidate = records.find_candidate(
        session=get_session(), assignment_id=assignment_id, expert_id=expert_id
    )
    return CandidatePublic.model_validate(candidate)


@api.route(
    PAIR + "/status",
    "POST",
    tag=TAG,
    body=CandidateStatusChange,
    response=CandidatePublic,
    errors=(409,),
)
def change_status(
    assignment_id: str, expert_id: str, body: CandidateStatusChange
) -> CandidatePublic:
    """Change a candidate's status: shortlist, invite, accept, decline, assign, complete.

    Declined needs a `reason`, completed a `rating` from 1 to 5. A change the pipeline does not
    allow (e.g. completing an invited candidate) is a 409 naming both statuses, and is recorded
    in the history as refused.
    """
    candidate = candidates.move(
        session=get_session(),
        assignment_id=assignment_id,
        expert_id=expert_id,
        change=candidates.StatusChange(
            to=body.status,
            note=body.note,
            reason=body.reason.value if body.reason else None,
            rating=body.rating,
        ),
        actor=current_user,
    )
    return CandidatePublic.model_validate(candidate)


@api.route(PAIR + "/history", "GET", tag=TAG, response=CandidateHistory)
def history(assignment_id: str, expert_id: str) -> CandidateHistory:
    """A candidate's status changes, oldest first: who, when, from, to, note, and refusals."""
    candidate, events = records.candidate_history(
        session=get_session(), assignment_id=assignment_id, expert_id=expert_id
    )
    return CandidateHistory(
        candidate=CandidatePublic.model_validate(candidate),
        events=[CandidateEventPublic.model_validate(event) for event in events],
    )
