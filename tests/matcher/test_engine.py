"""The Matcher with the real model: scores, evidence, rankings and the index."""

from __future__ import annotations

from datetime import date

import pytest

from matcher.embeddings import Embedder
from matcher.engine import Matcher
from matcher.errors import UnknownIdError
from matcher.records import ExperienceEntry, Expert, Language
from matcher.scoring import COMPONENTS, Deployment
from tests.matcher.conftest import build_assignment, build_expert


def _experts() -> list[Expert]:
    waste = build_expert(
        id="waste",
        headline="Solid waste manager, Kent County",
        summary="I retired open dumps and sealed trenches that intercept contaminated seepage.",
        skills=("dump site decommissioning", "seepage collection"),
        experience=(
            ExperienceEntry(
                title="Solid Waste Director",
                organization="Kent County",
                country="SN",
                description="Capped and decommissioned the county dump site (2015-2018).",
            ),
        ),
    )
    water_park = build_expert(
        id="park",
        headline="Manager, Splash Water Park",
        summary="I run a water park with slides, a lazy river and a wave pool.",
        skills=("water park operations", "lifeguard scheduling"),
        experience=(),
    )
    french_a2 = build_expert(id="french-a2", languages=(Language("fr", "A2"),))
    return [waste, water_park, french_a2]


@pytest.fixture(scope="module")
def matcher(embedder: Embedder) -> Matcher:
    return Matcher(embedder).fit(_experts())


LANDFILL = build_assignment(
    id="landfill",
    title="Landfill closure in Ziguinchor",
    description="We must close the municipal landfill and manage its leachate.",
    required_skills=("landfill closure", "leachate management"),
    preferred_skills=(),
    languages=(Language("fr", "B2"),),
)


def test_components_add_up_to_the_score(matcher: Matcher) -> None:
    for expert in matcher.experts_:
        score = matcher.score(expert, LANDFILL)
        assert 0.0 <= score.score <= 1.0
        assert set(score.components) == set(COMPONENTS)
        assert abs(sum(score.components.values()) - score.score) < 1e-9
        record = score.to_dict()
        assert abs(sum(record["components"].values()) - record["score"]) < 1e-9
        assert set(record) >= {"assignment_id", "expert_id", "failed_rules", "evidence", "rules"}


def test_evidence_for_every_requirement(matcher: Matcher) -> None:
    score = matcher.score(matcher.experts_[0], LANDFILL)
    assert [e.requirement for e in score.evidence] == ["landfill closure", "leachate management"]
    closure = score.evidence[0]
    assert closure.kind == "required"
    assert "dump" in closure.text
    assert closure.strength in ("strong", "partial")
    assert score.summary.startswith("covers ")
    bare = build_assignment(required_skills=(), preferred_skills=())
    (only,) = matcher.score(matcher.experts_[0], bare).evidence
    assert only.kind == "description" and only.text


def test_meaning_beats_shared_words(matcher: Matcher) -> None:
    ranking = matcher.rank(LANDFILL)
    assert [s.expert_id for s in ranking] == ["waste", "park"]


def test_ineligible_experts_are_left_out_or_listed_below(matcher: Matcher) -> None:
    assert "french-a2" not in [s.expert_id for s in matcher.rank(LANDFILL)]
    ranking = matcher.rank(LANDFILL, include_ineligible=True)
    assert [s.eligible for s in ranking] == [True, True, False]
    last = ranking[-1]
    assert last.failed_rules == ("languages",)
    assert "needs French at B2; has French at A2" in last.summary
    assert len(matcher.rank(LANDFILL, top_k=1, include_ineligible=True)) == 2
    where = matcher.rank(LANDFILL, where=lambda e: e.id != "waste")
    assert [s.expert_id for s in where] == ["park"]


def test_history_lifts_the_rarely_deployed_only_when_known(matcher: Matcher) -> None:
    plain = matcher.rank(LANDFILL)
    empty = matcher.rank(LANDFILL, history={})
    assert [s.score for s in plain] == [s.score for s in empty]
    assert all(s.components["fairness"] == 0 for s in plain)
    busy = [Deployment("waste", f"x{i}", date(2027, i, 1), None) for i in range(1, 4)]
    lifted = matcher.rank(LANDFILL, history={"waste": busy}, today=date(2027, 6, 1))
    by_id = {s.expert_id: s for s in lifted}
    assert by_id["waste"].components["fairness"] < 0 < by_id["park"].components["fairness"]


def test_reverse_ranking(matcher: Matcher) -> None:
    budget = build_assignment(
        id="budget",
        title="Programme budgeting",
        description="Help our finance team prepare a programme budget with indicators.",
        required_skills=("programme budgeting",),
        preferred_skills=(),
    )
    ranking = matcher.rank_assignments(matcher.experts_[0], [budget, LANDFILL])
    assert [s.assignment_id for s in ranking] == ["landfill", "budget"]


def test_index_follows_added_and_removed_experts(embedder: Embedder) -> None:
    matcher = Matcher(embedder).fit(_experts())
    rows = matcher.index_.texts_.vectors.shape[0]
    matcher.remove(["park"])
    assert "park" not in matcher.index_
    assert matcher.index_.texts_.vectors.shape[0] < rows
    assert matcher.index_.centroids_.shape[0] == 2
    changed = build_expert(id="waste", headline="Now a budget officer")
    matcher.add([changed])
    assert len(matcher.index_) == 2
    assert matcher.index_.slice(matcher.index_.position("waste")).texts[0].text == (
        "Now a budget officer"
    )
    with pytest.raises(UnknownIdError):
        matcher.remove(["nobody"])
