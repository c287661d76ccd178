"""Learning the component weights from coordinators' decisions, and activating them safely.

Each decision keeps the component values (Score.values) the expert had when it was taken. A
logistic regression with non-negative coefficients learns how much each component predicts a
positive decision; its coefficients, scaled to add up to 1, are the new weights, so the score
stays a sum of named parts in points with a maximum of 1. Learned weights are compared with the
current ones on the same decisions, held out by time, and are never activated when worse.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from matcher.errors import MatcherError, RecordError
from matcher.metrics import ndcg_at_k, pairwise_loss
from matcher.records import _Reader, read_jsonl
from matcher.scoring import COMPONENTS, Weights, combine

__all__ = [
    "METRICS",
    "NEGATIVE",
    "POSITIVE",
    "STATUSES",
    "UNINFORMATIVE_DECLINES",
    "Decision",
    "DecisionSet",
    "LearningReport",
    "Metrics",
    "WeightBook",
    "WeightLearner",
    "WeightSet",
    "WorseWeightsError",
    "decision_from_dict",
    "evaluate_weights",
    "label_decisions",
    "learn_weights",
    "read_decisions",
    "should_activate",
]

POSITIVE: frozenset[str] = frozenset(
    {"shortlisted", "invited", "accepted", "assigned", "completed"}
)
"""Statuses that say a coordinator judged the expert a fit."""

NEGATIVE: frozenset[str] = frozenset({"declined", "passed_over"})
"""Statuses that say the expert was judged no fit, or passed over for others."""

STATUSES: tuple[str, ...] = (*sorted(POSITIVE | NEGATIVE), "suggested", "withdrawn")
"""Every status a decision may have."""

UNINFORMATIVE_DECLINES: frozenset[str] = frozenset({"unavailable", "not_interested", "conflict"})
"""Decline reasons that say nothing about fit; such declines are left out of training."""

METRICS: tuple[str, ...] = ("pairwise", "auc", "ndcg")
"""Evaluation measures; `pairwise` (agreement within an assignment) decides activation."""


class WorseWeightsError(MatcherError):
    """Activating these weights was refused: they evaluate worse than the active ones."""


@dataclass(frozen=True)
class Decision:
    """A coordinator's decision on one candidate, with its component values at that time."""

    assignment_id: str
    expert_id: str
    status: str
    at: datetime
    values: Mapping[str, float] = field(default_factory=dict)
    reason: str | None = None


def _at(value: Any) -> datetime:
    """Read a date or date-time in ISO format; raise RecordError on anything else."""
    if not isinstance(value, str):
        raise RecordError("at", f"must be an ISO date or date-time, not {value!r}")
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        try:
            return datetime.combine(date.fromisoformat(value), datetime.min.time())
        except ValueError:
            raise RecordError("at", f"must be an ISO date or date-time, not {value!r}") from None


def decision_from_dict(d: Mapping[str, Any]) -> Decision:
    """Build a decision from {assignment_id, expert_id, status, at, values, reason}."""
    reader = _Reader(d)
    values = d.get("values", {})
    if not isinstance(values, Mapping):
        raise RecordError("values", "must be an object of component values")
    for name, value in values.items():
        if name not in COMPONENTS:
            raise RecordError(f"values.{name}", f"unknown component ({', '.join(COMPONENTS)})")
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise RecordError(f"values.{name}", f"must be a number, not {value!r}")
    reason = reader.text("reason").strip()
    return Decision(
        assignment_id=reader.required_str("assignment_id"),
        expert_id=reader.required_str("expert_id"),
        status=reader.choice("status", STATUSES),
        at=_at(d.get("at")),
        values={name: float(value) for name, value in values.items()},
        reason=reason or None,
    )


def read_decisions(path: str | Path) -> list[Decision]:
    """Read decisions from JSON Lines; raise InputError naming FILE:LINE at the first bad line."""
    return read_jsonl(path, decision_from_dict, key=lambda _: None)


def label_decisions(decisions: Iterable[Decision]) -> list[tuple[Decision, int]]:
    """Return (decision, 1 or 0) for the decisions that say something about fit.

    A suggestion nobody acted on counts as passed over when others on the same assignment were
    acted on, and is left out otherwise (nobody looked). Declines whose reason says nothing
    about fit (the expert was unavailable, not interested, conflicted) are left out, as are
    withdrawals. Only the latest decision per candidate counts.
    """
    latest: dict[tuple[str, str], Decision] = {}
    for d in decisions:
        key = (d.assignment_id, d.expert_id)
        if key not in latest or d.at >= latest[key].at:
            latest[key] = d
    acted = {d.assignment_id for d in latest.values() if d.status in POSITIVE}
    labelled = []
    for d in latest.values():
        passed_over = d.status == "passed_over" or (
            d.status == "suggested" and d.assignment_id in acted
        )
        refused = d.status == "declined" and d.reason not in UNINFORMATIVE_DECLINES
        if d.status in POSITIVE:
            labelled.append((d, 1))
        elif passed_over or refused:
            labelled.append((d, 0))
    return sorted(labelled, key=lambda item: (item[0].at, item[0].assignment_id, item[0].expert_id))


@dataclass(frozen=True)
class DecisionSet:
    """Labelled decisions as arrays: component values, labels, times and assignment groups."""

    decisions: tuple[Decision, ...]
    labels: np.ndarray
    components: tuple[str, ...] = COMPONENTS

    @classmethod
    def from_decisions(
        cls, decisions: Iterable[Decision], components: Sequence[str] = COMPONENTS
    ) -> DecisionSet:
        """Label the decisions and keep those that say something about fit."""
        labelled = label_decisions(decisions)
        return cls(
            tuple(d for d, _ in labelled),
            np.array([y for _, y in labelled], dtype=np.int64),
            tuple(components),
        )

    def __len__(self) -> int:
        return len(self.decisions)

    def matrix(self, components: Sequence[str] | None = None) -> np.ndarray:
        """Return the component values, one row per decision (missing values are 0)."""
        names = components or self.components
        return np.array(
            [[d.values.get(name, 0.0) for name in names] for d in self.decisions], dtype=float
        ).reshape(len(self.decisions), len(names))

    @property
    def times(self) -> np.ndarray:
        """Return decision times as POSIX seconds."""
        return np.array([d.at.timestamp() for d in self.decisions], dtype=float)

    @property
    def groups(self) -> np.ndarray:
        """Return the assignment id of each decision."""
        return np.array([d.assignment_id for d in self.decisions], dtype=object)

    def subset(self, mask: np.ndarray) -> DecisionSet:
        """Return the decisions where mask is True."""
        chosen = tuple(d for d, keep in zip(self.decisions, mask, strict=True) if keep)
        return replace(self, decisions=chosen, labels=self.labels[mask])

    def split_by_time(self, test_share: float = 0.3) -> tuple[DecisionSet, DecisionSet]:
        """Hold out the latest assignments (by their first decision), whole, for testing."""
        first: dict[str, datetime] = {}
        for d in self.decisions:
            first[d.assignment_id] = min(first.get(d.assignment_id, d.at), d.at)
        order = sorted(first, key=lambda a: (first[a], a))
        held = set(order[len(order) - max(1, round(len(order) * test_share)) :])
        mask = np.array([d.assignment_id in held for d in self.decisions], dtype=bool)
        return self.subset(~mask), self.subset(mask)


class WeightLearner:
    """Logistic regression with non-negative coefficients, read as component weights.

    Features are centred within each assignment (when groups are given), so the model learns
    which components separate the chosen from the passed-over among the same candidates. Older
    decisions count less: a decision half_life_days old weighs half as much as today's. A
    negative coefficient drops its component and the model is fitted again (an active set), so
    every weight is a number of points >= 0.
    """

    def __init__(self, *, C: float = 1.0, half_life_days: float | None = 365.0) -> None:
        self.C = C
        self.half_life_days = half_life_days

    def fit(
        self,
        X: np.ndarray,
        y: np.ndarray,
        times: np.ndarray | None = None,
        groups: np.ndarray | None = None,
    ) -> WeightLearner:
        """Fit on component values X (n x k), labels y (0/1), times (POSIX s) and groups."""
        X = np.asarray(X, dtype=float)
        y = np.asarray(y)
        if X.ndim != 2 or len(X) != len(y):
            raise ValueError("X must be 2-D with one row per label")
        if len(set(y.tolist())) < 2:
            raise ValueError("need both positive and negative decisions to learn from")
        if groups is not None:
            X = _centred(X, np.asarray(groups))
        sample_weight = None
        if times is not None and self.half_life_days:
            age_days = (np.max(times) - np.asarray(times, dtype=float)) / 86_400
            sample_weight = 0.5 ** (age_days / self.half_life_days)
        active = np.ones(X.shape[1], dtype=bool)
        coef = np.zeros(X.shape[1])
        while active.any():
            model = LogisticRegression(C=self.C, max_iter=2000)
            model.fit(X[:, active], y, sample_weight=sample_weight)
            fitted = model.coef_[0]
            if (fitted >= 0).all():
                coef[active] = fitted
                break
            # Drop the most negative one only: removing it can turn the others positive.
            drop = np.flatnonzero(active)[int(np.argmin(fitted))]
            active[drop] = False
        self.coef_ = coef
        total = coef.sum()
        self.weights_ = coef / total if total > 0 else np.full(len(coef), 1.0 / len(coef))
        return self


def _centred(X: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Subtract each group's mean from its rows."""
    out = X.copy()
    for group in set(groups.tolist()):
        rows = groups == group
        out[rows] -= X[rows].mean(axis=0)
    return out


@dataclass(frozen=True)
class Metrics:
    """How well a weight set orders held-out decisions."""

    pairwise: float
    auc: float
    ndcg: float
    decisions: int
    assignments: int

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "pairwise": round(self.pairwise, 4),
            "auc": round(self.auc, 4),
            "ndcg": round(self.ndcg, 4),
            "decisions": self.decisions,
            "assignments": self.assignments,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Metrics:
        """Build metrics from to_dict's output."""
        return cls(d["pairwise"], d["auc"], d["ndcg"], d["decisions"], d["assignments"])


def evaluate_weights(*, weights: Weights, decisions: DecisionSet, k: int = 10) -> Metrics:
    """Score held-out decisions with these weights as the engine would, and measure the order.

    pairwise: share of (chosen, passed-over) pairs on the same assignment in the right order
    (ties count half); auc: over all decisions; ndcg@k: per assignment with both kinds, averaged.
    """
    scores = [combine(d.values, weights)[0] for d in decisions.decisions]
    predicted: dict[str, dict[str, float]] = defaultdict(dict)
    truth: dict[str, dict[str, float]] = defaultdict(dict)
    for d, score, label in zip(decisions.decisions, scores, decisions.labels, strict=True):
        predicted[d.assignment_id][d.expert_id] = score
        truth[d.assignment_id][d.expert_id] = float(label)
    mixed = [a for a, grades in truth.items() if len(set(grades.values())) == 2]
    ndcgs = [
        ndcg_at_k(sorted(predicted[a], key=lambda e: (-predicted[a][e], e)), truth[a], k)
        for a in mixed
    ]
    labels = decisions.labels
    auc = float(roc_auc_score(labels, scores)) if len(set(labels.tolist())) == 2 else math.nan
    return Metrics(
        pairwise=1.0 - pairwise_loss(predicted, {a: truth[a] for a in mixed})
        if mixed
        else math.nan,
        auc=auc,
        ndcg=float(np.mean(ndcgs)) if ndcgs else math.nan,
        decisions=len(decisions),
        assignments=len(truth),
    )


def should_activate(current_metric: float, learned_metric: float, *, min_gain: float = 0.0) -> bool:
    """Return True only when the learned weights evaluate at least min_gain better."""
    if not (math.isfinite(current_metric) and math.isfinite(learned_metric)):
        return False
    return learned_metric >= current_metric + min_gain


@dataclass(frozen=True)
class LearningReport:
    """Current and learned weights, both measured on the same held-out decisions."""

    current: Weights
    learned: Weights
    before: Metrics
    after: Metrics
    train_decisions: int
    test_decisions: int
    held_out_from: datetime
    metric: str = "pairwise"

    @property
    def improves(self) -> bool:
        """Return True when the learned weights may be activated."""
        return should_activate(getattr(self.before, self.metric), getattr(self.after, self.metric))

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "current": self.current.to_dict(),
            "learned": {k: round(v, 6) for k, v in self.learned.to_dict().items()},
            "before": self.before.to_dict(),
            "after": self.after.to_dict(),
            "train_decisions": self.train_decisions,
            "test_decisions": self.test_decisions,
            "held_out_from": self.held_out_from.isoformat(),
            "metric": self.metric,
            "improves": self.improves,
        }


def learn_weights(
    *,
    decisions: Iterable[Decision],
    current: Weights,
    fixed: Sequence[str] = ("fairness",),
    test_share: float = 0.3,
    learner: WeightLearner | None = None,
    metric: str = "pairwise",
) -> LearningReport:
    """Fit weights on earlier decisions and compare them with the current ones on later ones.

    Components in `fixed` keep their current points: fairness is a policy, and learning it from
    past choices would learn the habit it is there to correct.
    """
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r} (one of {', '.join(METRICS)})")
    unknown = sorted(set(fixed) - set(COMPONENTS))
    if unknown:
        raise ValueError(f"unknown component(s) {', '.join(unknown)}")
    data = DecisionSet.from_decisions(decisions)
    train, test = data.split_by_time(test_share)
    if len(test) == 0 or len(set(test.labels.tolist())) < 2:
        raise ValueError("the held-out decisions need both positive and negative ones")
    free = [name for name in COMPONENTS if name not in fixed]
    model = (learner or WeightLearner()).fit(
        train.matrix(free), train.labels, train.times, train.groups
    )
    kept = current.to_dict()
    room = 1.0 - sum(kept[name] for name in fixed)
    learned_values = {name: kept[name] for name in fixed}
    learned_values.update(
        {name: room * float(w) for name, w in zip(free, model.weights_, strict=True)}
    )
    learned = Weights.from_mapping(learned_values)
    return LearningReport(
        current=current,
        learned=learned,
        before=evaluate_weights(weights=current, decisions=test),
        after=evaluate_weights(weights=learned, decisions=test),
        train_decisions=len(train),
        test_decisions=len(test),
        held_out_from=min(d.at for d in test.decisions),
        metric=metric,
    )


@dataclass(frozen=True)
class WeightSet:
    """A named set of weights, where it came from, and how it evaluated when learned."""

    name: str
    weights: Weights
    created: datetime
    source: str = "configured"
    report: Mapping[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "name": self.name,
            "weights": self.weights.to_dict(),
            "created": self.created.isoformat(),
            "source": self.source,
            "report": dict(self.report) if self.report is not None else None,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> WeightSet:
        """Build a weight set from to_dict's output."""
        return cls(
            name=d["name"],
            weights=Weights.from_mapping(d["weights"]),
            created=datetime.fromisoformat(d["created"]),
            source=d.get("source", "configured"),
            report=d.get("report"),
        )


def _same(first: Weights, second: Weights) -> bool:
    """Return True when two weight sets agree to rounding (a JSON round trip may rescale)."""
    a, b = first.to_dict(), second.to_dict()
    return all(math.isclose(a[name], b[name], abs_tol=1e-9) for name in a)


@dataclass(frozen=True)
class WeightBook:
    """Every weight set kept, and which were active in turn (the last one is active now).

    Immutable: activate and go_back return a new book, which the caller stores (a JSON column,
    a file); so any process can read the active weights from storage.
    """

    sets: tuple[WeightSet, ...]
    history: tuple[str, ...]

    def __post_init__(self) -> None:
        names = [s.name for s in self.sets]
        if len(set(names)) != len(names):
            raise ValueError("weight set names must be unique")
        unknown = set(self.history) - set(names)
        if unknown or not self.history:
            raise ValueError("the history must name known weight sets, at least one")

    @classmethod
    def start(cls, weights: Weights, *, name: str = "default", created: datetime) -> WeightBook:
        """Open a book whose only, active set is the given weights."""
        return cls((WeightSet(name, weights, created),), (name,))

    def get(self, name: str) -> WeightSet:
        """Return the weight set of that name; raise KeyError."""
        for weight_set in self.sets:
            if weight_set.name == name:
                return weight_set
        raise KeyError(name)

    @property
    def active(self) -> WeightSet:
        """Return the active weight set."""
        return self.get(self.history[-1])

    def add_learned(self, report: LearningReport, *, name: str, created: datetime) -> WeightBook:
        """Keep a learned weight set with its report; it is not active until activated."""
        weight_set = WeightSet(name, report.learned, created, "learned", report.to_dict())
        return replace(self, sets=(*self.sets, weight_set))

    def activate(self, name: str, *, report: LearningReport) -> WeightBook:
        """Make a learned set active; refuse when it evaluates worse than the active one."""
        candidate = self.get(name)
        if not (
            _same(report.current, self.active.weights) and _same(report.learned, candidate.weights)
        ):
            raise WorseWeightsError(
                f"the report compares other weights than {self.active.name!r} and {name!r}; "
                "evaluate again"
            )
        if not report.improves:
            before = getattr(report.before, report.metric)
            after = getattr(report.after, report.metric)
            raise WorseWeightsError(
                f"{name!r} evaluates worse than {self.active.name!r} on the held-out decisions "
                f"({report.metric} {after:.3f} < {before:.3f}); the active weights stay"
            )
        return replace(self, history=(*self.history, name))

    def go_back(self) -> WeightBook:
        """Reactivate the weight set that was active before the current one."""
        if len(self.history) < 2:
            raise ValueError("there is no earlier weight set to go back to")
        return replace(self, history=self.history[:-1])

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"sets": [s.to_dict() for s in self.sets], "history": list(self.history)}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> WeightBook:
        """Build a book from to_dict's output."""
        return cls(tuple(WeightSet.from_dict(s) for s in d["sets"]), tuple(d["history"]))

    def to_json(self) -> str:
        """Return the book as JSON text."""
        return json.dumps(self.to_dict(), sort_keys=True)
