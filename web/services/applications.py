"""Applications: a person applies to a published opportunity with a short note; the application
is a candidate marked 'applied' for coordinators, and the person follows its status.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from models import (
    Application,
    Assignment,
    AssignmentStatus,
    Candidate,
    CandidateEvent,
    CandidateStatus,
    Partner,
    Role,
    User,
)
from models.base import utcnow
from web.services import audit, profiles
from web.services import candidates as candidate_service
from web.services.errors import Conflict, Forbidden, NotFound, ValidationFailed

MAX_NOTE = 2_000

# What an applicant reads for each stage of the coordinators' pipeline.
STATUS_LABELS: dict[str, str] = {
    CandidateStatus.SUGGESTED: "received",
    CandidateStatus.SHORTLISTED: "shortlisted",
    CandidateStatus.INVITED: "invited",
    CandidateStatus.ACCEPTED: "accepted",
    CandidateStatus.ASSIGNED: "accepted",
    CandidateStatus.COMPLETED: "completed",
    CandidateStatus.DECLINED: "declined",
    CandidateStatus.WITHDRAWN: "withdrawn",
}
STATUS_HELP: dict[str, str] = {
    "received": "Coordinators have your application and will look at it with the other candidates.",
    "shortlisted": "You are on the shortlist: a coordinator may contact you.",
    "invited": "You are invited: a coordinator will write to you to agree the details.",
    "accepted": "You are taking this assignment.",
    "completed": "The assignment is done. Thank you.",
    "declined": "This one did not work out. Other opportunities may fit.",
    "withdrawn": "The application was withdrawn.",
}


@dataclass(frozen=True)
class ApplicationView:
    """An application as its author sees it."""

    application: Application
    assignment: Assignment
    partner: str
    status: str  # one of STATUS_LABELS' values
    updated_at: datetime

    @property
    def help(self) -> str:
        return STATUS_HELP.get(self.status, "")

    @property
    def open(self) -> bool:
        return self.assignment.status == AssignmentStatus.PUBLISHED


def _views(session: Session, user: User, *conditions: object) -> list[ApplicationView]:
    rows = session.exec(
        select(Application, Assignment, Candidate, Partner)
        .join(Assignment, Application.assignment_id == Assignment.id)  # type: ignore[arg-type]
        .join(Candidate, Application.candidate_id == Candidate.id)  # type: ignore[arg-type]
        .join(Partner, Assignment.partner_id == Partner.id, isouter=True)  # type: ignore[arg-type]
        .where(Application.user_id == user.id, *conditions)  # type: ignore[arg-type]
        .order_by(Application.created_at.desc(), Application.id.desc())  # type: ignore[attr-defined, union-attr]
    )
    return [
        ApplicationView(
            application,
            assignment,
            partner.name if partner else "",
            STATUS_LABELS.get(str(candidate.status), str(candidate.status)),
            candidate.updated_at,
        )
        for application, assignment, candidate, partner in rows
    ]


def mine(*, session: Session, user: User) -> list[ApplicationView]:
    """Return the person's applications, newest first."""
    return _views(session, user)


def by_assignment(*, session: Session, user: User) -> dict[str, ApplicationView]:
    """Return the person's applications by assignment id."""
    return {view.assignment.id: view for view in _views(session, user)}


def application_to(*, session: Session, user: User, assignment_id: str) -> ApplicationView | None:
    """Return the person's application to one assignment, if any."""
    found = _views(session, user, Application.assignment_id == assignment_id)
    return found[0] if found else None


def one(*, session: Session, user: User, application_id: int) -> ApplicationView:
    """Return one of the person's own applications; anybody else's is NotFound."""
    found = _views(session, user, Application.id == application_id)
    if not found:
        raise NotFound(f"No application {application_id}.", field="application_id")
    return found[0]


def apply(*, session: Session, user: User, assignment_id: str, note: str) -> Application:
    """Apply to a published assignment: the profile becomes visible, a candidate 'applied'."""
    if user.role not in (Role.MEMBER, Role.APPLICANT):
        raise Forbidden("Only members and applicants apply to opportunities.", field="role")
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise ValidationFailed(
            f"Keep the note under {MAX_NOTE} characters (it has {len(note)}).", field="note"
        )
    assignment = session.get(Assignment, assignment_id)
    if assignment is None or not assignment.published:
        raise NotFound(f"No published opportunity {assignment_id!r}.", field="assignment_id")
    if application_to(session=session, user=user, assignment_id=assignment_id) is not None:
        raise Conflict("You have already applied to this opportunity.", field="assignment_id")
    expert = profiles.own_profile(session=session, user=user)
    # Applying is consenting to be seen for it: the form says so.
    profiles.set_consent(session=session, user=user, expert=expert, visible=True)
    session.flush()
    candidate = candidate_service.get_or_create(
        session=session, assignment_id=assignment_id, expert_id=expert.id
    )
    assert candidate.id is not None
    candidate.applied = True
    candidate.updated_at = utcnow()
    application = Application(
        assignment_id=assignment_id, user_id=user.id, candidate_id=candidate.id, note=note
    )
    session.add_all(
        [
            candidate,
            application,
            CandidateEvent(
                candidate_id=candidate.id,
                actor_id=user.id,
                from_status=candidate.status,
                to_status=candidate.status,
                note=f"Applied: {note}" if note else "Applied (no note).",
            ),
        ]
    )
    audit.record(
        session=session,
        actor=user,
        action="application.create",
        target_type="candidate",
        target_id=candidate.id,
        assignment_id=assignment_id,
        expert_id=expert.id,
    )
    try:
        session.commit()
    except IntegrityError as exc:  # the same person applying twice at once
        session.rollback()
        raise Conflict(
            "You have already applied to this opportunity.", field="assignment_id"
        ) from exc
    return application
