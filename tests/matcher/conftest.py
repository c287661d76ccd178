"""Factories for matcher tests: experts and assignments with sensible defaults."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from matcher.records import (
    Assignment,
    ExperienceEntry,
    Expert,
    Language,
    Window,
)


def build_expert(**overrides: Any) -> Expert:
    """Return an eligible-by-default finance practitioner, with fields overridden."""
    fields: dict[str, Any] = {
        "id": "e1",
        "name": "Awa Ndiaye",
        "kind": "member",
        "headline": "Finance Director, City of Tacoma",
        "summary": (
            "Twenty years in municipal finance. I led the property tax reform of the city "
            "and rebuilt the taxpayer register with the county assessor."
        ),
        "skills": ("property tax administration", "municipal budgeting"),
        "experience": (
            ExperienceEntry(
                title="Finance Director",
                organization="City of Tacoma",
                country="US",
                start="2015-03",
                end=None,
                description="Runs budgeting, treasury and revenue collection for the city.",
            ),
        ),
        "languages": (Language("en", "native"), Language("fr", "C1")),
        "countries": ("SN",),
        "years_experience": 20,
        "availability": (Window(date(2027, 4, 1), date(2027, 6, 30)),),
    }
    fields.update(overrides)
    return Expert(**fields)


def build_assignment(**overrides: Any) -> Assignment:
    """Return a pro-bono in-country property tax assignment, with fields overridden."""
    fields: dict[str, Any] = {
        "id": "a1",
        "title": "Property tax support to Ziguinchor",
        "description": (
            "The municipality collects little property tax; we need help to identify taxable "
            "buildings, value them and follow up on non-payment."
        ),
        "partner": "Ville de Ziguinchor",
        "country": "SN",
        "sector": "revenue and taxation",
        "required_skills": ("property tax administration", "property valuation"),
        "preferred_skills": ("taxpayer communication",),
        "languages": (Language("fr", "B2"),),
        "start": date(2027, 4, 12),
        "end": date(2027, 4, 30),
        "min_years": 10,
    }
    fields.update(overrides)
    return Assignment(**fields)


@pytest.fixture
def make_expert() -> Callable[..., Expert]:
    """Return the expert factory."""
    return build_expert


@pytest.fixture
def make_assignment() -> Callable[..., Assignment]:
    """Return the assignment factory."""
    return build_assignment
