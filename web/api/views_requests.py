"""Partner requests: list, get, create, update, deactivate (close)."""

from __future__ import annotations

from flask_login import current_user

from models import PartnerRequestCreate, PartnerRequestPublic, PartnerRequestUpdate
from web.api import api
from web.api.operations import decode_cursor, encode_cursor
from web.api.schemas import Page, RequestQuery
from web.db import get_session
from web.services import records

TAG = "Partner requests"


def request_public(row: records.RequestRow) -> PartnerRequestPublic:
    return PartnerRequestPublic.model_validate(
        row.request, update={"partner": row.partner.name, "assignments": row.assignments}
    )


@api.route("/requests", "GET", tag=TAG, query=RequestQuery, response=Page[PartnerRequestPublic])
def list_requests(query: RequestQuery) -> Page[PartnerRequestPublic]:
    """List partner requests, by id, each with its partner and number of assignments."""
    page = records.list_requests(
        session=get_session(),
        filters=records.RequestFilters(
            status=query.status or "", country=query.country or "", q=query.q or ""
        ),
        after=decode_cursor(query.cursor, int),
        limit=query.limit,
    )
    return Page[PartnerRequestPublic](
        items=[request_public(row) for row in page.items],
        next_cursor=encode_cursor(page.next_after),
    )


@api.route(
    "/requests",
    "POST",
    tag=TAG,
    body=PartnerRequestCreate,
    response=PartnerRequestPublic,
    status=201,
)
def create_request(body: PartnerRequestCreate) -> PartnerRequestPublic:
    """Record a partner's request for assistance (the partner is found or added by name)."""
    return request_public(
        records.create_request(session=get_session(), viewer=current_user, data=body)
    )


@api.route("/requests/<int:request_id>", "GET", tag=TAG, response=PartnerRequestPublic)
def get_request(request_id: int) -> PartnerRequestPublic:
    """Get one partner request."""
    return request_public(records.get_request(session=get_session(), request_id=request_id))


@api.route(
    "/requests/<int:request_id>",
    "PATCH",
    tag=TAG,
    body=PartnerRequestUpdate,
    response=PartnerRequestPublic,
)
def update_request(request_id: int, body: PartnerRequestUpdate) -> PartnerRequestPublic:
    """Change some fields of a partner request; fields left out stay as they are."""
    return request_public(
        records.update_request(
            session=get_session(), viewer=current_user, request_id=request_id, data=body
        )
    )


@api.route("/requests/<int:request_id>/deactivate", "POST", tag=TAG, response=PartnerRequestPublic)
def deactivate_request(request_id: int) -> PartnerRequestPublic:
    """Deactivate (close) a partner request: its status becomes closed."""
    return request_public(
        records.close_request(session=get_session(), viewer=current_user, request_id=request_id)
    )
