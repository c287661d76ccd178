"""Fixtures of the API tests: a bearer token per role, and a small world to act on."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlmodel import Session

from models import AssignmentStatus, ExpertCreate, User
from tests.factories import assignment_record, expert_record
from web.permissions import ROLES
from web.services import assignments, bulk, candidates, records, tokens

Headers = dict[str, str]


@pytest.fixture
def bearer(app) -> Callable[..., tuple[User, Headers]]:
    """Return a factory: bearer(role) -> (a new account of that role, its Authorization header).

    The accounts have no usable password (no scrypt to wait for): they only use tokens.
    """
    counter = itertools.count(1)

    def make(role: str) -> tuple[User, Headers]:
        with app.app_context(), Session(app.extensions["database"].engine) as session:
            user = User(
                email=f"api-{role}{next(counter)}@example.org",
                name=role.title(),
                role=role,
                password_hash="!",
            )
            session.add(user)
            session.flush()
            plain = tokens.issue_token(session=session, user=user, name="tests", actor=None)
            session.refresh(user)
        return user, {"Authorization": f"Bearer {plain}"}

    return make


@dataclass
class World:
    """Ids of the records every role is tried against, and each role's headers."""

    headers: dict[str, Headers]
    users: dict[str, User]
    expert: str  # a consenting profile a coordinator made
    member_profile: str  # the member's own profile
    published: str
    draft: str
    request: int
    candidate_expert: str  # a candidate (suggested) for `published`


def jsonl(*rows: dict[str, Any]) -> bytes:
    return b"".join(json.dumps(row).encode() + b"\n" for row in rows)


@pytest.fixture
def world(app, bearer) -> World:
    """Make an account and token per role, two experts, two assignments, a request, a candidate."""
    headers: dict[str, Headers] = {"anonymous": {}}
    users: dict[str, User] = {}
    for role in ROLES[1:]:
        users[role], headers[role] = bearer(role)
    expert = expert_record()
    published = assignment_record()
    with app.app_context(), Session(app.extensions["database"].engine) as session:
        bulk.import_records(
            session=session, kind="experts", raw=[jsonl(expert)], max_line_bytes=10**6
        )
        bulk.import_records(
            session=session, kind="assignments", raw=[jsonl(published)], max_line_bytes=10**6
        )
        draft = assignments.save_assignment(
            session=session,
            data=assignment_record(),
            actor=None,
            status=AssignmentStatus.DRAFT,
        )
        member = session.get(User, users["member"].id)
        own = records.create_expert(
            session=session,
            viewer=member,
            data=ExpertCreate(name="Mia Member", kind="member", visible=True),
        )
        request = assignments.create_request(
            session=session,
            data=assignments.RequestInput(partner="Municipality of Thiès", title="Revenue help"),
            actor=None,
        )
        candidates.get_or_create(
            session=session, assignment_id=published["id"], expert_id=expert["id"]
        )
        session.commit()
        return World(
            headers=headers,
            users=users,
            expert=expert["id"],
            member_profile=own.id,
            published=published["id"],
            draft=draft.id,
            request=request.id or 0,
            candidate_expert=expert["id"],
        )
