"""Factories of FORMATS.md records for tests."""

from __future__ import annotations

import itertools
from typing import Any

_ids = itertools.count(1)


def expert_record(**overrides: Any) -> dict[str, Any]:
    """Return a valid expert record; keyword arguments replace fields."""
    record: dict[str, Any] = {
        "id": f"e-{next(_ids)}",
        "name": "Amina Diallo",
        "email": "amina@example.org",
        "phone": "+221 77 000 0000",
        "kind": "member",
        "headline": "Finance Director, City of Tacoma",
        "summary": "Led property tax reform and budget transparency for a mid-size city.",
        "skills": ["property tax administration", "municipal budgeting"],
        "experience": [
            {
                "title": "Finance Director",
                "organization": "City of Tacoma",
                "country": "US",
                "start": "2015-03",
                "end": None,
                "description": "Raised property tax collection from 71% to 93%.",
            }
        ],
        "languages": [{"code": "en", "level": "native"}, {"code": "fr", "level": "C1"}],
        "countries": ["SN"],
        "sectors": ["revenue and taxation"],
        "years_experience": 18,
        "engagement": ["pro_bono"],
        "availability": [{"start": "2027-01-01", "end": "2027-12-31"}],
        "travel": True,
        "remote": True,
        "conflicts": [],
        "active": True,
    }
    record.update(overrides)
    return record


def assignment_record(**overrides: Any) -> dict[str, Any]:
    """Return a valid assignment record; keyword arguments replace fields."""
    record: dict[str, Any] = {
        "id": f"a-{next(_ids)}",
        "title": "Property tax collection reform",
        "description": "The city wants to raise its property tax collection rate.",
        "partner": "Municipality of Thiès",
        "country": "SN",
        "sector": "revenue and taxation",
        "required_skills": ["property tax administration"],
        "preferred_skills": ["citizen engagement"],
        "languages": [{"code": "fr", "level": "B2"}],
        "engagement": "pro_bono",
        "start": "2027-03-01",
        "end": "2027-04-15",
        "mode": "in_country",
        "positions": 1,
        "min_years": 5,
    }
    record.update(overrides)
    return record
