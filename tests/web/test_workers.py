"""Several workers on one PostgreSQL database: every change reaches every worker's index.

Each app below is a worker with its own MatchingService (its own index), as gunicorn's
workers are; one more change comes from another process, through the import command, and
two gunicorn servers (separate processes) answer alike after an edit through either.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import update
from sqlmodel import Session, select

from models import Expert, ExpertChange
from models.base import utcnow
from tests.conftest import TEST_SETTINGS, _truncate
from tests.factories import assignment_record, expert_record
from tests.web.page_support import load
from web.services import accounts, ranking, tokens
from web.services.matching import MatchingService, current_version

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENT = "a-waste"


@pytest.fixture
def workers(postgres_database: str, embedder: Any) -> Iterator[list[Flask]]:
    """Two apps on one fresh PostgreSQL database, each with its own index."""
    from web import create_app

    _truncate(postgres_database)
    apps = [create_app({**TEST_SETTINGS, "DATABASE_URL": postgres_database}) for _ in range(2)]
    for app in apps:
        app.extensions["matching"].use_embedder(embedder)
    experts = [
        expert_record(id=f"e-{i}", headline=f"Budget officer number {i}", skills=["budgeting"])
        for i in range(6)
    ]
    waste = assignment_record(
        id=ASSIGNMENT,
        title="Landfill closure",
        description="Close the municipal landfill and manage its leachate.",
        required_skills=["landfill closure", "leachate management"],
        preferred_skills=[],
    )
    load(apps[0], experts=experts, assignments=[waste])
    yield apps
    for app in apps:  # create_app shares one Database object: each service kept its engine
        app.extensions["database"].engine.dispose()
        app.extensions["matching"].engine.dispose()


def _ranked(app: Flask) -> list[str]:
    with app.app_context(), Session(app.extensions["database"].engine) as session:
        result = ranking.rank_candidates(session=session, assignment_id=ASSIGNMENT)
        return [line.expert.id for line in result.eligible]


def _process_env(app: Flask) -> dict[str, str]:
    """Return the environment of another process of the app on the same database."""
    return {
        **os.environ,
        "DATABASE_URL": app.config["SETTINGS"].database_url,
        "SECRET_KEY": "test-secret-key",
        "HF_HUB_OFFLINE": "1",
    }


def _service(app: Flask) -> MatchingService:
    service: MatchingService = app.extensions["matching"]
    return service


def _edit(app: Flask, expert_id: str, **values: Any) -> None:
    with Session(app.extensions["database"].engine) as session:
        expert = session.get(Expert, expert_id)
        assert expert is not None
        for name, value in values.items():
            setattr(expert, name, value)
        session.add(expert)
        session.commit()


def test_an_edit_in_one_worker_reaches_the_other(workers: list[Flask]) -> None:
    first, second = workers
    before = _ranked(second)
    assert before == _ranked(first) and len(before) == 6
    assert before[0] != "e-4"
    # Worker one edits a profile so that it fits best, with an older updated_at: the
    # version, not the timestamp, says what changed.
    _edit(
        first,
        "e-4",
        skills=["landfill closure", "leachate management"],
        headline="Solid waste engineer: landfill closure",
        updated_at=utcnow() - timedelta(days=400),
    )
    assert _ranked(second)[0] == "e-4"
    assert _ranked(first) == _ranked(second)
    assert _service(second).refits == 1 and _service(second).updates == 1


def test_consent_withdrawal_and_a_swap_reach_every_worker(workers: list[Flask]) -> None:
    first, second = workers
    _ranked(first), _ranked(second)
    _edit(first, "e-2", visible=False)
    assert "e-2" not in _ranked(second)
    # One transaction deletes an expert and adds another: the count stays the same.
    with Session(first.extensions["database"].engine) as session:
        gone = session.get(Expert, "e-3")
        session.delete(gone)
        newcomer = Expert(**{**expert_record(id="e-new"), "availability": []})
        session.add(newcomer)
        session.commit()
    seen = _ranked(second)
    assert "e-3" not in seen and "e-new" in seen and len(seen) == 5
    assert seen == _ranked(first)
    with Session(first.extensions["database"].engine) as session:
        changed = set(session.exec(select(ExpertChange.expert_id)))
    assert {"e-2", "e-3", "e-new"} <= changed


def test_a_bulk_statement_makes_every_worker_reload(workers: list[Flask]) -> None:
    first, second = workers
    assert len(_ranked(second)) == 6
    with Session(first.extensions["database"].engine) as session:
        session.exec(update(Expert).values(active=False))  # type: ignore[call-overload]
        session.commit()
    assert _ranked(second) == []
    assert _service(second).refits == 2


def test_an_import_from_another_process_reaches_a_running_worker(
    workers: list[Flask], tmp_path: Path
) -> None:
    first, _ = workers
    assert len(_ranked(first)) == 6
    source = tmp_path / "more.jsonl"
    newcomers = [
        expert_record(id=f"n-{i}", skills=["landfill closure", "leachate management"])
        for i in range(3)
    ]
    source.write_text("".join(json.dumps(r) + "\n" for r in newcomers), encoding="utf-8")
    env = _process_env(first)
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "import-data", "experts", str(source)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    ranked = _ranked(first)
    assert len(ranked) == 9 and set(ranked[:3]) == {"n-0", "n-1", "n-2"}


def test_rankings_are_cached_until_an_expert_changes(workers: list[Flask]) -> None:
    first, _ = workers
    engine = first.extensions["database"].engine
    with first.app_context(), Session(engine) as session:
        version = current_version(session)
        one = ranking.rank_candidates(session=session, assignment_id=ASSIGNMENT)
        two = ranking.rank_candidates(session=session, assignment_id=ASSIGNMENT)
    assert [c.score for c in one.eligible] == [c.score for c in two.eligible]
    assert one.eligible[0].score is two.eligible[0].score  # the same objects: cached
    _edit(first, "e-1", headline="Budget officer, still")
    with first.app_context(), Session(engine) as session:
        assert current_version(session) == version + 1
        three = ranking.rank_candidates(session=session, assignment_id=ASSIGNMENT)
    assert three.eligible[0].score is not one.eligible[0].score


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _get_json(url: str, token: str, *, method: str = "GET", body: Any = None) -> Any:
    request = urllib.request.Request(url, method=method)
    request.add_header("Authorization", f"Bearer {token}")
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, data=data, timeout=60) as response:
        return json.load(response)


def test_two_server_processes_on_one_database_answer_alike(workers: list[Flask]) -> None:
    """Two gunicorn servers (separate processes, own indexes): an edit through one API is
    in the other's very next ranking."""
    first, _ = workers
    with first.app_context(), Session(first.extensions["database"].engine) as session:
        user = accounts.create_user(
            session=session,
            email="two@counterpart.example",
            password="two-servers-password",
            role="coordinator",
        )
        token = tokens.issue_token(session=session, user=user, name="two servers", actor=user)
        session.commit()
    env = _process_env(first)
    ports = [_free_port(), _free_port()]
    command = [sys.executable, "-m", "gunicorn", "--workers", "1", "--threads", "2"]
    servers = [
        subprocess.Popen(
            [*command, "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"],
            cwd=ROOT,
            env=env,
        )
        for port in ports
    ]
    try:
        bases = [f"http://127.0.0.1:{port}/api/v1" for port in ports]
        for base in bases:
            _wait_until_up(base.removesuffix("/api/v1") + "/healthz")
        path = f"/assignments/{ASSIGNMENT}/candidates"

        def ranked(base: str) -> list[str]:
            return [c["expert"]["id"] for c in _get_json(base + path, token)["eligible"]]

        before = [ranked(base) for base in bases]
        assert before[0] == before[1] and len(before[0]) == 6
        last = before[0][-1]
        changes = {"skills": ["landfill closure", "leachate management"]}
        _get_json(f"{bases[0]}/experts/{last}", token, method="PATCH", body=changes)
        assert ranked(bases[1])[0] == last  # the other process, at once
        assert ranked(bases[0]) == ranked(bases[1])
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)


def _wait_until_up(url: str) -> None:
    for _ in range(240):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not come up")
