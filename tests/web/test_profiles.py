"""The profile editor: every field, validation that names the field, rows, consent, embeddings."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from typing import Any

import pytest
from sqlmodel import Session, func, select

from models import Embedding, Expert
from tests.factories import assignment_record, expert_record
from web.services import bulk, profiles
from web.services.ranking import rank_candidates


def full_form(**overrides: Any) -> dict[str, Any]:
    """Return the editor's fields for a complete profile, as the browser posts them."""
    form: dict[str, Any] = {
        "name": "Ana Lima",
        "phone": "+1 555 0100",
        "headline": "Finance Director, City of Tacoma",
        "summary": (
            "I led a property tax reform that raised collection from 71% to 93%. "
            "I built the city's first participatory budget and trained its revenue staff."
        ),
        "skills": "property tax administration\nmunicipal budgeting\nrevenue forecasting",
        "experience-0-title": "Finance Director",
        "experience-0-organization": "City of Tacoma",
        "experience-0-country": "US",
        "experience-0-start": "2015-03",
        "experience-0-end": "",
        "experience-0-description": "Raised property tax collection from 71% to 93%.",
        "languages-0-code": "fr",
        "languages-0-level": "C1",
        "languages-1-code": "es",
        "languages-1-level": "B1",
        "countries": "Senegal, GE",
        "sectors": ["revenue and taxation", "budgeting"],
        "other_sectors": "Municipal Audit",
        "years_experience": "18",
        "engagement": ["pro_bono"],
        "availability-0-start": "2027-01-01",
        "availability-0-end": "2027-12-31",
        "travel": "y",
        "remote": "y",
        "active": "y",
        "visible": "y",
        "conflicts": "City of Tacoma",
        "action": "save",
    }
    form.update(overrides)
    return {key: value for key, value in form.items() if value is not None}


def import_records(app, kind: str, records: list[dict[str, Any]]) -> None:
    with Session(app.extensions["database"].engine) as session:
        raw = [json.dumps(r).encode() for r in records]
        bulk.import_records(session=session, kind=kind, raw=raw, max_line_bytes=100_000)


def own_expert(app, user) -> Expert | None:
    with Session(app.extensions["database"].engine) as session:
        return session.exec(select(Expert).where(Expert.user_id == user.id)).first()


@pytest.fixture(autouse=True)
def _drain_embeddings(app):
    """Let background embeddings finish before the app's engine is disposed."""
    yield
    profiles.wait_for_embeddings()


def test_saving_stores_every_field_and_embeds_in_the_background(app, client, login_as):
    user = login_as("member", name="Ana Lima")
    started = time.perf_counter()
    response = client.post("/me/profile", data=full_form())
    elapsed = time.perf_counter() - started
    print(f"\nprofile save answered in {elapsed * 1000:.0f} ms (embedding runs after)")
    assert response.status_code == 302, response.get_data(as_text=True)
    expert = own_expert(app, user)
    assert expert is not None
    assert expert.headline == "Finance Director, City of Tacoma"
    assert expert.skills == [
        "property tax administration",
        "municipal budgeting",
        "revenue forecasting",
    ]
    assert expert.experience[0]["end"] is None
    assert expert.languages == [{"code": "fr", "level": "C1"}, {"code": "es", "level": "B1"}]
    assert expert.countries == ["SN", "GE"]
    assert expert.sectors == ["revenue and taxation", "budgeting", "municipal audit"]
    assert expert.availability == [{"start": "2027-01-01", "end": "2027-12-31"}]
    assert (expert.years_experience, expert.engagement, expert.conflicts) == (
        18,
        ["pro_bono"],
        ["City of Tacoma"],
    )
    assert expert.visible and expert.travel and expert.remote and expert.active
    assert expert.email == user.email and expert.kind == "member"
    profiles.wait_for_embeddings()
    with Session(app.extensions["database"].engine) as session:
        stored = session.exec(select(func.count()).select_from(Embedding)).one()
    assert stored >= 6  # headline, 2 summary sentences, 3 skills, 1 experience entry
    # The page shows what was saved, and the completeness of the profile.
    page = client.get("/me/profile").get_data(as_text=True)
    assert "Finance Director, City of Tacoma" in page
    assert "<meter" in page


def test_saving_again_embeds_only_the_texts_that_changed(app, login_as):
    user = login_as("member")
    draft = profiles.ProfileDraft(
        name="Ana",
        headline="City manager",
        summary="Ran a city of 80,000 people for nine years.",
        skills=["strategic planning", "council relations"],
        engagement=["pro_bono"],
    )
    with app.test_request_context(), Session(app.extensions["database"].engine) as session:
        first = profiles.save_profile(session=session, user=user, draft=draft)
        assert first.embedding.result(timeout=60) == 4
        same = profiles.save_profile(session=session, user=user, draft=draft)
        assert same.embedding.result(timeout=60) == 0
        changed = replace(draft, skills=["strategic planning", "water tariffs"])
        again = profiles.save_profile(session=session, user=user, draft=changed)
        assert again.embedding.result(timeout=60) == 1


BAD_FIELDS = [
    (
        {"experience-0-start": "2020-03", "experience-0-end": "2019-01"},
        "experience-0-end",
        "Experience 1, end: 2019-01 is before start 2020-03",
    ),
    ({"languages-1-level": ""}, "languages-1-level", "Language 2, level: must not be empty"),
    ({"countries": "Senegal, Atlantis"}, "countries", "the country &#39;Atlantis&#39;"),
    ({"years_experience": "many"}, "years_experience", "Years of experience"),
    ({"engagement": None}, "engagement", "Engagement"),
    ({"name": "  "}, "name", "Name"),
    (
        {"availability-0-start": "2027-05-01", "availability-0-end": "2027-02-01"},
        "availability-0-end",
        "Availability window 1, end",
    ),
]


def test_a_bad_field_is_named_next_to_it_and_nothing_is_saved(app, client, login_as):
    user = login_as("member")
    for changes, field_id, message in BAD_FIELDS:
        response = client.post("/me/profile", data=full_form(**changes))
        assert response.status_code == 422, field_id
        html = response.get_data(as_text=True)
        assert "Nothing was saved" in html
        assert message in html, field_id
        assert f'id="{field_id}-error"' in html or field_id == "engagement"
    expert = own_expert(app, user)
    assert expert is None or expert.headline == ""


def test_rows_are_added_moved_and_removed_without_saving(app, client, login_as):
    user = login_as("member")
    data = full_form(
        **{
            "experience-1-title": "Budget Analyst",
            "experience-1-organization": "King County",
            "action": "up-experience-1",
        }
    )
    moved = client.post("/me/profile", data=data).get_data(as_text=True)
    assert moved.index('value="Budget Analyst"') < moved.index('value="Finance Director"')
    assert "not saved yet" in moved
    added = client.post("/me/profile", data=full_form(action="add-languages"))
    assert 'name="languages-2-code"' in added.get_data(as_text=True)
    removed = client.post("/me/profile", data=full_form(action="remove-languages-0"))
    html = removed.get_data(as_text=True)
    assert 'name="languages-1-code"' not in html
    skill = client.post("/me/profile", data=full_form(action="add-skill", new_skill="GIS"))
    assert "revenue forecasting\nGIS</textarea>" in skill.get_data(as_text=True)
    assert own_expert(app, user) is None or own_expert(app, user).headline == ""
    bad = client.post("/me/profile", data=full_form(action="remove-languages-9"))
    assert bad.status_code == 422


def test_blank_rows_are_dropped_on_save(app, client, login_as):
    user = login_as("member")
    data = full_form(**{"experience-1-title": "", "languages-2-code": "", "languages-2-level": ""})
    assert client.post("/me/profile", data=data).status_code == 302
    expert = own_expert(app, user)
    assert expert is not None
    assert len(expert.experience) == 1 and len(expert.languages) == 2


def test_skill_suggestions_converge_on_the_common_name(app, login_as):
    user = login_as("member")
    import_records(
        app,
        "experts",
        [
            expert_record(skills=["public-private partnerships", "urban planning"]),
            expert_record(skills=["public-private partnerships", "urban planning", "GIS"]),
            expert_record(skills=["Anti-corruption"]),
            expert_record(skills=["Anti-corruption"]),
        ],
    )
    with app.test_request_context(), Session(app.extensions["database"].engine) as session:
        vocabulary = profiles.skill_vocabulary(session=session)
        suggestions = profiles.skill_suggestions(
            session=session,
            skills=["PPP", "public-private partnership", "anticorruption", "GIS", "city planning"],
            wait=60,
        )
    assert vocabulary[0].count == 2  # most used first
    found = {s.typed: (s.canonical, s.reason) for s in suggestions}
    assert found["PPP"] == ("public-private partnerships", "abbreviation")
    assert found["public-private partnership"] == ("public-private partnerships", "same meaning")
    assert found["anticorruption"] == ("Anti-corruption", "same spelling")
    assert found["city planning"] == ("urban planning", "same meaning")
    assert "GIS" not in found
    del user


def test_using_a_suggestion_replaces_the_skill(client, login_as):
    login_as("member")
    response = client.post(
        "/me/profile",
        data=full_form(skills="PPP\nbudgets", action="use-skill-0-public-private partnerships"),
    )
    assert "public-private partnerships\nbudgets</textarea>" in response.get_data(as_text=True)


def test_completeness_says_what_to_add(app, client, login_as):
    user = login_as("member")
    import_records(
        app, "assignments", [assignment_record(languages=[{"code": "fr", "level": "B2"}])]
    )
    assert (
        client.post(
            "/me/profile",
            data=full_form(
                skills="budgeting",
                summary="",
                headline="",
                visible=None,
                **{
                    "languages-0-code": "",
                    "languages-0-level": "",
                    "languages-1-code": "",
                    "languages-1-level": "",
                    "availability-0-start": "",
                    "availability-0-end": "",
                },
            ),
        ).status_code
        == 302
    )
    with Session(app.extensions["database"].engine) as session:
        expert = session.exec(select(Expert).where(Expert.user_id == user.id)).one()
        low = profiles.completeness(session=session, expert=expert)
    advice = " ".join(low.advice)
    assert "Add at least 3 skills (you have 1)" in advice
    assert "Add your French level" in advice
    assert "State when you are available" in advice
    assert "Coordinators may see my profile" in advice
    assert low.percent < 60
    client.post("/me/profile", data=full_form())
    with Session(app.extensions["database"].engine) as session:
        expert = session.exec(select(Expert).where(Expert.user_id == user.id)).one()
        assert profiles.completeness(session=session, expert=expert).percent == 100


def test_preview_shows_the_profile_as_coordinators_see_it(client, login_as):
    login_as("member")
    assert client.get("/me/preview").status_code == 404  # no profile yet
    client.post("/me/profile", data=full_form(visible=None))
    page = client.get("/me/preview").get_data(as_text=True)
    assert "Finance Director, City of Tacoma" in page
    assert "French <abbr" in page and "Senegal" in page and "+1 555 0100" in page
    assert "Coordinators cannot see this profile now" in page


def test_withdrawing_consent_hides_the_profile_from_rankings_at_once(app, client, login_as):
    login_as("member")
    import_records(app, "assignments", [assignment_record(id="a-tax")])
    assert client.post("/me/profile", data=full_form()).status_code == 302

    def ranked() -> list[str]:
        with app.test_request_context(), Session(app.extensions["database"].engine) as session:
            ranking = rank_candidates(session=session, assignment_id="a-tax")
            return [c.expert.name for c in [*ranking.eligible, *ranking.ineligible]]

    assert ranked() == ["Ana Lima"]
    response = client.post("/me/consent", data={"visible": "0"})
    assert response.status_code == 302
    assert ranked() == []
    client.post("/me/consent", data={"visible": "1"})
    assert ranked() == ["Ana Lima"]


def test_only_members_and_applicants_have_these_pages(client, login_as):
    paths = ["/me/profile", "/me/preview", "/me/recommended"]
    assert [client.get(path).status_code for path in paths] == [302] * 3  # to the login page
    login_as("coordinator")
    assert [client.get(path).status_code for path in paths] == [403] * 3


def test_an_applicant_edits_their_own_profile(app, client, login_as):
    user = login_as("applicant")
    page = client.get("/me/profile").get_data(as_text=True)
    assert "Applicant profile" in page
    assert client.post("/me/profile", data=full_form(engagement=["paid"])).status_code == 302
    expert = own_expert(app, user)
    assert expert is not None and (expert.kind, expert.engagement) == ("specialist", ["paid"])
