"""Backup and restore of the SQLite database round-trip every record."""

from __future__ import annotations

import json

from sqlmodel import Session, select

from models import Expert
from tests.factories import expert_record
from web.services import bulk


def import_experts(app, records) -> None:
    with Session(app.extensions["database"].engine) as session:
        bulk.import_records(
            session=session,
            kind="experts",
            raw=[json.dumps(r).encode() for r in records],
            max_line_bytes=100_000,
        )


def test_backup_then_restore_gives_back_the_data(app, tmp_path, database_url):
    runner = app.test_cli_runner()
    if database_url.startswith("postgresql"):
        result = runner.invoke(args=["backup", str(tmp_path / "b.db")])
        assert result.exit_code != 0 and "pg_dump" in result.output
        return
    first = expert_record()
    import_experts(app, [first])
    backup_file = tmp_path / "backup.db"
    result = runner.invoke(args=["backup", str(backup_file)])
    assert result.exit_code == 0, result.output
    import_experts(app, [expert_record(), {**first, "headline": "changed after backup"}])
    result = runner.invoke(args=["restore", "--yes", str(backup_file)])
    assert result.exit_code == 0, result.output
    engine = app.extensions["database"].engine
    with Session(engine) as session:
        experts = session.exec(select(Expert)).all()
    assert [(e.id, e.headline) for e in experts] == [(first["id"], first["headline"])]
    assert app.test_client().get("/healthz").status_code == 200


def test_restore_refuses_a_file_that_is_not_a_backup(app, tmp_path, database_url):
    if database_url.startswith("postgresql"):
        return
    import_experts(app, [expert_record()])
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    result = app.test_cli_runner().invoke(args=["restore", "--yes", str(junk)])
    assert result.exit_code != 0 and "not a SQLite database" in result.output
    with Session(app.extensions["database"].engine) as session:
        assert len(session.exec(select(Expert)).all()) == 1
