"""Fixtures shared by every test package: the real model once per session, real databases."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import text

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

# The server the PostgreSQL tests use; they fail (never skip) when it is not there.
POSTGRES_SERVER = os.environ.get("TEST_POSTGRES_URL", "postgresql://root@127.0.0.1:5432/test")
BACKENDS = ("sqlite", "postgresql")
TEST_SETTINGS: dict[str, Any] = {
    "COUNTERPART_ENV": "testing",
    "SECRET_KEY": "test-secret-key",
    "WTF_CSRF_ENABLED": False,
    "SERVER_NAME": "localhost",
}


@pytest.fixture(scope="session")
def embedder():
    """Return the packaged all-MiniLM-L6-v2, loaded once and remembering every vector it made.

    Each test's app still stores vectors in its own fresh database; the session-wide memory
    only spares the model from encoding the same demo texts again for every test.
    """
    from matcher.embeddings import CachedEmbedder, load_embedder

    return CachedEmbedder(load_embedder())


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """Create a database of this session's own on the PostgreSQL server, migrated to head."""
    name = f"counterpart_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_SERVER, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_SERVER.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    url = f"{base}/{name}"
    _migrate(url)
    yield url
    with psycopg.connect(POSTGRES_SERVER, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a migrated SQLite file that each test copies."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    _migrate(f"sqlite:///{path}")
    return path


def _migrate(url: str) -> None:
    import flask_migrate

    from web import create_app

    app = create_app({**TEST_SETTINGS, "DATABASE_URL": url})
    with app.app_context():
        flask_migrate.upgrade()
    app.extensions["database"].engine.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Return the URL of an empty, migrated database: each test runs on SQLite and PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "test.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("postgres_database")
    _truncate(url)
    return url


def _truncate(url: str) -> None:
    from sqlmodel import SQLModel, create_engine

    import models  # noqa: F401

    engine = create_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def app(database_url: str, embedder):
    """Return the app on a fresh database, sharing the session's model."""
    from web import create_app

    app = create_app({**TEST_SETTINGS, "DATABASE_URL": database_url})
    app.extensions["matching"].use_embedder(embedder)
    yield app
    app.extensions["database"].engine.dispose()


@pytest.fixture
def client(app):
    """Return a test client of the app."""
    return app.test_client()


@pytest.fixture
def session(app):
    """Return a database session inside an app context."""
    from sqlmodel import Session

    with app.app_context(), Session(app.extensions["database"].engine) as session:
        yield session


@pytest.fixture
def make_user(app) -> Callable[..., Any]:
    """Return a factory of accounts: make_user(role, email=..., password=...)."""
    from sqlmodel import Session

    from web.services import accounts

    counter = iter(range(1, 10_000))

    def make(
        role: str = "member",
        *,
        email: str | None = None,
        password: str = "correct horse battery",
        name: str = "",
    ):
        with app.app_context(), Session(app.extensions["database"].engine) as session:
            user = accounts.create_user(
                session=session,
                email=email or f"{role}{next(counter)}@example.org",
                password=password,
                role=role,
                name=name or role.title(),
            )
            session.commit()
            session.refresh(user)
            return user

    return make


@pytest.fixture
def login_as(client, make_user) -> Callable[..., Any]:
    """Return a function that makes an account of `role` and logs the client in as it."""

    def login(role: str = "coordinator", **kwargs: Any):
        password = kwargs.pop("password", "correct horse battery")
        user = make_user(role, password=password, **kwargs)
        response = client.post("/auth/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return user

    return login
