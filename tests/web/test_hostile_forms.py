"""Hostile input through the pages: markup is escaped everywhere, and no form answers 5xx."""

from __future__ import annotations

import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select

from models import Assignment, Expert, User
from tests.browser.conftest import DEMO_PASSWORDS
from tests.factories import assignment_record, expert_record
from web.services import bulk

SCRIPT = "<script>alert('x')</script>"
MARKUP = '"><img src=x onerror=alert(1)>'


def test_markup_in_every_text_field_is_escaped_in_pages_and_explanations(app, client, login_as):
    evil = f"{SCRIPT}{MARKUP}"
    expert = expert_record(
        name=f"Eve {evil}",
        headline=evil,
        summary=f"Managed budgets. {evil}",
        skills=[f"budgeting {evil}"],
        conflicts=[evil],
        experience=[
            {
                "title": evil,
                "organization": evil,
                "country": "SN",
                "start": "2015-01",
                "end": None,
                "description": f"Raised revenue. {evil}",
            }
        ],
    )
    assignment = assignment_record(
        title=f"Budget {evil}",
        description=f"Budget reform. {evil}",
        partner=f"City {evil}",
        required_skills=[f"budgeting {evil}"],
        preferred_skills=[evil],
        languages=[],
    )
    with Session(app.extensions["database"].engine) as session:
        for kind, record in (("experts", expert), ("assignments", assignment)):
            bulk.import_records(
                session=session, kind=kind, raw=[json.dumps(record).encode()], max_line_bytes=10**6
            )
    login_as("coordinator")
    aid, eid = assignment["id"], expert["id"]
    pages = [
        "/coordinator/",
        f"/coordinator/assignments/{aid}",
        f"/coordinator/assignments/{aid}/candidates/{eid}",
        f"/coordinator/assignments/{aid}/edit",
        "/coordinator/requests",
        "/opportunities/",
        f"/opportunities/{aid}",
        f"/opportunities/?q={SCRIPT}",
    ]
    for path in pages:
        response = client.get(path)
        html = response.get_data(as_text=True)
        assert response.status_code == 200, path
        assert SCRIPT not in html and "<img src=x" not in html, path
        assert "&lt;script&gt;" in html, path


def _field_names(html: str) -> set[str]:
    return set(re.findall(r'name="([A-Za-z_][\w\-]*)"', html)) - {"csrf_token"}


HOSTILE_TEXT = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "\u202e\u0631",
            "e\u0301\u0301\u0301",
            "😀" * 40,
            "9" * 40,
            "-1",
            "0",
            "2027-13-45",
            "2027-02-30",
            "9999-12-31",
            "0001-01-01",
            "1e309",
            "NaN",
            "x" * 5000,
            SCRIPT,
            "null",
            "[]",
            "{}",
            "zz",
            "C9",
            "native",
            "../../etc/passwd",
        ]
    ),
)


def test_no_form_answers_a_server_error(app, client):
    """Post hypothesis-made values to every form of the app, as a coordinator and as a member."""
    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    with Session(app.extensions["database"].engine) as session:
        assignment = session.exec(
            select(Assignment).where(Assignment.status == "published")
        ).first()
        expert = session.exec(select(Expert).where(Expert.visible == True)).first()  # noqa: E712
        applicant = session.exec(select(User).where(User.role == "applicant")).first()
    values = {
        "assignment_id": assignment.id,
        "expert_id": expert.id,
        "request_id": 1,
        "application_id": 1,
        "weight_set_id": 1,
        "user_id": applicant.id,
        "token_id": 1,
        "token": "bogus",
    }
    skip = {"auth.logout", "account.logout_everywhere", "account.delete", "auth.login"}
    urls = app.url_map.bind("localhost")
    targets = []
    for rule in app.url_map.iter_rules():
        if (
            "POST" in rule.methods
            and rule.endpoint not in skip
            and not rule.rule.startswith("/api/")
        ):
            url = urls.build(rule.endpoint, {a: values[a] for a in rule.arguments})
            page = client.get(url) if "GET" in rule.methods else None
            targets.append((url, _field_names(page.get_data(as_text=True)) if page else set()))
    names = sorted(set().union(*(n for _, n in targets)) | {"action", "status", "to", "reason"})

    for email in ("coordinator@counterpart.example", "member@counterpart.example"):
        client.post("/auth/login", data={"email": email, "password": DEMO_PASSWORDS[email]})

        @settings(
            max_examples=40,
            deadline=None,
            derandomize=True,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        )
        @given(
            target=st.sampled_from(targets),
            data=st.dictionaries(st.sampled_from(names), HOSTILE_TEXT, max_size=12),
        )
        def post(target, data):
            url, _fields = target
            response = client.post(url, data=data)
            assert response.status_code < 500, (url, data)

        post()
        client.post("/auth/logout")
