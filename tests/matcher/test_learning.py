"""Learning weights from decisions: labels, the estimator, held-out evaluation, activation."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import numpy as np
import pytest

from matcher.errors import InputError
from matcher.learning import (
    Decision,
    DecisionSet,
    LearningReport,
    WeightBook,
    WeightLearner,
    WorseWeightsError,
    evaluate_weights,
    label_decisions,
    learn_weights,
    read_decisions,
    should_activate,
)
from matcher.learning_bench import COORDINATOR_TASTE, synthetic_decisions
from matcher.scoring import DEFAULT_WEIGHTS, Weights

T0 = datetime(2026, 1, 5, 9, 0)


def decision(a: str, e: str, status: str, hours: int = 0, reason: str | None = None, **values):
    return Decision(a, e, status, T0 + timedelta(hours=hours), values, reason)


@pytest.fixture(scope="module")
def report() -> LearningReport:
    return learn_weights(decisions=synthetic_decisions(seed=1), current=DEFAULT_WEIGHTS)


def test_labels_follow_statuses_and_passed_over_needs_someone_chosen():
    labelled = label_decisions(
        [
            decision("A", "e1", "suggested", 0),
            decision("A", "e1", "shortlisted", 1),  # the latest decision counts
            decision("A", "e2", "suggested"),  # passed over: e1 was chosen
            decision("A", "e3", "declined", reason="skills_mismatch"),
            decision("A", "e4", "declined", reason="unavailable"),  # says nothing about fit
            decision("A", "e5", "withdrawn"),
            decision("B", "e1", "suggested"),  # nobody acted on B: no signal
            decision("B", "e6", "passed_over"),
        ]
    )
    assert {(d.assignment_id, d.expert_id): y for d, y in labelled} == {
        ("A", "e1"): 1,
        ("A", "e2"): 0,
        ("A", "e3"): 0,
        ("B", "e6"): 0,
    }


def test_time_split_holds_out_the_latest_assignments_whole():
    decisions = [
        decision(f"a{i}", f"e{j}", "shortlisted" if j == 0 else "suggested", hours=24 * i + j)
        for i in range(10)
        for j in range(3)
    ]
    train, test = DecisionSet.from_decisions(decisions).split_by_time(0.3)
    assert {d.assignment_id for d in test.decisions} == {"a7", "a8", "a9"}
    assert max(d.at for d in train.decisions) < min(d.at for d in test.decisions)
    assert len(train) + len(test) == 30


def test_learner_keeps_weights_non_negative_and_finds_what_matters():
    rng = np.random.default_rng(0)
    X = rng.random((600, 3))
    # Column 0 helps, column 1 hurts (its weight must stop at 0), column 2 is noise.
    y = (2.0 * X[:, 0] - 1.0 * X[:, 1] + 0.2 * rng.normal(size=600) > 0.5).astype(int)
    learner = WeightLearner(C=10.0).fit(X, y)
    assert learner.coef_[1] == 0.0
    assert (learner.weights_ >= 0).all()
    assert learner.weights_.sum() == pytest.approx(1.0)
    assert learner.weights_[0] > 0.8
    with pytest.raises(ValueError, match="both positive and negative"):
        WeightLearner().fit(X, np.ones(600))


def test_recent_decisions_weigh_more():
    rng = np.random.default_rng(1)
    X = rng.random((400, 2))
    old = X[:200, 0] > 0.5  # once coordinators chose by component 0 ...
    new = X[200:, 1] > 0.5  # ... now by component 1
    y = np.concatenate([old, new]).astype(int)
    times = np.concatenate([np.zeros(200), np.full(200, 3 * 365 * 86_400.0)])
    recent = WeightLearner(half_life_days=180).fit(X, y, times)
    flat = WeightLearner(half_life_days=None).fit(X, y, times)
    assert recent.weights_[1] > 0.8
    assert recent.weights_[1] > flat.weights_[1]


def test_learned_weights_beat_defaults_on_later_decisions(report):
    learned = report.learned.to_dict()
    assert sum(learned.values()) == pytest.approx(1.0)
    assert all(v >= 0 for v in learned.values())
    # Fairness is policy, kept as configured.
    assert learned["fairness"] == pytest.approx(DEFAULT_WEIGHTS.fairness)
    # The synthetic coordinators value local experience and languages, not keywords.
    assert learned["region"] > DEFAULT_WEIGHTS.region
    assert learned["language"] > DEFAULT_WEIGHTS.language
    assert learned["terms"] < DEFAULT_WEIGHTS.terms
    assert report.after.pairwise > report.before.pairwise + 0.05
    assert report.after.auc > report.before.auc
    assert report.after.ndcg > report.before.ndcg
    assert report.improves
    assert report.before.decisions == report.after.decisions == report.test_decisions
    assert report.train_decisions > report.test_decisions
    assert json.loads(json.dumps(report.to_dict()))["improves"] is True


def test_evaluation_scores_like_the_engine():
    held = DecisionSet.from_decisions(
        [
            decision("A", "e1", "shortlisted", coverage=0.9, region=0.0),
            decision("A", "e2", "suggested", coverage=0.2, region=1.0),
            decision("A", "e3", "suggested", coverage=0.1, region=0.0),
        ]
    )
    coverage_only = Weights.from_mapping({"coverage": 1.0})
    region_only = Weights.from_mapping({"region": 1.0})
    assert evaluate_weights(weights=coverage_only, decisions=held).pairwise == 1.0
    assert evaluate_weights(weights=region_only, decisions=held).pairwise == 0.25
    taste = Weights.from_mapping(COORDINATOR_TASTE)
    assert evaluate_weights(weights=taste, decisions=held).auc == 1.0


@pytest.mark.parametrize(
    ("current", "learned", "expected"),
    [(0.80, 0.85, True), (0.80, 0.80, True), (0.80, 0.79, False), (float("nan"), 0.9, False)],
)
def test_should_activate_refuses_worse(current, learned, expected):
    assert should_activate(current, learned) is expected


def test_weight_book_activates_only_what_is_better_and_can_go_back(report):
    book = WeightBook.start(DEFAULT_WEIGHTS, created=T0)
    book = book.add_learned(report, name="2026-q1", created=T0 + timedelta(days=1))
    assert book.active.name == "default"
    book = book.activate("2026-q1", report=report)
    assert book.active.weights == report.learned
    restored = WeightBook.from_dict(json.loads(book.to_json()))
    assert restored.active.name == "2026-q1"
    assert restored.go_back().active.name == "default"
    with pytest.raises(ValueError, match="no earlier"):
        restored.go_back().go_back()

    worse = LearningReport(
        current=report.learned,
        learned=DEFAULT_WEIGHTS,
        before=report.after,
        after=report.before,
        train_decisions=1,
        test_decisions=1,
        held_out_from=T0,
    )
    assert not worse.improves
    again = restored.add_learned(worse, name="worse", created=T0)
    with pytest.raises(WorseWeightsError, match="evaluates worse"):
        again.activate("worse", report=worse)
    # A report about other weights than the active ones proves nothing.
    with pytest.raises(WorseWeightsError, match="evaluate again"):
        again.go_back().activate("worse", report=worse)


def test_read_decisions_names_the_bad_line(tmp_path):
    path = tmp_path / "decisions.jsonl"
    good = {
        "assignment_id": "A",
        "expert_id": "e1",
        "status": "invited",
        "at": "2026-02-01",
        "values": {"coverage": 0.5},
    }
    bad = dict(good, status="liked")
    path.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n")
    with pytest.raises(InputError, match=r"decisions.jsonl:2: status: must be one of"):
        read_decisions(path)
    path.write_text(json.dumps(good) + "\n")
    (only,) = read_decisions(path)
    assert only.at == datetime(2026, 2, 1) and only.values == {"coverage": 0.5}
