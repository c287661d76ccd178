"""Who the token belongs to, and their applications."""

from __future__ import annotations

from flask_login import current_user

from models import ApplicationPublic
from web.api import api
from web.api.operations import decode_cursor, encode_cursor
from web.api.schemas import ApplicationQuery, Me, Page
from web.db import get_session
from web.services import records


@api.route("/me", "GET", tag="Account", response=Me)
def me() -> Me:
    """Who this token belongs to.

    Your account and role, and the id of your own profile if you have one.
    """
    own = records.own_profile_id(session=get_session(), user=current_user)
    return Me(
        id=current_user.id,
        email=current_user.email,
        name=current_user.name,
        role=str(current_user.role),
        expert_id=own,
    )


@api.route(
    "/applications",
    "GET",
    tag="Account",
    query=ApplicationQuery,
    response=Page[ApplicationPublic],
)
def list_applications(query: ApplicationQuery) -> Page[ApplicationPublic]:
    """List applications to published assignments.

    Applicants and members see their own; coordinators and admins see every one.
    """
    page = records.list_applications(
        session=get_session(),
        viewer=current_user,
        assignment_id=query.assignment_id or "",
        after=decode_cursor(query.cursor, int),
        limit=query.limit,
    )
    return Page[ApplicationPublic](
        items=[
            ApplicationPublic(
                id=row.application.id,
                assignment_id=row.assignment.id,
                assignment_title=row.assignment.title,
                status=row.candidate.status,
                note=row.application.note,
                created_at=row.application.created_at,
            )
            for row in page.items
        ],
        next_cursor=encode_cursor(page.next_after),
    )
