"""A person's own data: download all of it, or delete the account (history kept, anonymised)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from models import (
    ApiToken,
    Application,
    Assignment,
    AuditEvent,
    Candidate,
    CandidateEvent,
    Expert,
    User,
)
from models.base import utcnow
from web.services import accounts, audit


def _plain(row: Any, *, without: tuple[str, ...] = ()) -> dict[str, Any]:
    data = row.model_dump(mode="json")
    for key in without:
        data.pop(key, None)
    return data


def export_my_data(*, session: Session, user: User) -> dict[str, Any]:
    """Return everything Counterpart holds about this person, as JSON-ready data."""
    expert = session.exec(select(Expert).where(Expert.user_id == user.id)).first()
    candidacies = []
    if expert is not None:
        rows = session.exec(
            select(Candidate, Assignment)
            .join(Assignment, Candidate.assignment_id == Assignment.id)  # type: ignore[arg-type]
            .where(Candidate.expert_id == expert.id)
        )
        for candidate, assignment in rows:
            events = session.exec(
                select(CandidateEvent).where(CandidateEvent.candidate_id == candidate.id)
            )
            candidacies.append(
                {
                    "assignment": {"id": assignment.id, "title": assignment.title},
                    "status": str(candidate.status),
                    "applied": candidate.applied,
                    "history": [
                        {"at": e.at.isoformat(), "from": e.from_status, "to": e.to_status}
                        for e in events
                    ],
                }
            )
    applications = session.exec(select(Application).where(Application.user_id == user.id))
    tokens = session.exec(select(ApiToken).where(ApiToken.user_id == user.id))
    return {
        "account": _plain(user, without=("password_hash", "session_token")),
        "profile": expert.to_dict() | {"visible": expert.visible} if expert else None,
        "candidacies": candidacies,
        "applications": [_plain(a) for a in applications],
        "api_tokens": [_plain(t, without=("token_hash",)) for t in tokens],
    }


def delete_account(*, session: Session, user: User) -> None:
    """Delete the account; the profile is emptied and anonymised so every history stays whole."""
    expert = session.exec(select(Expert).where(Expert.user_id == user.id)).first()
    if expert is not None:
        anonymous = Expert(id=expert.id, name="Deleted account", kind=expert.kind)
        for key in (*expert.to_dict().keys(), "visible"):
            if key not in ("id", "kind"):
                setattr(expert, key, getattr(anonymous, key))
        expert.visible = False
        expert.active = False
        expert.user_id = None
        expert.updated_at = utcnow()
        session.add(expert)
    for application in session.exec(select(Application).where(Application.user_id == user.id)):
        application.user_id = None
        application.note = ""
        session.add(application)
    for token in session.exec(select(ApiToken).where(ApiToken.user_id == user.id)):
        session.delete(token)
    for event in session.exec(select(AuditEvent).where(AuditEvent.actor_id == user.id)):
        event.actor_id = None
        session.add(event)
    for event in session.exec(select(CandidateEvent).where(CandidateEvent.actor_id == user.id)):
        event.actor_id = None
        session.add(event)
    accounts.rotate_sessions(user)
    audit.record(
        session=session,
        actor=None,
        action="account.delete",
        target_type="user",
        target_id=user.id or 0,
        expert_id=expert.id if expert else None,
    )
    session.flush()
    session.delete(user)
    session.commit()
