"""Candidates (assignment x expert), their status pipeline and its history; applications."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import utcnow
from models.codes import code_enum


class CandidateStatus(StrEnum):
    SUGGESTED = "suggested"
    SHORTLISTED = "shortlisted"
    INVITED = "invited"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    ASSIGNED = "assigned"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"


S = CandidateStatus
# Which status may follow which; anything else is refused with the two names.
TRANSITIONS: dict[CandidateStatus, frozenset[CandidateStatus]] = {
    S.SUGGESTED: frozenset({S.SHORTLISTED, S.INVITED, S.DECLINED, S.WITHDRAWN}),
    S.SHORTLISTED: frozenset({S.INVITED, S.DECLINED, S.WITHDRAWN, S.SUGGESTED}),
    S.INVITED: frozenset({S.ACCEPTED, S.DECLINED, S.WITHDRAWN}),
    S.ACCEPTED: frozenset({S.ASSIGNED, S.DECLINED, S.WITHDRAWN}),
    S.ASSIGNED: frozenset({S.COMPLETED, S.WITHDRAWN}),
    S.DECLINED: frozenset({S.SHORTLISTED}),
    S.WITHDRAWN: frozenset({S.SHORTLISTED}),
    S.COMPLETED: frozenset(),
}

DECLINE_REASONS: dict[str, str] = {
    "unavailable": "Not available in the period",
    "not_interested": "Not interested",
    "skills_mismatch": "Skills do not match",
    "language": "Language level too low",
    "conflict": "Conflict of interest",
    "partner_choice": "Partner chose someone else",
    "other": "Other",
}


class Candidate(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("assignment_id", "expert_id"),)

    id: int | None = Field(default=None, primary_key=True)
    assignment_id: str = Field(foreign_key="assignment.id", index=True, ondelete="CASCADE")
    expert_id: str = Field(foreign_key="expert.id", index=True, ondelete="CASCADE")
    status: CandidateStatus = Field(default=CandidateStatus.SUGGESTED, max_length=20)
    applied: bool = False
    score: float | None = None
    # Each score component's value before weighting (0..1, fairness -1..1) when the last
    # decision was taken: what weight learning trains on (points = value x weight).
    components: dict[str, float] = Field(default_factory=dict, sa_type=JSON)
    decline_reason: str | None = Field(default=None, max_length=40)
    rating: int | None = None
    note: str = Field(default="", max_length=5_000)
    # Bumped on every status change: concurrent changes are serialised on it.
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class CandidateEvent(SQLModel, table=True):
    """One change (or refused attempt) of a candidate's status: who, when, from, to, note."""

    __tablename__ = "candidate_event"

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True, ondelete="CASCADE")
    actor_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    at: datetime = Field(default_factory=utcnow)
    from_status: str | None = Field(default=None, max_length=20)
    to_status: str = Field(max_length=20)
    note: str = Field(default="", max_length=5_000)
    outcome: str = Field(default="applied", max_length=20)  # applied | refused


class Application(SQLModel, table=True):
    """An applicant's application to a published assignment, with a short note."""

    __table_args__ = (UniqueConstraint("assignment_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    assignment_id: str = Field(foreign_key="assignment.id", index=True, ondelete="CASCADE")
    user_id: int | None = Field(
        default=None, foreign_key="user.id", index=True, ondelete="SET NULL"
    )
    candidate_id: int = Field(foreign_key="candidate.id", ondelete="CASCADE")
    note: str = Field(default="", max_length=2_000)
    created_at: datetime = Field(default_factory=utcnow)


DeclineReason = code_enum(
    "DeclineReason",
    DECLINE_REASONS,
    "Why a candidate declined: "
    + "; ".join(f"{key} = {label}" for key, label in DECLINE_REASONS.items()),
)


class CandidatePublic(SQLModel):
    """Where one expert stands for one assignment."""

    id: int
    assignment_id: str
    expert_id: str
    status: CandidateStatus
    applied: bool
    score: float | None
    decline_reason: str | None
    rating: int | None
    note: str
    version: int
    created_at: datetime
    updated_at: datetime


class CandidateStatusChange(SQLModel):
    """A status change: declined needs a reason, completed a rating from 1 to 5."""

    status: CandidateStatus
    note: str = Field(default="", max_length=5_000)
    reason: DeclineReason | None = None  # type: ignore[valid-type]
    rating: int | None = Field(default=None, ge=1, le=5)


class CandidateEventPublic(SQLModel):
    """One change (or refused attempt) of a candidate's status."""

    id: int
    at: datetime
    actor_id: int | None
    from_status: str | None
    to_status: str
    note: str
    outcome: str


class ApplicationPublic(SQLModel):
    """An application to a published assignment, and where it stands."""

    id: int
    assignment_id: str
    assignment_title: str
    status: CandidateStatus
    note: str
    created_at: datetime
