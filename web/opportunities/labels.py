"""Names and labels that people's pages show for codes (levels, terms, modes, places)."""

from __future__ import annotations

from typing import Any

from matcher.codes import country_name, language_name

LEVEL_LABELS = {
    "A1": "A1 · beginner",
    "A2": "A2 · elementary",
    "B1": "B1 · intermediate",
    "B2": "B2 · upper intermediate",
    "C1": "C1 · advanced",
    "C2": "C2 · proficient",
    "native": "native",
}
ENGAGEMENT_LABELS = {"pro_bono": "Pro bono", "paid": "Paid"}
MODE_LABELS = {"in_country": "In country", "remote": "Remote", "hybrid": "Hybrid"}


def template_helpers() -> dict[str, Any]:
    """Offer the code tables' names and labels to the templates of people's pages."""
    return {
        "country_name": country_name,
        "language_name": language_name,
        "level_label": lambda level: LEVEL_LABELS.get(level, level),
        "engagement_labels": ENGAGEMENT_LABELS,
        "mode_labels": MODE_LABELS,
    }
