"""The index at scale: two-stage rankings against exhaustive scoring, precisions, changes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from matcher.columns import ExpertColumns
from matcher.engine import Matcher
from matcher.lexical import KeyTerms, query_document
from matcher.records import Assignment, Expert, Language, Window
from matcher.rules import check_rules
from matcher.scoring import (
    availability_fit,
    language_strength,
    region_experience,
    sector_experience,
    seniority,
)
from matcher.synthetic import SyntheticEmbedder, SyntheticExperts, SyntheticWorld
from matcher.texts import expert_document
from tests.matcher.conftest import build_assignment, build_expert

POOL = 1500
WORLD = SyntheticWorld(seed=7)
TOP = 10


def _matcher(precision: str = "float32", **options: int) -> Matcher:
    experts = SyntheticExperts(WORLD, POOL)
    return Matcher(SyntheticEmbedder(WORLD), precision=precision, **options).fit(experts)


def _assignments(count: int = 6) -> list[Assignment]:
    return [WORLD.assignment(j) for j in range(count)]


def _dicts(scores: Sequence[object]) -> list[dict[str, object]]:
    return [s.to_dict() for s in scores]  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def two_stage() -> Matcher:
    """A pool where the two stages are forced on (small shortlist, no exhaustive floor)."""
    return _matcher(shortlist=40, exhaustive_below=0)


@pytest.fixture(scope="module")
def exhaustive(two_stage: Matcher) -> dict[str, list[dict[str, object]]]:
    """Every expert scored one by one: the top eligible, then the top ineligible."""
    return {
        a.id: _dicts(two_stage.rank(a, top_k=TOP, include_ineligible=True, exhaustive=True))
        for a in _assignments()
    }


def test_two_stages_find_the_exhaustive_top_with_identical_scores(
    two_stage: Matcher, exhaustive: dict[str, list[dict[str, object]]]
) -> None:
    hits = total = evaluated = candidates = 0
    for assignment in _assignments():
        ranked = two_stage.ranked(assignment, top_k=TOP, include_ineligible=True)
        evaluated, candidates = evaluated + ranked.evaluated, candidates + ranked.candidates
        mine = {s.expert_id: s.to_dict() for s in ranked.scores}
        for score in exhaustive[assignment.id]:
            if score["expert_id"] in mine:
                hits += 1
                assert mine[str(score["expert_id"])] == score
        total += len(exhaustive[assignment.id])
    assert hits / total >= 0.99
    assert evaluated < candidates / 2  # stage two saw a minority of the pool


def test_ineligible_experts_are_ranked_apart_in_two_stages_too(two_stage: Matcher) -> None:
    ranked = two_stage.rank(_assignments(1)[0], top_k=5, include_ineligible=True)
    assert [s.eligible for s in ranked] == [True] * 5 + [False] * 5


def test_a_small_pool_is_scored_exhaustively(
    exhaustive: dict[str, list[dict[str, object]]],
) -> None:
    small = _matcher()  # exhaustive_below is above the pool size
    assignment = _assignments(1)[0]
    ranked = small.ranked(assignment, top_k=TOP, include_ineligible=True)
    assert ranked.exhaustive and ranked.evaluated == ranked.candidates
    assert _dicts(ranked.scores) == exhaustive[assignment.id]


@pytest.mark.parametrize("precision", ["float16", "int8"])
def test_compact_precisions_rescore_exactly(
    two_stage: Matcher, exhaustive: dict[str, list[dict[str, object]]], precision: str
) -> None:
    compact = _matcher(precision, shortlist=40, exhaustive_below=0)
    assert compact.nbytes < two_stage.nbytes
    for assignment in _assignments(3):
        ranked = compact.ranked(assignment, top_k=TOP, include_ineligible=True)
        assert not ranked.exhaustive
        assert _dicts(ranked.scores) == exhaustive[assignment.id]


def test_where_filters_before_the_shortlist(two_stage: Matcher) -> None:
    assignment = _assignments(1)[0]
    members = two_stage.rank(assignment, top_k=TOP, where=lambda e: e.kind == "member")
    kinds = {e.id: e.kind for e in SyntheticExperts(WORLD, POOL)}
    assert len(members) == TOP and all(kinds[s.expert_id] == "member" for s in members)


@pytest.mark.parametrize("precision", ["float32", "int8"])
def test_changes_give_the_same_rankings_as_a_fresh_fit(precision: str) -> None:
    experts = list(SyntheticExperts(WORLD, 400))
    embedder = SyntheticEmbedder(WORLD)
    options = {"exhaustive_below": 0, "shortlist": 30, "precision": precision}
    changed = Matcher(embedder, **options).fit(experts[:300])  # type: ignore[arg-type]
    before = changed.copy()
    changed.remove([e.id for e in experts[:50]])
    changed.add(experts[300:])
    edited = build_expert(id=experts[60].id, headline="Now a landfill engineer")
    changed.add([edited])
    final = [*experts[50:60], edited, *experts[61:]]
    fresh = Matcher(embedder, **options).fit(final)  # type: ignore[arg-type]
    assert sorted(changed.index_.ids_) == sorted(fresh.index_.ids_)
    assert len(before.index_) == 300  # the copy did not move
    mapped = (before.index_._rows.size + 300) * 384 * 2  # float16 rows and centroids
    assert before.index_.file_bytes == (0 if precision == "float32" else mapped)
    for assignment in _assignments(6):
        mine = changed.rank(assignment, top_k=10, include_ineligible=True)
        assert _dicts(mine) == _dicts(fresh.rank(assignment, top_k=10, include_ineligible=True))


def test_scoring_an_expert_outside_the_index_leaves_it_alone(two_stage: Matcher) -> None:
    outsider = build_expert(id="outsider")
    size = len(two_stage.index_)
    score = two_stage.score(outsider, build_assignment())
    assert score.expert_id == "outsider" and len(two_stage.index_) == size
    assert "outsider" not in two_stage.index_


def test_key_terms_are_scikit_learns_whatever_the_order() -> None:
    experts = list(SyntheticExperts(WORLD, 120))
    assignments = _assignments(5)
    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english")
    profiles = vectorizer.fit_transform([expert_document(e) for e in experts])
    reference = (
        vectorizer.transform([query_document(a) for a in assignments]) @ profiles.T
    ).toarray()
    shuffled = KeyTerms().fit([*experts[60:], build_expert(id="gone")])
    shuffled.add(experts[:60])
    shuffled.remove(["gone"])
    for row, assignment in enumerate(assignments):
        query = shuffled.query(assignment)
        exact = [shuffled.similarity(query, e.id) for e in experts]
        np.testing.assert_allclose(exact, reference[row], atol=1e-12)
        fast = shuffled.similarities(query)[[shuffled.positions_[e.id] for e in experts]]
        np.testing.assert_allclose(fast, reference[row], atol=1e-6)


def _edge_experts() -> list[Expert]:
    return [
        build_expert(id="plain"),
        build_expert(id="no-windows", availability=()),
        build_expert(
            id="overlapping",
            availability=(
                Window(date(2027, 4, 1), date(2027, 4, 20)),
                Window(date(2027, 4, 10), date(2027, 4, 15)),
                Window(date(2027, 4, 18), date(2027, 5, 2)),
            ),
        ),
        build_expert(id="forever", availability=(Window(date(2027, 4, 20), date.max),)),
        build_expert(id="early", availability=(Window(date(2020, 1, 1), date(2020, 2, 1)),)),
        build_expert(id="twice", languages=(Language("fr", "A2"), Language("fr", "native"))),
        build_expert(id="conflicted", conflicts=("  VILLE DE ZIGUINCHOR ",)),
        build_expert(id="homebody", travel=False, remote=False, engagement=("paid",)),
        build_expert(id="idle", active=False, years_experience=0, countries=("GM",)),
        build_expert(id="bare", skills=(), experience=(), summary="", headline=""),
    ]


def _edge_assignments() -> list[Assignment]:
    return [
        build_assignment(),
        build_assignment(id="undated", start=None, end=None, mode="remote"),
        build_assignment(id="one-day", start=None, end=date(2027, 4, 25), mode="hybrid"),
        build_assignment(id="native", languages=(Language("en", "native"),), country=""),
        build_assignment(id="free", partner="", sector="", engagement="paid", languages=()),
    ]


def test_columns_agree_with_the_rules_and_components() -> None:
    experts = _edge_experts() + list(SyntheticExperts(WORLD, 150))
    columns = ExpertColumns()
    columns.append(experts)
    for assignment in _edge_assignments() + _assignments(5):
        result = columns.evaluate(assignment)
        for row, expert in enumerate(experts):
            rules = check_rules(expert, assignment)
            for rule in rules:
                assert result.failed[rule.name][row] == (not rule.passed), (expert.id, rule)
            availability = next(r for r in rules if r.name == "availability")
            expected = {
                "region": region_experience(expert, assignment),
                "language": language_strength(expert, assignment),
                "seniority": seniority(expert, assignment),
                "availability": availability_fit(expert, assignment, availability),
                "sector": sector_experience(expert, assignment),
            }
            got = {name: float(values[row]) for name, values in result.values.items()}
            assert got == expected, (expert.id, assignment.id)


def test_compact_index_takes_a_byte_per_dimension() -> None:
    compact = _matcher("int8")
    assert compact.index_._centroids.view.dtype == np.int8
    assert compact.index_.nbytes < POOL * (384 + 400)
    assert compact.index_.centroid_error < 0.05
    # The text rows and centroid copies are float16 in a file, not in memory.
    rows = compact.index_._rows.size
    assert compact.index_.file_bytes == (rows + POOL) * 384 * 2
    assert rows > 5 * POOL
