"""The command line, run as a subprocess on small JSON Lines files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from matcher.cli import main
from matcher.embeddings import Embedder
from matcher.records import assignment_to_dict, expert_to_dict
from tests.matcher.conftest import build_assignment, build_expert

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], embedder: Embedder) -> Callable[..., Result]:
    """Run the command line in this process, with the session's model."""

    def call(*args: str) -> Result:
        code = main(list(args), embedder=embedder)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return call


def run_process(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "matcher", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
        check=False,
    )


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    experts = [
        expert_to_dict(build_expert()),
        expert_to_dict(build_expert(id="e2", name="B", engagement=("paid",))),
    ]
    assignments = [
        assignment_to_dict(build_assignment()),
        assignment_to_dict(build_assignment(id="a2", required_skills=("water tariffs",))),
    ]
    return {
        "experts": write_jsonl(tmp_path / "experts.jsonl", experts),
        "assignments": write_jsonl(tmp_path / "assignments.jsonl", assignments),
        "cache": tmp_path / "cache",
    }


def test_score_every_pair_then_reuse_the_cache(
    run: Callable[..., Result], files: dict[str, Path]
) -> None:
    common = ["--experts", str(files["experts"]), "--assignments", str(files["assignments"])]
    first = run("score", *common, "--cache", str(files["cache"]))
    assert first.returncode == 0, first.stderr
    records = [json.loads(line) for line in first.stdout.splitlines()]
    assert [(r["assignment_id"], r["expert_id"]) for r in records] == [
        ("a1", "e1"),
        ("a1", "e2"),
        ("a2", "e1"),
        ("a2", "e2"),
    ]
    for record in records:
        assert abs(sum(record["components"].values()) - record["score"]) < 1e-9
    assert records[1]["failed_rules"] == ["engagement"]
    assert "encoded 0 new texts" not in first.stderr
    second = run("score", *common, "--cache", str(files["cache"]))
    assert second.returncode == 0, second.stderr
    assert "encoded 0 new texts" in second.stderr
    assert second.stdout == first.stdout


def test_score_pairs_and_rank(
    run: Callable[..., Result], files: dict[str, Path], tmp_path: Path
) -> None:
    pairs = write_jsonl(
        tmp_path / "pairs.jsonl", [{"assignment_id": "a2", "expert_id": "e1", "x": 1}]
    )
    common = ["--experts", str(files["experts"]), "--assignments", str(files["assignments"])]
    scored = run("score", *common, "--pairs", str(pairs))
    assert scored.returncode == 0, scored.stderr
    (record,) = [json.loads(line) for line in scored.stdout.splitlines()]
    assert (record["assignment_id"], record["expert_id"]) == ("a2", "e1")
    ranked = run("rank", *common, "--top", "5", "--include-ineligible")
    assert ranked.returncode == 0, ranked.stderr
    rankings = [json.loads(line) for line in ranked.stdout.splitlines()]
    assert [r["assignment_id"] for r in rankings] == ["a1", "a2"]
    assert [s["eligible"] for s in rankings[0]["ranking"]] == [True, False]
    plain = run("rank", *common)
    assert [len(json.loads(line)["ranking"]) for line in plain.stdout.splitlines()] == [1, 1]


@pytest.mark.parametrize(
    ("target", "line", "expected"),
    [
        ("experts", "{not json", "experts.jsonl:3: record: malformed JSON"),
        (
            "experts",
            json.dumps(
                {
                    "id": "x",
                    "name": "X",
                    "kind": "member",
                    "languages": [{"code": "fr", "level": "B7"}],
                }
            ),
            "experts.jsonl:3: languages[0].level: invalid level 'B7'",
        ),
        (
            "pairs",
            json.dumps({"assignment_id": "a1", "expert_id": "nobody"}),
            "pairs.jsonl:2: expert_id: unknown id 'nobody'",
        ),
    ],
)
def test_bad_input_stops_with_file_and_line(
    files: dict[str, Path], tmp_path: Path, target: str, line: str, expected: str
) -> None:
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(json.dumps({"assignment_id": "a1", "expert_id": "e1"}) + "\n")
    path = files["experts"] if target == "experts" else pairs
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    result = run_process(
        "score",
        "--experts",
        str(files["experts"]),
        "--assignments",
        str(files["assignments"]),
        "--pairs",
        str(pairs),
    )
    assert result.returncode == 2
    assert expected in result.stderr
    assert result.stdout == ""


def test_engine_stands_alone() -> None:
    code = (
        "import sys, matcher, matcher.cli, matcher.evaluate; "
        "bad = {'flask', 'sqlmodel', 'sqlalchemy', 'web', 'models', 'torch'} & set(sys.modules); "
        "print(sorted(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "[]"
