"""Code tables: countries with regions, languages, CEFR levels and sectors."""

from __future__ import annotations

from importlib import resources


def _read_table(name: str) -> list[list[str]]:
    """Return the rows of a tab-separated table shipped in matcher/data."""
    text = resources.files("matcher").joinpath("data", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


_COUNTRY_ROWS = _read_table("countries.tsv")

COUNTRIES: dict[str, str] = {row[0]: row[1] for row in _COUNTRY_ROWS}
"""ISO 3166-1 alpha-2 code -> English name (every assigned code, plus XK Kosovo)."""

REGIONS: dict[str, str] = {row[0]: row[2] for row in _COUNTRY_ROWS}
"""ISO 3166-1 alpha-2 code -> World Bank region name."""

LANGUAGES: dict[str, str] = {row[0]: row[1] for row in _read_table("languages.tsv")}
"""ISO 639-1 code -> English name (all 184)."""

LEVELS: tuple[str, ...] = ("A1", "A2", "B1", "B2", "C1", "C2", "native")
"""CEFR language levels, lowest first."""

_LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}

SECTORS: tuple[str, ...] = (
    "public finance",
    "budgeting",
    "revenue and taxation",
    "procurement",
    "water and sanitation",
    "solid waste",
    "urban planning",
    "land management",
    "housing",
    "transportation",
    "local economic development",
    "tourism",
    "governance and transparency",
    "anti-corruption",
    "citizen engagement",
    "e-government",
    "public safety",
    "emergency management",
    "disaster risk reduction",
    "climate resilience",
    "energy efficiency",
    "public health",
    "social services",
    "human resources",
    "performance management",
    "asset management",
    "utilities",
    "parks and recreation",
    "gender and inclusion",
    "intergovernmental relations",
    "decentralization",
)
"""Suggested sector names of FORMATS.md (free text is allowed too)."""


def level_rank(level: str) -> int:
    """Return the position of a CEFR level (A1 = 0 ... native = 6); raise KeyError if unknown."""
    return _LEVEL_RANK[level]


def normalize_level(level: str) -> str | None:
    """Return the canonical spelling of a level ("b2" -> "B2", "Native" -> "native"), or None."""
    cleaned = level.strip()
    if cleaned.lower() == "native":
        return "native"
    cleaned = cleaned.upper()
    return cleaned if cleaned in _LEVEL_RANK else None


def country_name(code: str) -> str:
    """Return the English name of a country code, or the code itself when unknown."""
    return COUNTRIES.get(code, code)


def language_name(code: str) -> str:
    """Return the English name of a language code, or the code itself when unknown."""
    return LANGUAGES.get(code, code)
