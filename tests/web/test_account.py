"""A person downloads their data, logs out everywhere, deletes the account; admins set roles."""

from __future__ import annotations

import json

import pytest
from sqlmodel import Session, select

from models import AuditEvent, Candidate, CandidateEvent, CandidateStatus, Expert, User
from tests.factories import assignment_record, expert_record
from web.services import bulk, candidates
from web.services.candidates import StatusChange


def engine(app):
    return app.extensions["database"].engine


@pytest.fixture
def member_with_history(app, client, login_as, make_user):
    """A logged-in member whose profile a coordinator has shortlisted."""
    member = login_as("member", email="own@example.org")
    coordinator = make_user("coordinator")
    expert, assignment = expert_record(email="own@example.org"), assignment_record()
    with Session(engine(app), expire_on_commit=False) as session:
        for kind, record in (("experts", expert), ("assignments", assignment)):
            bulk.import_records(
                session=session, kind=kind, raw=[json.dumps(record).encode()], max_line_bytes=10**6
            )
        row = session.get(Expert, expert["id"])
        row.user_id = member.id
        session.add(row)
        session.commit()
        candidates.move(
            session=session,
            assignment_id=assignment["id"],
            expert_id=expert["id"],
            change=StatusChange(CandidateStatus.SHORTLISTED, note="good fit"),
            actor=coordinator,
        )
    return member, expert, assignment


def test_download_holds_my_data_and_no_secrets(client, member_with_history):
    _member, expert, assignment = member_with_history
    response = client.get("/account/data.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = response.get_json()
    assert data["account"]["email"] == "own@example.org"
    assert "password_hash" not in data["account"] and "session_token" not in data["account"]
    assert data["profile"]["phone"] == expert["phone"]
    assert data["candidacies"][0]["assignment"]["id"] == assignment["id"]
    assert [h["to"] for h in data["candidacies"][0]["history"]] == ["shortlisted"]


def test_logout_everywhere_ends_other_sessions(app, client, member_with_history):
    other = app.test_client()
    other.post(
        "/auth/login", data={"email": "own@example.org", "password": "correct horse battery"}
    )
    assert other.get("/account/").status_code == 200
    response = client.post("/account/logout-everywhere")
    assert response.status_code == 302
    assert other.get("/account/").status_code == 302  # sent to log in again
    assert client.get("/account/").status_code == 302


def test_delete_needs_the_password_then_anonymises(app, client, member_with_history):
    member, expert, _assignment = member_with_history
    wrong = client.post("/account/delete", data={"password": "not my password"})
    assert wrong.status_code == 422
    with Session(engine(app)) as session:
        assert session.get(User, member.id) is not None
    response = client.post("/account/delete", data={"password": "correct horse battery"})
    assert response.status_code == 302
    with Session(engine(app)) as session:
        assert session.get(User, member.id) is None
        row = session.get(Expert, expert["id"])
        assert (row.name, row.email, row.phone, row.visible) == ("Deleted account", "", "", False)
        assert row.skills == [] and row.experience == [] and row.availability == []
        candidate = session.exec(select(Candidate)).one()
        assert candidate.status == CandidateStatus.SHORTLISTED  # the history stays whole
        events = session.exec(select(CandidateEvent)).all()
        assert [e.to_status for e in events] == ["shortlisted"]
        actions = [a.action for a in session.exec(select(AuditEvent))]
        assert "account.delete" in actions
    assert client.get("/account/").status_code == 302


def test_admin_changes_a_role_audited_and_keeps_one_admin(app, client, login_as, make_user):
    admin = login_as("admin")
    member = make_user("member")
    response = client.post(
        f"/admin/users/{member.id}/role", data={"role": "coordinator", "active": "y"}
    )
    assert response.status_code == 302
    with Session(engine(app)) as session:
        assert session.get(User, member.id).role == "coordinator"
        audit_row = session.exec(select(AuditEvent).where(AuditEvent.action == "user.role")).one()
        assert (audit_row.actor_id, audit_row.detail["to_role"]) == (admin.id, "coordinator")
    client.post(f"/admin/users/{admin.id}/role", data={"role": "member", "active": "y"})
    with Session(engine(app)) as session:
        assert session.get(User, admin.id).role == "admin"
    assert "Keep at least one active admin" in client.get("/admin/users").get_data(as_text=True)
    assert client.post("/admin/users/99999/role", data={"role": "member"}).status_code == 404


def test_audit_trail_is_readable_by_coordinators_only(app, client, login_as, member_with_history):
    page = client.get("/coordinator/audit")
    assert page.status_code == 403  # a member
    client.post("/auth/logout")
    login_as("coordinator")
    page = client.get("/coordinator/audit")
    assert page.status_code == 200
    assert "candidate.status" in page.get_data(as_text=True)
    assert client.post("/coordinator/audit").status_code == 405
