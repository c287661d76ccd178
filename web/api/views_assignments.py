"""Assignments: list, get, create, update, deactivate (close)."""

from __future__ import annotations

from collections.abc import Sequence

from flask_login import current_user

from models import Assignment, AssignmentCreate, AssignmentPublic, AssignmentUpdate
from web.api import api
from web.api.operations import decode_cursor, encode_cursor
from web.api.schemas import AssignmentQuery, Page
from web.db import get_session
from web.services import records

TAG = "Assignments"


def assignments_public(assignments: Sequence[Assignment]) -> list[AssignmentPublic]:
    """Return the public form of assignments, each with its partner's name."""
    names = records.partner_names(
        session=get_session(), partner_ids=[a.partner_id for a in assignments]
    )
    return [
        AssignmentPublic.model_validate(a, update={"partner": names.get(a.partner_id or 0, "")})
        for a in assignments
    ]


def assignment_public(assignment: Assignment) -> AssignmentPublic:
    return assignments_public([assignment])[0]


@api.route("/assignments", "GET", tag=TAG, query=AssignmentQuery, response=Page[AssignmentPublic])
def list_assignments(query: AssignmentQuery) -> Page[AssignmentPublic]:
    """List assignments, by id.

    Coordinators and admins see every assignment; applicants and members see published ones.
    """
    page = records.list_assignments(
        session=get_session(),
        viewer=current_user,
        filters=records.AssignmentFilters(
            status=query.status or "",
            country=query.country or "",
            sector=query.sector or "",
            engagement=query.engagement or "",
            mode=query.mode or "",
            request_id=query.request_id,
            q=query.q or "",
        ),
        after=decode_cursor(query.cursor, str),
        limit=query.limit,
    )
    return Page[AssignmentPublic](
        items=assignments_public(page.items), next_cursor=encode_cursor(page.next_after)
    )


@api.route(
    "/assignments",
    "POST",
    tag=TAG,
    body=AssignmentCreate,
    response=AssignmentPublic,
    status=201,
    errors=(409,),
)
def create_assignment(body: AssignmentCreate) -> AssignmentPublic:
    """Create an assignment (a draft unless `status` says otherwise)."""
    return assignment_public(
        records.create_assignment(session=get_session(), viewer=current_user, data=body)
    )


@api.route("/assignments/<assignment_id>", "GET", tag=TAG, response=AssignmentPublic)
def get_assignment(assignment_id: str) -> AssignmentPublic:
    """Get one assignment (applicants and members: a published one)."""
    return assignment_public(
        records.get_visible_assignment(
            session=get_session(), viewer=current_user, assignment_id=assignment_id
        )
    )


@api.route(
    "/assignments/<assignment_id>",
    "PATCH",
    tag=TAG,
    body=AssignmentUpdate,
    response=AssignmentPublic,
)
def update_assignment(assignment_id: str, body: AssignmentUpdate) -> AssignmentPublic:
    """Change some fields of an assignment.

    Fields left out stay as they are; the stored scores of its candidates are refreshed.
    """
    return assignment_public(
        records.update_assignment(
            session=get_session(), viewer=current_user, assignment_id=assignment_id, data=body
        )
    )


@api.route("/assignments/<assignment_id>/deactivate", "POST", tag=TAG, response=AssignmentPublic)
def deactivate_assignment(assignment_id: str) -> AssignmentPublic:
    """Deactivate (close) an assignment: its status becomes closed."""
    return assignment_public(
        records.close_assignment(
            session=get_session(), viewer=current_user, assignment_id=assignment_id
        )
    )
