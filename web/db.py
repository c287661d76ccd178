"""The database: one engine per app, one SQLModel session per request, migrations by Alembic."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app, g
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, SQLModel, create_engine

import models  # noqa: F401  (registers every table on SQLModel.metadata)

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
UPGRADE_HINT = "flask --app wsgi db upgrade"


class UnmigratedDatabase(RuntimeError):
    """The database is missing or behind the code's schema."""

    def __init__(self, current: str | None, head: str | None) -> None:
        super().__init__(
            f"The database is not at the current schema (at {current or 'nothing'}, "
            f"code needs {head}). Run `{UPGRADE_HINT}` first."
        )


class Database:
    """Hold the engine and the metadata; Flask-Migrate reads both from here."""

    metadata = SQLModel.metadata

    def __init__(self) -> None:
        self.engine: Engine | None = None

    def init_app(self, app: Flask, url: str) -> None:
        """Create the engine for `url` and close each request's session on teardown."""
        self.engine = make_engine(url)
        app.extensions["database"] = self
        app.teardown_appcontext(_close_session)

    def migration_state(self) -> tuple[str | None, str | None]:
        """Return the database's Alembic revision and the code's head revision."""
        assert self.engine is not None
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        with self.engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
        return current, head

    def check_migrated(self) -> None:
        """Raise UnmigratedDatabase unless the database is at the head revision."""
        current, head = self.migration_state()
        if current != head:
            raise UnmigratedDatabase(current, head)


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets foreign keys, WAL and a busy timeout."""
    parsed = make_url(url)
    kwargs: dict[str, Any] = {"pool_pre_ping": True}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    engine = create_engine(url, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def alembic_config() -> AlembicConfig:
    """Return an Alembic config pointing at the project's migrations."""
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def database() -> Database:
    """Return the current app's database."""
    db: Database = current_app.extensions["database"]
    return db


def get_session() -> Session:
    """Return this request's session, opening it on first use."""
    if "db_session" not in g:
        g.db_session = Session(database().engine, expire_on_commit=False)
    session: Session = g.db_session
    return session


def _close_session(exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        if exc is not None:
            session.rollback()
        session.close()


@contextmanager
def session_scope() -> Iterator[Session]:
    """Open a session outside a request (commands, jobs); commit on success, roll back on error."""
    with Session(database().engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
