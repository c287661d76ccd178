"""The JSON API: every endpoint as every role, and what each promises (paging, ETags, errors)."""

from __future__ import annotations

import base64
import hashlib
import math
from dataclasses import dataclass
from typing import Any

import pytest
from sqlmodel import Session, select

from models import ApiToken, Application, AuditEvent, CandidateStatus, Expert
from tests.factories import assignment_record, expert_record
from tests.web import api_support
from tests.web.api_support import World, jsonl
from web.api import api
from web.permissions import PERMISSIONS, ROLES

# The shared fixtures of the API tests.
bearer = api_support.bearer
world = api_support.world
NDJSON = "application/x-ndjson"
PEOPLE = ("applicant", "member")


@dataclass(frozen=True)
class Call:
    endpoint: str
    method: str
    path: str  # formatted with the World's fields
    expected: dict[str, int]  # by role
    body: Any = None  # a dict is sent as JSON; bytes as JSON Lines

    def send(self, client, world: World, role: str):
        kwargs: dict[str, Any] = {"headers": world.headers[role]}
        if isinstance(self.body, bytes):
            kwargs.update(data=self.body, content_type=NDJSON)
        elif self.body is not None:
            kwargs["json"] = self.body
        return client.open(self.path.format(**vars(world)), method=self.method, **kwargs)


def everyone(code: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, code)


def signed_in(code: int, **others: int) -> dict[str, int]:
    return {**dict.fromkeys(ROLES, code), "anonymous": 401, **others}


def staff(code: int, **others: int) -> dict[str, int]:
    return {**signed_in(403), "coordinator": code, "admin": code, **others}


def own_records(code: int) -> dict[str, int]:
    """Staff reach the record; applicants and members do not see it (404, not 403)."""
    return staff(code, applicant=404, member=404)


V1 = "/api/v1"
EXPERT = V1 + "/experts/{expert}"
PAIR = V1 + "/assignments/{published}/candidates/{candidate_expert}"
CALLS = [
    Call("api.openapi_json", "GET", V1 + "/openapi.json", everyone(200)),
    Call("api.docs", "GET", V1 + "/docs", everyone(200)),
    Call("api.me", "GET", V1 + "/me", signed_in(200)),
    Call("api.list_applications", "GET", V1 + "/applications", signed_in(200)),
    Call("api.list_experts", "GET", V1 + "/experts", signed_in(200)),
    # The member has a profile already; the applicant makes theirs.
    Call(
        "api.create_expert",
        "POST",
        V1 + "/experts",
        signed_in(201, member=409),
        {"name": "Nadia Specialist", "kind": "specialist"},
    ),
    Call("api.get_expert", "GET", EXPERT, own_records(200)),
    Call("api.update_expert", "PATCH", EXPERT, own_records(200), {"headline": "City manager"}),
    Call("api.deactivate_expert", "POST", EXPERT + "/deactivate", own_records(200)),
    Call("api.recommendations", "GET", EXPERT + "/recommendations", own_records(200)),
    Call("api.list_assignments", "GET", V1 + "/assignments", signed_in(200)),
    Call("api.get_assignment", "GET", V1 + "/assignments/{published}", signed_in(200)),
    Call(
        "api.create_assignment",
        "POST",
        V1 + "/assignments",
        staff(201),
        {"title": "Budget training", "description": "Train the finance team."},
    ),
    Call(
        "api.update_assignment",
        "PATCH",
        V1 + "/assignments/{published}",
        staff(200),
        {"positions": 2},
    ),
    Call(
        "api.deactivate_assignment", "POST", V1 + "/assignments/{published}/deactivate", staff(200)
    ),
    Call("api.rank_candidates", "GET", V1 + "/assignments/{published}/candidates", staff(200)),
    Call("api.get_candidate", "GET", PAIR, staff(200)),
    # The admin asks for the same move right after the coordinator: the pipeline refuses it.
    Call(
        "api.change_status",
        "POST",
        PAIR + "/status",
        staff(200, admin=409),
        {"status": "shortlisted"},
    ),
    Call("api.history", "GET", PAIR + "/history", staff(200)),
    Call("api.list_requests", "GET", V1 + "/requests", staff(200)),
    Call(
        "api.create_request",
        "POST",
        V1 + "/requests",
        staff(201),
        {"partner": "Kutaisi", "title": "Waste"},
    ),
    Call("api.get_request", "GET", V1 + "/requests/{request}", staff(200)),
    Call(
        "api.update_request", "PATCH", V1 + "/requests/{request}", staff(200), {"sector": "Water"}
    ),
    Call("api.deactivate_request", "POST", V1 + "/requests/{request}/deactivate", staff(200)),
    Call("api.import_experts", "POST", V1 + "/import/experts", staff(200), jsonl(expert_record())),
    Call(
        "api.import_assignments",
        "POST",
        V1 + "/import/assignments",
        staff(200),
        jsonl(assignment_record()),
    ),
]


def test_every_api_endpoint_is_in_the_table_and_the_permissions():
    api_endpoints = {op.endpoint for op in api.operations} | {"api.openapi_json", "api.docs"}
    assert {call.endpoint for call in CALLS} == api_endpoints
    assert api_endpoints <= set(PERMISSIONS)


@pytest.mark.parametrize("call", CALLS, ids=[call.endpoint for call in CALLS])
def test_every_endpoint_as_every_role(client, world, call):
    responses = {role: call.send(client, world, role) for role in ROLES}
    assert {role: r.status_code for role, r in responses.items()} == call.expected
    for response in responses.values():
        if response.status_code >= 400:  # every refusal is a problem document
            assert response.mimetype == "application/problem+json"
            assert response.get_json()["status"] == response.status_code
        if response.status_code == 401:
            assert response.headers["WWW-Authenticate"].startswith("Bearer")


# Authentication ------------------------------------------------------------------------------


def test_a_logged_in_browser_session_is_not_an_api_login(client, login_as):
    login_as("coordinator")
    assert client.get("/auth/login").status_code == 302  # logged in for the pages
    response = client.get("/api/v1/experts")
    assert response.status_code == 401  # but the API takes bearer tokens only (no CSRF hole)


def test_tokens_are_stored_hashed_and_revocation_is_immediate(app, client, bearer):
    user, headers = bearer("coordinator")
    plain = headers["Authorization"].split()[1]
    with app.app_context(), Session(app.extensions["database"].engine) as session:
        token = session.exec(select(ApiToken).where(ApiToken.user_id == user.id)).one()
        assert token.token_hash == hashlib.sha256(plain.encode()).hexdigest()
        assert plain not in token.token_hash
    assert client.get("/api/v1/me", headers=headers).get_json()["role"] == "coordinator"
    with app.app_context(), Session(app.extensions["database"].engine) as session:
        from web.services import tokens

        tokens.revoke_token(
            session=session, user=session.get(type(user), user.id), token_id=token.id
        )
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert client.get("/api/v1/me", headers={"Authorization": "Basic abc"}).status_code == 401


# What each role sees ---------------------------------------------------------------------------


def test_a_member_sees_and_changes_only_their_own_profile(client, world):
    member = world.headers["member"]
    listed = client.get("/api/v1/experts", headers=member).get_json()["items"]
    assert [e["id"] for e in listed] == [world.member_profile]
    assert client.get(f"/api/v1/experts/{world.expert}", headers=member).status_code == 404
    response = client.patch(
        f"/api/v1/experts/{world.member_profile}",
        headers=member,
        json={"headline": "Public works director", "visible": False},
    )
    assert response.status_code == 200
    assert response.get_json()["headline"] == "Public works director"
    assert client.get("/api/v1/me", headers=member).get_json()["expert_id"] == world.member_profile
    # Without consent the profile is gone for coordinators, and only its owner gives consent.
    coordinator = world.headers["coordinator"]
    assert (
        client.get(f"/api/v1/experts/{world.member_profile}", headers=coordinator).status_code
        == 404
    )
    response = client.patch(
        f"/api/v1/experts/{world.expert}", headers=coordinator, json={"visible": False}
    )
    assert response.status_code == 403
    assert response.get_json()["field"] == "visible"


def test_an_applicant_sees_published_assignments_and_own_applications_only(app, client, world):
    applicant = world.headers["applicant"]
    ids = [
        a["id"] for a in client.get("/api/v1/assignments", headers=applicant).get_json()["items"]
    ]
    assert world.published in ids and world.draft not in ids
    assert client.get(f"/api/v1/assignments/{world.draft}", headers=applicant).status_code == 404
    drafts = client.get("/api/v1/assignments?status=draft", headers=applicant).get_json()
    assert drafts["items"] == []
    staff_ids = client.get("/api/v1/assignments", headers=world.headers["coordinator"]).get_json()
    assert world.draft in [a["id"] for a in staff_ids["items"]]
    with app.app_context(), Session(app.extensions["database"].engine) as session:
        from web.services import candidates

        candidate = candidates.get_or_create(
            session=session, assignment_id=world.published, expert_id=world.member_profile
        )
        session.add(
            Application(
                assignment_id=world.published,
                user_id=world.users["member"].id,
                candidate_id=candidate.id,
                note="I know property tax.",
            )
        )
        session.commit()
    assert client.get("/api/v1/applications", headers=applicant).get_json()["items"] == []
    mine = client.get("/api/v1/applications", headers=world.headers["member"]).get_json()["items"]
    assert [(a["assignment_id"], a["status"]) for a in mine] == [(world.published, "suggested")]


# Lists, paging, ETags -------------------------------------------------------------------------


def test_paging_walks_every_expert_once_in_id_order(client, world):
    coordinator = world.headers["coordinator"]
    body = jsonl(*(expert_record(id=f"p-{n:02d}") for n in range(7)))
    client.post("/api/v1/import/experts", headers=coordinator, data=body, content_type=NDJSON)
    seen, cursor = [], None
    while True:
        query = "limit=3" + (f"&cursor={cursor}" if cursor else "")
        page = client.get(f"/api/v1/experts?{query}", headers=coordinator).get_json()
        assert len(page["items"]) <= 3
        seen += [e["id"] for e in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == 9  # 7 + the world's two
    filtered = client.get("/api/v1/experts?kind=member&country=SN&q=amina", headers=coordinator)
    assert {e["id"] for e in filtered.get_json()["items"]} >= {"p-00", world.expert}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("limit=ten", "limit"),
        ("limit=1&limit=2", "limit"),
        ("active=yes", "active"),
        ("kind=robot", "kind"),
        ("country=XX", "country"),
        ("cursor=!!", "cursor"),
        ("cursor=bm90LWpzb24", "cursor"),  # base64 of "not-json"
        (f"cursor={base64.urlsafe_b64encode(b'42').decode()}", "cursor"),  # a number, not an id
        ("q=%00", "q"),
    ],
)
def test_bad_query_parameters_are_422_naming_the_parameter(client, world, query, field):
    response = client.get(f"/api/v1/experts?{query}", headers=world.headers["coordinator"])
    assert response.status_code == 422, response.get_json()
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["field"] == field


def test_reads_carry_an_etag_and_answer_304_when_unchanged(client, world):
    headers = world.headers["coordinator"]
    first = client.get(f"/api/v1/experts/{world.expert}", headers=headers)
    etag = first.headers["ETag"]
    again = client.get(
        f"/api/v1/experts/{world.expert}", headers={**headers, "If-None-Match": etag}
    )
    assert again.status_code == 304 and not again.data
    client.patch(f"/api/v1/experts/{world.expert}", headers=headers, json={"headline": "New"})
    changed = client.get(
        f"/api/v1/experts/{world.expert}", headers={**headers, "If-None-Match": etag}
    )
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert "private" in changed.headers["Cache-Control"]


# Bodies and errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        (
            {"name": "A", "kind": "member", "languages": [{"code": "fr", "level": "C9"}]},
            422,
            "languages[0].level",
        ),
        ({"name": "A", "kind": "member", "years_experience": "5"}, 422, "years_experience"),
        ({"name": "A", "kind": "member", "years_experience": 10**12}, 422, "years_experience"),
        ({"name": "   ", "kind": "member"}, 422, "name"),
        ({"name": "A" * 201, "kind": "member"}, 422, "name"),
        ({"kind": "member"}, 422, "name"),
        ({"name": "A", "kind": "member", "countries": ["ZZ"]}, 422, "countries[0]"),
        ({"name": "A\x00", "kind": "member"}, 422, "name"),
        (
            {
                "name": "A",
                "kind": "member",
                "availability": [{"start": "2027-05-01", "end": "2027-01-01"}],
            },
            422,
            "availability[0].end",
        ),
        ({"id": "e-dup", "name": "A", "kind": "member"}, 201, None),
        ({"name": "A", "kind": "member", "years_experience": 5.0}, 201, None),  # JSON's integer
        (
            {
                "name": "A",
                "kind": "member",
                "availability": [{"start": "2027-01-01", "end": "9999-12-31"}],
            },
            422,
            "availability[0].end",
        ),
        ([1, 2], 422, "body"),
    ],
)
def test_expert_bodies_are_validated_naming_the_field(client, world, body, status, field):
    response = client.post("/api/v1/experts", headers=world.headers["coordinator"], json=body)
    assert response.status_code == status, response.get_json()
    if field:
        assert response.mimetype == "application/problem+json"
        assert response.get_json()["field"] == field


def test_malformed_wrong_type_too_large_and_duplicate_bodies(app, client, world):
    headers = world.headers["coordinator"]
    malformed = client.post(
        "/api/v1/experts", headers=headers, data="{nope", content_type="application/json"
    )
    assert malformed.status_code == 400 and malformed.mimetype == "application/problem+json"
    for bad in (b'{"name": NaN}', b"\xff\xfe{", b"[" * 100_000):
        response = client.post(
            "/api/v1/experts", headers=headers, data=bad, content_type="application/json"
        )
        assert response.status_code == 400, bad[:10]
    form = client.post("/api/v1/experts", headers=headers, data={"name": "A"})
    assert form.status_code == 415
    duplicate = client.post(
        "/api/v1/experts", headers=headers, json={"id": world.expert, "name": "A", "kind": "member"}
    )
    assert duplicate.status_code == 409 and duplicate.get_json()["field"] == "id"
    app.config["MAX_CONTENT_LENGTH"] = 1000
    large = client.post(
        "/api/v1/experts",
        headers=headers,
        json={"name": "A", "kind": "member", "summary": "x" * 5000},
    )
    assert large.status_code == 413 and large.mimetype == "application/problem+json"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/experts/%00",
        "/api/v1/requests/99999999999999999999",
        "/api/v1/requests/0",
        "/api/v1/nothing",
    ],
)
def test_unreachable_records_are_404_not_500(client, world, path):
    response = client.get(path, headers=world.headers["coordinator"])
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_an_unlisted_method_is_405_with_allow(client, world):
    response = client.delete(
        f"/api/v1/experts/{world.expert}", headers=world.headers["coordinator"]
    )
    assert response.status_code == 405
    assert "PATCH" in response.headers["Allow"]


# The work ------------------------------------------------------------------------------------


def test_ranked_candidates_are_the_command_line_score_records(client, world):
    response = client.get(
        f"/api/v1/assignments/{world.published}/candidates?include_ineligible=true&limit=5",
        headers=world.headers["coordinator"],
    )
    assert response.status_code == 200
    ranking = response.get_json()
    lines = ranking["eligible"] + ranking["ineligible"]
    assert {line["expert"]["id"] for line in lines} >= {world.expert}
    for line in lines:
        score = line["score"]
        assert math.isclose(sum(score["components"].values()), score["score"], abs_tol=1e-5)
        assert {"requirement", "strength", "text"} <= set(score["evidence"][0])
        assert {rule["name"] for rule in score["rules"]} >= {"languages", "active"}
    assert [line["rank"] for line in ranking["eligible"]] == list(
        range(1, len(ranking["eligible"]) + 1)
    )
    assert ranking["eligible"][0]["status"] == "suggested"


def test_the_candidate_pipeline_through_the_api(app, client, world):
    headers = world.headers["coordinator"]
    pair = f"/api/v1/assignments/{world.published}/candidates/{world.expert}"

    def move(**body):
        return client.post(pair + "/status", headers=headers, json=body)

    for status in ("shortlisted", "invited", "accepted", "assigned"):
        assert move(status=status, note=f"now {status}").status_code == 200
    refused = move(status="invited")
    assert refused.status_code == 409 and refused.get_json()["field"] == "status"
    no_rating = move(status="completed")
    assert no_rating.status_code == 422 and no_rating.get_json()["field"] == "rating"
    done = move(status="completed", rating=5)
    assert done.get_json()["status"] == "completed" and done.get_json()["rating"] == 5
    history = client.get(pair + "/history", headers=headers).get_json()
    outcomes = [(e["to_status"], e["outcome"]) for e in history["events"]]
    assert outcomes == [
        ("shortlisted", "applied"),
        ("invited", "applied"),
        ("accepted", "applied"),
        ("assigned", "applied"),
        ("invited", "refused"),
        ("completed", "applied"),
    ]
    assert history["events"][0]["actor_id"] == world.users["coordinator"].id
    other = f"/api/v1/assignments/{world.published}/candidates/{world.member_profile}/status"
    declined = client.post(other, headers=headers, json={"status": "declined"})
    assert declined.status_code == 422 and declined.get_json()["field"] == "reason"
    declined = client.post(
        other, headers=headers, json={"status": "declined", "reason": "language"}
    )
    assert declined.get_json()["decline_reason"] == "language"
    assert CandidateStatus(declined.get_json()["status"]) == CandidateStatus.DECLINED


def test_recommendations_for_ones_own_profile(client, world):
    member = world.headers["member"]
    response = client.get(
        f"/api/v1/experts/{world.member_profile}/recommendations?limit=5", headers=member
    )
    assert response.status_code == 200
    items = response.get_json()["items"]
    assert [item["assignment"]["id"] for item in items] == [world.published]  # not the draft
    assert items[0]["score"]["expert_id"] == world.member_profile


def test_create_update_and_deactivate_records(client, world):
    headers = world.headers["coordinator"]
    made = client.post(
        "/api/v1/assignments",
        headers=headers,
        json={
            "title": "Landfill closure",
            "description": "Close the dump site.",
            "partner": "Municipality of Kutaisi",
            "country": "GE",
            "start": "2027-03-01",
            "end": "2027-05-01",
            "request_id": world.request,
        },
    )
    assert made.status_code == 201, made.get_json()
    assignment = made.get_json()
    assert assignment["status"] == "draft" and assignment["partner"] == "Municipality of Kutaisi"
    path = f"/api/v1/assignments/{assignment['id']}"
    backwards = client.patch(path, headers=headers, json={"end": "2027-01-01"})
    assert backwards.status_code == 422 and backwards.get_json()["field"] == "end"
    changed = client.patch(path, headers=headers, json={"status": "published", "deadline": None})
    assert (
        changed.get_json()["status"] == "published" and changed.get_json()["start"] == "2027-03-01"
    )
    closed = client.post(path + "/deactivate", headers=headers).get_json()
    assert closed["status"] == "closed"
    request = client.get(f"/api/v1/requests/{world.request}", headers=headers).get_json()
    assert request["assignments"] == 1 and request["status"] == "in_progress"
    closed = client.post(f"/api/v1/requests/{world.request}/deactivate", headers=headers)
    assert closed.get_json()["status"] == "closed"
    expert = client.post(f"/api/v1/experts/{world.expert}/deactivate", headers=headers).get_json()
    assert expert["active"] is False
    inactive = client.get("/api/v1/experts?active=false", headers=headers).get_json()["items"]
    assert [e["id"] for e in inactive] == [world.expert]


def test_import_is_all_or_nothing_with_numbered_lines(app, client, world):
    headers = world.headers["coordinator"]
    good, bad, huge = expert_record(), expert_record(kind="robot"), expert_record(name="N" * 300)
    response = client.post(
        "/api/v1/import/experts", headers=headers, data=jsonl(good, bad, huge), content_type=NDJSON
    )
    assert response.status_code == 422
    problem = response.get_json()
    assert problem["errors"] == [
        "line 2: kind: must be one of member, specialist, not 'robot'",
        "line 3: name: is 300 characters long, over 200",
    ]
    assert client.get(f"/api/v1/experts/{good['id']}", headers=headers).status_code == 404
    # A valid record the database could not store is refused the same way, not a 500.
    response = client.post(
        "/api/v1/import/experts", headers=headers, data=jsonl(good, huge), content_type=NDJSON
    )
    assert response.status_code == 422
    assert response.get_json()["errors"] == ["line 2: name: is 300 characters long, over 200"]
    far = expert_record(availability=[{"start": "2027-01-01", "end": "9999-12-31"}])
    response = client.post(
        "/api/v1/import/experts", headers=headers, data=jsonl(far), content_type=NDJSON
    )
    assert response.get_json()["errors"] == [
        "line 1: availability[0].end: must be from 1900-01-01 to 2199-12-31, not 9999-12-31"
    ]
    response = client.post(
        "/api/v1/import/experts", headers=headers, data=jsonl(good), content_type="text/plain"
    )
    assert response.get_json() == {"kind": "experts", "created": 1, "updated": 0}
    wrong = client.post("/api/v1/import/experts", headers=headers, json=good)
    assert wrong.status_code == 415


def test_writes_are_audited_with_the_token_owner(app, client, world):
    client.patch(
        f"/api/v1/experts/{world.expert}", headers=world.headers["admin"], json={"headline": "X"}
    )
    with app.app_context(), Session(app.extensions["database"].engine) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "expert.update")).one()
        assert event.actor_id == world.users["admin"].id
        assert session.get(Expert, world.expert).headline == "X"


# The document and its page ------------------------------------------------------------------


def test_the_document_describes_every_operation(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.1")
    operations = {op["operationId"] for item in doc["paths"].values() for op in item.values()}
    assert operations == {op.endpoint.partition(".")[2] for op in api.operations}
    experts = doc["paths"]["/api/v1/experts"]
    assert experts["post"]["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ExpertCreate"
    }
    assert {"401", "403", "422"} <= set(experts["get"]["responses"])
    assert {p["name"] for p in experts["get"]["parameters"]} >= {"limit", "cursor", "If-None-Match"}
    assert experts["get"]["x-roles"] == ["applicant", "member", "coordinator", "admin"]
    assert "Problem" in doc["components"]["schemas"]
    assert "ExpertPublicPage" in doc["components"]["schemas"]


def test_the_docs_page_is_readable_and_csp_clean(client):
    response = client.get("/api/v1/docs")
    html = response.get_data(as_text=True)
    for op in api.operations:
        assert f'id="{op.endpoint.partition(".")[2]}"' in html
    assert "<script>" not in html and "style=" not in html and " on" + "click=" not in html
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
