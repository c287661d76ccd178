"""Experts: list, get, create, update, deactivate; and the assignments recommended for one."""

from __future__ import annotations

from flask_login import current_user

from models import Expert, ExpertCreate, ExpertPublic, ExpertUpdate
from web.api import api
from web.api.operations import decode_cursor, encode_cursor
from web.api.schemas import ExpertQuery, Items, Page, Recommendation, RecommendationQuery
from web.api.views_assignments import assignment_public
from web.db import get_session
from web.services import records

TAG = "Experts"


def expert_public(expert: Expert) -> ExpertPublic:
    return ExpertPublic.model_validate(expert)


@api.route("/experts", "GET", tag=TAG, query=ExpertQuery, response=Page[ExpertPublic])
def list_experts(query: ExpertQuery) -> Page[ExpertPublic]:
    """List experts, by id.

    Coordinators and admins see every profile whose owner consented; applicants and members
    see only their own.
    """
    page = records.list_experts(
        session=get_session(),
        viewer=current_user,
        filters=records.ExpertFilters(
            kind=query.kind or "",
            active=query.active,
            country=query.country or "",
            language=query.language or "",
            sector=query.sector or "",
            q=query.q or "",
        ),
        after=decode_cursor(query.cursor, str),
        limit=query.limit,
    )
    return Page[ExpertPublic](
        items=[expert_public(e) for e in page.items], next_cursor=encode_cursor(page.next_after)
    )


@api.route(
    "/experts", "POST", tag=TAG, body=ExpertCreate, response=ExpertPublic, status=201, errors=(409,)
)
def create_expert(body: ExpertCreate) -> ExpertPublic:
    """Create a profile.

    Coordinators and admins create anyone's (visible unless `visible` is false); an applicant or
    member creates their own, once, hidden from coordinators until `visible` is true.
    """
    return expert_public(
        records.create_expert(session=get_session(), viewer=current_user, data=body)
    )


@api.route("/experts/<expert_id>", "GET", tag=TAG, response=ExpertPublic)
def get_expert(expert_id: str) -> ExpertPublic:
    """Get one profile."""
    return expert_public(
        records.get_expert(session=get_session(), viewer=current_user, expert_id=expert_id)
    )


@api.route(
    "/experts/<expert_id>",
    "PATCH",
    tag=TAG,
    body=ExpertUpdate,
    response=ExpertPublic,
    errors=(403,),
)
def update_expert(expert_id: str, body: ExpertUpdate) -> ExpertPublic:
    """Change some fields of a profile.

    Fields left out stay as they are. Only the profile's owner may change `visible` (consent).
    """
    return expert_public(
        records.update_expert(
            session=get_session(), viewer=current_user, expert_id=expert_id, data=body
        )
    )


@api.route("/experts/<expert_id>/deactivate", "POST", tag=TAG, response=ExpertPublic)
def deactivate_expert(expert_id: str) -> ExpertPublic:
    """Deactivate a profile (on leave or withdrawn).

    The profile stays, with `active` false, and is eligible for no assignment until it is
    made active again with PATCH.
    """
    return expert_public(
        records.deactivate_expert(session=get_session(), viewer=current_user, expert_id=expert_id)
    )


@api.route(
    "/experts/<expert_id>/recommendations",
    "GET",
    tag=TAG,
    query=RecommendationQuery,
    response=Items[Recommendation],
)
def recommendations(expert_id: str, query: RecommendationQuery) -> Items[Recommendation]:
    """Recommend published assignments for an expert, best first, each with its explanation."""
    pairs = records.recommendations(
        session=get_session(),
        viewer=current_user,
        expert_id=expert_id,
        top_k=query.limit,
        include_ineligible=query.include_ineligible,
    )
    return Items[Recommendation](
        items=[
            Recommendation(assignment=assignment_public(a), score=score.to_dict())
            for a, score in pairs
        ]
    )
