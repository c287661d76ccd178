"""Change stamps of expert profiles: how every worker learns, from the database, what changed.

Each transaction that adds, edits or deletes experts bumps the single `expert_version` row
and writes one `expert_change` row per expert it touched, with the new version, in the same
transaction (web.services.matching hooks this onto every session's flush). The counter row
is locked until the transaction commits, so versions become visible in order: a worker that
has applied every change up to version v asks only for the rows after v.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from models.base import utcnow


class ExpertVersion(SQLModel, table=True):
    __tablename__ = "expert_version"

    id: int = Field(default=1, primary_key=True)
    version: int = 0


class ExpertChange(SQLModel, table=True):
    __tablename__ = "expert_change"

    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(index=True)
    # None: a bulk statement changed experts without naming them (reload everything).
    expert_id: str | None = Field(default=None, max_length=100)
    changed_at: datetime = Field(default_factory=utcnow)
