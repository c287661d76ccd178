"""Batch staffing through the test client: proposals, explanations, edits, acceptance, bad input."""

from __future__ import annotations

import re

import pytest
from sqlmodel import Session, select

from models import AuditEvent, Candidate, CandidateEvent, CandidateStatus
from tests.factories import assignment_record, expert_record
from tests.web.page_support import load, text_of
from web.services import candidates
from web.services.candidates import StatusChange

S = CandidateStatus
FRENCH_C1 = [{"code": "fr", "level": "C1"}]
NO_FRENCH = [{"code": "en", "level": "native"}, {"code": "es", "level": "C1"}]


def french_speakers(**paul: object) -> list[dict]:
    """Return Aminata (French C1, the scarce one) and Paul (French B2), Paul's fields replaced."""
    return [
        expert_record(id="e-fr", name="Aminata Ndiaye", languages=FRENCH_C1),
        expert_record(
            id="e-fr2",
            name="Paul Girard",
            languages=[{"code": "fr", "level": "B2"}],
            years_experience=9,
            **paul,
        ),
    ]


def staffing_url(*ids: str, **params: str) -> str:
    query = "&".join([f"assignment={i}" for i in ids] + [f"{k}={v}" for k, v in params.items()])
    scope = "chosen" if ids else "all"
    return f"/coordinator/staffing?run=1&scope={scope}&teams=1&{query}"


@pytest.fixture
def scarce(app):
    """Two overlapping assignments that need French C1; only one expert speaks it that well."""
    load(
        app,
        experts=[
            *french_speakers(),
            expert_record(id="e-es", name="Sara Lopez", languages=NO_FRENCH, countries=["PE"]),
        ],
        assignments=[
            assignment_record(
                id="a-thies",
                partner="Municipality of Thiès",
                languages=FRENCH_C1,
                start="2027-03-01",
                end="2027-04-15",
            ),
            assignment_record(
                id="a-dakar",
                title="Property tax register for Dakar",
                partner="City of Dakar",
                languages=FRENCH_C1,
                start="2027-04-01",
                end="2027-05-15",
            ),
        ],
    )


def test_the_page_offers_the_open_assignments_and_the_rules(client, login_as, scarce):
    login_as("coordinator")
    response = client.get("/coordinator/staffing")
    assert response.status_code == 200
    text = text_of(response)
    assert "All open assignments with a position open (2)" in text
    assert "Property tax register for Dakar" in text
    assert "Offers per expert at once" in text
    assert "Proposal" not in text  # nothing is solved before the coordinator asks


def test_a_scarce_expert_goes_to_one_assignment_and_the_other_says_why(client, login_as, scarce):
    login_as("coordinator")
    response = client.get(staffing_url("a-thies", "a-dakar"))
    assert response.status_code == 200
    text = text_of(response)
    assert "1 / 2 Positions filled" in text
    # Proposed once, never double-booked.
    assert len(re.findall(r'name="pair" value="a-\w+:e-fr"', response.get_data(as_text=True))) == 1
    reason = re.search(r"1 position open\. (Needs French C1[^.]*)", text)
    assert reason is not None, text
    # The other assignment is named: the expert is already proposed there.
    assert re.search(
        r"1 expert qualifies, the only one already proposed for "
        r"(City of Dakar \(a-dakar\)|Municipality of Thiès \(a-thies\))",
        reason.group(1),
    )
    assert "2 fail on languages" in reason.group(1)


def test_the_optimum_fills_more_than_greedy_and_shows_both(client, login_as, app):
    load(
        app,
        experts=french_speakers(summary="Worked on municipal revenue.", skills=["local taxes"]),
        assignments=[
            # Everyone's best pair, so greedy takes it first...
            assignment_record(id="a-tax", partner="Municipality of Thiès"),
            # ...and leaves this one, which only Aminata can take, empty.
            assignment_record(
                id="a-waste",
                title="Closing the municipal dump site",
                description="The commune must close and cap its open dump.",
                partner="Commune of Rufisque",
                sector="solid waste",
                required_skills=["landfill closure"],
                preferred_skills=[],
                languages=FRENCH_C1,
                start="2027-03-10",
                end="2027-04-10",
            ),
        ],
    )
    login_as("coordinator")
    text = text_of(client.get(staffing_url()))
    assert "2 / 2 Positions filled greedy 1 / 2" in text
    totals = re.search(r"([\d.]+) Total fit .*? ([\d.]+) Greedy total .*? ([+-][\d.]+) Gain", text)
    assert totals is not None
    total, greedy, gain = map(float, totals.groups())
    assert gain == pytest.approx(total - greedy, abs=0.002)
    assert "keep open positions" not in text


def test_removing_a_proposed_expert_re_solves_and_updates_the_totals(client, login_as, scarce):
    login_as("coordinator")
    first = text_of(client.get(staffing_url("a-thies", "a-dakar")))
    winner = "a-thies" if re.search(r"already proposed for City of Dakar", first) else "a-dakar"
    other = "a-dakar" if winner == "a-thies" else "a-thies"
    # The expert is proposed for `other`; set them aside there.
    response = client.get(staffing_url("a-thies", "a-dakar", forbid=f"{other}:e-fr"))
    assert response.status_code == 200
    text = text_of(response)
    assert "Set aside Aminata Ndiaye on" in text
    assert "set aside by the coordinator" in text
    html = response.get_data(as_text=True)
    assert f'name="pair" value="{winner}:e-fr"' in html
    assert f'name="pair" value="{other}:e-fr"' not in html


def test_keeping_a_replacement_moves_the_expert(client, login_as, scarce):
    login_as("coordinator")
    response = client.get(staffing_url("a-thies", "a-dakar", lock="a-dakar:e-fr"))
    html = response.get_data(as_text=True)
    assert 'name="pair" value="a-dakar:e-fr"' in html
    assert "Kept Aminata Ndiaye on Property tax register for Dakar" in text_of(response)


def test_accepting_shortlists_with_history_components_and_audit(client, login_as, app, scarce):
    user = login_as("coordinator")
    response = client.post(
        "/coordinator/staffing/accept",
        data={
            "scope": "chosen",
            "assignment": ["a-thies", "a-dakar"],
            "max_per_expert": "1",
            "teams": "1",
            "pair": ["a-dakar:e-fr"],
            "accept": "selected",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert "lock=a-dakar:e-fr" in response.headers["Location"]
    with Session(app.extensions["database"].engine) as session:
        candidate = session.exec(select(Candidate)).one()
        assert (candidate.assignment_id, candidate.expert_id) == ("a-dakar", "e-fr")
        assert candidate.status == S.SHORTLISTED
        assert candidate.score is not None and 0 < candidate.score <= 1
        assert set(candidate.components) >= {"coverage", "fit", "sector", "fairness"}
        [event] = session.exec(select(CandidateEvent)).all()
        assert (event.to_status, event.note, event.actor_id) == (
            "shortlisted",
            "from batch staffing",
            user.id,
        )
        [batch] = session.exec(
            select(AuditEvent).where(AuditEvent.action == "staffing.accept")
        ).all()
        assert batch.detail["shortlisted"] == ["a-dakar:e-fr"]
    page = client.get(response.headers["Location"], follow_redirects=True)
    assert "1 proposal shortlisted (from batch staffing)." in text_of(page)
    assert "Kept Aminata Ndiaye" in text_of(page)


def test_accept_all_shortlists_every_proposal(client, login_as, app, scarce):
    login_as("coordinator")
    response = client.post(
        "/coordinator/staffing/accept",
        data={"scope": "all", "proposed": ["a-thies:e-fr"], "accept": "all"},
    )
    assert response.status_code == 302
    with Session(app.extensions["database"].engine) as session:
        rows = session.exec(select(Candidate)).all()
        assert [(c.expert_id, c.status) for c in rows] == [("e-fr", S.SHORTLISTED)]


def test_accepting_a_double_booking_is_refused_and_changes_nothing(client, login_as, app, scarce):
    login_as("coordinator")
    response = client.post(
        "/coordinator/staffing/accept",
        data={"scope": "all", "pair": ["a-thies:e-fr", "a-dakar:e-fr"], "accept": "selected"},
    )
    assert response.status_code == 409
    assert "would get more than 1 offer" in text_of(response)
    ineligible = client.post(
        "/coordinator/staffing/accept",
        data={"scope": "all", "pair": ["a-thies:e-es"], "accept": "selected"},
    )
    assert ineligible.status_code == 409
    assert "e-es is not eligible" in text_of(ineligible)
    with Session(app.extensions["database"].engine) as session:
        assert session.exec(select(Candidate)).all() == []


def test_who_said_yes_fills_positions_and_blocks_overlapping_periods(client, login_as, app, scarce):
    load(
        app,
        experts=[],
        assignments=[
            assignment_record(
                id="a-kaolack",
                partner="Commune of Kaolack",
                languages=FRENCH_C1,
                start="2027-03-20",
                end="2027-03-30",
            )
        ],
    )
    with app.app_context(), Session(app.extensions["database"].engine) as session:
        for status in (S.SHORTLISTED, S.INVITED, S.ACCEPTED):
            candidates.move(
                session=session,
                assignment_id="a-kaolack",
                expert_id="e-fr",
                change=StatusChange(status),
                actor=None,
            )
    login_as("coordinator")
    text = text_of(client.get(staffing_url()))
    assert "Fully staffed already, so not in the batch:" in text
    assert "1 / 2 Positions filled" in text
    assert "already committed to Commune of Kaolack (a-kaolack)" in text


BAD_QUERIES = [
    ("scope=chosen&assignment=nope", "Assignment 'nope' is unknown"),
    ("scope=chosen", "Choose at least one assignment"),
    ("scope=some", "The scope is all or chosen"),
    ("max_per_expert=0", "between 1 and 10"),
    ("max_per_expert=two", "must be a whole number"),
    ("lock=a-nowhere:e-fr", "does not name an assignment of this batch"),
    ("lock=a-thies:e-nobody", "lock: no expert 'e-nobody'"),
    ("lock=a-thies:e-es", "cannot lock e-es on a-thies: not an eligible candidate"),
    ("forbid=a-thies", "does not name an assignment of this batch"),
]


def test_bad_input_gets_a_422_naming_the_problem(client, login_as, scarce):
    login_as("coordinator")
    for query, problem in BAD_QUERIES:
        response = client.get(f"/coordinator/staffing?run=1&{query}")
        assert response.status_code == 422, query
        assert problem in text_of(response), query


def test_bad_acceptances_get_a_4xx(client, login_as, scarce):
    login_as("coordinator")
    nothing = client.post("/coordinator/staffing/accept", data={"accept": "selected"})
    assert nothing.status_code == 422
    assert "Choose at least one proposal" in text_of(nothing)
    unknown = client.post(
        "/coordinator/staffing/accept", data={"pair": ["a-gone:e-fr"], "accept": "selected"}
    )
    assert unknown.status_code == 422
    closed = client.post(
        "/coordinator/staffing/accept",
        data={"scope": "chosen", "assignment": "a-none", "pair": ["a-none:e-fr"]},
    )
    assert closed.status_code == 422
    which = client.post("/coordinator/staffing/accept", data={"accept": "some"})
    assert which.status_code == 422


def test_only_staff_reach_batch_staffing(client, login_as, scarce):
    assert client.get("/coordinator/staffing").status_code == 302  # to the login page
    login_as("member")
    assert client.get("/coordinator/staffing").status_code == 403
    assert client.post("/coordinator/staffing/accept", data={}).status_code == 403
