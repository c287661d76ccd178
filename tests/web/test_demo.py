"""The seed-demo command: realistic, valid, deterministic and idempotent demo data.

Seeding takes a couple of seconds (four scrypt hashes among them), so each test seeds once
and checks several things of the same database.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from datetime import UTC, datetime
from itertools import pairwise
from typing import Any

from sqlmodel import Session, func, select

from matcher.codes import REGIONS
from matcher.records import assignment_from_dict, expert_from_dict
from matcher.rules import check_rules
from models import (
    DECLINE_REASONS,
    TRANSITIONS,
    Application,
    Assignment,
    AssignmentStatus,
    Candidate,
    CandidateEvent,
    CandidateStatus,
    Expert,
    Partner,
    PartnerRequest,
    User,
)
from web.demo_data import ACCOUNTS
from web.services.bulk import export_records

TABLES = (User, Expert, Partner, PartnerRequest, Assignment, Candidate, CandidateEvent, Application)


def seed(app) -> str:
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    return result.output


def count(session: Session, model: Any) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def check_spread(session: Session) -> None:
    """Hundreds of experts over many regions and sectors; 40 assignments from 20 requests."""
    records = [expert_from_dict(e.to_dict()) for e in session.exec(select(Expert))]
    assert len(records) >= 300
    assert len({REGIONS[c] for r in records for c in r.all_countries()}) >= 6
    assert len({s for r in records for s in r.sectors}) >= 15
    kinds = Counter(r.kind for r in records)
    assert kinds["member"] > kinds["specialist"] > 0
    assert any(not r.active for r in records) and any(not r.availability for r in records)

    assignments = session.exec(select(Assignment)).all()
    assert len(assignments) == 40 and count(session, PartnerRequest) == 20
    assert len({a.request_id for a in assignments}) == 20
    statuses = Counter(a.status for a in assignments)
    assert statuses[AssignmentStatus.PUBLISHED] > 30
    assert statuses[AssignmentStatus.DRAFT] and statuses[AssignmentStatus.CLOSED]


def check_histories(session: Session) -> None:
    """Candidates in every status, each history a walk of TRANSITIONS to its status."""
    events = session.exec(select(CandidateEvent).order_by(CandidateEvent.at, CandidateEvent.id))
    history: dict[int, list[CandidateEvent]] = {}
    for event in events:
        history.setdefault(event.candidate_id, []).append(event)
    candidates = session.exec(select(Candidate)).all()
    assert {c.status for c in candidates} == set(CandidateStatus)
    now = datetime.now(UTC).replace(tzinfo=None)
    for candidate in candidates:
        steps = history[candidate.id]
        assert steps[0].from_status is None and steps[0].to_status == CandidateStatus.SUGGESTED
        for before, after in pairwise(steps):
            assert after.from_status == before.to_status
            assert (
                CandidateStatus(after.to_status) in TRANSITIONS[CandidateStatus(before.to_status)]
            )
        assert steps[-1].to_status == candidate.status
        assert all(step.at.replace(tzinfo=None) < now and step.actor_id for step in steps)
        completed = candidate.status == CandidateStatus.COMPLETED
        assert completed == (candidate.rating in range(1, 6))
        declined = candidate.status == CandidateStatus.DECLINED
        assert declined == (candidate.decline_reason in DECLINE_REASONS)

    application = session.exec(select(Application)).one()
    applied = session.get(Candidate, application.candidate_id)
    assert session.get(User, application.user_id).email == "applicant@counterpart.example"
    assert applied.applied and session.get(Assignment, applied.assignment_id).published


def check_fits(session: Session) -> None:
    """Records round-trip; published work has fits and near misses; the member fits two."""
    partners = {p.id: p.name for p in session.exec(select(Partner))}
    experts = {
        e.id: expert_from_dict(e.to_dict()) for e in session.exec(select(Expert)) if e.visible
    }
    member = session.exec(
        select(Expert).join(User).where(User.email == "member@counterpart.example")
    ).one()
    fits_member = 0
    for row in session.exec(select(Assignment)):
        assignment = assignment_from_dict(row.to_dict(partners[row.partner_id]))
        if not row.published:
            continue
        failures = {
            expert.id: [r.name for r in check_rules(expert, assignment) if not r.passed]
            for expert in experts.values()
            if assignment.sector in expert.sectors
        }
        assert sum(not failed for failed in failures.values()) >= 3, row.id
        assert sum(len(failed) == 1 for failed in failures.values()) >= 1, row.id
        fits_member += member.id in failures and not failures[member.id]
    assert fits_member >= 2


def test_seed_demo_builds_a_realistic_consistent_demo(app, session):
    output = seed(app)
    assert "Demo data: 320 experts, 40 assignments, 20 requests" in output
    check_spread(session)
    check_histories(session)
    check_fits(session)


def snapshot(app) -> tuple[dict[str, int], str]:
    """Return the row count of each table and a hash of every demo row and exported record."""
    with Session(app.extensions["database"].engine) as session:
        counts = {model.__name__: count(session, model) for model in TABLES}
        rows = [
            row.model_dump()
            for model in TABLES
            for row in session.exec(select(model).order_by(*model.__table__.primary_key))
        ]
        exported = [
            list(export_records(session=session, kind=k)) for k in ("experts", "assignments")
        ]
    text = json.dumps([rows, exported], default=str, sort_keys=True)
    return counts, hashlib.sha256(text.encode()).hexdigest()


def test_seeding_twice_changes_nothing_and_the_accounts_log_in(app):
    seed(app)
    before = snapshot(app)
    assert "(0 rows written)" in seed(app)
    assert snapshot(app) == before
    for account in ACCOUNTS:
        response = app.test_client().post(
            "/auth/login", data={"email": account["email"], "password": account["password"]}
        )
        assert response.status_code == 302, account["email"]
