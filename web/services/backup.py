"""Online backup and restore of the SQLite database (PostgreSQL: pg_dump / pg_restore)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import Engine, make_url

from web.services.errors import ValidationFailed

POSTGRES_HINT = (
    "This database is PostgreSQL: back it up with `pg_dump --format=custom -f FILE DBNAME` "
    "and restore with `pg_restore --clean --if-exists -d DBNAME FILE`."
)


def sqlite_path(engine: Engine) -> Path:
    """Return the file of a SQLite engine, or raise ValidationFailed for other databases."""
    url = make_url(str(engine.url))
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise ValidationFailed(POSTGRES_HINT, field="DATABASE_URL")
    return Path(url.database)


def backup(*, engine: Engine, target: Path) -> int:
    """Copy the live database into `target` with SQLite's online backup API; return pages."""
    source_path = sqlite_path(engine)
    if target.resolve() == source_path.resolve():
        raise ValidationFailed("Back up to another file than the database itself.", field="FILE")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    with sqlite3.connect(source_path) as source, sqlite3.connect(partial) as copy:
        source.backup(copy)
        pages = copy.execute("PRAGMA page_count").fetchone()[0]
    copy.close()
    partial.replace(target)  # a killed backup never leaves a half-written FILE
    return int(pages)


def restore(*, engine: Engine, source: Path) -> int:
    """Replace the live database's content by a backup, in one step; return pages."""
    target_path = sqlite_path(engine)
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as backup_db:
            status = backup_db.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {r[0] for r in backup_db.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as exc:
        raise ValidationFailed(f"{source} is not a SQLite database: {exc}", field="FILE") from exc
    if status != "ok" or "alembic_version" not in tables:
        raise ValidationFailed(f"{source} is not a Counterpart backup.", field="FILE")
    engine.dispose()  # no pooled connection may keep the old content
    with sqlite3.connect(source) as backup_db, sqlite3.connect(target_path) as live:
        backup_db.backup(live)
        pages = live.execute("PRAGMA page_count").fetchone()[0]
    return int(pages)
