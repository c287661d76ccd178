"""Partner requests and the assignments made from them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, func, select

from matcher.errors import RecordError
from matcher.records import Assignment as AssignmentRecord
from matcher.records import assignment_from_dict
from models import (
    Assignment,
    AssignmentStatus,
    Partner,
    PartnerRequest,
    RequestStatus,
    User,
)
from models.base import new_id
from web.services import audit
from web.services.bulk import partner_named
from web.services.errors import NotFound, ValidationFailed


def parse_assignment(data: Mapping[str, Any]) -> AssignmentRecord:
    """Validate a FORMATS.md assignment, naming the field that is wrong."""
    try:
        return assignment_from_dict(data)
    except RecordError as exc:
        raise ValidationFailed(f"{exc.field}: {exc.problem}", field=exc.field) from exc


def get_assignment(*, session: Session, assignment_id: str) -> Assignment:
    """Return the assignment or raise NotFound."""
    assignment = session.get(Assignment, assignment_id)
    if assignment is None:
        raise NotFound(f"No assignment {assignment_id!r}.", field="assignment_id")
    return assignment


def partner_name(session: Session, assignment: Assignment) -> str:
    """Return the name of the assignment's partner, or ''."""
    if assignment.partner_id is None:
        return ""
    partner = session.get(Partner, assignment.partner_id)
    return partner.name if partner else ""


def assignment_record(session: Session, assignment: Assignment) -> AssignmentRecord:
    """Return the engine's record of a stored assignment."""
    return assignment.to_record(partner_name(session, assignment))


def _check_deadline(deadline: date | None, record: AssignmentRecord) -> None:
    if deadline is not None and record.start is not None and deadline > record.start:
        raise ValidationFailed("The deadline must not be after the start date.", field="deadline")


def save_assignment(
    *,
    session: Session,
    data: Mapping[str, Any],
    actor: User | None,
    request_id: int | None = None,
    status: AssignmentStatus | None = None,
    deadline: date | None = None,
) -> Assignment:
    """Create or update an assignment from a FORMATS.md record (a new one gets an id)."""
    data = dict(data)
    data.setdefault("id", "")
    if not data["id"]:
        data["id"] = new_id("a")
    record = parse_assignment(data)
    _check_deadline(deadline, record)
    request = None
    if request_id is not None:
        request = session.get(PartnerRequest, request_id)
        if request is None:
            raise NotFound(f"No partner request {request_id}.", field="request_id")
    assignment = session.get(Assignment, record.id)
    created = assignment is None
    if assignment is None:
        assignment = Assignment(id=record.id, title=record.title, description=record.description)
    assignment.update_from_record(record)
    if request is not None:
        assignment.request_id = request.id
        if not record.partner:
            assignment.partner_id = request.partner_id
    if record.partner or request is None:
        partner = partner_named(session, record.partner, record.country)
        assignment.partner_id = partner.id if partner else None
    if status is not None:
        assignment.status = status
    assignment.deadline = deadline
    session.add(assignment)
    if request is not None and request.status == RequestStatus.NEW:
        request.status = RequestStatus.IN_PROGRESS
        session.add(request)
    audit.record(
        session=session,
        actor=actor,
        action="assignment.create" if created else "assignment.update",
        target_type="assignment",
        target_id=assignment.id,
        title=assignment.title,
    )
    session.commit()
    return assignment


def set_status(
    *, session: Session, assignment_id: str, status: AssignmentStatus, actor: User | None
) -> Assignment:
    """Publish, unpublish (draft) or close an assignment."""
    assignment = get_assignment(session=session, assignment_id=assignment_id)
    before = assignment.status
    assignment.status = status
    session.add(assignment)
    audit.record(
        session=session,
        actor=actor,
        action="assignment.status",
        target_type="assignment",
        target_id=assignment_id,
        from_status=str(before),
        to_status=str(status),
    )
    session.commit()
    return assignment


@dataclass(frozen=True)
class RequestInput:
    partner: str
    title: str
    description: str = ""
    country: str = ""
    sector: str = ""
    received_on: date | None = None


def create_request(*, session: Session, data: RequestInput, actor: User | None) -> PartnerRequest:
    """Record a partner's request for assistance."""
    from matcher.codes import COUNTRIES

    if not data.partner.strip():
        raise ValidationFailed("Name the requesting partner.", field="partner")
    if not data.title.strip():
        raise ValidationFailed("Give the request a title.", field="title")
    country = data.country.strip().upper()
    if country and country not in COUNTRIES:
        raise ValidationFailed(f"Unknown country code {data.country!r}.", field="country")
    partner = partner_named(session, data.partner, country)
    assert partner is not None and partner.id is not None
    request = PartnerRequest(
        partner_id=partner.id,
        title=data.title.strip()[:300],
        description=data.description.strip(),
        country=country,
        sector=data.sector.strip().lower()[:100],
        received_on=data.received_on,
    )
    session.add(request)
    session.flush()
    audit.record(
        session=session,
        actor=actor,
        action="request.create",
        target_type="partner_request",
        target_id=request.id or 0,
        title=request.title,
    )
    session.commit()
    return request


@dataclass(frozen=True)
class RequestRow:
    request: PartnerRequest
    partner: Partner
    assignments: int


def list_requests(*, session: Session) -> list[RequestRow]:
    """Return every partner request with its partner and number of assignments, newest first."""
    counts = dict(
        session.exec(
            select(Assignment.request_id, func.count()).group_by(Assignment.request_id)
        ).all()
    )
    rows = session.exec(
        select(PartnerRequest, Partner)
        .join(Partner, PartnerRequest.partner_id == Partner.id)  # type: ignore[arg-type]
        .order_by(PartnerRequest.id.desc())  # type: ignore[union-attr]
    )
    return [RequestRow(request, partner, counts.get(request.id, 0)) for request, partner in rows]
