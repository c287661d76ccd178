"""The candidate pipeline: transitions, history, refusals, and serialised concurrent changes."""

from __future__ import annotations

import itertools
import threading

import pytest
from sqlmodel import Session, select

from models import AuditEvent, Candidate, CandidateEvent, CandidateStatus
from tests.factories import assignment_record, expert_record
from web.services import bulk, candidates
from web.services.candidates import StatusChange
from web.services.errors import Conflict, NotFound, ValidationFailed

S = CandidateStatus


@pytest.fixture
def pair(app):
    """Import one expert and one assignment; return their ids."""
    expert, assignment = expert_record(), assignment_record()
    with app.app_context(), Session(app.extensions["database"].engine) as session:
        for kind, record in (("experts", expert), ("assignments", assignment)):
            import json

            bulk.import_records(
                session=session,
                kind=kind,
                raw=[json.dumps(record).encode()],
                max_line_bytes=100_000,
            )
    return assignment["id"], expert["id"]


def open_session(app) -> Session:
    return Session(app.extensions["database"].engine, expire_on_commit=False)


def test_the_pipeline_records_every_step_with_who_and_note(app, pair, make_user):
    coordinator = make_user("coordinator")
    with open_session(app) as session:
        steps = [
            StatusChange(S.SHORTLISTED, note="strong on tax"),
            StatusChange(S.INVITED),
            StatusChange(S.ACCEPTED),
            StatusChange(S.ASSIGNED),
            StatusChange(S.COMPLETED, rating=5, note="excellent"),
        ]
        for change in steps:
            candidate = candidates.move(
                session=session,
                assignment_id=pair[0],
                expert_id=pair[1],
                change=change,
                actor=coordinator,
            )
        assert candidate.status == S.COMPLETED and candidate.rating == 5
        events = candidates.history(session=session, candidate_id=candidate.id)
    assert [(e.from_status, e.to_status) for e in events] == [
        ("suggested", "shortlisted"),
        ("shortlisted", "invited"),
        ("invited", "accepted"),
        ("accepted", "assigned"),
        ("assigned", "completed"),
    ]
    assert all(e.actor_id == coordinator.id and e.outcome == "applied" for e in events)
    assert events[0].note == "strong on tax"


def test_an_impossible_step_is_refused_recorded_and_changes_nothing(app, pair, make_user):
    coordinator = make_user("coordinator")
    with open_session(app) as session:
        candidates.move(
            session=session,
            assignment_id=pair[0],
            expert_id=pair[1],
            change=StatusChange(S.SHORTLISTED),
            actor=coordinator,
        )
        with pytest.raises(Conflict, match="shortlisted candidate cannot become completed"):
            candidates.move(
                session=session,
                assignment_id=pair[0],
                expert_id=pair[1],
                change=StatusChange(S.COMPLETED, rating=3),
                actor=coordinator,
            )
        candidate = session.exec(select(Candidate)).one()
        session.refresh(candidate)
        assert candidate.status == S.SHORTLISTED
        refused = session.exec(select(CandidateEvent).where(CandidateEvent.outcome == "refused"))
        assert [e.to_status for e in refused] == ["completed"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (StatusChange(S.DECLINED), "reason"),
        (StatusChange(S.DECLINED, reason="bored"), "reason"),
        (StatusChange(S.COMPLETED, rating=6), "rating"),
        (StatusChange(S.SHORTLISTED, note="x" * 5_001), "note"),
    ],
)
def test_bad_input_names_the_field(app, pair, change, field):
    with open_session(app) as session, pytest.raises(ValidationFailed) as caught:
        candidates.move(
            session=session, assignment_id=pair[0], expert_id=pair[1], change=change, actor=None
        )
    assert caught.value.field == field


def test_unknown_pair_is_not_found(app, pair):
    with open_session(app) as session, pytest.raises(NotFound):
        candidates.move(
            session=session,
            assignment_id=pair[0],
            expert_id="nobody",
            change=StatusChange(S.SHORTLISTED),
            actor=None,
        )


def test_a_decline_keeps_its_reason_and_is_audited(app, pair, make_user):
    coordinator = make_user("coordinator")
    with open_session(app) as session:
        candidate = candidates.move(
            session=session,
            assignment_id=pair[0],
            expert_id=pair[1],
            change=StatusChange(S.DECLINED, reason="unavailable", note="in Lima in March"),
            actor=coordinator,
        )
        assert candidate.decline_reason == "unavailable"
        audit_rows = session.exec(select(AuditEvent)).all()
    assert [(a.action, a.detail["to_status"], a.actor_id) for a in audit_rows] == [
        ("candidate.status", "declined", coordinator.id)
    ]


def test_concurrent_changes_are_serialised_and_both_recorded(app, pair, make_user):
    coordinator = make_user("coordinator")
    with open_session(app) as session:
        candidate = candidates.move(
            session=session,
            assignment_id=pair[0],
            expert_id=pair[1],
            change=StatusChange(S.SHORTLISTED),
            actor=coordinator,
        )
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def act(change: StatusChange) -> None:
        with open_session(app) as session:
            barrier.wait()
            try:
                candidates.change_status(
                    session=session, candidate_id=candidate.id, change=change, actor=coordinator
                )
                outcomes.append("ok")
            except Conflict:
                outcomes.append("refused")

    threads = [
        threading.Thread(target=act, args=(StatusChange(S.INVITED),)),
        threading.Thread(target=act, args=(StatusChange(S.DECLINED, reason="other"),)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with open_session(app) as session:
        final = session.get(Candidate, candidate.id)
        events = candidates.history(session=session, candidate_id=candidate.id)
    attempts = [e for e in events if e.from_status != "suggested"]
    assert len(attempts) == 2
    # Whatever the order, the history chains: each applied step starts where the last ended.
    applied = [e for e in events if e.outcome == "applied"]
    for before, after in itertools.pairwise(applied):
        assert after.from_status == before.to_status
    assert final.status == applied[-1].to_status
    assert final.version == 1 + len(events)
