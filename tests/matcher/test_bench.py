"""`python -m matcher bench` on small pools, and `evaluate` over several benchmarks.

Benchmarks, not timed assertions: the figures must be there and make sense, not be fast.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from matcher.cli import main
from matcher.embeddings import Embedder
from matcher.records import Language, assignment_to_dict, expert_to_dict
from tests.matcher.conftest import build_assignment, build_expert

KEYS = {
    "experts",
    "rank_p50_ms",
    "rank_p95_ms",
    "baseline_scan_p50_ms",
    "recall_at_20",
    "embed_texts_per_s",
    "baseline_embed_texts_per_s",
    "embed_min_cosine",
    "index_bytes",
}


def _last_json(text: str) -> dict[str, object]:
    figures: dict[str, object] = json.loads(text.strip().splitlines()[-1])
    return figures


def test_bench_prints_every_figure_beside_its_baseline(
    embedder: Embedder, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["bench", "--experts", "2000", "--queries", "4", "--repeats", "1"]
    assert main([*argv, "--embed-texts", "40"], embedder=embedder) == 0
    out = capsys.readouterr().out
    figures = _last_json(out)
    assert set(figures) >= KEYS
    assert figures["experts"] == 2000 and figures["recall_at_20"] == 1.0
    assert figures["scores_identical"] is True
    assert figures["baseline_scan_p50_ms"] > 0 and figures["rank_p50_ms"] > 0  # type: ignore[operator]
    assert figures["rank_p50_ms"] <= figures["rank_p95_ms"]  # type: ignore[operator]
    assert 0.99 <= figures["embed_min_cosine"] <= 1.0 + 1e-6  # type: ignore[operator]
    assert figures["embed_texts_per_s"] > 0 and figures["baseline_embed_texts_per_s"] > 0  # type: ignore[operator]
    assert "numpy exact scan of 2,000 x 384 float32" in out
    assert "plain SentenceTransformer.encode float32" in out


def test_bench_ranks_given_records_against_exhaustive_scoring(
    embedder: Embedder, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    experts = [
        build_expert(id=f"e{i}", years_experience=5 + i, languages=(Language("fr", "C1"),))
        for i in range(30)
    ]
    experts[3] = build_expert(id="e3", skills=("landfill closure",))
    experts_file = tmp_path / "experts.jsonl"
    experts_file.write_text("".join(json.dumps(expert_to_dict(e)) + "\n" for e in experts))
    assignments_file = tmp_path / "assignments.jsonl"
    assignments_file.write_text(json.dumps(assignment_to_dict(build_assignment())) + "\n")
    argv = ["bench", "--experts-file", str(experts_file), "--assignments-file"]
    code = main([*argv, str(assignments_file), "--embed-texts", "0"], embedder=embedder)
    assert code == 0
    figures = _last_json(capsys.readouterr().out)
    assert figures["experts"] == 30 and figures["recall_at_20"] == 1.0
    assert figures["embed_texts_per_s"] is None


def test_bench_wants_both_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "--experts-file", "x.jsonl"]) == 2
    assert "--assignments-file" in capsys.readouterr().err


def test_evaluate_runs_several_benchmarks(
    embedder: Embedder, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("one-dev", "two-dev"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "experts.jsonl").write_text(json.dumps(expert_to_dict(build_expert())) + "\n")
        (folder / "assignments.jsonl").write_text(
            json.dumps(assignment_to_dict(build_assignment())) + "\n"
        )
        (folder / "judgments.jsonl").write_text(
            json.dumps({"assignment_id": "a1", "expert_id": "e1", "grade": 3}) + "\n"
        )
    assert main(["evaluate", "--all", "--root", str(tmp_path), "--json"], embedder=embedder) == 0
    reports = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(reports) == 2
    assert main(["evaluate"], embedder=embedder) == 2
    assert "--all" in capsys.readouterr().err
