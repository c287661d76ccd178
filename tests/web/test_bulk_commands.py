"""The bulk-data commands: import, export, all-or-nothing, and accounts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from models import Assignment, Embedding, Expert, Partner, User
from tests.factories import assignment_record, expert_record


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def count(app, model) -> int:
    with Session(app.extensions["database"].engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def test_import_then_export_gives_back_equivalent_records(app, tmp_path):
    experts = [expert_record(), expert_record(kind="specialist", engagement=["paid"], email="")]
    assignments = [assignment_record(), assignment_record(partner="municipality of thiès")]
    runner = app.test_cli_runner()
    for kind, records in (("experts", experts), ("assignments", assignments)):
        source = write_jsonl(tmp_path / f"{kind}.jsonl", records)
        result = runner.invoke(args=["import-data", kind, str(source)])
        assert result.exit_code == 0, result.output
        assert "2 created, 0 updated" in result.output
        target = tmp_path / f"{kind}-out.jsonl"
        result = runner.invoke(args=["export-data", kind, str(target)])
        assert result.exit_code == 0, result.output
        exported = [json.loads(line) for line in target.read_text().splitlines()]
        by_id = {r["id"]: r for r in exported}
        for record in records:
            for key, value in record.items():
                got = by_id[record["id"]][key]
                if key == "partner":
                    assert got.lower() == value.lower()
                else:
                    assert got == value, key
    # Partners are reused case-insensitively.
    assert count(app, Partner) == 1


def test_import_upserts_by_id(app, tmp_path):
    runner = app.test_cli_runner()
    record = expert_record()
    runner.invoke(args=["import-data", "experts", str(write_jsonl(tmp_path / "a.jsonl", [record]))])
    changed = {**record, "headline": "City Manager, Kutaisi"}
    result = runner.invoke(
        args=["import-data", "experts", str(write_jsonl(tmp_path / "b.jsonl", [changed]))]
    )
    assert "0 created, 1 updated" in result.output
    assert count(app, Expert) == 1
    with Session(app.extensions["database"].engine) as session:
        assert session.get(Expert, record["id"]).headline == "City Manager, Kutaisi"


def test_a_bad_file_changes_nothing_and_names_every_bad_line(app, tmp_path):
    runner = app.test_cli_runner()
    good = expert_record()
    runner.invoke(args=["import-data", "experts", str(write_jsonl(tmp_path / "ok.jsonl", [good]))])
    lines = [
        json.dumps({**good, "headline": "changed"}),
        json.dumps(expert_record(languages=[{"code": "fr", "level": "B7"}])),
        "{not json",
        json.dumps(expert_record(availability=[{"start": "2027-05-01", "end": "2027-01-01"}])),
        json.dumps(expert_record()),
    ]
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(lines) + "\n")
    result = runner.invoke(args=["import-data", "experts", str(bad)])
    assert result.exit_code != 0
    assert "line 2: languages" in result.output
    assert "line 3:" in result.output
    assert "line 4: availability" in result.output
    assert "unchanged" in result.output
    assert count(app, Expert) == 1
    with Session(app.extensions["database"].engine) as session:
        assert session.get(Expert, good["id"]).headline == good["headline"]


def test_an_over_long_line_is_refused(app, tmp_path):
    app.config["SETTINGS"].import_max_line_bytes = 2_000
    path = write_jsonl(tmp_path / "long.jsonl", [expert_record(summary="x" * 5_000)])
    result = app.test_cli_runner().invoke(args=["import-data", "assignments", str(path)])
    assert result.exit_code != 0
    assert "line 1: line: is" in result.output
    assert count(app, Assignment) == 0


@pytest.mark.parametrize("role", ["coordinator", "member", "applicant", "admin"])
def test_create_user_makes_an_account_that_can_log_in(app, role):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            f"New.{role}@Example.org",
            "--password",
            "long enough password",
            "--role",
            role,
        ]
    )
    assert result.exit_code == 0, result.output
    with Session(app.extensions["database"].engine) as session:
        user = session.exec(select(User)).one()
    assert (user.email, user.role) == (f"new.{role}@example.org", role)
    assert user.password_hash.startswith("scrypt:")
    response = app.test_client().post(
        "/auth/login", data={"email": user.email, "password": "long enough password"}
    )
    assert response.status_code == 302


def test_create_user_refuses_a_duplicate_and_a_short_password(app):
    runner = app.test_cli_runner()
    args = ["create-user", "--email", "a@example.org", "--role", "member", "--password"]
    assert runner.invoke(args=[*args, "long enough password"]).exit_code == 0
    again = runner.invoke(args=[*args, "long enough password"])
    assert again.exit_code != 0 and "already exists" in again.output
    short = runner.invoke(
        args=["create-user", "--email", "b@example.org", "--role", "member", "--password", "short"]
    )
    assert short.exit_code != 0 and "at least" in short.output
    assert count(app, User) == 1


def test_the_command_refuses_what_the_database_cannot_store(app, tmp_path):
    records = [expert_record(name="N" * 300), expert_record(summary="nul \x00 byte")]
    result = app.test_cli_runner().invoke(
        args=["import-data", "experts", str(write_jsonl(tmp_path / "x.jsonl", records))]
    )
    assert result.exit_code != 0
    assert "line 1: name: is 300 characters long, over 200" in result.output
    assert "line 2: summary: holds a character no database stores (NUL)" in result.output
    assert count(app, Expert) == 0


def test_import_embeds_and_an_interrupted_embedding_resumes_where_it_stopped(app, tmp_path):
    from web.services.matching import embed_texts, pending_texts

    records = [
        expert_record(id=f"m{i}", skills=[f"skill {i} of municipal finance", "budgeting"])
        for i in range(6)
    ]
    runner = app.test_cli_runner()
    source = write_jsonl(tmp_path / "experts.jsonl", records)
    result = runner.invoke(args=["import-data", "experts", str(source), "--no-embed"])
    assert result.exit_code == 0, result.output
    service = app.extensions["matching"]
    with app.app_context(), Session(app.extensions["database"].engine) as session:
        pending = pending_texts(service=service, session=session)
    assert len(pending) > 10

    def stop_after_first_batch(done: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        embed_texts(
            embedder=service.embedder, texts=pending, batch=4, progress=stop_after_first_batch
        )
    assert count(app, Embedding) == 4  # the first batch was stored before the interruption

    result = runner.invoke(args=["reindex"])
    assert result.exit_code == 0, result.output
    assert f"{len(pending) - 4} texts to embed" in result.output
    assert count(app, Embedding) == len(pending)  # nothing twice
    again = runner.invoke(args=["import-data", "experts", str(source)])
    assert "0 created, 6 updated" in again.output
    assert "0 texts to embed" in again.output
    assert count(app, Embedding) == len(pending)
