"""Shared column helpers."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime


def utcnow() -> datetime:
    """Return the current time in UTC, timezone-aware (SQLModel stores it as UTC)."""
    return datetime.now(UTC)


def new_id(prefix: str) -> str:
    """Return a fresh random id with a readable prefix, e.g. 'm-3f9a1c2b7d'."""
    return f"{prefix}-{secrets.token_hex(5)}"
