"""Run a benchmark of ../shared/benchmarks and compare the matcher with two baselines."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from matcher.embeddings import Embedder
from matcher.engine import Matcher
from matcher.errors import InputError
from matcher.lexical import KeyTerms, query_document
from matcher.metrics import ndcg_at_k, pairwise_loss, recall_at_k
from matcher.records import Assignment, Expert, assignment_from_dict, expert_from_dict, read_jsonl
from matcher.rules import check_rules
from matcher.scoring import Score, Weights
from matcher.texts import expert_document, requirements

__all__ = [
    "BENCHMARKS",
    "Benchmark",
    "Report",
    "detect_benchmark",
    "evaluate",
    "load_judgments",
]

PairScorer = Callable[[Sequence[Expert], Sequence[Assignment]], np.ndarray]
"""Scores every (assignment, expert) pair: a matrix of shape (assignments, experts)."""


@dataclass
class Report:
    """Metrics of the matcher and the baselines on one benchmark."""

    benchmark: str
    metrics: dict[str, dict[str, float]]
    notes: list[str] = field(default_factory=list)

    def to_text(self) -> str:
        """Render the report as a small table."""
        names = list(next(iter(self.metrics.values())))
        width = max(len(m) for m in self.metrics) + 2
        lines = [f"benchmark: {self.benchmark}", ""]
        lines.append("method".ljust(width) + "".join(n.rjust(18) for n in names))
        for method, values in self.metrics.items():
            cells = "".join(_cell(values.get(n)).rjust(18) for n in names)
            lines.append(method.ljust(width) + cells)
        lines.extend(["", *self.notes])
        return "\n".join(lines)

    def to_dict(self) -> dict[str, object]:
        """Return the report as JSON-ready data."""
        return {"benchmark": self.benchmark, "metrics": self.metrics, "notes": self.notes}


def _cell(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.4f}"


def load_judgments(path: Path) -> dict[str, dict[str, float]]:
    """Read judgments as {assignment_id: {expert_id: grade}}; raise InputError on a bad line."""
    result: dict[str, dict[str, float]] = {}
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                grade = float(record["grade"])
                result.setdefault(str(record["assignment_id"]), {})[str(record["expert_id"])] = (
                    grade
                )
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                raise InputError(f"{path}:{number}: judgment: {exc}") from None
    return result


def _load(folder: Path) -> tuple[list[Expert], list[Assignment], dict[str, dict[str, float]]]:
    experts = read_jsonl(folder / "experts.jsonl", expert_from_dict)
    assignments = read_jsonl(folder / "assignments.jsonl", assignment_from_dict)
    return experts, assignments, load_judgments(folder / "judgments.jsonl")


def cosine_baseline(embedder: Embedder) -> PairScorer:
    """Return the plain cosine of whole texts (assignment vs whole profile)."""

    def score(experts: Sequence[Expert], assignments: Sequence[Assignment]) -> np.ndarray:
        queries = embedder.encode([query_document(a) for a in assignments])
        profiles = embedder.encode([expert_document(e) for e in experts])
        result: np.ndarray = queries @ profiles.T
        return result

    return score


def tfidf_baseline(experts: Sequence[Expert], assignments: Sequence[Assignment]) -> np.ndarray:
    """Return the TF-IDF cosine of whole texts, idf learned on the profiles."""
    terms = KeyTerms().fit(experts)
    return np.array(
        [[terms.similarity(terms.query(a), e.id) for e in experts] for a in assignments]
    )


class Benchmark(Protocol):
    """A benchmark layout and its metrics."""

    def __call__(
        self, folder: Path, embedder: Embedder, weights: Weights | None, limit: int | None
    ) -> Report:
        """Evaluate the matcher and the baselines on a benchmark folder."""
        ...


def _goldstandard(
    folder: Path, embedder: Embedder, weights: Weights | None, limit: int | None
) -> Report:
    """Weighted pairwise loss over the researchers, mean over the ten sets."""
    sets = sorted(p for p in folder.iterdir() if p.is_dir() and (p / "judgments.jsonl").exists())
    if limit is not None:
        sets = sets[:limit]
    losses: dict[str, list[float]] = {"matcher": [], "cosine": [], "tfidf": []}
    researchers: set[str] = set()
    cosine = cosine_baseline(embedder)
    for folder_ in sets:
        experts, assignments, judgments = _load(folder_)
        by_expert: dict[str, dict[str, float]] = {}
        for aid, grades in judgments.items():
            for eid, grade in grades.items():
                by_expert.setdefault(eid, {})[aid] = grade
        researchers.update(by_expert)
        matcher = Matcher(embedder, weights).fit(experts)
        experts_by_id = {e.id: e for e in experts}
        assignment_by_id = {a.id: a for a in assignments}
        predicted = {
            eid: {
                aid: matcher.score(experts_by_id[eid], assignment_by_id[aid]).score
                for aid in grades
            }
            for eid, grades in by_expert.items()
        }
        losses["matcher"].append(pairwise_loss(predicted, by_expert))
        for name, scorer in (("cosine", cosine), ("tfidf", tfidf_baseline)):
            matrix = scorer(experts, assignments)
            row = {a.id: i for i, a in enumerate(assignments)}
            col = {e.id: j for j, e in enumerate(experts)}
            baseline = {
                eid: {aid: float(matrix[row[aid], col[eid]]) for aid in grades}
                for eid, grades in by_expert.items()
            }
            losses[name].append(pairwise_loss(baseline, by_expert))
    labels = {
        "matcher": "matcher",
        "cosine": "cosine of whole texts (MiniLM)",
        "tfidf": "TF-IDF of whole texts",
    }
    metrics = {labels[k]: {"loss": float(np.mean(v))} for k, v in losses.items()}
    per_set = ", ".join(f"{v:.3f}" for v in losses["matcher"])
    notes = [
        f"{len(researchers)} researchers, {len(sets)} sets; loss is the mean over the sets "
        "(lower is better, constant score 0.5; best published, SPECTER2 on all 58: 0.22)",
        f"matcher per set: {per_set}",
    ]
    return Report("goldstandard", metrics, notes)


def _graded(folder: Path, embedder: Embedder, weights: Weights | None, limit: int | None) -> Report:
    """nDCG over eligible experts, recall of ideal experts, pairwise loss, rule violations."""
    experts, assignments, judgments = _load(folder)
    if limit is not None:
        assignments = assignments[:limit]
    matcher = Matcher(embedder, weights).fit(experts)
    eligible = {
        (a.id, e.id): all(r.passed for r in check_rules(e, a)) for a in assignments for e in experts
    }
    rankings: dict[str, list[str]] = {}
    above = 0
    complete = 0
    for a in assignments:
        ranking = matcher.rank(a, top_k=None, include_ineligible=True)
        rankings[a.id] = [s.expert_id for s in ranking]
        above += _ineligible_above(ranking)
        complete += all(_has_evidence(s, len(requirements(a))) for s in ranking)
    metrics = {"matcher": _graded_metrics(rankings, judgments, eligible, assignments)}
    cosine = cosine_baseline(embedder)(experts, assignments)
    metrics["matcher"]["ineligible above"] = float(above)
    for name, matrix in (
        ("cosine of whole texts (MiniLM)", cosine),
        ("TF-IDF of whole texts", tfidf_baseline(experts, assignments)),
    ):
        ranked = {
            a.id: [
                experts[j].id
                for j in np.argsort(-matrix[i], kind="stable")
                if eligible[a.id, experts[j].id]
            ]
            for i, a in enumerate(assignments)
        }
        metrics[name] = _graded_metrics(ranked, judgments, eligible, assignments)
        metrics[name]["ineligible above"] = 0.0
    notes = [
        f"{len(assignments)} assignments, {len(experts)} experts; baselines apply the hard rules",
        f"evidence for every requirement of every ranked expert: {complete}/{len(assignments)}",
    ]
    return Report("graded", metrics, notes)


def _ineligible_above(ranking: Sequence[Score]) -> int:
    """Count ineligible scores placed above an eligible one."""
    count = seen_ineligible = 0
    for score in ranking:
        if not score.eligible:
            seen_ineligible += 1
        else:
            count += seen_ineligible
    return count


def _has_evidence(score: Score, expected: int) -> bool:
    return len(score.evidence) == expected and all(e.text for e in score.evidence)


def _graded_metrics(
    rankings: Mapping[str, list[str]],
    judgments: Mapping[str, Mapping[str, float]],
    eligible: Mapping[tuple[str, str], bool],
    assignments: Sequence[Assignment],
) -> dict[str, float]:
    """Compute nDCG@10, nDCG@3, recall of grade 3 at 10 and pairwise loss over eligible."""
    ndcg10, ndcg3, recall = [], [], []
    predicted: dict[str, dict[str, float]] = {}
    truth: dict[str, dict[str, float]] = {}
    for a in assignments:
        ranked = [eid for eid in rankings[a.id] if eligible[a.id, eid]]
        grades = {e: g for e, g in judgments.get(a.id, {}).items() if eligible.get((a.id, e))}
        ndcg10.append(ndcg_at_k(ranked, grades, 10))
        ndcg3.append(ndcg_at_k(ranked, grades, 3))
        recall.append(recall_at_k(ranked, {e for e, g in grades.items() if g >= 3}, 10))
        position = {eid: -i for i, eid in enumerate(ranked)}
        predicted[a.id] = {e: position[e] for e in grades}
        truth[a.id] = grades
    return {
        "nDCG@10": float(np.mean(ndcg10)),
        "nDCG@3": float(np.mean(ndcg3)),
        "recall3@10": float(np.mean(recall)),
        "pair loss": pairwise_loss(predicted, truth),
    }


BENCHMARKS: dict[str, Benchmark] = {"goldstandard": _goldstandard, "graded": _graded}
"""Benchmark layouts: `set-*` folders of research papers, or one graded municipal set."""


def detect_benchmark(folder: Path) -> str:
    """Name the layout of a benchmark folder; raise InputError when it is neither."""
    if not folder.is_dir():
        raise InputError(f"{folder}: not a directory")
    if any((p / "judgments.jsonl").exists() for p in folder.glob("set-*")):
        return "goldstandard"
    if all(
        (folder / f).exists() for f in ("experts.jsonl", "assignments.jsonl", "judgments.jsonl")
    ):
        return "graded"
    raise InputError(f"{folder}: neither set-*/ folders nor experts/assignments/judgments.jsonl")


def evaluate(
    folder: str | Path,
    embedder: Embedder,
    *,
    weights: Weights | None = None,
    limit: int | None = None,
) -> Report:
    """Evaluate the matcher and both baselines on a benchmark folder."""
    path = Path(folder)
    report = BENCHMARKS[detect_benchmark(path)](path, embedder, weights, limit)
    report.benchmark = f"{report.benchmark} ({path.name})"
    return report
