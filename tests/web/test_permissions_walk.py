"""Walk every route of the app as every role and check it against the one permission table."""

from __future__ import annotations

import json

import pytest
from sqlmodel import Session, select

from models import Application, Candidate, PartnerRequest, User
from tests.browser.conftest import DEMO_PASSWORDS
from web.permissions import ANONYMOUS, PERMISSIONS, ROLES
from web.services import accounts

ACCOUNTS = {
    "applicant": "applicant@counterpart.example",
    "member": "member@counterpart.example",
    "coordinator": "coordinator@counterpart.example",
    "admin": "admin@counterpart.example",
}
# Walked last, since they end the session, token or account they are walked with.
LAST = ("api_tokens.revoke", "account.logout_everywhere", "auth.logout", "account.delete")


def test_every_route_is_in_the_permission_table(app):
    missing = sorted({rule.endpoint for rule in app.url_map.iter_rules()} - set(PERMISSIONS))
    assert missing == [], f"add these endpoints to web/permissions.py PERMISSIONS: {missing}"


@pytest.fixture
def demo(app):
    """Seed the demo; return sample values for every URL argument the routes use."""
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    with Session(app.extensions["database"].engine, expire_on_commit=False) as session:
        application = session.exec(select(Application)).first()
        candidate = session.get(Candidate, application.candidate_id)
        request = session.exec(select(PartnerRequest)).first()
        tokens, users = {}, {}
        for role, email in ACCOUNTS.items():
            user = users[role] = session.exec(select(User).where(User.email == email)).one()
            token, plain = accounts.create_token(session=session, user=user, name="walk")
            tokens[role] = (token.id, plain)
        session.commit()
    return {
        "values": {
            "assignment_id": candidate.assignment_id,
            "expert_id": candidate.expert_id,
            "request_id": request.id,
            "application_id": application.id,
            "weight_set_id": 1,
            "user_id": users["applicant"].id,
            "token": "not-a-valid-token",
            "filename": "css/app.css",
        },
        "tokens": tokens,
    }


def _requests(app, values):
    """Yield (endpoint, method, url) for every route, the session-ending ones last."""
    rules = sorted(
        app.url_map.iter_rules(),
        key=lambda r: (LAST.index(r.endpoint) if r.endpoint in LAST else -1, r.rule),
    )
    for rule in rules:
        unknown = set(rule.arguments) - set(values) - {"token_id"}
        assert not unknown, f"give the walk a sample value for {unknown} ({rule.rule})"
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def test_walk_every_route_as_every_role(app, demo):
    # One app for all roles: the demo is seeded and the ranking index fitted once.
    problems = []
    for role in ROLES:
        problems += _walk(app, demo, role)
    assert problems == [], json.dumps(problems, indent=1)


def _walk(app, demo, role: str) -> list[str]:
    """Request every route as `role`; return what disagrees with the table."""
    client = app.test_client()

    def log_in() -> None:
        if role != ANONYMOUS:
            response = client.post(
                "/auth/login",
                data={"email": ACCOUNTS[role], "password": DEMO_PASSWORDS[ACCOUNTS[role]]},
            )
            assert response.status_code == 302

    log_in()
    token_id, plain = demo["tokens"].get(role, (0, ""))
    values = {**demo["values"], "token_id": token_id}
    problems = []
    # URLs are built outside any app context: a context pushed around the client's requests
    # would share `g` (and so the current user) between them.
    urls = app.url_map.bind("localhost")
    for rule, method in _requests(app, values):
        url = urls.build(rule.endpoint, {a: values[a] for a in rule.arguments})
        if rule.endpoint in LAST:
            log_in()  # the previous one may have ended the session
        api = url.startswith("/api/")
        headers = {"Authorization": f"Bearer {plain}"} if api and plain else {}
        kwargs = {"json": {}} if api and method != "GET" else {}
        response = client.open(url, method=method, headers=headers, **kwargs)
        status = response.status_code
        response.close()
        allowed = role in PERMISSIONS[rule.endpoint]
        # A refusal sends people to log in and come back (`next`); a logout just to log in.
        to_login = status == 302 and "/auth/login?next=" in response.headers.get("Location", "")
        if status >= 500:
            problems.append(f"{method} {url}: {status}")
        elif allowed and (status == 401 or to_login):
            problems.append(f"{method} {url}: allowed for {role} but answered {status}")
        elif allowed and status == 403 and role in ("coordinator", "admin"):
            problems.append(f"{method} {url}: allowed for {role} but answered 403")
        elif not allowed and not (status in (401, 403) or to_login):
            problems.append(f"{method} {url}: denied for {role} but answered {status}")
    return problems
