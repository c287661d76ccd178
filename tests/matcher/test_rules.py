"""The hard rules, one row per case."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from matcher.records import Language, Window
from matcher.rules import RULE_NAMES, check_rules
from tests.matcher.conftest import build_assignment, build_expert


def test_a_fitting_expert_passes_every_rule() -> None:
    results = check_rules(build_expert(), build_assignment())
    assert [r.name for r in results] == list(RULE_NAMES)
    assert all(r.status == "passed" for r in results), results


@pytest.mark.parametrize(
    ("rule", "expert", "assignment", "status", "message"),
    [
        (
            "languages",
            {"languages": (Language("fr", "A2"),)},
            {},
            "failed",
            "needs French at B2; has French at A2",
        ),
        (
            "languages",
            {"languages": (Language("en", "native"),)},
            {},
            "failed",
            "needs French at B2; does not list French",
        ),
        ("languages", {"languages": (Language("fr", "B2"),)}, {}, "passed", "French B2"),
        ("languages", {"languages": ()}, {"languages": ()}, "passed", "no language required"),
        (
            "availability",
            {"availability": (Window(date(2027, 5, 1), date(2027, 7, 31)),)},
            {},
            "failed",
            "needs 2027-04-12 to 2027-04-30; available 2027-05-01 to 2027-07-31",
        ),
        (
            "availability",
            {"availability": (Window(date(2027, 4, 20), date(2027, 7, 31)),)},
            {},
            "partial",
            "available 11 of 19 days",
        ),
        (
            "availability",
            {
                "availability": (
                    Window(date(2027, 4, 1), date(2027, 4, 20)),
                    Window(date(2027, 4, 21), date(2027, 5, 20)),
                )
            },
            {},
            "passed",
            "available for all of 2027-04-12 to 2027-04-30",
        ),
        ("availability", {"availability": ()}, {}, "unconfirmed", "has not stated availability"),
        ("availability", {}, {"start": None, "end": None}, "passed", "states no dates"),
        (
            "engagement",
            {"engagement": ("paid",)},
            {},
            "failed",
            "pro bono assignment; accepts paid only",
        ),
        ("engagement", {"engagement": ("paid", "pro_bono")}, {}, "passed", "accepts pro bono"),
        ("mode", {"travel": False}, {}, "failed", "in-country work; not willing to travel"),
        ("mode", {"travel": False}, {"mode": "remote"}, "passed", "can do remote work"),
        ("mode", {"remote": False}, {"mode": "remote"}, "failed", "does not work remotely"),
        ("mode", {"remote": False}, {"mode": "hybrid"}, "passed", "can do hybrid work"),
        (
            "mode",
            {"remote": False, "travel": False},
            {"mode": "hybrid"},
            "failed",
            "neither travels nor works remotely",
        ),
        (
            "conflicts",
            {"conflicts": ("VILLE DE ZIGUINCHOR ",)},
            {},
            "failed",
            "conflict of interest with Ville de Ziguinchor",
        ),
        ("conflicts", {"conflicts": ("City of Dakar",)}, {}, "passed", "no conflict"),
        ("active", {"active": False}, {}, "failed", "not active"),
        ("active", {}, {}, "passed", "active"),
        (
            "experience",
            {"years_experience": 7},
            {},
            "failed",
            "needs 10 years of experience; has 7",
        ),
        ("experience", {"years_experience": 10}, {}, "passed", "has 10 years"),
    ],
)
def test_rule(
    rule: str, expert: dict[str, Any], assignment: dict[str, Any], status: str, message: str
) -> None:
    results = {
        r.name: r for r in check_rules(build_expert(**expert), build_assignment(**assignment))
    }
    result = results[rule]
    assert result.status == status
    assert message in result.message
    assert result.passed == (status != "failed")
    others = [r for r in results.values() if r.name != rule]
    assert all(r.status == "passed" for r in others), others


def test_availability_reaching_the_last_representable_day() -> None:
    from datetime import date

    from matcher.records import Window
    from matcher.rules import covered_days

    windows = [Window(date(2027, 1, 1), date.max), Window(date(2027, 6, 1), date(2027, 7, 1))]
    assert (
        covered_days(windows, Window(date(2027, 3, 1), date.max))
        == (date.max - date(2027, 3, 1)).days + 1
    )
