"""Sign-up by mailed link, password reset by mailed link: no account enumeration either way."""

from __future__ import annotations

import email
import re
import socket
import threading
import time

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlmodel import Session, select

from models import Expert, User
from tests.conftest import TEST_SETTINGS

LINK = re.compile(r"http://localhost(/auth/(?:signup|reset)/[\w.\-]+)")


def mailed_links(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Return the paths of the links in the mail written to the log (no MAIL_SERVER)."""
    return [
        match.group(1)
        for record in caplog.records
        if record.name == "web.services.mail"
        for match in LINK.finditer(record.getMessage())
    ]


def sign_up(client, caplog, email: str, role: str = "member", name: str = "Ana Lima") -> str:
    """Ask for a sign-up link and return its path."""
    caplog.clear()
    response = client.post("/auth/signup", data={"name": name, "email": email, "role": role})
    assert response.status_code == 200
    assert "Check your mail" in response.get_data(as_text=True)
    links = mailed_links(caplog)
    assert len(links) == 1
    return links[0]


def test_signup_link_creates_the_account_and_a_hidden_profile(app, client, caplog):
    link = sign_up(client, caplog, "Ana.Lima@Example.org")
    page = client.get(link)
    assert page.status_code == 200
    assert "ana.lima@example.org" in page.get_data(as_text=True)
    done = client.post(
        link, data={"password": "a long enough pass", "confirm": "a long enough pass"}
    )
    assert done.status_code == 302
    assert done.headers["Location"].endswith("/me/profile")
    assert client.get("/me/profile").status_code == 200  # logged in
    with Session(app.extensions["database"].engine) as session:
        user = session.exec(select(User).where(User.email == "ana.lima@example.org")).one()
        expert = session.exec(select(Expert).where(Expert.user_id == user.id)).one()
    assert (user.role, user.name) == ("member", "Ana Lima")
    assert user.password_hash.startswith("scrypt:")
    assert (expert.kind, expert.engagement, expert.visible) == ("member", ["pro_bono"], False)
    assert expert.id.startswith("m-")
    # The link works once.
    again = client.post(
        link, data={"password": "another long pass", "confirm": "another long pass"}
    )
    assert again.status_code == 409


def test_applicant_signup_returns_to_where_they_were_going(app, client, caplog):
    caplog.clear()
    client.post(
        "/auth/signup?next=/opportunities/a-1/apply",
        data={"name": "Bo", "email": "bo@example.org", "role": "applicant"},
    )
    (link,) = mailed_links(caplog)
    done = client.post(
        link, data={"password": "a long enough pass", "confirm": "a long enough pass"}
    )
    assert done.headers["Location"].endswith("/opportunities/a-1/apply")
    with Session(app.extensions["database"].engine) as session:
        expert = session.exec(select(Expert)).one()
    assert (expert.kind, expert.engagement) == ("specialist", ["paid"])


def test_signup_with_a_known_address_looks_the_same_and_mails_how_to_log_in(
    client, make_user, caplog
):
    make_user("member", email="taken@example.org")
    caplog.clear()
    known = client.post(
        "/auth/signup", data={"name": "X", "email": "taken@example.org", "role": "member"}
    )
    fresh = client.post(
        "/auth/signup", data={"name": "X", "email": "fresh@example.org", "role": "member"}
    )
    assert known.status_code == fresh.status_code == 200
    assert known.get_data(as_text=True).replace("taken@", "fresh@") == fresh.get_data(as_text=True)
    mails = [r.getMessage() for r in caplog.records if r.name == "web.services.mail"]
    assert "already has an account" in mails[0] and "/auth/reset/" in mails[0]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "Ana", "email": "not-an-address", "role": "member"}, "email", "valid email"),
        ({"name": "", "email": "a@example.org", "role": "member"}, "name", "required"),
        ({"name": "Ana", "email": "a@example.org", "role": "coordinator"}, "role", "valid choice"),
    ],
)
def test_signup_names_the_bad_field(client, data, field, message):
    response = client.post("/auth/signup", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    assert f'id="{field}' in html


def test_bad_and_expired_signup_links(app, client):
    assert client.get("/auth/signup/not-a-token").status_code == 422

    class TwoDaysAgo(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - 2 * 24 * 3600

    token = URLSafeTimedSerializer("test-secret-key", salt="signup", signer=TwoDaysAgo).dumps(
        {"email": "late@example.org", "name": "Late", "role": "member", "next": ""}
    )
    response = client.get(f"/auth/signup/{token}")
    assert response.status_code == 422
    assert "expired" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("password", "confirm", "message"),
    [("short", "short", "at least 10"), ("a long enough pass", "different pass!!", "differ")],
)
def test_signup_password_is_checked(client, caplog, password, confirm, message):
    link = sign_up(client, caplog, "pw@example.org")
    response = client.post(link, data={"password": password, "confirm": confirm})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_password_reset_by_link_ends_other_sessions(app, client, make_user, caplog):
    user = make_user("member", email="reset@example.org", password="the old password")
    other = app.test_client()
    other.post("/auth/login", data={"email": user.email, "password": "the old password"})
    assert other.get("/me/profile").status_code == 200
    caplog.clear()
    asked = client.post("/auth/forgot", data={"email": "Reset@example.org"})
    assert asked.status_code == 200
    (link,) = mailed_links(caplog)
    assert client.get(link).status_code == 200
    done = client.post(link, data={"password": "the new password", "confirm": "the new password"})
    assert done.status_code == 302
    assert client.get("/me/profile").status_code == 200  # logged in with the new session
    assert other.get("/me/profile").status_code == 302  # the old session is over
    # The link is spent, and the new password works.
    assert client.get(link).status_code == 422
    fresh = app.test_client()
    login = fresh.post("/auth/login", data={"email": user.email, "password": "the new password"})
    assert login.status_code == 302


def test_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client, make_user, caplog):
    make_user("applicant", email="known@example.org")
    caplog.clear()
    unknown = client.post("/auth/forgot", data={"email": "nobody@example.org"})
    assert mailed_links(caplog) == []
    known = client.post("/auth/forgot", data={"email": "known@example.org"})
    assert len(mailed_links(caplog)) == 1
    assert unknown.status_code == known.status_code == 200
    assert unknown.get_data(as_text=True).replace("nobody@", "known@") == known.get_data(
        as_text=True
    )


class TinySmtpServer:
    """Just enough SMTP (no TLS, no auth) to receive one message on 127.0.0.1."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1)
        self.sock.settimeout(10)
        self.port = self.sock.getsockname()[1]
        self.messages: list[str] = []
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        connection, _ = self.sock.accept()
        with connection, connection.makefile("rwb") as stream:

            def reply(line: str) -> None:
                stream.write(line.encode() + b"\r\n")
                stream.flush()

            reply("220 tiny ESMTP")
            data: list[str] = []
            reading = False
            for raw in stream:
                line = raw.decode().rstrip("\r\n")
                if reading:
                    if line == ".":
                        reading = False
                        self.messages.append("\n".join(data))
                        reply("250 queued")
                    else:
                        data.append(line)
                    continue
                verb = line.split(" ", 1)[0].upper()
                if verb == "EHLO":
                    reply("250 tiny")
                elif verb == "DATA":
                    reading = True
                    reply("354 go on")
                elif verb == "QUIT":
                    reply("221 bye")
                    break
                else:
                    reply("250 ok")
        self.sock.close()


def test_reset_mail_goes_through_smtp_when_a_server_is_set(database_url, embedder):
    from web import create_app

    server = TinySmtpServer()
    app = create_app(
        {
            **TEST_SETTINGS,
            "DATABASE_URL": database_url,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": server.port,
            "MAIL_SENDER": "desk@counterpart.example",
        }
    )
    app.extensions["matching"].use_embedder(embedder)
    with Session(app.extensions["database"].engine) as session:
        from web.services import accounts

        accounts.create_user(
            session=session, email="smtp@example.org", password="long password 1", role="member"
        )
        session.commit()
    response = app.test_client().post("/auth/forgot", data={"email": "smtp@example.org"})
    assert response.status_code == 200
    assert "no mail server configured" not in response.get_data(as_text=True)
    server.thread.join(timeout=10)
    app.extensions["database"].engine.dispose()
    (raw,) = server.messages
    message = email.message_from_string(raw)
    assert (message["To"], message["From"]) == ("smtp@example.org", "desk@counterpart.example")
    assert "/auth/reset/" in message.get_payload(decode=True).decode()
