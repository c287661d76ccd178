"""The coordinator workspace through the test client: pages, validation, filters, the pipeline."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from models import Assignment, AuditEvent, Candidate, CandidateStatus, PartnerRequest
from tests.factories import assignment_record, expert_record
from web.services import bulk
from web.services.workspace import attention

S = CandidateStatus


def import_records(app, kind: str, records: list[dict]) -> None:
    with app.app_context(), Session(app.extensions["database"].engine) as session:
        bulk.import_records(
            session=session,
            kind=kind,
            raw=[json.dumps(r).encode() for r in records],
            max_line_bytes=100_000,
        )


@pytest.fixture
def world(app):
    """One assignment in Senegal and four experts: two eligible, two not (each for a reason)."""
    assignment = assignment_record(
        id="a-tax",
        title="Property tax collection reform",
        required_skills=["property tax administration", "municipal budgeting"],
        preferred_skills=["citizen engagement"],
    )
    experts = [
        expert_record(id="e-amina", name="Amina Diallo"),
        expert_record(
            id="e-paul",
            name="Paul Martin",
            headline="Budget officer, City of Lyon",
            summary="Prepared the annual municipal budget and ran citizen budget hearings.",
            skills=["municipal budgeting", "participatory budgeting"],
            countries=["FR"],
            availability=[],
        ),
        expert_record(
            id="e-sara",
            name="Sara Lopez",
            languages=[{"code": "es", "level": "native"}, {"code": "en", "level": "C2"}],
            countries=["PE"],
        ),
        expert_record(
            id="e-kofi",
            name="Kofi Mensah",
            kind="specialist",
            engagement=["paid"],
            headline="Revenue adviser",
            skills=["property valuation"],
        ),
    ]
    import_records(app, "experts", experts)
    import_records(app, "assignments", [assignment])
    return assignment["id"]


def engine_session(app) -> Session:
    return Session(app.extensions["database"].engine, expire_on_commit=False)


def body(response) -> str:
    return response.get_data(as_text=True)


def text(response) -> str:
    """Return the words of a page, without its tags."""
    return " ".join(re.sub(r"<[^>]+>", " ", body(response)).split())


# Who may see the workspace ---------------------------------------------------------------

PAGES = [
    "/coordinator/",
    "/coordinator/requests",
    "/coordinator/assignments/new",
    "/coordinator/assignments/a-tax",
    "/coordinator/assignments/a-tax/edit",
    "/coordinator/assignments/a-tax/compare?expert=e-amina&expert=e-paul",
    "/coordinator/assignments/a-tax/candidates/e-amina",
]


def test_only_coordinators_and_admins_reach_the_workspace(client, login_as, world):
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/auth/login" in response.headers["Location"]
    for role in ("member", "applicant"):
        login_as(role)
        for url in PAGES:
            assert client.get(url).status_code == 403, (role, url)
        step = client.post(
            "/coordinator/assignments/a-tax/candidates/e-amina/step", data={"to": "shortlisted"}
        )
        assert step.status_code == 403
        client.post("/auth/logout")
    login_as("admin")
    assert client.get("/coordinator/").status_code == 200
    assert client.get("/coordinator/assignments/nope").status_code == 404


# Dashboard -------------------------------------------------------------------------------


def test_dashboard_lists_open_assignments_with_staffing_and_what_needs_attention(
    client, login_as, app, world
):
    import_records(
        app,
        "assignments",
        [assignment_record(id="a-water", title="Water utility tariff study", positions=2)],
    )
    with engine_session(app) as session:
        water = session.get(Assignment, "a-water")
        water.deadline = date.today() + timedelta(days=3)
        tax = session.get(Assignment, "a-tax")
        tax.status = "closed"
        session.add_all([water, tax])
        session.commit()
    login_as("coordinator")
    client.post("/coordinator/assignments/a-water/candidates/e-amina/step", data={"to": "invited"})
    page = body(client.get("/coordinator/"))
    assert "Water utility tariff study" in page
    assert "Property tax collection reform" not in page  # closed
    assert "Deadline in 3 days, 2 of 2 positions open" in page
    assert "1 invitation awaiting an answer" in page
    assert "Positions to fill" in page
    with_closed = body(client.get("/coordinator/?closed=1"))
    assert "Property tax collection reform" in with_closed


@pytest.mark.parametrize(
    ("kwargs", "first"),
    [
        ({"counts": {}, "deadline": None}, "No one shortlisted yet"),
        ({"counts": {}, "deadline": date(2027, 1, 3)}, "Deadline in 2 days, 2 of 2 positions open"),
        ({"counts": {}, "deadline": date(2026, 12, 30)}, "Deadline passed 2 days ago"),
        ({"counts": {"invited": 2}, "deadline": None}, "2 invitations awaiting an answer"),
        ({"counts": {"assigned": 2}, "deadline": None}, "Fully staffed"),
        ({"counts": {"accepted": 1, "assigned": 1}, "deadline": None}, "1 acceptance to confirm"),
        ({"counts": {"shortlisted": 3}, "deadline": None}, "3 shortlisted: send invitations"),
    ],
)
def test_attention_says_what_is_most_urgent(kwargs, first):
    items = attention(
        status="published", positions=2, applications=0, today=date(2027, 1, 1), **kwargs
    )
    assert items[0].text.startswith(first)


# Requests and assignments ----------------------------------------------------------------


def test_a_request_becomes_an_assignment_with_the_partner_prefilled(client, login_as, app):
    login_as("coordinator")
    response = client.post("/coordinator/requests", data={"title": "Something"})
    assert response.status_code == 422
    assert 'id="partner-error"' in body(response)
    created = client.post(
        "/coordinator/requests",
        data={
            "partner": "Municipality of Kutaisi",
            "title": "Help with the budget",
            "country": "GE",
            "sector": "budgeting",
        },
    )
    assert created.status_code == 302
    with engine_session(app) as session:
        request_id = session.exec(select(PartnerRequest)).one().id
    listing = body(client.get("/coordinator/requests"))
    assert "Help with the budget" in listing and "Municipality of Kutaisi" in listing
    form = body(client.get(f"/coordinator/requests/{request_id}/assignments/new"))
    assert 'value="Municipality of Kutaisi"' in form
    assert '<option selected value="GE">' in form
    saved = client.post(
        f"/coordinator/requests/{request_id}/assignments/new",
        data={
            "title": "Programme budgeting",
            "description": "Move the city to programme budgeting.",
            "partner": "Municipality of Kutaisi",
            "country": "GE",
            "required_skills": "programme budgeting\nmedium-term fiscal framework",
            "languages-0-code": "ka",
            "languages-0-level": "B2",
            "engagement": "pro_bono",
            "mode": "hybrid",
            "start": "2027-05-01",
            "end": "2027-06-30",
            "positions": "2",
            "min_years": "5",
            "status": "published",
            "deadline": "2027-04-01",
        },
    )
    assert saved.status_code == 302
    with engine_session(app) as session:
        assignment = session.exec(select(Assignment)).one()
    assert assignment.request_id == request_id
    assert assignment.required_skills == ["programme budgeting", "medium-term fiscal framework"]
    assert assignment.languages == [{"code": "ka", "level": "B2"}]
    assert (assignment.positions, assignment.mode, assignment.status) == (2, "hybrid", "published")
    detail = body(client.get(f"/coordinator/requests/{request_id}"))
    assert "Programme budgeting" in detail


GOOD_FORM = {
    "title": "Solid waste plan",
    "description": "Close the dump site.",
    "country": "SN",
    "engagement": "pro_bono",
    "mode": "in_country",
    "positions": "1",
    "min_years": "0",
    "status": "draft",
}


BAD_FORMS = [
    ({"start": "2027-05-01", "end": "2027-04-01"}, "end", "is before start"),
    (
        {"languages-0-code": "xx", "languages-0-level": "B2"},
        "languages-0-code",
        "unknown language code",
    ),
    (
        {
            "languages-0-code": "",
            "languages-0-level": "",
            "languages-1-code": "fr",
            "languages-1-level": "Z9",
        },
        "languages-1-level",
        "invalid level",
    ),
    ({"positions": "0"}, "positions", "must be at least 1"),
    ({"country": "QQ"}, "country", "unknown country code"),
    ({"title": ""}, "title", "This field is required"),
    ({"start": "2027-05-01", "deadline": "2027-06-01"}, "deadline", "not be after the start"),
]


def test_the_assignment_form_refuses_bad_input_naming_the_field(client, login_as, app):
    login_as("coordinator")
    for changes, field_id, message in BAD_FORMS:
        response = client.post("/coordinator/assignments/new", data={**GOOD_FORM, **changes})
        assert response.status_code == 422, changes
        page = body(response)
        error = re.search(rf'<p class="field-error" id="{field_id}-error">([^<]*)</p>', page)
        assert error, (changes, page)
        assert message in error.group(1)
        assert "The assignment was not saved" in page
    with engine_session(app) as session:
        assert session.exec(select(Assignment)).all() == []


def test_publish_and_unpublish(client, login_as, app, world):
    login_as("coordinator")
    url = "/coordinator/assignments/a-tax/status"
    assert client.post(url, data={"status": "draft"}).status_code == 302
    with engine_session(app) as session:
        assert session.get(Assignment, "a-tax").status == "draft"
    assert client.post(url, data={"status": "published"}).status_code == 302
    with engine_session(app) as session:
        assert session.get(Assignment, "a-tax").status == "published"
    assert client.post(url, data={"status": "gone"}).status_code == 422
    assert client.post(url, data={"status": "closed"}).status_code == 302
    form = body(client.get("/coordinator/assignments/a-tax/edit"))
    assert '<option selected value="closed">' in form  # a closed assignment can be edited


# Ranked candidates -----------------------------------------------------------------------


def test_the_ranked_list_explains_every_candidate(client, login_as, world):
    login_as("coordinator")
    page = body(client.get("/coordinator/assignments/a-tax"))
    assert page.index("Amina Diallo") < page.index("Paul Martin")
    assert "Sara Lopez" not in page and "Kofi Mensah" not in page  # ineligible, not asked for
    card = page[page.index('id="c-e-amina"') :]
    card = card[: card.index("</article>")]
    assert 'class="scorebar-svg"' in card and "coverage <b>" in card  # components, in points
    assert "<q>" in card and "skill</span>" in card  # the quoted evidence and its source
    assert "badge strength-strong" in card
    assert "covers 2 of 3 requirements; French C1; worked in Senegal" in card
    assert "badge rule-passed" in card
    assert 'name="expert" value="e-amina" form="compare-form"' in card
    assert ">Shortlist</button>" in card and ">Invite</button>" in card
    assert 'name="reason" required' in card  # the decline form
    assert "availability: unconfirmed" in page  # Paul states no availability

    below = body(client.get("/coordinator/assignments/a-tax?ineligible=1"))
    line = below.index("Below the line")
    assert below.index("Amina Diallo") < line < below.index("Sara Lopez")
    assert line < below.index("Kofi Mensah")
    assert "needs French at B2; does not list French" in below
    assert "engagement: failed" in below


FILTERS = [
    ("kind=specialist&ineligible=1", ["Kofi Mensah"], ["Amina Diallo", "Paul Martin"]),
    ("engagement=paid&ineligible=1", ["Kofi Mensah"], ["Amina Diallo"]),
    ("country=FR", ["Paul Martin"], ["Amina Diallo"]),
    ("region=Latin America and the Caribbean&ineligible=1", ["Sara Lopez"], ["Amina Diallo"]),
    ("language=fr&level=C1", ["Amina Diallo"], ["Sara Lopez"]),
    ("available=1", ["Amina Diallo"], ["Paul Martin"]),
]
BAD_FILTERS = [("kind=robot", "kind"), ("language=xx", "language"), ("page=abc", "page")]


def test_filters_narrow_the_ranking_and_bad_ones_are_refused(client, login_as, world):
    login_as("coordinator")
    for query, shown, hidden in FILTERS:
        page = body(client.get(f"/coordinator/assignments/a-tax?{query}"))
        for name in shown:
            assert name in page, query
        for name in hidden:
            assert name not in page, query
    for query, field in BAD_FILTERS:
        response = client.get(f"/coordinator/assignments/a-tax?{query}")
        assert response.status_code == 422, query
        assert field in body(response)


def test_the_ranking_is_paged_with_filters_kept(client, login_as, app, world):
    import_records(
        app,
        "experts",
        [expert_record(id=f"e-x{i}", name=f"Extra Expert {i:02d}") for i in range(10)],
    )
    login_as("coordinator")
    first = body(client.get("/coordinator/assignments/a-tax?kind=member"))
    assert "page 1 of 2" in first
    assert 'href="/coordinator/assignments/a-tax?kind=member&amp;page=2"' in first
    second = body(client.get("/coordinator/assignments/a-tax?kind=member&page=2"))
    assert "page 2 of 2" in second
    assert second.count('class="cand card') == 2


def test_a_page_far_down_is_that_slice_of_the_whole_ranking(app, world):
    from web.services import ranking, workspace

    extras = [expert_record(id=f"e-y{i}", years_experience=i % 25) for i in range(43)]
    extras += [expert_record(id=f"e-z{i}", languages=[]) for i in range(4)]  # no French
    import_records(app, "experts", extras)
    with app.app_context(), Session(app.extensions["database"].engine) as session:
        everyone = ranking.CandidateFilters(include_ineligible=True)
        whole = ranking.rank_candidates(session=session, assignment_id="a-tax", filters=everyone)
        order = [c.expert.id for c in whole.eligible + whole.ineligible]
        counts = (len(whole.eligible), len(whole.ineligible))
        assert counts[0] > 20 and counts[1] > 5 and counts[0] % 10  # a page spans the line
        pages = -(-len(order) // 10)
        for number in range(1, pages + 2):
            page = workspace.ranked_page(
                session=session, assignment_id="a-tax", filters=everyone, number=number
            )
            assert (page.eligible, page.ineligible) == counts
            assert page.page.pages == pages and page.page.number == min(number, pages)
            start = (page.page.number - 1) * workspace.PER_PAGE
            assert [c.expert.id for c in page.page.items] == order[start : start + 10]
        top = ranking.rank_candidates(session=session, assignment_id="a-tax", top_k=3)
        assert [c.expert.id for c in top.eligible] == order[:3]
        assert (top.eligible_total, top.ineligible_total) == (counts[0], 0)


# Compare ---------------------------------------------------------------------------------


def test_two_candidates_side_by_side_requirement_by_requirement(client, login_as, world):
    login_as("coordinator")
    page = body(client.get("/coordinator/assignments/a-tax/compare?expert=e-amina&expert=e-paul"))
    assert "Compare 2 candidates" in page
    for requirement in ("property tax administration", "municipal budgeting", "citizen engagement"):
        assert f'<th scope="row">{requirement} ' in page
    assert "Amina Diallo" in page and "Paul Martin" in page
    assert "★" in page
    for query in (
        "expert=e-amina",
        "expert=e-amina&expert=e-amina",
        "expert=a&expert=b&expert=c&expert=d",
    ):
        response = client.get(f"/coordinator/assignments/a-tax/compare?{query}")
        assert response.status_code == 422, query
        assert "expert" in body(response)


# The pipeline ----------------------------------------------------------------------------


def step(client, expert: str, **data):
    return client.post(f"/coordinator/assignments/a-tax/candidates/{expert}/step", data=data)


def test_shortlist_invite_decline_and_the_history(client, login_as, app, world):
    coordinator = login_as("coordinator", name="Chris Coordinator")
    assert step(client, "e-amina", to="shortlisted", note="strong on tax").status_code == 302
    assert step(client, "e-amina", to="invited").status_code == 302
    refused = step(client, "e-paul", to="declined", note="no reason")
    assert refused.status_code == 422
    assert 'class="field-error">Choose a reason' in body(refused)
    declined = step(client, "e-paul", to="declined", reason="unavailable", note="in Lima")
    assert declined.status_code == 302
    impossible = step(client, "e-paul", to="completed", rating="5")
    assert impossible.status_code == 409
    assert "cannot become completed" in body(impossible)

    amina = text(client.get("/coordinator/assignments/a-tax/candidates/e-amina"))
    assert "suggested → shortlisted" in amina and "shortlisted → invited" in amina
    assert "Chris Coordinator" in amina and "strong on tax" in amina
    assert "amina@example.org" in amina  # contact details for coordinators
    paul = text(client.get("/coordinator/assignments/a-tax/candidates/e-paul"))
    assert "Reason: Not available in the period" in paul and "in Lima" in paul
    assert "declined → completed refused" in paul
    ranked = body(client.get("/coordinator/assignments/a-tax"))
    assert "badge status-invited" in ranked
    with engine_session(app) as session:
        actors = {a.actor_id for a in session.exec(select(AuditEvent))}
    assert actors == {coordinator.id}


def test_bad_steps_are_refused_naming_the_field(client, login_as, world):
    login_as("coordinator")
    response = step(client, "e-amina", to="promoted")
    assert response.status_code == 422
    assert "Unknown status" in body(response)
    for to in ("invited", "accepted", "assigned"):
        assert step(client, "e-amina", to=to).status_code == 302
    assert step(client, "e-amina", to="completed", rating="9").status_code == 422
    assert step(client, "e-amina", to="completed", rating="4", note="great").status_code == 302
    page = body(client.get("/coordinator/assignments/a-tax/candidates/e-amina"))
    assert "Rating: 4 of 5" in page and "No further step" in page


def test_an_applicant_is_marked_as_such(client, login_as, app, world):
    with engine_session(app) as session:
        session.add(Candidate(assignment_id="a-tax", expert_id="e-paul", applied=True))
        session.commit()
    login_as("coordinator")
    ranked = body(client.get("/coordinator/assignments/a-tax"))
    card = ranked[ranked.index('id="c-e-paul"') :]
    assert "badge status-applied" in card[: card.index("</article>")]


def test_an_invisible_expert_is_not_shown(client, login_as, app, world):
    from models import Expert

    with engine_session(app) as session:
        amina = session.get(Expert, "e-amina")
        amina.visible = False
        session.add(amina)
        session.commit()
    login_as("coordinator")
    assert "Amina Diallo" not in body(client.get("/coordinator/assignments/a-tax"))
    assert client.get("/coordinator/assignments/a-tax/candidates/e-amina").status_code == 404


# Rematch ---------------------------------------------------------------------------------


def test_editing_an_assignment_rematches_and_keeps_decisions(client, login_as, app, world):
    login_as("coordinator")
    step(client, "e-paul", to="shortlisted", note="budget hearings")
    form = body(client.get("/coordinator/assignments/a-tax/edit"))
    assert "property tax administration" in form
    edited = client.post(
        "/coordinator/assignments/a-tax/edit",
        data={
            **GOOD_FORM,
            "title": "Participatory budgeting",
            "description": "Citizens help decide the investment budget.",
            "required_skills": "participatory budgeting\ncitizen budget hearings",
            "languages-0-code": "fr",
            "languages-0-level": "B2",
            "status": "published",
        },
        follow_redirects=True,
    )
    assert edited.status_code == 200
    page = body(edited)
    assert "rematched" in page and "1 candidate rescored" in page
    with engine_session(app) as session:
        candidate = session.exec(select(Candidate)).one()
    assert candidate.status == S.SHORTLISTED
    assert candidate.score is not None
    # New requirements re-rank: the budgeting practitioner now leads.
    assert page.index("Paul Martin") < page.index("Amina Diallo")
