"""`python -m matcher bench`: ranking and embedding speed, each beside a baseline of the same run.

Ranking: synthetic experts (matcher.synthetic; or the records of --experts-file) in an index
of the chosen precision; each assignment is ranked (top 20, full explanations, as dicts) after
a warm-up; the baseline is one exact numpy scan of the experts' float32 centroids. Recall@20
compares the two-stage ranking with exhaustive full scoring of every eligible expert, and the
scores of the experts both return must be identical.

Embedding: the same texts encoded by plain SentenceTransformer.encode in float32 and by the
engine's embedder, alternately, best of two rounds each; the cosine of each pair of vectors.

The last line printed is a JSON object with every figure.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from matcher.embeddings import (
    PRECISIONS,
    RUNTIMES,
    CachedEmbedder,
    DiskStore,
    Embedder,
    load_embedder,
    normalize_rows,
)
from matcher.engine import Matcher
from matcher.index import INDEX_PRECISIONS
from matcher.records import Assignment, Expert, assignment_from_dict, expert_from_dict, read_jsonl
from matcher.scoring import Score
from matcher.stages import kth_largest
from matcher.synthetic import SyntheticEmbedder, SyntheticExperts, SyntheticWorld
from matcher.texts import expert_passages, expert_texts

__all__ = ["BenchOptions", "register", "run_bench"]

TOP = 20
_BENCHMARKS = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"
_EXHAUSTIVE_CHUNK = 8192
IN_MEMORY_UP_TO = 300_000
"""Up to this many synthetic experts the records are kept in a list, as the web service keeps
them; beyond, they are generated again whenever a ranking reads one (a million records would
take some 3 GB)."""


@dataclass(frozen=True)
class BenchOptions:
    """What `python -m matcher bench` measures."""

    experts: int = 100_000
    texts_per_expert: int = 10
    queries: int = 50
    repeats: int = 3
    embed_texts: int = 1000
    seed: int = 0
    index_precision: str = "auto"
    shortlist: int = 400
    recall_queries: int | None = None
    experts_file: str | None = None
    assignments_file: str | None = None
    model: str | None = None
    cache: str | None = None
    precision: str = "fp32"
    runtime: str = "auto"
    """The embedding precision (the index's is `index_precision`)."""
    compile: bool = True


def _choose_precision(requested: str, experts: int) -> str:
    if requested != "auto":
        return requested
    if experts <= 30_000:
        return "float32"
    return "float16" if experts <= 300_000 else "int8"


def _memory_mb() -> dict[str, float]:
    """Return this process's resident memory in MB (Linux), else zeros: all of it ("rss"),
    its own ("anon", not pages of mapped files) and the peak of all of it ("peak")."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        status = ""
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    names = {"rss": "VmRSS", "anon": "RssAnon", "peak": "VmHWM"}
    return {k: int(fields.get(v, "0 kB").split()[0]) / 1024 for k, v in names.items()}


def machine() -> str:
    """Return the CPU model and core count, for the report."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model or 'unknown CPU'}, {os.cpu_count()} cores"


def _percentile(values: Sequence[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q)) if values else float("nan")


# Ranking ---------------------------------------------------------------------------------


def exhaustive_rankings(
    matcher: Matcher, assignments: Sequence[Assignment], k: int = TOP
) -> list[list[Score]]:
    """Rank by exhaustive full scoring: stage two over every eligible expert, in one pass.

    Every expert's coverage and fit are computed from all its texts (the experts are read
    once for all the assignments); the experts within the margin of the k-th are then
    scored one by one, as in Matcher.ranked.
    """
    queries = [matcher._query(a) for a in assignments]
    pools = [matcher._pool(q, history={}, known=False, today=None) for q in queries]
    n = len(matcher.index_)
    totals = np.full((len(queries), n), -np.inf)
    for start in range(0, n, _EXHAUSTIVE_CHUNK):
        positions = np.arange(start, min(n, start + _EXHAUSTIVE_CHUNK))
        block = matcher.index_.block(positions, exact=False)
        for row, pool in enumerate(pools):
            chunk = matcher._stage_two(pool, positions, block)
            totals[row, positions] = np.where(pool.eligible[positions], chunk, -np.inf)
    rankings = []
    for row, query in enumerate(queries):
        eligible = totals[row][np.isfinite(totals[row])]
        cut = kth_largest(eligible, k) - 2 * matcher._margin()
        chosen = np.flatnonzero(np.isfinite(totals[row]) & (totals[row] >= cut))
        scores = matcher._score_positions(query, chosen, history={}, known=False, today=None)
        scores.sort(key=lambda s: (-s.score, s.expert_id))
        rankings.append([s for s in scores if s.eligible][:k])
    return rankings


@dataclass
class _RankFigures:
    p50: float
    p95: float
    scan_p50: float
    recall: float
    identical: bool
    recall_queries: int
    evaluated: float
    scored: float
    candidates: float
    build_s: float
    index_bytes: int
    index_file_bytes: int
    memory: dict[str, float]
    """_memory_mb after building and ranking."""
    precision: str
    queries: int


def bench_ranking(
    experts: Sequence[Expert],
    assignments: Sequence[Assignment],
    embedder: Embedder,
    options: BenchOptions,
    log: TextIO,
) -> _RankFigures:
    """Build the index, time rankings and the numpy scan, and measure recall."""
    precision = _choose_precision(options.index_precision, len(experts))
    print(f"bench: indexing {len(experts):,} experts ({precision})...", file=log, flush=True)
    started = time.perf_counter()
    matcher = Matcher(embedder, precision=precision, shortlist=options.shortlist).fit(experts)
    build_s = time.perf_counter() - started
    gc.collect()
    print(f"bench: indexed in {build_s:.1f} s; ranking...", file=log, flush=True)
    for assignment in assignments:  # warm-up: caches, first-call costs
        matcher.rank(assignment, top_k=TOP)
    times: list[float] = []
    first: dict[str, list[Score]] = {}
    evaluated, scored, candidates = [], [], []
    for _ in range(options.repeats):
        for assignment in assignments:
            began = time.perf_counter()
            ranked = matcher.ranked(assignment, top_k=TOP)
            [s.to_dict() for s in ranked.scores]
            times.append((time.perf_counter() - began) * 1000)
            first.setdefault(assignment.id, ranked.scores)
            evaluated.append(ranked.evaluated)
            scored.append(ranked.scored)
            candidates.append(ranked.candidates)
    memory = _memory_mb()  # before the baseline scan's float32 copy of every centroid
    scan = _scan_times(matcher, assignments, options.repeats)
    recall_queries = options.recall_queries
    if recall_queries is None:
        recall_queries = len(assignments) if len(experts) <= 300_000 else 5
    checked = list(assignments)[:recall_queries]
    print(f"bench: exhaustive scoring for {len(checked)} assignments...", file=log, flush=True)
    references = exhaustive_rankings(matcher, checked)
    hits = total = 0
    identical = True
    for assignment, reference in zip(checked, references, strict=True):
        mine = {s.expert_id: s for s in first[assignment.id]}
        total += len(reference)
        for score in reference:
            if score.expert_id in mine:
                hits += 1
                identical &= mine[score.expert_id].to_dict() == score.to_dict()
    return _RankFigures(
        p50=_percentile(times, 50),
        p95=_percentile(times, 95),
        scan_p50=_percentile(scan, 50),
        recall=hits / total if total else 1.0,
        identical=identical,
        recall_queries=len(checked),
        evaluated=float(np.mean(evaluated)),
        scored=float(np.mean(scored)),
        candidates=float(np.mean(candidates)),
        build_s=build_s,
        index_bytes=matcher.nbytes,
        index_file_bytes=matcher.index_.file_bytes,
        memory=memory,
        precision=precision,
        queries=len(assignments),
    )


def _scan_times(matcher: Matcher, assignments: Sequence[Assignment], repeats: int) -> list[float]:
    """Time one exact numpy scan (matrix-vector product and top 20) of float32 centroids."""
    matrix = np.ascontiguousarray(matcher.index_.centroids_, dtype=np.float32)
    vectors = [matcher._query(a).vector for a in assignments]
    times = []
    for _ in range(repeats):
        for vector in vectors:
            began = time.perf_counter()
            scores = matrix @ vector
            np.argpartition(-scores, min(TOP, len(scores) - 1))[:TOP]
            times.append((time.perf_counter() - began) * 1000)
    del matrix
    return times


# Embedding -------------------------------------------------------------------------------


@dataclass
class _EmbedFigures:
    texts: int
    distinct: int
    rate: float
    baseline_rate: float
    model_rate: float
    model_baseline_rate: float
    min_cosine: float
    mean_cosine: float
    precision: str


def embedding_texts(experts: Sequence[Expert], count: int, *, synthetic: bool) -> list[str]:
    """Return profile texts as the index embeds them (texts, then passages), about `count`.

    Whole profiles, in order, repeats included (a passage that is also a text, a skill two
    experts share): the work an index build asks for. From municipal-dev's real profiles
    when the experts are synthetic and the benchmark is there.
    """
    source: Sequence[Expert] = experts
    bench = _BENCHMARKS / "municipal-dev" / "experts.jsonl"
    if synthetic and bench.exists():
        source = read_jsonl(bench, expert_from_dict)
    texts: list[str] = []
    for expert in source:
        texts.extend(t.text for t in [*expert_texts(expert), *expert_passages(expert)])
        if len(texts) >= count:
            break
    return texts[:count]


def _timed(encode: Any, texts: Sequence[str]) -> tuple[float, np.ndarray]:
    began = time.perf_counter()
    vectors = np.asarray(encode(list(texts)), dtype=np.float32)
    return time.perf_counter() - began, vectors


def bench_embedding(texts: Sequence[str], fast: Embedder, log: TextIO) -> _EmbedFigures:
    """Time plain float32 SentenceTransformer.encode and the engine's embedding, alternately.

    The engine's way is a fresh CachedEmbedder over the fast model (each distinct text once,
    sorted by length, in the fast runtime); the model alone is also timed on distinct texts.
    """
    from sentence_transformers import SentenceTransformer

    while isinstance(fast, CachedEmbedder):  # time the model, not a warm cache
        fast = fast.embedder
    path = getattr(fast, "path", None)
    if path is None:
        raise ValueError("the embedding benchmark needs a sentence-transformers embedder")
    distinct = list(dict.fromkeys(texts))
    print(
        f"bench: embedding {len(texts)} profile texts ({len(distinct)} distinct), two ways...",
        file=log,
        flush=True,
    )
    plain = SentenceTransformer(str(path), device="cpu")
    for warm in (texts[:8], texts[:1]):  # a compiled model compiles here, untimed
        plain.encode(list(warm))
        fast.encode(list(warm))
    best = {"plain": np.inf, "engine": np.inf}
    vectors: dict[str, np.ndarray] = {}
    for _ in range(2):
        for name in ("plain", "engine"):
            encode = plain.encode if name == "plain" else CachedEmbedder(fast).encode
            seconds, vectors[name] = _timed(encode, texts)
            best[name] = min(best[name], seconds)
    model_plain, _ = _timed(plain.encode, distinct)
    model_fast, _ = _timed(fast.encode, distinct)
    reference = normalize_rows(vectors["plain"])
    cosine = np.sum(reference * vectors["engine"], axis=1)
    return _EmbedFigures(
        texts=len(texts),
        distinct=len(distinct),
        rate=len(texts) / best["engine"],
        baseline_rate=len(texts) / best["plain"],
        model_rate=len(distinct) / model_fast,
        model_baseline_rate=len(distinct) / model_plain,
        min_cosine=float(cosine.min()),
        mean_cosine=float(cosine.mean()),
        precision=str(getattr(fast, "precision", "")),
    )


# The command -----------------------------------------------------------------------------


def run_bench(
    options: BenchOptions,
    *,
    embedder: Embedder | None = None,
    out: TextIO | None = None,
    log: TextIO | None = None,
) -> dict[str, Any]:
    """Run every measurement, print the table and the JSON line, and return the figures."""
    out = out or sys.stdout
    log = log or sys.stderr
    model: Embedder | None = embedder
    if options.experts_file:
        experts: Sequence[Expert] = read_jsonl(options.experts_file, expert_from_dict)
        assignments = read_jsonl(options.assignments_file or "", assignment_from_dict)
        assignments = assignments[: options.queries]
        model = model or load_embedder(
            options.model, precision=options.precision, runtime=options.runtime
        )
        store = DiskStore(options.cache) if options.cache else None
        rank_embedder: Embedder = CachedEmbedder(model, store)
        source = f"{len(experts):,} experts of {options.experts_file}"
    else:
        world = SyntheticWorld(options.seed)
        experts = SyntheticExperts(world, options.experts, options.texts_per_expert)
        held = "generated when read"
        if options.experts <= IN_MEMORY_UP_TO:  # as the web service holds them
            print(f"bench: writing {options.experts:,} profiles...", file=log, flush=True)
            experts, held = list(experts), "in memory"
        assignments = [world.assignment(j) for j in range(options.queries)]
        rank_embedder = SyntheticEmbedder(world)
        source = (
            f"{options.experts:,} synthetic experts (~{options.texts_per_expert} texts each, "
            f"seed {options.seed}, records {held})"
        )
    rank = bench_ranking(experts, assignments, rank_embedder, options, log)
    embed = None
    if options.embed_texts > 0:
        model = embedder or load_embedder(
            options.model,
            precision=options.precision,
            runtime=options.runtime,
            compile=options.compile,
        )
        texts = embedding_texts(experts, options.embed_texts, synthetic=not options.experts_file)
        embed = bench_embedding(texts, model, log)
    figures = _figures(len(experts), rank, embed)
    _print_table(out, source, rank, embed, figures)
    out.write(json.dumps(figures) + "\n")
    out.flush()
    return figures


def _figures(experts: int, rank: _RankFigures, embed: _EmbedFigures | None) -> dict[str, Any]:
    return {
        "experts": experts,
        "rank_p50_ms": round(rank.p50, 2),
        "rank_p95_ms": round(rank.p95, 2),
        "baseline_scan_p50_ms": round(rank.scan_p50, 2),
        "recall_at_20": round(rank.recall, 4),
        "scores_identical": rank.identical,
        "recall_queries": rank.recall_queries,
        "rank_queries": rank.queries,
        "stage_two_experts_mean": round(rank.evaluated, 1),
        "fully_scored_mean": round(rank.scored, 1),
        "eligible_mean": round(rank.candidates, 1),
        "index_precision": rank.precision,
        "index_bytes": rank.index_bytes,
        "index_file_bytes": rank.index_file_bytes,
        "rss_mb": round(rank.memory["rss"], 1),
        "anon_rss_mb": round(rank.memory["anon"], 1),
        "peak_rss_mb": round(rank.memory["peak"], 1),
        "build_s": round(rank.build_s, 1),
        "embed_texts": embed.texts if embed else 0,
        "embed_distinct_texts": embed.distinct if embed else 0,
        "embed_texts_per_s": round(embed.rate, 1) if embed else None,
        "baseline_embed_texts_per_s": round(embed.baseline_rate, 1) if embed else None,
        "embed_speedup": round(embed.rate / embed.baseline_rate, 2) if embed else None,
        "embed_model_texts_per_s": round(embed.model_rate, 1) if embed else None,
        "baseline_model_texts_per_s": round(embed.model_baseline_rate, 1) if embed else None,
        "embed_model_speedup": (
            round(embed.model_rate / embed.model_baseline_rate, 2) if embed else None
        ),
        "embed_min_cosine": round(embed.min_cosine, 5) if embed else None,
        "embed_mean_cosine": round(embed.mean_cosine, 5) if embed else None,
        "embed_precision": embed.precision if embed else None,
        "machine": machine(),
    }


def _print_table(
    out: TextIO,
    source: str,
    rank: _RankFigures,
    embed: _EmbedFigures | None,
    figures: dict[str, Any],
) -> None:
    memory = rank.memory
    rows = [
        (
            "ranking p50 (top 20, full explanations)",
            f"{rank.p50:.1f} ms",
            f"numpy exact scan of {figures['experts']:,} x 384 float32: {rank.scan_p50:.1f} ms",
        ),
        ("ranking p95", f"{rank.p95:.1f} ms", ""),
        (
            "recall@20 vs exhaustive full scoring",
            f"{rank.recall:.4f}",
            f"{rank.recall_queries} assignments; same scores: {'yes' if rank.identical else 'NO'}",
        ),
        (
            "experts per ranking: eligible / stage two / fully scored",
            f"{rank.candidates:,.0f} / {rank.evaluated:,.0f} / {rank.scored:,.0f}",
            "",
        ),
        (
            f"index ({rank.precision}) in memory",
            f"{rank.index_bytes / 2**20:,.0f} MB",
            f"process RSS {memory['rss']:,.0f} MB after ranking, {memory['anon']:,.0f} MB "
            f"its own (peak {memory['peak']:,.0f} MB)",
        ),
        ("index build", f"{rank.build_s:.1f} s", ""),
    ]
    if rank.index_file_bytes:
        rows.insert(
            -1,
            (
                "  float16 text vectors, in a temporary file",
                f"{rank.index_file_bytes / 2**20:,.0f} MB",
                "read for the shortlist; held in the page cache, shared by processes",
            ),
        )
    if embed:
        rows += [
            (
                f"embedding {embed.texts} profile texts ({embed.precision}, repeats once)",
                f"{embed.rate:.0f} texts/s",
                f"plain SentenceTransformer.encode float32: {embed.baseline_rate:.0f} texts/s "
                f"(x{embed.rate / embed.baseline_rate:.2f})",
            ),
            (
                f"  the model alone, {embed.distinct} distinct texts",
                f"{embed.model_rate:.0f} texts/s",
                f"plain float32: {embed.model_baseline_rate:.0f} texts/s "
                f"(x{embed.model_rate / embed.model_baseline_rate:.2f})",
            ),
            (
                "embedding cosine to float32 (min / mean)",
                f"{embed.min_cosine:.5f} / {embed.mean_cosine:.5f}",
                "",
            ),
        ]
    out.write(f"matcher bench: {source}; {rank.queries} assignments x repeats; {machine()}\n")
    width = max(len(r[0]) for r in rows)
    for name, value, baseline in rows:
        out.write(f"  {name:<{width}}  {value:>14}  {baseline}\n".rstrip() + "\n")


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be at least 0, not {value}")
    return value


def cmd_bench(args: argparse.Namespace) -> int:
    """Run the speed benchmark."""
    if bool(args.experts_file) != bool(args.assignments_file):
        from matcher.errors import InputError

        raise InputError("--experts-file and --assignments-file go together")
    options = BenchOptions(
        experts=args.experts,
        texts_per_expert=args.texts_per_expert,
        queries=args.queries,
        repeats=args.repeats,
        embed_texts=args.embed_texts,
        seed=args.seed,
        index_precision=args.index_precision,
        shortlist=args.shortlist,
        recall_queries=args.recall_queries,
        experts_file=args.experts_file,
        assignments_file=args.assignments_file,
        model=args.model,
        cache=args.cache,
        precision=args.precision,
        runtime=args.runtime,
        compile=args.compile,
    )
    embedder = getattr(args, "embedder", None)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            run_bench(options, embedder=embedder, out=handle)
    else:
        run_bench(options, embedder=embedder)
    return 0


def register(commands: Any) -> None:
    """Add the `bench` command to the `python -m matcher` subparsers."""
    bench = commands.add_parser(
        "bench", help="speed of ranking and embedding, beside baselines of the same run"
    )
    bench.add_argument("--experts", type=_positive, default=100_000, metavar="N")
    bench.add_argument("--texts-per-expert", type=_positive, default=10, metavar="T")
    bench.add_argument("--queries", type=_positive, default=50, metavar="Q")
    bench.add_argument("--repeats", type=_positive, default=3, metavar="R")
    bench.add_argument("--embed-texts", type=_count, default=1000, metavar="N")
    bench.add_argument("--seed", type=int, default=0)
    bench.add_argument("--index-precision", choices=("auto", *INDEX_PRECISIONS), default="auto")
    bench.add_argument("--shortlist", type=_positive, default=400, metavar="M")
    bench.add_argument("--recall-queries", type=_count, metavar="Q")
    bench.add_argument("--experts-file", metavar="E.jsonl", help="rank these records instead")
    bench.add_argument("--assignments-file", metavar="A.jsonl")
    bench.add_argument("--model", help="a local sentence-transformers model directory")
    bench.add_argument("--precision", choices=PRECISIONS, default="fp32")
    bench.add_argument("--runtime", choices=RUNTIMES, default="auto")
    bench.add_argument("--cache", metavar="DIR", help="keep vectors on disk between runs")
    bench.add_argument(
        "--compile",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="compile the model for the embedding figures (as reindex does)",
    )
    bench.add_argument("--output", metavar="FILE", help="write here instead of stdout")
    bench.set_defaults(run=cmd_bench)
