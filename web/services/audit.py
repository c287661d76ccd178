"""The audit trail: append-only, written in the same transaction as the change it records."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from models import AuditEvent, User


def record(
    *,
    session: Session,
    actor: User | None,
    action: str,
    target_type: str,
    target_id: str | int,
    **detail: Any,
) -> AuditEvent:
    """Add an audit event to the session; the caller's commit makes it permanent."""
    event = AuditEvent(
        actor_id=actor.id if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        detail=detail,
    )
    session.add(event)
    return event


def recent(*, session: Session, limit: int = 200, offset: int = 0) -> list[AuditEvent]:
    """Return audit events, newest first."""
    statement = select(AuditEvent).order_by(AuditEvent.id.desc()).offset(offset).limit(limit)  # type: ignore[union-attr]
    return list(session.exec(statement))
