"""Learning the weights from decisions, activating only better ones, going back; the pages."""

from __future__ import annotations

import re

import pytest
from sqlmodel import Session, select

from matcher.scoring import Weights
from models import AuditEvent, Candidate, CandidateStatus, WeightSet
from tests.factories import assignment_record, expert_record
from tests.web.page_support import load, text_of
from web.services import candidates, ranking
from web.services.candidates import StatusChange
from web.services.matching import active_weights

S = CandidateStatus
ASSIGNMENTS = 6
EXPERTS = 14


@pytest.fixture
def decided(app):
    """Six assignments whose coordinators chose the two most senior of the first page.

    Every expert is eligible everywhere and has different years, so weights all on seniority
    order these decisions perfectly, and the default weights less well.
    """
    experts = [
        expert_record(id=f"e-{i:02d}", name=f"Expert {i:02d}", years_experience=3 + 2 * i)
        for i in range(EXPERTS)
    ]
    skills = ["property tax administration", "municipal budgeting", "procurement", "audit"]
    assignments = [
        assignment_record(
            id=f"a-{i}",
            title=f"Reform {i}",
            required_skills=[skills[i % len(skills)]],
            min_years=0,
        )
        for i in range(ASSIGNMENTS)
    ]
    load(app, experts=experts, assignments=assignments)
    years = {e["id"]: e["years_experience"] for e in experts}
    with app.test_request_context(), Session(app.extensions["database"].engine) as session:
        for a in assignments:
            ranked = ranking.rank_candidates(session=session, assignment_id=a["id"], top_k=13)
            page = [line.expert.id for line in ranked.eligible]
            chosen = sorted(page, key=lambda e: -years[e])[:2]
            for expert_id in chosen:
                candidates.move(
                    session=session,
                    assignment_id=a["id"],
                    expert_id=expert_id,
                    change=StatusChange(S.SHORTLISTED),
                    actor=None,
                )
            junior = min(page, key=lambda e: years[e])
            candidates.move(
                session=session,
                assignment_id=a["id"],
                expert_id=junior,
                change=StatusChange(S.DECLINED, reason="skills_mismatch"),
                actor=None,
            )


def store(app, name: str, weights: dict[str, float]) -> int:
    """Keep a weight set as if it had been learned; return its id."""
    with Session(app.extensions["database"].engine) as session:
        row = WeightSet(
            name=name,
            weights=Weights.from_mapping(weights).to_dict(),
            metrics={
                "before": {"pairwise": 0.5, "auc": 0.5, "ndcg": 0.5, "assignments": 2},
                "after": {"pairwise": 0.6, "auc": 0.6, "ndcg": 0.6, "assignments": 2},
                "train_decisions": 40,
                "test_decisions": 20,
                "held_out_from": "2027-01-01T00:00:00",
                "improves": True,
            },
        )
        session.add(row)
        session.commit()
        assert row.id is not None
        return row.id


def active_now(app) -> Weights:
    with app.app_context(), Session(app.extensions["database"].engine) as session:
        return active_weights(session)


def test_decisions_keep_the_component_values_they_were_taken_on(app, decided):
    with Session(app.extensions["database"].engine) as session:
        rows = session.exec(select(Candidate)).all()
    assert len(rows) == 3 * ASSIGNMENTS
    for row in rows:
        assert row.score is not None
        assert set(row.components) == set(Weights().to_dict())
        assert 0 <= row.components["seniority"] <= 1


def test_the_page_shows_the_active_weights_and_the_recorded_decisions(client, login_as, decided):
    login_as("coordinator")
    response = client.get("/coordinator/weights")
    assert response.status_code == 200
    text = text_of(response)
    assert "Active: Defaults" in text
    assert "fit overall semantic fit of the profile to the description 0.460" in text
    # Two chosen and one declined for a reason about fit on each assignment.
    assert (
        f"Decisions {3 * ASSIGNMENTS} Chosen {2 * ASSIGNMENTS} Not chosen {ASSIGNMENTS} "
        f"Assignments {ASSIGNMENTS}"
    ) in text
    assert "No weights learned yet." in text


def test_too_few_decisions_says_how_many_are_needed(client, login_as, app):
    load(app, experts=[expert_record(id="e-1")], assignments=[assignment_record(id="a-1")])
    with app.test_request_context(), Session(app.extensions["database"].engine) as session:
        candidates.move(
            session=session,
            assignment_id="a-1",
            expert_id="e-1",
            change=StatusChange(S.SHORTLISTED),
            actor=None,
        )
    login_as("coordinator")
    response = client.post("/coordinator/weights/learn")
    assert response.status_code == 422
    text = text_of(response)
    assert "Learning needs at least 30 decisions on 5 assignments" in text
    assert (
        "there are 1 on 0: 29 more decisions and 5 more assignments with both kinds needed" in text
    )
    with Session(app.extensions["database"].engine) as session:
        assert session.exec(select(WeightSet)).all() == []


def test_learning_keeps_a_set_with_before_and_after_on_the_same_held_out(
    client, login_as, app, decided
):
    login_as("coordinator")
    response = client.post("/coordinator/weights/learn")
    assert response.status_code == 302
    with Session(app.extensions["database"].engine) as session:
        row = session.exec(select(WeightSet)).one()
        assert not row.active and row.name == f"Learned set {row.id}"
        assert row.metrics["before"]["decisions"] == row.metrics["after"]["decisions"] > 0
        assert sum(row.weights.values()) == pytest.approx(1.0)
        assert row.weights["fairness"] == pytest.approx(Weights().fairness)
        assert session.exec(select(AuditEvent).where(AuditEvent.action == "weights.learn")).one()
    page = text_of(client.get("/coordinator/weights"))
    assert f"{row.name}" in page
    assert re.search(r"pairwise .*? [\d.]+ [\d.]+ [+-][\d.]+", page)
    assert active_now(app) == Weights()  # learned, not active


def test_activate_a_better_set_refuse_a_worse_one_and_go_back(client, login_as, app, decided):
    seniority = store(app, "Seniority", {"seniority": 1.0})
    fit_only = store(app, "Fit only", {"fit": 1.0})
    login_as("coordinator")

    activated = client.post(f"/coordinator/weights/{seniority}/activate")
    assert activated.status_code == 302, text_of(activated)
    assert active_now(app) == Weights.from_mapping({"seniority": 1.0})
    assert "Active: Seniority" in text_of(client.get("/coordinator/weights"))

    refused = client.post(f"/coordinator/weights/{fit_only}/activate")
    assert refused.status_code == 409
    assert re.search(
        r"'Fit only' evaluates worse than 'Seniority' on the held-out decisions "
        r"\(pairwise [\d.]+ < 1\.000\); the active weights stay",
        text_of(refused),
    )
    assert active_now(app) == Weights.from_mapping({"seniority": 1.0})

    back = client.post("/coordinator/weights/back")
    assert back.status_code == 302
    assert active_now(app) == Weights()
    assert "Active: Defaults" in text_of(client.get("/coordinator/weights"))
    again = client.post("/coordinator/weights/back")
    assert again.status_code == 409
    assert "no earlier weight set" in text_of(again)
    with Session(app.extensions["database"].engine) as session:
        actions = [
            e.action
            for e in session.exec(
                select(AuditEvent).where(AuditEvent.action.startswith("weights."))  # type: ignore[attr-defined]
            )
        ]
    assert actions == ["weights.activate", "weights.activate_refused", "weights.go_back"]


def test_going_back_walks_the_activations_in_reverse(client, login_as, app, decided):
    first = store(app, "Seniority", {"seniority": 1.0})
    second = store(app, "Seniority again", {"seniority": 2.0, "fairness": 0.0})
    login_as("coordinator")
    assert client.post(f"/coordinator/weights/{first}/activate").status_code == 302
    assert client.post(f"/coordinator/weights/{second}/activate").status_code == 302
    assert "Go back to Seniority" in text_of(client.get("/coordinator/weights"))
    assert client.post("/coordinator/weights/back").status_code == 302
    page = text_of(client.get("/coordinator/weights"))
    assert "Active: Seniority " in page and "Active: Seniority again" not in page, page
    assert client.post("/coordinator/weights/back").status_code == 302
    assert active_now(app) == Weights()


def test_bad_weight_requests_get_a_4xx(client, login_as, decided):
    login_as("coordinator")
    assert client.post("/coordinator/weights/999/activate").status_code == 404
    assert client.post("/coordinator/weights/back").status_code == 409


def test_only_staff_reach_the_weights(client, login_as):
    login_as("member")
    assert client.get("/coordinator/weights").status_code == 403
    assert client.post("/coordinator/weights/learn").status_code == 403
