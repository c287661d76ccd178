"""Batch staffing: known optima by brute force, explanations, plan checks, and properties."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import combinations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.staffing import (
    Candidate,
    Commitment,
    Opening,
    StaffingError,
    StaffingProblem,
    candidate_bounds,
    evaluate_plan,
    greedy_staffing,
    solve_staffing,
)
from matcher.teams import choose_team, team_coverage

MARCH = date(2027, 3, 1)


def day(n: int) -> date:
    return MARCH + timedelta(days=n)


def opening(
    id: str, positions: int = 1, first: int | None = None, last: int | None = None, **kw: object
) -> Opening:
    start = day(first) if first is not None else None
    end = day(last) if last is not None else None
    return Opening(id, positions, start, end, **kw)  # type: ignore[arg-type]


def feasible(pairs: list[tuple[str, str]], problem: StaffingProblem) -> bool:
    """Check a plan against the rules, written apart from the engine's own checks."""
    openings = {o.id: o for o in problem.openings}
    eligible = {(c.assignment_id, c.expert_id) for c in problem.candidates}
    if any(p not in eligible or p in problem.forbidden for p in pairs):
        return False
    if not problem.locked <= set(pairs):
        return False
    for o in problem.openings:
        if sum(1 for a, _ in pairs if a == o.id) > o.positions:
            return False
    by_expert: dict[str, list[str]] = {}
    for a, e in pairs:
        by_expert.setdefault(e, []).append(a)
    for taken in by_expert.values():
        if len(taken) > problem.max_per_expert:
            return False
        for a, b in combinations(taken, 2):
            x, y = openings[a], openings[b]
            if None in (x.start, y.start):
                continue
            if x.start <= y.end and y.start <= x.end:  # type: ignore[operator]
                return False
    if problem.pair_first_timers:
        for o in problem.openings:
            team = [e for a, e in pairs if a == o.id]
            mentored = any(e in problem.experienced for e in team)
            if o.positions > 1 and any(e in problem.first_timers for e in team) and not mentored:
                return False
    return True


def brute_force(problem: StaffingProblem) -> tuple[int, float]:
    """Return the best (filled, total) over every subset of the eligible pairs."""
    pairs = [(c.assignment_id, c.expert_id) for c in problem.candidates]
    score = {(c.assignment_id, c.expert_id): c.score for c in problem.candidates}
    best = (-1, -1.0)
    for mask in range(1 << len(pairs)):
        chosen = [p for i, p in enumerate(pairs) if mask >> i & 1]
        if feasible(chosen, problem):
            value = (len(chosen), round(sum(score[p] for p in chosen), 9))
            best = max(best, value)
    return best


def chosen_pairs(result) -> list[tuple[str, str]]:
    return [(p.assignment_id, e) for p in result.plan for e in p.expert_ids]


def test_filling_every_position_beats_a_higher_total():
    # e1 is best for A, but A also has e2; taking e1 for B fills both.
    problem = StaffingProblem(
        openings=(opening("A", first=0, last=9), opening("B", first=5, last=15)),
        candidates=(
            Candidate("A", "e1", 0.9),
            Candidate("B", "e1", 0.2),
            Candidate("A", "e2", 0.3),
        ),
    )
    result = solve_staffing(problem=problem)
    assert sorted(chosen_pairs(result)) == [("A", "e2"), ("B", "e1")]
    assert result.total == pytest.approx(0.5)
    assert (result.greedy_filled, result.greedy_total) == (1, pytest.approx(0.9))
    assert result.unfilled == ()
    total = solve_staffing(problem=problem, objective="total")
    assert total.total == pytest.approx(0.9)


def test_optimum_beats_greedy_on_a_known_instance():
    # Greedy takes e1 for A (0.9) and leaves B to e3 (0.1); the optimum swaps: 0.8 + 0.7.
    problem = StaffingProblem(
        openings=(opening("A"), opening("B")),
        candidates=(
            Candidate("A", "e1", 0.9),
            Candidate("B", "e1", 0.8),
            Candidate("A", "e2", 0.7),
            Candidate("B", "e3", 0.1),
        ),
    )
    result = solve_staffing(problem=problem)
    assert sorted(chosen_pairs(result)) == [("A", "e2"), ("B", "e1")]
    assert result.total == pytest.approx(1.5)
    assert result.greedy_total == pytest.approx(1.0)
    assert result.status == "optimal"
    assert (result.filled, round(result.total, 9)) == brute_force(problem)


def test_cap_and_overlaps_with_several_offers_each():
    # Cap 2: e1 may take two assignments, but not the two whose periods overlap.
    problem = StaffingProblem(
        openings=(
            opening("A", first=0, last=10),
            opening("B", first=10, last=20),  # shares day 10 with A
            opening("C", first=30, last=40),
            opening("D"),  # not time-bound: overlaps nothing
        ),
        candidates=tuple(
            Candidate(a, e, s)
            for a, e, s in [
                ("A", "e1", 0.9),
                ("B", "e1", 0.9),
                ("C", "e1", 0.8),
                ("D", "e1", 0.85),
                ("A", "e2", 0.3),
                ("B", "e2", 0.6),
                ("C", "e2", 0.2),
                ("D", "e2", 0.5),
            ]
        ),
        max_per_expert=2,
    )
    result = solve_staffing(problem=problem)
    pairs = chosen_pairs(result)
    assert feasible(pairs, problem)
    assert (result.filled, round(result.total, 9)) == brute_force(problem)


@pytest.mark.parametrize("cap", [1, 2, 3])
def test_random_small_instances_match_brute_force(cap):
    import random

    rng = random.Random(cap)
    for _ in range(10):
        openings = []
        for i in range(4):
            first = rng.randrange(0, 30)
            timed = rng.random() < 0.8
            openings.append(
                opening(
                    f"a{i}",
                    rng.choice([1, 1, 2]),
                    first if timed else None,
                    first + rng.randrange(0, 12) if timed else None,
                )
            )
        pairs = rng.sample([(o.id, f"e{j}") for o in openings for j in range(4)], 10)
        problem = StaffingProblem(
            openings=tuple(openings),
            candidates=tuple(Candidate(a, e, round(rng.random(), 3)) for a, e in pairs),
            max_per_expert=cap,
        )
        result = solve_staffing(problem=problem)
        assert feasible(chosen_pairs(result), problem)
        assert (result.filled, round(result.total, 9)) == brute_force(problem)


def test_candidate_bounds_follow_positions_cap_and_overlaps():
    problem = StaffingProblem(
        openings=(opening("A", 2, 0, 9), opening("B", 1, 5, 15), opening("C", 3, 40, 50)),
        candidates=(),
        max_per_expert=2,
    )
    # A: 2 + min(4, 4 // 2 + 1) = 5; B: 1 + min(5, 5 // 2 + 2) = 5; C: 3 + min(3, 1 + 0) = 4.
    assert candidate_bounds(problem=problem) == {"A": 5, "B": 5, "C": 4}


def test_bounded_candidates_keep_the_optimum_where_top_n_may_not():
    # Six openings on the same days; each wants the same stars. Only the exact bound sees
    # that the stars run out.
    openings = tuple(opening(f"a{i}", 1, 0, 5) for i in range(6))
    cands = []
    for i in range(6):
        for j in range(12):
            cands.append(Candidate(f"a{i}", f"e{j}", round(0.95 - 0.05 * j - 0.01 * i, 4)))
    problem = StaffingProblem(openings=openings, candidates=tuple(cands))
    exact = solve_staffing(problem=problem)
    assert exact.filled == 6
    assert len(set(e for p in exact.plan for e in p.expert_ids)) == 6
    # Any one-to-one assignment of e0..e5 is optimal: 6 x 0.95 - 0.05 x 15 - 0.01 x 15.
    assert exact.total == pytest.approx(4.8)
    tight = solve_staffing(problem=problem, top_n=2)
    assert tight.filled == 2
    assert all("outside the candidates kept" in u.reason for u in tight.unfilled)


def test_unfilled_assignment_says_who_qualifies_and_what_holds_them():
    problem = StaffingProblem(
        openings=(
            opening("A", 1, 0, 20, label="Maputo"),
            opening("B", 1, 5, 25, label="Beira"),
            opening(
                "X",
                1,
                10,
                15,
                label="Nampula",
                needs="Portuguese C1 and in-country travel in March",
            ),
        ),
        candidates=(
            Candidate("A", "e1", 0.9),
            Candidate("X", "e1", 0.5),
            Candidate("B", "e2", 0.8),
            Candidate("X", "e2", 0.4),
        ),
        exclusions={"X": {"languages": 140, "availability": 12, "active": 0}},
    )
    result = solve_staffing(problem=problem)
    assert [u.assignment_id for u in result.unfilled] == ["X"]
    unfilled = result.unfilled[0]
    assert unfilled.open_positions == 1
    assert unfilled.eligible == 2
    assert unfilled.reason == (
        "needs Portuguese C1 and in-country travel in March: 2 experts qualify, both already "
        "proposed for Maputo (A), Beira (B) (of the others, 140 fail on languages, "
        "12 on availability)"
    )
    assert {(b.expert_id, b.cause, b.assignment_ids) for b in unfilled.blockers} == {
        ("e1", "overlap", ("A",)),
        ("e2", "overlap", ("B",)),
    }
    d = result.to_dict()
    assert d["unfilled"][0]["reason"] == unfilled.reason
    assert set(d) >= {"plan", "unfilled", "total", "greedy_total"}


def test_nobody_qualifies_and_cap_reasons():
    problem = StaffingProblem(
        openings=(opening("A"), opening("B"), opening("C", needs="Arabic C1")),
        candidates=(Candidate("A", "e1", 0.9), Candidate("B", "e1", 0.8)),
        exclusions={"C": {"languages": 30}},
    )
    result = solve_staffing(problem=problem)
    reasons = {u.assignment_id: u.reason for u in result.unfilled}
    assert (
        reasons["C"] == "needs Arabic C1: no expert qualifies (of the others, 30 fail on languages)"
    )
    assert reasons["B"] == "1 expert qualifies, the only one already at the limit of 1 offer (A)"


def test_locked_and_forbidden_pairs_are_respected():
    cands = (
        Candidate("A", "e1", 0.9),
        Candidate("A", "e2", 0.5),
        Candidate("B", "e1", 0.4),
        Candidate("B", "e3", 0.3),
    )
    openings = (opening("A"), opening("B"))
    free = solve_staffing(problem=StaffingProblem(openings=openings, candidates=cands))
    assert sorted(chosen_pairs(free)) == [("A", "e1"), ("B", "e3")]
    edited = StaffingProblem(
        openings=openings,
        candidates=cands,
        locked=frozenset({("B", "e1")}),
        forbidden=frozenset({("A", "e2")}),
    )
    result = solve_staffing(problem=edited)
    assert sorted(chosen_pairs(result)) == [("B", "e1")]
    (unfilled,) = result.unfilled
    assert unfilled.assignment_id == "A"
    assert {b.cause for b in unfilled.blockers} == {"cap", "forbidden"}
    assert "set aside by the coordinator" in unfilled.reason


def test_contradictory_or_unknown_input_is_refused():
    with pytest.raises(StaffingError, match="not an eligible candidate"):
        StaffingProblem(
            openings=(opening("A"),),
            candidates=(),
            locked=frozenset({("A", "e1")}),
        )
    with pytest.raises(StaffingError, match="unknown opening"):
        StaffingProblem(openings=(opening("A"),), candidates=(Candidate("Z", "e1", 0.5),))
    with pytest.raises(StaffingError, match="before start"):
        Opening("A", 1, day(5), day(1))
    both = StaffingProblem(
        openings=(opening("A", 1, 0, 5), opening("B", 1, 3, 8)),
        candidates=(Candidate("A", "e1", 0.5), Candidate("B", "e1", 0.5)),
        max_per_expert=2,
        locked=frozenset({("A", "e1"), ("B", "e1")}),
    )
    with pytest.raises(StaffingError, match="locked"):
        solve_staffing(problem=both)
    with pytest.raises(StaffingError, match="unknown solver"):
        solve_staffing(problem=both, solver="annealing")


def test_commitments_outside_the_batch_block_overlapping_openings():
    problem = StaffingProblem(
        openings=(opening("A", 1, 0, 10), opening("B", 1, 20, 30)),
        candidates=(Candidate("A", "e1", 0.9), Candidate("B", "e1", 0.5)),
        commitments=(Commitment("e1", "Tbilisi audit", day(8), day(12)),),
    )
    result = solve_staffing(problem=problem)
    assert chosen_pairs(result) == [("B", "e1")]
    assert (
        result.unfilled[0].reason == "1 expert qualifies, the only one already committed to "
        "Tbilisi audit"
    )


def test_evaluate_plan_reports_totals_and_every_broken_rule():
    problem = StaffingProblem(
        openings=(opening("A", 1, 0, 10), opening("B", 1, 5, 15), opening("C", 2)),
        candidates=(
            Candidate("A", "e1", 0.9),
            Candidate("B", "e1", 0.6),
            Candidate("C", "e2", 0.5),
            Candidate("C", "e3", 0.4),
        ),
        forbidden=frozenset({("C", "e3")}),
    )
    good = evaluate_plan(problem=problem, plan={"A": ["e1"], "C": ["e2"]})
    assert good.feasible
    assert good.total == pytest.approx(1.4)
    assert (good.filled, good.positions) == (2, 4)
    assert {u.assignment_id: u.open_positions for u in good.unfilled} == {"B": 1, "C": 1}

    bad = evaluate_plan(
        problem=problem,
        plan={"A": ["e1"], "B": ["e1"], "C": ["e3", "e9"], "Z": ["e2"]},
    )
    assert not bad.feasible
    kinds = sorted(v.kind for v in bad.violations)
    assert kinds == ["forbidden", "ineligible", "over_cap", "unknown_assignment"]
    # The overlapping pair is still counted so the coordinator sees what the edit would give.
    assert bad.total == pytest.approx(1.5)

    capped = StaffingProblem(
        openings=problem.openings, candidates=problem.candidates, max_per_expert=2
    )
    overlap = evaluate_plan(problem=capped, plan={"A": ["e1"], "B": ["e1"]})
    assert [v.kind for v in overlap.violations] == ["overlap"]
    assert "overlaps" in overlap.violations[0].message


def test_first_timers_are_paired_with_an_experienced_expert():
    cands = (
        Candidate("T", "new1", 0.9),
        Candidate("T", "new2", 0.85),
        Candidate("T", "old", 0.3),
        Candidate("S", "new3", 0.8),
    )
    problem = StaffingProblem(
        openings=(opening("T", 2), opening("S", 1)),
        candidates=cands,
        first_timers=frozenset({"new1", "new2", "new3"}),
        experienced=frozenset({"old"}),
        pair_first_timers=True,
    )
    result = solve_staffing(problem=problem)
    teams = {p.assignment_id: set(p.expert_ids) for p in result.plan}
    assert teams == {"T": {"new1", "old"}, "S": {"new3"}}  # single positions go alone
    assert (result.filled, round(result.total, 9)) == brute_force(problem)
    # Greedy meets new1 before any partner is in place and never comes back to them.
    assert set(greedy_staffing(problem=problem)) == {("T", "old"), ("S", "new3")}
    unpaired = evaluate_plan(problem=problem, plan={"T": ["new1", "new2"]})
    assert [v.kind for v in unpaired.violations] == ["unpaired", "unpaired"]


def test_team_objective_prefers_the_expert_who_covers_what_others_miss():
    reqs = {"budget": 1.0, "procurement": 1.0}
    cands = (
        Candidate("T", "e1", 0.9, {"budget": 0.9}),
        Candidate("T", "e2", 0.85, {"budget": 0.88}),
        Candidate("T", "e3", 0.7, {"procurement": 0.8}),
    )
    problem = StaffingProblem(openings=(opening("T", 2, requirements=reqs),), candidates=cands)
    plain = solve_staffing(problem=problem)
    assert set(plain.plan[0].expert_ids) == {"e1", "e2"}
    team = solve_staffing(problem=problem, team_weight=0.5)
    assert set(team.plan[0].expert_ids) == {"e1", "e3"}
    coverage = team.plan[0].coverage
    assert coverage is not None
    assert [(c.requirement, c.expert_id, c.strength) for c in coverage.requirements] == [
        ("budget", "e1", 0.9),
        ("procurement", "e3", 0.8),
    ]
    assert coverage.coverage == pytest.approx(0.85)
    assert team.total == pytest.approx(1.6)  # the total stays the sum of the pair scores

    strengths = {c.expert_id: c.strengths for c in cands}
    scores = {c.expert_id: c.score for c in cands}
    greedy = choose_team(size=2, scores=scores, requirements=reqs, strengths=strengths)
    assert set(greedy) == {"e1", "e3"}
    gap = team_coverage(requirements=reqs, strengths=strengths, team=["e1", "e2"])
    assert gap.requirements[1].expert_id is None and gap.coverage == pytest.approx(0.45)


@st.composite
def problems(draw):
    n_openings = draw(st.integers(1, 4))
    openings = []
    for i in range(n_openings):
        timed = draw(st.booleans())
        first = draw(st.integers(0, 20))
        length = draw(st.integers(0, 10))
        openings.append(
            opening(
                f"a{i}",
                draw(st.integers(1, 2)),
                first if timed else None,
                first + length if timed else None,
            )
        )
    experts = [f"e{j}" for j in range(draw(st.integers(1, 4)))]
    all_pairs = [(o.id, e) for o in openings for e in experts]
    pairs = draw(st.lists(st.sampled_from(all_pairs), unique=True, max_size=10))
    cands = tuple(Candidate(a, e, draw(st.floats(0, 1, allow_nan=False))) for a, e in pairs)
    forbidden = frozenset(draw(st.lists(st.sampled_from(all_pairs), max_size=2)))
    return StaffingProblem(
        openings=tuple(openings),
        candidates=cands,
        max_per_expert=draw(st.integers(1, 3)),
        forbidden=forbidden,
        first_timers=frozenset(experts[:1]),
        experienced=frozenset(experts[2:]),
        pair_first_timers=draw(st.booleans()),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_proposals_never_double_book_or_use_the_ineligible(problem):
    result = solve_staffing(problem=problem)
    pairs = chosen_pairs(result)
    assert len(pairs) == len(set(pairs))
    assert feasible(pairs, problem)
    assert evaluate_plan(
        problem=problem, plan={p.assignment_id: list(p.expert_ids) for p in result.plan}
    ).feasible
    assert (result.filled, round(result.total, 9)) == brute_force(problem)
    greedy = greedy_staffing(problem=problem)
    assert feasible(greedy, problem)
    assert (result.filled, result.total + 1e-9) >= (result.greedy_filled, result.greedy_total)
    for unfilled in result.unfilled:
        assert unfilled.reason


def test_problem_from_records_explains_a_scarce_language(embedder, make_expert, make_assignment):
    from matcher.batch import build_problem, describe_needs
    from matcher.engine import Matcher
    from matcher.records import Language
    from matcher.scoring import Deployment

    portuguese = (Language("pt", "C1"),)
    assignments = [
        make_assignment(id="a1"),
        make_assignment(
            id="a2", partner="Ville de Thiès", start=date(2027, 4, 20), end=date(2027, 5, 5)
        ),
        make_assignment(id="a3", partner="Maputo", languages=portuguese, country="MZ", positions=1),
        make_assignment(id="a4", partner="Beira", languages=portuguese, country="MZ"),
    ]
    experts = [
        make_expert(id="e1"),
        make_expert(id="e2", name="Jean Diop"),
        make_expert(
            id="e3", name="Ana Sousa", languages=(Language("pt", "C2"), Language("fr", "C1"))
        ),
        make_expert(id="e4", name="Off Duty", active=False),
        make_expert(id="e5", name="No French", languages=(Language("en", "native"),)),
    ]
    matcher = Matcher(embedder).fit(experts)
    history = {"e2": [Deployment("e2", "old", date(2024, 5, 1), date(2024, 5, 20))]}
    problem = build_problem(
        matcher=matcher, assignments=assignments, history=history, today=date(2027, 1, 1)
    )
    opening = problem.openings[2]
    assert opening.label == "Maputo"
    assert (
        opening.needs
        == describe_needs(assignments[2])
        == ("Portuguese C1, in-country travel, 2027-04-12 to 2027-04-30, pro bono, 10+ years")
    )
    assert set(opening.requirements) == {
        "property tax administration",
        "property valuation",
        "taxpayer communication",
    }
    assert problem.exclusions["a3"] == {"languages": 4, "active": 1}
    assert problem.experienced == {"e2"} and problem.first_timers == {"e1", "e3", "e4", "e5"}
    eligible = {(c.assignment_id, c.expert_id) for c in problem.candidates}
    assert eligible == {
        ("a1", "e1"),
        ("a1", "e2"),
        ("a1", "e3"),
        ("a2", "e1"),
        ("a2", "e2"),
        ("a2", "e3"),
        ("a3", "e3"),
        ("a4", "e3"),
    }
    scores = {
        (s.assignment_id, s.expert_id): s.score
        for a in assignments
        for s in matcher.rank(a, top_k=None, history=history, today=date(2027, 1, 1))
    }
    assert all(c.score == scores[(c.assignment_id, c.expert_id)] for c in problem.candidates)

    result = solve_staffing(problem=problem)
    assert feasible(chosen_pairs(result), problem)
    assert result.filled == 3
    (unfilled,) = result.unfilled
    assert unfilled.assignment_id in {"a3", "a4"}
    other = "Beira (a4)" if unfilled.assignment_id == "a3" else "Maputo (a3)"
    assert unfilled.reason == (
        "needs Portuguese C1, in-country travel, 2027-04-12 to 2027-04-30, pro bono, 10+ years: "
        f"1 expert qualifies, the only one already proposed for {other} "
        "(of the others, 4 fail on languages, 1 on active)"
    )


@pytest.fixture
def staff_files(tmp_path, make_expert, make_assignment):
    """Write experts, assignments and history for the `staff` command."""
    import json

    from matcher.records import Language, assignment_to_dict, expert_to_dict

    portuguese = (Language("pt", "C1"),)
    assignments = [
        make_assignment(id="a1"),
        make_assignment(id="a2", partner="Maputo", languages=portuguese),
        make_assignment(
            id="a3",
            partner="Beira",
            languages=portuguese,
            start=date(2027, 4, 20),
            end=date(2027, 5, 10),
        ),
    ]
    experts = [
        make_expert(id="e1"),
        make_expert(id="e2", languages=(Language("pt", "native"), Language("fr", "C1"))),
    ]

    def write(name, records):
        path = tmp_path / name
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        return str(path)

    return {
        "experts": write("experts.jsonl", [expert_to_dict(e) for e in experts]),
        "assignments": write("assignments.jsonl", [assignment_to_dict(a) for a in assignments]),
        "history": write(
            "history.jsonl",
            [
                {
                    "expert_id": "e1",
                    "assignment_id": "old",
                    "start": "2026-09-01",
                    "end": "2026-09-20",
                }
            ],
        ),
        "write": write,
    }


@pytest.fixture
def staff(embedder, monkeypatch, capsys):
    """Run `python -m matcher staff ...` in this process with the session's model."""
    import json

    from matcher import staffing_cli
    from matcher.cli import main
    from matcher.embeddings import CachedEmbedder

    cached = CachedEmbedder(embedder)  # shared by the calls of a test: each text encoded once
    monkeypatch.setattr(staffing_cli, "_embedder", lambda args: cached)

    def call(*args):
        code = main(["staff", *args])
        captured = capsys.readouterr()
        return code, json.loads(captured.out) if code == 0 else None, captured.err

    return call


def test_staff_command_writes_the_plan_and_explains_what_stays_open(staff, staff_files):
    f = staff_files
    code, out, _ = staff(
        "--experts",
        f["experts"],
        "--assignments",
        f["assignments"],
        "--history",
        f["history"],
        "--today",
        "2027-01-01",
    )
    assert code == 0
    assert {"plan", "unfilled", "total", "greedy_total"} <= set(out)
    pairs = {(p["assignment_id"], e) for p in out["plan"] for e in p["expert_ids"]}
    # e2 is the only Portuguese speaker, a2 and a3 overlap: one of them stays open.
    assert ("a1", "e1") in pairs and len(pairs) == 2
    assert out["total"] == pytest.approx(sum(s for p in out["plan"] for s in p["scores"]))
    (unfilled,) = out["unfilled"]
    assert unfilled["open_positions"] == 1
    assert unfilled["reason"].startswith("needs Portuguese C1, in-country travel")
    assert "1 expert qualifies, the only one already proposed for" in unfilled["reason"]

    code, two, _ = staff(
        "--experts", f["experts"], "--assignments", f["assignments"], "--max-per-expert", "2"
    )
    # A higher cap does not let e2 be in two places at once.
    assert code == 0 and two["filled"] == 2
    assert "already proposed for" in two["unfilled"][0]["reason"]


def test_staff_command_refuses_bad_input_with_file_and_line(staff, staff_files):
    f = staff_files
    bad_history = f["write"](
        "bad.jsonl", [{"expert_id": "e1", "assignment_id": "x", "start": "2026-13-01"}]
    )
    code, _, err = staff(
        "--experts", f["experts"], "--assignments", f["assignments"], "--history", bad_history
    )
    assert code == 2
    assert err.strip() == f"{bad_history}:1: start: must be a date YYYY-MM-DD, not '2026-13-01'"
    locked = f["write"]("locked.jsonl", [{"assignment_id": "a9", "expert_id": "e1"}])
    code, _, err = staff(
        "--experts", f["experts"], "--assignments", f["assignments"], "--locked", locked
    )
    assert code == 2 and f"{locked}:1: assignment_id: unknown id 'a9'" in err
    not_eligible = f["write"]("lock2.jsonl", [{"assignment_id": "a2", "expert_id": "e1"}])
    code, _, err = staff(
        "--experts", f["experts"], "--assignments", f["assignments"], "--locked", not_eligible
    )
    assert code == 2 and "cannot lock e1 on a2: not an eligible candidate" in err
