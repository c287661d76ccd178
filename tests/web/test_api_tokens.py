"""Personal API tokens: the pages that make and revoke them, and the command for scripts."""

from __future__ import annotations

import re

from sqlmodel import Session, select

from models import ApiToken, User


def _new_token(client, name: str = "HR sync") -> str:
    response = client.post("/account/tokens", data={"name": name})
    assert response.status_code == 200
    match = re.search(r'id="new-token">(cp_[\w-]+)<', response.get_data(as_text=True))
    assert match, "the new token is shown once"
    return match[1]


def test_a_person_makes_uses_and_revokes_a_token(app, client, login_as):
    user = login_as("member")
    plain = _new_token(client)
    page = client.get("/account/tokens").get_data(as_text=True)
    assert "HR sync" in page and plain not in page  # listed, never shown again
    fresh = app.test_client()  # a script: no cookie, only the token
    me = fresh.get("/api/v1/me", headers={"Authorization": f"Bearer {plain}"})
    assert me.get_json()["email"] == user.email
    with app.app_context(), Session(app.extensions["database"].engine) as session:
        token = session.exec(select(ApiToken).where(ApiToken.user_id == user.id)).one()
        assert token.last_used_at is not None
    response = client.post(f"/account/tokens/{token.id}/revoke", follow_redirects=True)
    assert "it no longer works" in response.get_data(as_text=True)
    assert fresh.get("/api/v1/me", headers={"Authorization": f"Bearer {plain}"}).status_code == 401


def test_nobody_revokes_anothers_token_and_names_are_checked(app, client, login_as, make_user):
    other = make_user("coordinator")
    with app.app_context(), Session(app.extensions["database"].engine) as session:
        from web.services import tokens

        tokens.issue_token(session=session, user=session.get(User, other.id), name="x", actor=None)
        theirs = session.exec(select(ApiToken).where(ApiToken.user_id == other.id)).one()
    login_as("applicant")
    assert client.post(f"/account/tokens/{theirs.id}/revoke").status_code == 404
    too_long = client.post("/account/tokens", data={"name": "n" * 101})
    assert too_long.status_code == 200 and "cp_" not in too_long.get_data(as_text=True)


def test_the_token_pages_need_a_login(client):
    response = client.get("/account/tokens")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_create_token_prints_a_working_token_for_scripts(app, make_user):
    user = make_user("coordinator")
    result = app.test_cli_runner().invoke(args=["create-token", "--email", user.email.upper()])
    assert result.exit_code == 0, result.output
    plain = result.stdout.strip()
    assert plain.startswith("cp_") and "\n" not in plain
    response = app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {plain}"})
    assert response.get_json()["role"] == "coordinator"
    missing = app.test_cli_runner().invoke(args=["create-token", "--email", "nobody@example.org"])
    assert missing.exit_code != 0 and "No active account" in missing.output
