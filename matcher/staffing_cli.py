"""The `staff`, `staff-bench` and `learn` commands of `python -m matcher`."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

from matcher.batch import build_problem, read_history
from matcher.cli import (
    _add_common,
    _embedder,
    _output,
    _read_inputs,
    _report_cache,
    _weights,
    read_pairs,
)
from matcher.engine import Matcher
from matcher.errors import InputError
from matcher.learning import learn_weights, read_decisions
from matcher.learning_bench import bench_learning
from matcher.scoring import DEFAULT_WEIGHTS
from matcher.staffing import OBJECTIVES, solve_staffing
from matcher.staffing_bench import bench_staffing

__all__ = ["cmd_learn", "cmd_staff", "cmd_staff_bench", "register"]


def _positive(text: str) -> int:
    """Parse an integer >= 1 for argparse."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be an integer, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _non_negative(text: str) -> float:
    """Parse a number >= 0 for argparse."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number, not {text!r}") from None
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"must be at least 0, not {text}")
    return value


def _day(text: str) -> date:
    """Parse a YYYY-MM-DD date for argparse."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a date YYYY-MM-DD, not {text!r}") from None


def cmd_staff(args: argparse.Namespace) -> int:
    """Propose who goes where over the assignments and write one JSON object."""
    experts, assignments = _read_inputs(args)
    by_expert = {e.id: e for e in experts}
    by_assignment = {a.id: a for a in assignments}
    edits = {
        name: read_pairs(Path(path), by_expert, by_assignment) if path else []
        for name, path in (("locked", args.locked), ("forbidden", args.forbidden))
    }
    history = read_history(args.history) if args.history else None
    embedder = _embedder(args)
    matcher = Matcher(embedder, _weights(args.weights)).fit(experts)
    problem = build_problem(
        matcher=matcher,
        assignments=assignments,
        history=history,
        max_per_expert=args.max_per_expert,
        today=args.today,
        locked=edits["locked"],
        forbidden=edits["forbidden"],
        pair_first_timers=args.pair_first_timers,
    )
    result = solve_staffing(
        problem=problem,
        objective=args.objective,
        top_n=args.top_n,
        team_weight=args.team_weight,
        time_limit=args.time_limit,
    )
    with _output(args.output) as out:
        out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
    _report_cache(embedder)
    return 0


def cmd_staff_bench(args: argparse.Namespace) -> int:
    """Print staffing figures at two supply levels, and weight learning before/after."""
    lines = []
    for title, available, cap in (("plentiful", 0.7, 2), ("scarce", 0.05, 1)):
        bench = bench_staffing(
            assignments=args.assignments,
            experts=args.experts,
            max_per_expert=cap,
            available=available,
            seed=args.seed,
        )
        lines += [
            f"### Staffing, {title} supply (cap {cap} offers per expert)",
            "",
            bench.table(),
            "",
        ]
    report = bench_learning(seed=args.seed)
    lines += [
        "### Learning the weights (synthetic decisions, latest 30% of assignments held out)",
        "",
        "| weights | pairwise | AUC | nDCG@10 |",
        "| --- | --- | --- | --- |",
    ]
    for name, metrics in (("current (defaults)", report.before), ("learned", report.after)):
        lines.append(
            f"| {name} | {metrics.pairwise:.3f} | {metrics.auc:.3f} | {metrics.ndcg:.3f} |"
        )
    with _output(args.output) as out:
        out.write("\n".join(lines) + "\n")
    return 0


def cmd_learn(args: argparse.Namespace) -> int:
    """Learn weights from decisions and print the before/after report as JSON."""
    decisions = read_decisions(args.decisions)
    current = _weights(args.weights) or DEFAULT_WEIGHTS
    try:
        report = learn_weights(decisions=decisions, current=current, test_share=args.test_share)
    except ValueError as exc:
        raise InputError(f"{args.decisions}: {exc}") from exc
    with _output(args.output) as out:
        out.write(json.dumps(report.to_dict()) + "\n")
    return 0


def register(commands: Any) -> None:
    """Add the staffing and learning commands to the `python -m matcher` subparsers."""
    staff = commands.add_parser("staff", help="staff a set of assignments at once")
    staff.add_argument("--experts", required=True, metavar="E.jsonl")
    staff.add_argument("--assignments", required=True, metavar="A.jsonl")
    staff.add_argument("--max-per-expert", type=_positive, default=1, metavar="K")
    staff.add_argument("--history", metavar="H.jsonl", help="past deployments, for fairness")
    staff.add_argument("--today", type=_day, help="date fairness counts back from")
    staff.add_argument("--locked", metavar="P.jsonl", help="{assignment_id, expert_id} to keep")
    staff.add_argument("--forbidden", metavar="P.jsonl", help="pairs the plan must not use")
    staff.add_argument("--objective", choices=OBJECTIVES, default="fill_first")
    staff.add_argument(
        "--top-n", type=_positive, metavar="N", help="keep N candidates each (faster, heuristic)"
    )
    staff.add_argument("--team-weight", type=_non_negative, default=0.0, metavar="W")
    staff.add_argument("--pair-first-timers", action="store_true")
    staff.add_argument("--time-limit", type=_non_negative, default=60.0, metavar="SECONDS")
    _add_common(staff)
    staff.set_defaults(run=cmd_staff)

    bench = commands.add_parser("staff-bench", help="benchmark batch staffing and learning")
    bench.add_argument("--assignments", type=_positive, default=200)
    bench.add_argument("--experts", type=_positive, default=10_000)
    bench.add_argument("--seed", type=int, default=0)
    bench.add_argument("--output", metavar="FILE")
    bench.set_defaults(run=cmd_staff_bench)

    learn = commands.add_parser("learn", help="learn component weights from decisions")
    learn.add_argument("--decisions", required=True, metavar="D.jsonl")
    learn.add_argument("--weights", metavar="FILE", help="the current weights (JSON object)")
    learn.add_argument("--test-share", type=float, default=0.3)
    learn.add_argument("--output", metavar="FILE")
    learn.set_defaults(run=cmd_learn)
