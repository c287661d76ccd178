"""Weights, the exact sum of points, and the small component functions."""

from __future__ import annotations

import math
from datetime import date

import pytest

from matcher.errors import ConfigError
from matcher.records import Language
from matcher.scoring import (
    COMPONENTS,
    DEFAULT_WEIGHTS,
    Deployment,
    Thresholds,
    Weights,
    combine,
    fairness,
    language_strength,
    region_experience,
)
from tests.matcher.conftest import build_assignment, build_expert


def test_default_weights_add_up_to_one() -> None:
    assert math.isclose(sum(DEFAULT_WEIGHTS.to_dict().values()), 1.0)
    assert set(DEFAULT_WEIGHTS.to_dict()) == set(COMPONENTS)


def test_weights_from_mapping_scale_and_validate() -> None:
    weights = Weights.from_mapping({"coverage": 2, "fit": 2})
    assert weights.coverage == weights.fit == 0.5 and weights.terms == 0
    assert Weights.from_mapping(weights.to_dict()) == weights
    with pytest.raises(ConfigError, match="unknown weight"):
        Weights.from_mapping({"charm": 1})
    with pytest.raises(ConfigError, match=">= 0"):
        Weights.from_mapping({"fit": -1, "coverage": 2})
    with pytest.raises(ConfigError, match="add up to 1"):
        Weights(fit=0.9)


@pytest.mark.parametrize(
    "values",
    [
        {name: 1.0 for name in COMPONENTS},
        {name: 0.0 for name in COMPONENTS},
        {"coverage": 0.123456789, "fit": 0.987654321, "fairness": -1.0},
        {"fairness": -1.0},
        {"coverage": 0.3, "terms": 0.7, "fairness": 0.5},
    ],
)
def test_points_add_up_exactly(values: dict[str, float]) -> None:
    total, points = combine(values, DEFAULT_WEIGHTS)
    assert 0.0 <= total <= 1.0
    assert abs(sum(points.values()) - total) < 1e-9
    assert set(points) == set(COMPONENTS)


@pytest.mark.parametrize(
    ("deployments", "known", "expected"),
    [
        ((), False, 0.0),
        ((), True, 1.0),
        ((Deployment("e", "a", date(2020, 1, 1), date(2020, 2, 1)),), True, 0.5),
        ((Deployment("e", "a", date(2027, 1, 1), date(2027, 2, 1)),), True, 0.0),
        (tuple(Deployment("e", f"a{i}", date(2027, i, 1), None) for i in range(1, 4)), True, -1.0),
    ],
)
def test_fairness(deployments: tuple[Deployment, ...], known: bool, expected: float) -> None:
    assert fairness(deployments, known=known, today=date(2027, 6, 1)) == expected


def test_region_and_language() -> None:
    assignment = build_assignment()
    assert region_experience(build_expert(), assignment) == 1.0
    neighbour = build_expert(countries=("ML",), experience=())
    assert region_experience(neighbour, assignment) == 0.5
    assert region_experience(build_expert(countries=(), experience=()), assignment) == 0.0
    assert language_strength(build_expert(languages=(Language("fr", "B2"),)), assignment) == 0
    assert language_strength(build_expert(languages=(Language("fr", "native"),)), assignment) == 1


def test_thresholds_label_strengths() -> None:
    thresholds = Thresholds(strong=0.6, partial=0.5, weak=0.4)
    labels = [thresholds.label(s) for s in (0.7, 0.55, 0.45, 0.1)]
    assert labels == ["strong", "partial", "weak", "missing"]
