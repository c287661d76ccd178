"""The candidate pipeline: status changes with their history, serialised per candidate."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import has_app_context
from sqlalchemy import update
from sqlmodel import Session, select

from models import (
    DECLINE_REASONS,
    TRANSITIONS,
    Assignment,
    Candidate,
    CandidateEvent,
    CandidateStatus,
    Expert,
    User,
)
from models.base import utcnow
from web.services import audit
from web.services.errors import Conflict, NotFound, ValidationFailed

if TYPE_CHECKING:
    from matcher.scoring import Score

MAX_NOTE = 5_000


@dataclass(frozen=True)
class StatusChange:
    """What a coordinator asks for: the new status and what goes with it."""

    to: CandidateStatus
    note: str = ""
    reason: str | None = None  # with DECLINED: a key of DECLINE_REASONS
    rating: int | None = None  # with COMPLETED: 1 to 5


def get_or_create(*, session: Session, assignment_id: str, expert_id: str) -> Candidate:
    """Return the candidate row of this pair, creating it as 'suggested' (the caller commits)."""
    candidate = session.exec(
        select(Candidate).where(
            Candidate.assignment_id == assignment_id, Candidate.expert_id == expert_id
        )
    ).first()
    if candidate is not None:
        return candidate
    if session.get(Assignment, assignment_id) is None:
        raise NotFound(f"No assignment {assignment_id!r}.", field="assignment_id")
    expert = session.get(Expert, expert_id)
    if expert is None or not expert.visible:
        raise NotFound(f"No expert {expert_id!r}.", field="expert_id")
    candidate = Candidate(assignment_id=assignment_id, expert_id=expert_id)
    session.add(candidate)
    session.flush()
    return candidate


def _validate(change: StatusChange) -> None:
    if len(change.note) > MAX_NOTE:
        raise ValidationFailed(f"Keep the note under {MAX_NOTE} characters.", field="note")
    if change.to == CandidateStatus.DECLINED and change.reason not in DECLINE_REASONS:
        choices = ", ".join(DECLINE_REASONS)
        raise ValidationFailed(
            f"Choose a reason for the decline: one of {choices}.", field="reason"
        )
    if change.to == CandidateStatus.COMPLETED and (
        change.rating is None or not 1 <= change.rating <= 5
    ):
        raise ValidationFailed("Rate the completed work from 1 to 5.", field="rating")


def record_score(candidate: Candidate, score: Score) -> None:
    """Keep the score and its component values that a decision was taken on (the caller commits)."""
    candidate.score = score.score
    candidate.components = {name: float(value) for name, value in score.values.items()}


def score_now(*, session: Session, assignment_id: str, expert_id: str) -> Score | None:
    """Return the pair's score as the ranking shows it, or None when it cannot be scored.

    Outside an app (a script driving the pipeline alone) there is no engine to ask; an expert
    who withdrew consent is not in the engine's index.
    """
    if not has_app_context():
        return None
    from web.services.ranking import score_pairs  # ranking imports this module

    try:
        [(_, score)] = score_pairs(
            session=session, assignment_id=assignment_id, expert_ids=[expert_id]
        )
    except NotFound:
        return None
    return score


def change_status(
    *,
    session: Session,
    candidate_id: int,
    change: StatusChange,
    actor: User | None,
    score: Score | None = None,
) -> Candidate:
    """Move a candidate to a new status and record it; a refused move is recorded too.

    With a score, the candidate keeps it and its component values (training data for the
    weights: what the decision saw).
    """
    _validate(change)
    # Take the row's write lock first (UPDATE locks on PostgreSQL and SQLite alike), so two
    # coordinators acting at once are applied one after the other, each seeing the other's.
    bumped = session.execute(
        update(Candidate).where(Candidate.id == candidate_id).values(version=Candidate.version + 1)  # type: ignore[arg-type]
    )
    if bumped.rowcount == 0:  # type: ignore[attr-defined]
        raise NotFound(f"No candidate {candidate_id}.", field="candidate_id")
    candidate = session.exec(
        select(Candidate)
        .where(Candidate.id == candidate_id)
        .execution_options(populate_existing=True)
    ).one()
    before = candidate.status
    event = CandidateEvent(
        candidate_id=candidate_id,
        actor_id=actor.id if actor is not None else None,
        from_status=before,
        to_status=change.to,
        note=change.note.strip(),
    )
    if change.to not in TRANSITIONS[CandidateStatus(before)]:
        event.outcome = "refused"
        session.add(event)
        session.commit()
        raise Conflict(f"A {before} candidate cannot become {change.to}.", field="status")
    candidate.status = change.to
    candidate.updated_at = utcnow()
    if change.to == CandidateStatus.DECLINED:
        candidate.decline_reason = change.reason
    if change.to == CandidateStatus.COMPLETED:
        candidate.rating = change.rating
    if change.note.strip():
        candidate.note = change.note.strip()
    if score is not None:
        record_score(candidate, score)
    session.add_all([candidate, event])
    audit.record(
        session=session,
        actor=actor,
        action="candidate.status",
        target_type="candidate",
        target_id=candidate_id,
        assignment_id=candidate.assignment_id,
        expert_id=candidate.expert_id,
        from_status=str(before),
        to_status=str(change.to),
        note=event.note,
        reason=change.reason,
        rating=change.rating,
    )
    session.commit()
    return candidate


def move(
    *,
    session: Session,
    assignment_id: str,
    expert_id: str,
    change: StatusChange,
    actor: User | None,
    score: Score | None = None,
) -> Candidate:
    """Change the status of the pair's candidate, creating it first if it is new.

    The candidate keeps the score the decision saw: the one given, else the pair's score now
    (computed before the row is locked, so no lock is held while the engine works).
    """
    candidate = get_or_create(session=session, assignment_id=assignment_id, expert_id=expert_id)
    session.commit()
    assert candidate.id is not None
    if score is None:
        score = score_now(session=session, assignment_id=assignment_id, expert_id=expert_id)
    return change_status(
        session=session, candidate_id=candidate.id, change=change, actor=actor, score=score
    )


def history(*, session: Session, candidate_id: int) -> list[CandidateEvent]:
    """Return the candidate's events, oldest first."""
    return list(
        session.exec(
            select(CandidateEvent)
            .where(CandidateEvent.candidate_id == candidate_id)
            .order_by(CandidateEvent.at, CandidateEvent.id)  # type: ignore[arg-type]
        )
    )


def for_assignment(*, session: Session, assignment_id: str) -> dict[str, Candidate]:
    """Return the assignment's candidates by expert id."""
    rows = session.exec(select(Candidate).where(Candidate.assignment_id == assignment_id))
    return {row.expert_id: row for row in rows}


def counts_by_status(
    *, session: Session, assignment_ids: Sequence[str]
) -> dict[str, dict[str, int]]:
    """Return, per assignment, how many candidates are in each status."""
    counts: dict[str, dict[str, int]] = {aid: {} for aid in assignment_ids}
    if not assignment_ids:
        return counts
    rows = session.exec(
        select(Candidate.assignment_id, Candidate.status).where(
            Candidate.assignment_id.in_(assignment_ids)  # type: ignore[attr-defined]
        )
    )
    for assignment_id, status in rows:
        per = counts[assignment_id]
        per[str(status)] = per.get(str(status), 0) + 1
    return counts
