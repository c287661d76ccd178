"""Experts, assignments, partner requests and applications as a viewer may see and change them.

The record-level rules of the API live here: coordinators and admins see every consenting
profile and every assignment; a member or applicant sees only their own profile, only
published assignments and only their own applications. Lists are keyset-paged by id.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from sqlalchemy import String, cast, func, or_
from sqlmodel import Session, SQLModel, select

from matcher.errors import RecordError
from matcher.records import expert_from_dict
from models import (
    Application,
    Assignment,
    AssignmentCreate,
    AssignmentStatus,
    Candidate,
    CandidateEvent,
    Expert,
    ExpertCreate,
    ExpertUpdate,
    Partner,
    PartnerRequest,
    PartnerRequestCreate,
    PartnerRequestUpdate,
    RequestStatus,
    Role,
    User,
)
from models.base import new_id
from web.services import assignments as assignment_service
from web.services import audit, profiles, ranking
from web.services import candidates as candidate_service
from web.services.bulk import partner_named
from web.services.errors import Conflict, Forbidden, NotFound, ValidationFailed

T = TypeVar("T")
STAFF_ROLES = frozenset({Role.COORDINATOR, Role.ADMIN})
# What an assignment, request or expert row carries beyond its FORMATS.md record.
ASSIGNMENT_EXTRAS = ("status", "deadline", "request_id")


def is_staff(user: User) -> bool:
    """Say whether the user sees every record (coordinators and admins)."""
    return Role(user.role) in STAFF_ROLES


@dataclass(frozen=True)
class Slice(Generic[T]):
    """One page of a list, and the key to continue after (None on the last page)."""

    items: list[T]
    next_after: str | int | None


def _page(rows: Sequence[Any], limit: int, key: Any) -> Slice[Any]:
    """Cut a fetch of limit + 1 rows into a page and the key of its last row."""
    items = list(rows[:limit])
    return Slice(items, key(items[-1]) if len(rows) > limit else None)


def _contains(column: Any, text: str) -> Any:
    """Case-insensitive substring test, with LIKE wildcards in `text` taken literally."""
    return func.lower(column).contains(text.lower(), autoescape=True)


def _json_has(column: Any, fragment: Mapping[str, Any] | str) -> Any:
    """Test a JSON list column for an element (or an object's key: value), on any backend."""
    if isinstance(fragment, str):
        needle = json.dumps(fragment)
    else:
        needle = ", ".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in fragment.items())
    return cast(column, String).contains(needle, autoescape=True)


def _record_error(exc: RecordError) -> ValidationFailed:
    return ValidationFailed(f"{exc.field}: {exc.problem}", field=exc.field)


# Experts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpertFilters:
    kind: str = ""
    active: bool | None = None
    country: str = ""  # has worked there (listed, or in an experience entry)
    language: str = ""
    sector: str = ""
    q: str = ""  # in the name or headline


def list_experts(
    *, session: Session, viewer: User, filters: ExpertFilters, after: str | None, limit: int
) -> Slice[Expert]:
    """Return the experts the viewer may see, by id, after the key `after`."""
    statement = select(Expert)
    if is_staff(viewer):
        statement = statement.where(Expert.visible == True)  # noqa: E712
    else:
        statement = statement.where(Expert.user_id == viewer.id)
    if filters.kind:
        statement = statement.where(Expert.kind == filters.kind)
    if filters.active is not None:
        statement = statement.where(Expert.active == filters.active)
    if filters.country:
        statement = statement.where(
            or_(
                _json_has(Expert.countries, filters.country),
                _json_has(Expert.experience, {"country": filters.country}),
            )
        )
    if filters.language:
        statement = statement.where(_json_has(Expert.languages, {"code": filters.language}))
    if filters.sector:
        statement = statement.where(_json_has(Expert.sectors, filters.sector.lower()))
    if filters.q:
        statement = statement.where(
            or_(_contains(Expert.name, filters.q), _contains(Expert.headline, filters.q))
        )
    if after is not None:
        statement = statement.where(Expert.id > after)
    rows = session.exec(statement.order_by(Expert.id).limit(limit + 1)).all()  # type: ignore[arg-type]
    return _page(rows, limit, lambda expert: expert.id)


def get_expert(*, session: Session, viewer: User, expert_id: str) -> Expert:
    """Return a profile the viewer may see (staff: consenting ones; others: their own)."""
    expert = session.get(Expert, expert_id)
    if expert is None or not _may_see(viewer, expert):
        raise NotFound(f"No expert {expert_id!r}.", field="expert_id")
    return expert


def own_profile_id(*, session: Session, user: User) -> str | None:
    """Return the id of the person's own profile, if they have one."""
    return session.exec(select(Expert.id).where(Expert.user_id == user.id)).first()


def _may_see(viewer: User, expert: Expert) -> bool:
    if expert.user_id is not None and expert.user_id == viewer.id:
        return True
    return is_staff(viewer) and expert.visible


def _expert_record(data: Mapping[str, Any]) -> Any:
    try:
        return expert_from_dict(data)
    except RecordError as exc:
        raise _record_error(exc) from exc


def create_expert(*, session: Session, viewer: User, data: ExpertCreate) -> Expert:
    """Add a profile: a coordinator's for anyone, a person's for themselves (one each)."""
    fields = data.model_dump(mode="json", exclude_none=True)
    visible = fields.pop("visible", None)
    fields["id"] = fields.get("id") or new_id("e")
    record = _expert_record(fields)
    if session.get(Expert, record.id) is not None:
        raise Conflict(f"An expert {record.id!r} exists already.", field="id")
    expert = Expert(id=record.id, name=record.name)
    expert.update_from_record(record)
    if is_staff(viewer):
        expert.visible = True if visible is None else visible
    else:
        own = own_profile_id(session=session, user=viewer)
        if own is not None:
            raise Conflict(f"You have a profile already: {own!r}.", field="id")
        expert.user_id = viewer.id
        # A person's profile stays out of rankings until they consent.
        expert.visible = bool(visible)
    session.add(expert)
    audit.record(
        session=session,
        actor=viewer,
        action="expert.create",
        target_type="expert",
        target_id=expert.id,
        visible=expert.visible,
    )
    session.commit()
    return expert


def update_expert(*, session: Session, viewer: User, expert_id: str, data: SQLModel) -> Expert:
    """Change the fields given in an ExpertUpdate; consent only the profile's owner gives."""
    expert = get_expert(session=session, viewer=viewer, expert_id=expert_id)
    changes = data.model_dump(mode="json", exclude_unset=True)
    visible = changes.pop("visible", None)
    if visible is not None and visible != expert.visible and expert.user_id != viewer.id:
        raise Forbidden("Only the expert gives or withdraws consent.", field="visible")
    record = _expert_record({**expert.to_dict(), **changes, "id": expert.id})
    expert.update_from_record(record)
    if visible is not None:
        profiles.set_consent(session=session, user=viewer, expert=expert, visible=visible)
    session.add(expert)
    audit.record(
        session=session,
        actor=viewer,
        action="expert.update",
        target_type="expert",
        target_id=expert.id,
        fields=sorted(changes),
    )
    session.commit()
    return expert


def deactivate_expert(*, session: Session, viewer: User, expert_id: str) -> Expert:
    """Mark a profile inactive (on leave or withdrawn): it stays, but is eligible for nothing."""
    return update_expert(
        session=session, viewer=viewer, expert_id=expert_id, data=ExpertUpdate(active=False)
    )


def recommendations(
    *, session: Session, viewer: User, expert_id: str, top_k: int, include_ineligible: bool
) -> list[tuple[Assignment, Any]]:
    """Rank the published assignments for a profile the viewer may see."""
    expert = get_expert(session=session, viewer=viewer, expert_id=expert_id)
    return ranking.recommend_assignments(
        session=session, expert_id=expert.id, top_k=top_k, include_ineligible=include_ineligible
    )


# Assignments --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AssignmentFilters:
    status: str = ""
    country: str = ""
    sector: str = ""
    engagement: str = ""
    mode: str = ""
    request_id: int | None = None
    q: str = ""  # in the title or the partner's words


def list_assignments(
    *, session: Session, viewer: User, filters: AssignmentFilters, after: str | None, limit: int
) -> Slice[Assignment]:
    """Return the assignments the viewer may see (others than staff: published only), by id."""
    statement = select(Assignment)
    if not is_staff(viewer):
        statement = statement.where(Assignment.status == AssignmentStatus.PUBLISHED)
    for name in ("status", "country", "engagement", "mode"):
        value = getattr(filters, name)
        if value:
            statement = statement.where(getattr(Assignment, name) == value)
    if filters.sector:
        statement = statement.where(Assignment.sector == filters.sector.lower())
    if filters.request_id is not None:
        statement = statement.where(Assignment.request_id == filters.request_id)
    if filters.q:
        statement = statement.where(
            or_(
                _contains(Assignment.title, filters.q), _contains(Assignment.description, filters.q)
            )
        )
    if after is not None:
        statement = statement.where(Assignment.id > after)
    rows = session.exec(statement.order_by(Assignment.id).limit(limit + 1)).all()  # type: ignore[arg-type]
    return _page(rows, limit, lambda assignment: assignment.id)


def get_visible_assignment(*, session: Session, viewer: User, assignment_id: str) -> Assignment:
    """Return an assignment the viewer may see (others than staff: published only)."""
    assignment = session.get(Assignment, assignment_id)
    if assignment is None or not (is_staff(viewer) or assignment.published):
        raise NotFound(f"No assignment {assignment_id!r}.", field="assignment_id")
    return assignment


def partner_names(*, session: Session, partner_ids: Sequence[int | None]) -> dict[int, str]:
    """Return the names of the given partners by id."""
    ids = {pid for pid in partner_ids if pid is not None}
    if not ids:
        return {}
    rows = session.exec(select(Partner).where(Partner.id.in_(ids)))  # type: ignore[union-attr]
    return {row.id: row.name for row in rows if row.id is not None}


def _save_assignment(
    session: Session, viewer: User, fields: dict[str, Any], extras: Mapping[str, Any]
) -> Assignment:
    status = extras.get("status")
    deadline: date | None = extras.get("deadline")
    if isinstance(deadline, str):
        deadline = date.fromisoformat(deadline)
    return assignment_service.save_assignment(
        session=session,
        data=fields,
        actor=viewer,
        request_id=extras.get("request_id"),
        status=AssignmentStatus(status) if status else None,
        deadline=deadline,
    )


def create_assignment(*, session: Session, viewer: User, data: AssignmentCreate) -> Assignment:
    """Add an assignment (a draft unless a status is given); an id in use is a conflict."""
    fields = data.model_dump(mode="json", exclude_none=True)
    extras = {key: fields.pop(key, None) for key in ASSIGNMENT_EXTRAS}
    if fields.get("id") and session.get(Assignment, fields["id"]) is not None:
        raise Conflict(f"An assignment {fields['id']!r} exists already.", field="id")
    return _save_assignment(session, viewer, fields, extras)


def update_assignment(
    *, session: Session, viewer: User, assignment_id: str, data: SQLModel
) -> Assignment:
    """Change the fields given in an AssignmentUpdate; candidates' stored scores follow."""
    assignment = assignment_service.get_assignment(session=session, assignment_id=assignment_id)
    changes = data.model_dump(mode="json", exclude_unset=True)
    extras = {
        "status": assignment.status,
        "deadline": assignment.deadline,
        "request_id": assignment.request_id,
    }
    extras.update({key: changes.pop(key) for key in ASSIGNMENT_EXTRAS if key in changes})
    current = assignment.to_dict(assignment_service.partner_name(session, assignment))
    saved = _save_assignment(session, viewer, {**current, **changes, "id": assignment.id}, extras)
    ranking.rematch(session=session, assignment_id=saved.id)
    return saved


def close_assignment(*, session: Session, viewer: User, assignment_id: str) -> Assignment:
    """Close an assignment (it leaves the published list and rankings for experts)."""
    return assignment_service.set_status(
        session=session, assignment_id=assignment_id, status=AssignmentStatus.CLOSED, actor=viewer
    )


# Partner requests ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestFilters:
    status: str = ""
    country: str = ""
    q: str = ""  # in the title or the partner's name


@dataclass(frozen=True)
class RequestRow:
    request: PartnerRequest
    partner: Partner
    assignments: int


def _request_rows(
    session: Session, pairs: Sequence[tuple[PartnerRequest, Partner]]
) -> list[RequestRow]:
    ids = [request.id for request, _ in pairs]
    counts: dict[int, int] = {}
    if ids:
        counts = dict(
            session.exec(  # type: ignore[arg-type]
                select(Assignment.request_id, func.count())
                .where(Assignment.request_id.in_(ids))  # type: ignore[union-attr]
                .group_by(Assignment.request_id)
            ).all()
        )
    return [
        RequestRow(request, partner, counts.get(request.id or 0, 0)) for request, partner in pairs
    ]


def _requests() -> Any:
    return select(PartnerRequest, Partner).join(
        Partner,
        PartnerRequest.partner_id == Partner.id,  # type: ignore[arg-type]
    )


def list_requests(
    *, session: Session, filters: RequestFilters, after: int | None, limit: int
) -> Slice[RequestRow]:
    """Return partner requests with their partner and number of assignments, by id."""
    statement = _requests()
    if filters.status:
        statement = statement.where(PartnerRequest.status == filters.status)
    if filters.country:
        statement = statement.where(PartnerRequest.country == filters.country)
    if filters.q:
        statement = statement.where(
            or_(_contains(PartnerRequest.title, filters.q), _contains(Partner.name, filters.q))
        )
    if after is not None:
        statement = statement.where(PartnerRequest.id > after)
    pairs = session.exec(statement.order_by(PartnerRequest.id).limit(limit + 1)).all()
    page = _page(pairs, limit, lambda pair: pair[0].id)
    return Slice(_request_rows(session, page.items), page.next_after)


def get_request(*, session: Session, request_id: int) -> RequestRow:
    """Return one partner request with its partner and number of assignments."""
    pair = session.exec(_requests().where(PartnerRequest.id == request_id)).first()
    if pair is None:
        raise NotFound(f"No partner request {request_id}.", field="request_id")
    return _request_rows(session, [pair])[0]


def create_request(*, session: Session, viewer: User, data: PartnerRequestCreate) -> RequestRow:
    """Record a partner's request for assistance."""
    request = assignment_service.create_request(
        session=session,
        data=assignment_service.RequestInput(
            partner=data.partner,
            title=data.title,
            description=data.description,
            country=data.country,
            sector=data.sector,
            received_on=data.received_on,
        ),
        actor=viewer,
    )
    assert request.id is not None
    if data.status != RequestStatus.NEW:
        return update_request(
            session=session,
            viewer=viewer,
            request_id=request.id,
            data=PartnerRequestUpdate(status=data.status),
        )
    return get_request(session=session, request_id=request.id)


def update_request(
    *, session: Session, viewer: User, request_id: int, data: SQLModel
) -> RequestRow:
    """Change the fields given in a PartnerRequestUpdate (the partner, by name, too)."""
    row = get_request(session=session, request_id=request_id)
    request = row.request
    changes = data.model_dump(exclude_unset=True)
    if "partner" in changes:
        partner = partner_named(session, changes.pop("partner"), request.country)
        assert partner is not None and partner.id is not None
        request.partner_id = partner.id
    for key, value in changes.items():
        if isinstance(value, str) and key != "description":
            value = value.strip()
        setattr(request, key, value.lower() if key == "sector" else value)
    session.add(request)
    audit.record(
        session=session,
        actor=viewer,
        action="request.update",
        target_type="partner_request",
        target_id=request_id,
        fields=sorted(changes),
    )
    session.commit()
    return get_request(session=session, request_id=request_id)


# Applications -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApplicationRow:
    application: Application
    candidate: Candidate
    assignment: Assignment


def close_request(*, session: Session, viewer: User, request_id: int) -> RequestRow:
    """Close a partner request."""
    return update_request(
        session=session,
        viewer=viewer,
        request_id=request_id,
        data=PartnerRequestUpdate(status=RequestStatus.CLOSED),
    )


def list_applications(
    *, session: Session, viewer: User, assignment_id: str, after: int | None, limit: int
) -> Slice[ApplicationRow]:
    """Return applications by id: a person's own, or every one for staff."""
    statement = (
        select(Application, Candidate, Assignment)
        .join(Candidate, Application.candidate_id == Candidate.id)  # type: ignore[arg-type]
        .join(Assignment, Application.assignment_id == Assignment.id)  # type: ignore[arg-type]
    )
    if not is_staff(viewer):
        statement = statement.where(Application.user_id == viewer.id)
    if assignment_id:
        statement = statement.where(Application.assignment_id == assignment_id)
    if after is not None:
        statement = statement.where(Application.id > after)
    rows = session.exec(statement.order_by(Application.id).limit(limit + 1)).all()  # type: ignore[union-attr]
    page = _page(rows, limit, lambda row: row[0].id)
    return Slice([ApplicationRow(*row) for row in page.items], page.next_after)


# Candidates ---------------------------------------------------------------------------------


def find_candidate(*, session: Session, assignment_id: str, expert_id: str) -> Candidate:
    """Return the candidate of a pair (the expert consenting), or raise NotFound."""
    expert = session.get(Expert, expert_id)
    candidate = session.exec(
        select(Candidate).where(
            Candidate.assignment_id == assignment_id, Candidate.expert_id == expert_id
        )
    ).first()
    if candidate is None or expert is None or not expert.visible:
        raise NotFound(
            f"Expert {expert_id!r} is not a candidate for {assignment_id!r}.", field="expert_id"
        )
    return candidate


def candidate_history(
    *, session: Session, assignment_id: str, expert_id: str
) -> tuple[Candidate, list[CandidateEvent]]:
    """Return a pair's candidate and its status changes, oldest first."""
    candidate = find_candidate(session=session, assignment_id=assignment_id, expert_id=expert_id)
    assert candidate.id is not None
    return candidate, candidate_service.history(session=session, candidate_id=candidate.id)


# Bulk import --------------------------------------------------------------------------------
