"""The audit trail, for coordinators to read; nothing here can change it."""

from __future__ import annotations

from flask import render_template, request
from sqlmodel import func, select

from models import AuditEvent, User
from web.coordinator import bp
from web.db import get_session
from web.services import audit

PER_PAGE = 50


@bp.get("/audit", endpoint="audit")
def audit_trail() -> str:
    """List who changed what and when, newest first."""
    page = max(1, request.args.get("page", 1, type=int) or 1)
    session = get_session()
    events = audit.recent(session=session, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    total = session.exec(select(func.count()).select_from(AuditEvent)).one()
    actor_ids = {e.actor_id for e in events if e.actor_id is not None}
    actors = (
        {
            u.id: u
            for u in session.exec(select(User).where(User.id.in_(actor_ids)))  # type: ignore[union-attr]
        }
        if actor_ids
        else {}
    )
    pages = max(1, -(-int(total) // PER_PAGE))
    return render_template(
        "coordinator/audit.html",
        events=events,
        actors=actors,
        page=page,
        pages=pages,
        total=total,
    )
