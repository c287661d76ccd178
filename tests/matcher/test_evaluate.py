"""Metrics and the benchmark runner on tiny benchmarks written here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from matcher.embeddings import Embedder
from matcher.errors import InputError
from matcher.evaluate import detect_benchmark, evaluate
from matcher.metrics import ndcg_at_k, pairwise_loss, recall_at_k
from matcher.records import ExperienceEntry, Language, assignment_to_dict, expert_to_dict
from tests.matcher.conftest import build_assignment, build_expert

SHARED = Path(__file__).resolve().parents[3] / "shared" / "benchmarks"


def test_pairwise_loss() -> None:
    truth = {"r": {"a": 5.0, "b": 3.0, "c": 1.0}}
    assert pairwise_loss({"r": {"a": 3, "b": 2, "c": 1}}, truth) == 0.0
    assert pairwise_loss({"r": {"a": 1, "b": 2, "c": 3}}, truth) == 1.0
    assert pairwise_loss({"r": {"a": 1, "b": 1, "c": 1}}, truth) == 0.5


def test_ndcg_and_recall() -> None:
    grades = {"x": 3.0, "y": 1.0}
    assert ndcg_at_k(["x", "y", "z"], grades, 10) == 1.0
    assert ndcg_at_k(["z", "y", "x"], grades, 10) < ndcg_at_k(["x", "z", "y"], grades, 10) < 1
    assert ndcg_at_k(["z"], {}, 10) == 0.0
    assert recall_at_k(["z", "x"], {"x", "y"}, 1) == 0.0
    assert recall_at_k(["z", "x"], {"x", "y"}, 2) == 0.5


def _write(path: Path, records: list[dict[str, object]]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def test_graded_benchmark(embedder: Embedder, tmp_path: Path) -> None:
    experts = [
        build_expert(),
        build_expert(id="e2", skills=("road maintenance",), summary="", experience=()),
        build_expert(id="e3", languages=(Language("fr", "A1"),)),
    ]
    _write(tmp_path / "experts.jsonl", [expert_to_dict(e) for e in experts])
    _write(tmp_path / "assignments.jsonl", [assignment_to_dict(build_assignment())])
    _write(
        tmp_path / "judgments.jsonl",
        [
            {"assignment_id": "a1", "expert_id": "e1", "grade": 3},
            {"assignment_id": "a1", "expert_id": "e3", "grade": 3},
        ],
    )
    assert detect_benchmark(tmp_path) == "graded"
    report = evaluate(tmp_path, embedder)
    matcher = report.metrics["matcher"]
    assert matcher["nDCG@10"] == 1.0 and matcher["ineligible above"] == 0
    assert set(report.metrics) == {
        "matcher",
        "cosine of whole texts (MiniLM)",
        "TF-IDF of whole texts",
    }
    assert "nDCG@3" in report.to_text() and "evidence for every requirement" in report.to_text()


def test_goldstandard_layout(embedder: Embedder, tmp_path: Path) -> None:
    folder = tmp_path / "set-01"
    folder.mkdir()
    paper = ExperienceEntry(title="Landfill leachate treatment", description="We treat leachate.")
    _write(folder / "experts.jsonl", [expert_to_dict(build_expert(experience=(paper,)))])
    papers = [
        build_assignment(id="p1", title="Leachate treatment", description="Landfill leachate."),
        build_assignment(id="p2", title="Poetry", description="Sonnets of the Renaissance."),
    ]
    _write(folder / "assignments.jsonl", [assignment_to_dict(p) for p in papers])
    _write(
        folder / "judgments.jsonl",
        [
            {"assignment_id": "p1", "expert_id": "e1", "grade": 5},
            {"assignment_id": "p2", "expert_id": "e1", "grade": 1},
        ],
    )
    report = evaluate(tmp_path, embedder)
    assert report.metrics["matcher"]["loss"] == 0.0
    assert "1 researchers, 1 sets" in report.to_text()


def test_unknown_layout_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="neither"):
        detect_benchmark(tmp_path)


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "municipal-dev").is_dir(), reason="no shared benchmarks")
def test_municipal_dev_subset(embedder: Embedder) -> None:
    report = evaluate(SHARED / "municipal-dev", embedder, limit=5)
    assert report.metrics["matcher"]["ineligible above"] == 0
