"""Published opportunities (search, filters, detail), applying, and one's applications."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlmodel import Session, select

from models import Application, AssignmentStatus, Candidate, CandidateEvent, CandidateStatus, Expert
from tests.factories import assignment_record
from web.services import applications, assignments, bulk, candidates, profiles
from web.services.errors import Conflict
from web.services.opportunities import OpportunityQuery, search, to_you

ASSIGNMENTS = [
    assignment_record(
        id="a-revenue",
        title="Own-source revenue administration",
        description=(
            "The municipality collects barely half of the property rates it bills. It wants a "
            "cadastre update, a billing and collection system and a plan to raise own-source "
            "revenue."
        ),
        partner="Municipality of Thiès",
        country="SN",
        sector="revenue and taxation",
        required_skills=["property tax administration", "billing and collection"],
        languages=[{"code": "fr", "level": "B2"}],
        start="2027-03-01",
        end="2027-04-15",
    ),
    assignment_record(
        id="a-waste",
        title="Landfill closure plan",
        description="Close the old dump site safely and plan a sanitary landfill.",
        partner="Kutaisi City Hall",
        country="GE",
        sector="solid waste",
        required_skills=["landfill closure", "solid waste management"],
        preferred_skills=[],
        languages=[{"code": "en", "level": "B2"}],
        engagement="paid",
        mode="remote",
        start="2027-06-01",
        end="2027-08-31",
    ),
    assignment_record(
        id="a-plan",
        title="Zoning code rewrite",
        description="Rewrite the zoning code and train the planning department.",
        partner="Municipality of Irbid",
        country="JO",
        sector="urban planning",
        required_skills=["zoning", "urban planning"],
        languages=[{"code": "ar", "level": "C1"}],
        mode="hybrid",
        start=None,
        end=None,
    ),
    assignment_record(
        id="a-draft",
        title="Draft budget reform",
        description="Not yet published.",
        partner="Municipality of Thiès",
    ),
]


def import_records(app, kind: str, records: list[dict[str, Any]]) -> None:
    with Session(app.extensions["database"].engine) as session:
        raw = [json.dumps(r).encode() for r in records]
        bulk.import_records(session=session, kind=kind, raw=raw, max_line_bytes=100_000)


@pytest.fixture
def published(app):
    """Import the assignments (imports are published) and set one back to draft."""
    import_records(app, "assignments", ASSIGNMENTS)
    with app.app_context(), Session(app.extensions["database"].engine) as session:
        assignments.set_status(
            session=session, assignment_id="a-draft", status=AssignmentStatus.DRAFT, actor=None
        )
    return app


@pytest.fixture(autouse=True)
def _drain_embeddings(app):
    yield
    profiles.wait_for_embeddings()


def ids(html: str) -> list[str]:
    """Return the assignment ids linked from a list page, in order."""
    import re

    return re.findall(r'href="/opportunities/(a-[\w-]+)"', html)


def test_everyone_sees_published_opportunities_only(client, published):
    html = client.get("/opportunities/").get_data(as_text=True)
    assert ids(html) == ["a-revenue", "a-waste", "a-plan"]  # soonest first, undated last
    assert "3 opportunities" in html
    detail = client.get("/opportunities/a-revenue").get_data(as_text=True)
    for fact in ("Municipality of Thiès", "Senegal", "2027-03-01", "French at B2", "In country"):
        assert fact in detail
    assert client.get("/opportunities/a-draft").status_code == 404
    assert client.get("/opportunities/nothing-here").status_code == 404


def test_staff_see_a_draft_but_people_do_not(client, published, login_as):
    login_as("member")
    assert client.get("/opportunities/a-draft").status_code == 404
    client.post("/auth/logout")
    login_as("coordinator")
    page = client.get("/opportunities/a-draft")
    assert page.status_code == 200
    assert "only coordinators see this page" in page.get_data(as_text=True)


def test_search_in_ones_own_words_finds_the_revenue_work_first(app, published):
    with app.test_request_context(), Session(app.extensions["database"].engine) as session:
        found = search(
            session=session, query=OpportunityQuery(q="help a city collect more property tax")
        )
        words = search(session=session, query=OpportunityQuery(q="landfill"))
    assert found.items[0].assignment.id == "a-revenue"
    assert "meaning" in found.items[0].matched_by
    assert [o.assignment.id for o in words.items] == ["a-waste"]
    assert "words" in words.items[0].matched_by


def test_the_list_says_how_the_search_matched(client, published):
    html = client.get("/opportunities/?q=landfill").get_data(as_text=True)
    assert "matches your words" in html
    html = client.get("/opportunities/?q=raise+municipal+income+from+taxes").get_data(as_text=True)
    assert ids(html)[0] == "a-revenue"
    assert "close in meaning" in html or "matches your words and their meaning" in html


FILTERS = [
    ("sector=solid+waste", ["a-waste"]),
    ("place=SN", ["a-revenue"]),
    ("place=Middle+East+and+North+Africa", ["a-plan"]),
    ("language=ar", ["a-plan"]),
    ("from=2027-05-01&to=2027-06-15", ["a-waste"]),
    ("from=2027-04-01", ["a-revenue", "a-waste"]),
    ("engagement=paid", ["a-waste"]),
    ("remote=1", ["a-waste", "a-plan"]),
    ("remote=1&q=landfill", ["a-waste"]),
]
BAD_FILTERS = [
    ("from=2027-06-01&to=2027-05-01", "to"),
    ("from=June", "from"),
    ("place=Atlantis", "place"),
    ("language=xx", "language"),
    ("engagement=free", "engagement"),
    ("page=0", "page"),
    ("q=" + "x" * 301, "q"),
]


def test_filters(client, published):
    # One database for the whole table: each case is a read.
    for query, expected in FILTERS:
        response = client.get(f"/opportunities/?{query}")
        assert response.status_code == 200, query
        assert ids(response.get_data(as_text=True)) == expected, query


def test_bad_filters_are_a_422_naming_the_field(client, published):
    for query, field in BAD_FILTERS:
        response = client.get(f"/opportunities/?{query}", headers={"Accept": "application/json"})
        assert response.status_code == 422, query
        assert response.get_json()["field"] == field, query
    page = client.get("/opportunities/?from=2027-06-01&to=2027-05-01")
    assert page.status_code == 422
    assert "before its start" in page.get_data(as_text=True)


def test_pages(app, client):
    import_records(
        app,
        "assignments",
        [assignment_record(id=f"a-{n:02d}", title=f"Assignment {n:02d}") for n in range(23)],
    )
    first = client.get("/opportunities/").get_data(as_text=True)
    second = client.get("/opportunities/?page=2").get_data(as_text=True)
    assert len(set(ids(first))) == 20 and len(set(ids(second))) == 3
    assert "Page 1 of 2" in first


def test_apply_needs_an_account_and_comes_back_after_login(client, published, make_user):
    response = client.get("/opportunities/a-revenue/apply")
    assert response.status_code == 302
    assert "/auth/login?next=/opportunities/a-revenue/apply" in response.headers["Location"]
    user = make_user("applicant")
    back = client.post(
        "/auth/login?next=/opportunities/a-revenue/apply",
        data={"email": user.email, "password": "correct horse battery"},
    )
    assert back.headers["Location"].endswith("/opportunities/a-revenue/apply")
    assert client.post("/opportunities/a-revenue/apply", data={"note": "x"}).status_code == 302


def test_applying_makes_an_applied_candidate_that_coordinators_see(
    app, client, published, login_as
):
    user = login_as("applicant", name="Bo Sall")
    form = client.get("/opportunities/a-revenue/apply").get_data(as_text=True)
    assert "Applying shares your profile" in form
    response = client.post(
        "/opportunities/a-revenue/apply", data={"note": "I ran billing reform in Dakar."}
    )
    assert response.status_code == 302
    with Session(app.extensions["database"].engine) as session:
        expert = session.exec(select(Expert).where(Expert.user_id == user.id)).one()
        candidate = session.exec(select(Candidate)).one()
        application = session.exec(select(Application)).one()
        event = session.exec(select(CandidateEvent)).one()
    assert expert.visible  # applying is consenting to be seen for it
    assert (candidate.assignment_id, candidate.expert_id) == ("a-revenue", expert.id)
    assert candidate.applied and candidate.status == CandidateStatus.SUGGESTED
    assert application.note == "I ran billing reform in Dakar."
    assert event.note == "Applied: I ran billing reform in Dakar." and event.actor_id == user.id
    mine = client.get("/opportunities/applications").get_data(as_text=True)
    assert "Own-source revenue administration" in mine and "received" in mine
    # Applying twice is refused; the apply page now shows the application.
    again = client.post("/opportunities/a-revenue/apply", data={"note": "again"})
    assert again.status_code == 302
    assert "/opportunities/applications/" in again.headers["Location"]
    with (
        app.app_context(),
        Session(app.extensions["database"].engine) as session,
        pytest.raises(Conflict, match="already applied"),
    ):
        applications.apply(session=session, user=user, assignment_id="a-revenue", note="")


def test_the_applicant_follows_the_status(app, client, published, login_as):
    user = login_as("member")
    client.post("/opportunities/a-waste/apply", data={"note": ""})
    with app.app_context(), Session(app.extensions["database"].engine) as session:
        candidate = session.exec(select(Candidate)).one()
        application_id = session.exec(select(Application.id)).one()
        assert candidate.id is not None
        candidates.change_status(
            session=session,
            candidate_id=candidate.id,
            change=candidates.StatusChange(CandidateStatus.SHORTLISTED),
            actor=None,
        )
    page = client.get(f"/opportunities/applications/{application_id}").get_data(as_text=True)
    assert "shortlisted" in page and "You are on the shortlist" in page
    assert "shortlisted" in client.get("/opportunities/applications").get_data(as_text=True)
    assert "shortlisted" in client.get("/opportunities/a-waste").get_data(as_text=True)
    del user


def test_nobody_sees_anothers_application(app, client, published, make_user, login_as):
    other = make_user("applicant")
    with app.app_context(), Session(app.extensions["database"].engine) as session:
        applications.apply(session=session, user=other, assignment_id="a-plan", note="mine")
        application_id = session.exec(select(Application.id)).one()
    login_as("applicant")
    assert client.get(f"/opportunities/applications/{application_id}").status_code == 404
    assert "mine" not in client.get("/opportunities/applications").get_data(as_text=True)


@pytest.mark.parametrize(
    ("who", "path", "data", "status"),
    [
        ("member", "/opportunities/a-draft/apply", {"note": ""}, 404),
        ("member", "/opportunities/a-revenue/apply", {"note": "x" * 2001}, 422),
        ("coordinator", "/opportunities/a-revenue/apply", {"note": ""}, 403),
    ],
)
def test_applications_that_are_refused(client, published, login_as, who, path, data, status):
    login_as(who)
    response = client.post(path, data=data)
    assert response.status_code == status
    if status == 422:
        assert "Keep the note under 2000 characters" in response.get_data(as_text=True)


def test_recommended_explains_fit_and_what_is_missing(app, client, published, login_as):
    from tests.web.test_profiles import full_form

    login_as("member")
    client.post("/me/profile", data=full_form())  # French C1, Spanish B1, property tax
    import_records(
        app,
        "assignments",
        [
            assignment_record(
                id="a-spanish",
                title="Property tax reform in Cusco",
                country="PE",
                languages=[{"code": "es", "level": "B2"}],
            )
        ],
    )
    html = client.get("/me/recommended").get_data(as_text=True)
    assert "Fits you" in html and "Own-source revenue administration" in html
    assert "<b>property tax administration</b>: your skill" in html  # why, with evidence
    assert "Close, but" in html
    assert "needs Spanish at B2; you have Spanish at B1" in html


def test_recommended_says_when_nothing_fits_and_what_to_add(app, client, published, login_as):
    from tests.web.test_profiles import full_form

    login_as("member")
    client.post(
        "/me/profile",
        data=full_form(
            headline="Choir conductor",
            summary="I conduct a choir.",
            skills="choral singing",
            **{"experience-0-description": "Sang.", "experience-0-title": "Singer"},
        ),
    )
    html = client.get("/me/recommended").get_data(as_text=True)
    assert "None of the 3 published opportunities fits your profile yet" in html
    assert "Add at least 3 skills" in html


def test_recommended_without_a_profile_asks_for_one(client, login_as):
    login_as("applicant")
    assert "Fill in your profile first" in client.get("/me/recommended").get_data(as_text=True)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("needs Spanish at B2; has Spanish at B1", "needs Spanish at B2; you have Spanish at B1"),
        (
            "needs French at B2; does not list French",
            "needs French at B2; your profile does not list French",
        ),
        ("paid assignment; accepts pro bono only", "paid assignment; you accept pro bono only"),
    ],
)
def test_rule_messages_speak_to_the_person(message, expected):
    assert to_you(message) == expected
