"""The command line: score, rank and evaluate over the JSON Lines of FORMATS.md."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from matcher.embeddings import (
    PRECISIONS,
    RUNTIMES,
    CachedEmbedder,
    DiskStore,
    Embedder,
    load_embedder,
)
from matcher.engine import Matcher
from matcher.errors import ConfigError, InputError, MatcherError
from matcher.evaluate import evaluate
from matcher.records import (
    Assignment,
    Expert,
    RecordError,
    assignment_from_dict,
    expert_from_dict,
    parse_jsonl,
    read_jsonl,
)
from matcher.scoring import Weights

__all__ = ["build_parser", "main"]

EXIT_INPUT = 2
BENCHMARK_ROOT = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"


def _pair(record: Mapping[str, Any]) -> tuple[str, str]:
    """Read one {assignment_id, expert_id} line of a pairs file."""
    ids = []
    for key in ("assignment_id", "expert_id"):
        value = record.get(key)
        if not isinstance(value, str) or not value:
            raise RecordError(key, "is required (a string)")
        ids.append(value)
    return ids[0], ids[1]


def read_pairs(
    path: Path, experts: Mapping[str, Expert], assignments: Mapping[str, Assignment]
) -> list[tuple[str, str]]:
    """Read a pairs file, checking that every id is known; raise InputError at FILE:LINE."""
    try:
        with open(path, "rb") as handle:
            records, errors = parse_jsonl(handle, _pair, key=lambda _: None)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from exc
    if errors:
        first = errors[0]
        raise InputError(f"{path}:{first.line}: {first.field}: {first.problem}")
    for line, (assignment_id, expert_id) in records:
        if assignment_id not in assignments:
            raise InputError(f"{path}:{line}: assignment_id: unknown id {assignment_id!r}")
        if expert_id not in experts:
            raise InputError(f"{path}:{line}: expert_id: unknown id {expert_id!r}")
    return [pair for _, pair in records]


def _weights(path: str | None) -> Weights | None:
    """Read a JSON object of component weights, scaled to add up to 1."""
    if path is None:
        return None
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}: malformed JSON: {exc.msg}") from exc
    if not isinstance(data, dict):
        raise InputError(f"{path}:1: weights must be a JSON object of name: number")
    return Weights.from_mapping(data)


def _embedder(args: argparse.Namespace) -> CachedEmbedder:
    """Build the cached embedder the options ask for; the model loads on first encode."""
    store = DiskStore(args.cache) if args.cache else None
    base: Embedder | None = getattr(args, "embedder", None)
    if base is None:
        base = load_embedder(args.model, precision=args.precision, runtime=args.runtime)
    return CachedEmbedder(base, store)


@contextmanager
def _output(path: str | None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
        return
    with open(path, "w", encoding="utf-8") as handle:
        yield handle


def _write(out: TextIO, record: Mapping[str, Any]) -> None:
    out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _report_cache(embedder: CachedEmbedder) -> None:
    print(
        f"matcher: encoded {embedder.encoded} new texts, {embedder.from_store} from cache",
        file=sys.stderr,
    )


def _read_inputs(args: argparse.Namespace) -> tuple[list[Expert], list[Assignment]]:
    return (
        read_jsonl(args.experts, expert_from_dict),
        read_jsonl(args.assignments, assignment_from_dict),
    )


def cmd_score(args: argparse.Namespace) -> int:
    """Write one Score record per pair (every pair without --pairs)."""
    experts, assignments = _read_inputs(args)
    by_expert = {e.id: e for e in experts}
    by_assignment = {a.id: a for a in assignments}
    if args.pairs:
        pairs = read_pairs(Path(args.pairs), by_expert, by_assignment)
    else:
        pairs = [(a.id, e.id) for a in assignments for e in experts]
    weights = _weights(args.weights)
    embedder = _embedder(args)
    matcher = Matcher(embedder, weights).fit(experts)
    with _output(args.output) as out:
        for assignment_id, expert_id in pairs:
            score = matcher.score(by_expert[expert_id], by_assignment[assignment_id])
            _write(out, score.to_dict())
    _report_cache(embedder)
    return 0


def cmd_rank(args: argparse.Namespace) -> int:
    """Write, per assignment, its ranking of experts (or, with --reverse, per expert)."""
    experts, assignments = _read_inputs(args)
    weights = _weights(args.weights)
    embedder = _embedder(args)
    matcher = Matcher(embedder, weights).fit(experts)
    with _output(args.output) as out:
        if args.reverse:
            for expert in experts:
                ranking = matcher.rank_assignments(
                    expert, assignments, top_k=args.top, include_ineligible=args.include_ineligible
                )
                _write(out, {"expert_id": expert.id, "ranking": [s.to_dict() for s in ranking]})
        else:
            for assignment in assignments:
                ranking = matcher.rank(
                    assignment, top_k=args.top, include_ineligible=args.include_ineligible
                )
                _write(
                    out,
                    {"assignment_id": assignment.id, "ranking": [s.to_dict() for s in ranking]},
                )
    _report_cache(embedder)
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    """Print the matcher's metrics next to the two baselines, for each benchmark asked for."""
    folders = [Path(f) for f in args.benchmark]
    if args.all:
        root = Path(args.root)
        found = sorted(p for p in root.glob("*-dev") if p.is_dir())
        if not found:
            raise InputError(f"{root}: no *-dev benchmark folders")
        folders += found
    if not folders:
        raise InputError("name a benchmark folder, or --all for every *-dev one")
    embedder = _embedder(args)
    weights = _weights(args.weights)
    with _output(args.output) as out:
        for number, folder in enumerate(folders):
            report = evaluate(folder, embedder, weights=weights, limit=args.limit)
            if args.json:
                out.write(json.dumps(report.to_dict()) + "\n")
            else:
                out.write(("\n" if number else "") + report.to_text() + "\n")
            out.flush()
    _report_cache(embedder)
    return 0


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", help="a local sentence-transformers model directory")
    parser.add_argument("--precision", choices=PRECISIONS, default="fp32")
    parser.add_argument("--runtime", choices=RUNTIMES, default="auto")
    parser.add_argument("--cache", metavar="DIR", help="keep vectors on disk between runs")
    parser.add_argument("--weights", metavar="FILE", help="JSON object of component weights")
    parser.add_argument("--output", metavar="FILE", help="write here instead of stdout")


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser of `python -m matcher`."""
    parser = argparse.ArgumentParser(
        prog="python -m matcher", description="Explainable expert-to-assignment matching."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    score = commands.add_parser("score", help="score expert-assignment pairs")
    score.add_argument("--experts", required=True, metavar="E.jsonl")
    score.add_argument("--assignments", required=True, metavar="A.jsonl")
    score.add_argument("--pairs", metavar="P.jsonl", help="{assignment_id, expert_id} lines")
    _add_common(score)
    score.set_defaults(run=cmd_score)

    rank = commands.add_parser("rank", help="rank experts for each assignment")
    rank.add_argument("--experts", required=True, metavar="E.jsonl")
    rank.add_argument("--assignments", required=True, metavar="A.jsonl")
    rank.add_argument("--top", type=int, default=20, metavar="K")
    rank.add_argument("--include-ineligible", action="store_true")
    rank.add_argument("--reverse", action="store_true", help="rank assignments for each expert")
    _add_common(rank)
    rank.set_defaults(run=cmd_rank)

    evaluate_ = commands.add_parser("evaluate", help="run benchmarks against two baselines")
    evaluate_.add_argument("benchmark", nargs="*", metavar="BENCHMARK_DIR")
    evaluate_.add_argument("--all", action="store_true", help="every *-dev folder under --root")
    evaluate_.add_argument("--root", default=str(BENCHMARK_ROOT), metavar="DIR")
    evaluate_.add_argument("--limit", type=int, help="only the first N sets or assignments")
    evaluate_.add_argument("--json", action="store_true", help="print each report as JSON")
    _add_common(evaluate_)
    evaluate_.set_defaults(run=cmd_evaluate)

    from matcher.bench import register as register_bench  # late: it imports the engine

    register_bench(commands)

    from matcher.staffing_cli import register  # late: it imports this module's helpers

    register(commands)
    return parser


def main(argv: Sequence[str] | None = None, *, embedder: Embedder | None = None) -> int:
    """Run the command line; bad input exits with 2 and `FILE:LINE: problem` on stderr.

    A caller that already holds a loaded embedder (a test session) may pass it instead of
    --model and --precision.
    """
    args = build_parser().parse_args(argv)
    args.embedder = embedder
    try:
        code: int = args.run(args)
    except InputError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INPUT
    except (ConfigError, MatcherError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    return code
