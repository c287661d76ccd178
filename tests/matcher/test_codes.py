"""Code tables."""

from __future__ import annotations

import pytest

from matcher.codes import COUNTRIES, LANGUAGES, LEVELS, REGIONS, SECTORS, level_rank


def test_tables_are_complete() -> None:
    assert len(COUNTRIES) >= 249
    assert len(LANGUAGES) == 184
    assert set(REGIONS) == set(COUNTRIES)
    assert COUNTRIES["SN"] == "Senegal"
    assert LANGUAGES["fr"] == "French"
    assert REGIONS["SN"] == "Sub-Saharan Africa"
    assert REGIONS["JO"] == "Middle East and North Africa"
    assert REGIONS["GE"] == "Europe and Central Asia"
    assert "solid waste" in SECTORS


def test_levels_are_ordered() -> None:
    assert [level_rank(level) for level in LEVELS] == list(range(7))
    assert level_rank("native") > level_rank("C2") > level_rank("A1")
    with pytest.raises(KeyError):
        level_rank("B3")
