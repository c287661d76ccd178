"""An import killed halfway leaves the database exactly as it was."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlmodel import Session, func, select

from models import Expert
from tests.factories import expert_record
from web.services import bulk

ROOT = Path(__file__).resolve().parents[2]


def test_killing_an_import_halfway_changes_nothing(app, database_url, tmp_path):
    engine = app.extensions["database"].engine
    kept = expert_record(headline="before the import")
    with Session(engine) as session:
        bulk.import_records(
            session=session, kind="experts", raw=[json.dumps(kept).encode()], max_line_bytes=10**6
        )
    records = [{**kept, "headline": "overwritten"}] + [expert_record() for _ in range(20_000)]
    path = tmp_path / "big.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "x", "HF_HUB_OFFLINE": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "import-data", "experts", str(path)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Kill it once the progress bar shows records being written, well before the commit.
    deadline = time.monotonic() + 120
    seen = ""
    assert process.stderr is not None
    while time.monotonic() < deadline:
        seen += process.stderr.read(1)
        # tqdm's line: "Importing experts:  10%|█         | 2000/20001 [...]"
        if re.search(r"Importing experts: +[1-9]\d*%", seen):
            break
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL, "the import finished before it could be killed"
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Expert)).one() == 1
        assert session.get(Expert, kept["id"]).headline == "before the import"
