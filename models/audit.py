"""The audit trail and the learned weight sets."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from models.base import utcnow


class AuditEvent(SQLModel, table=True):
    """An append-only record of who changed what, and when."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    action: str = Field(max_length=60, index=True)
    target_type: str = Field(max_length=40)
    target_id: str = Field(max_length=100)
    detail: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)


class WeightSet(SQLModel, table=True):
    """A set of score component weights; exactly one is active at a time (none = defaults)."""

    __tablename__ = "weight_set"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    weights: dict[str, float] = Field(default_factory=dict, sa_type=JSON)
    metrics: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    active: bool = False
    created_by: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow)
