"""Stored text vectors, keyed by (model, text hash), so no text is encoded twice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import utcnow


class Embedding(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("model", "text_hash"),)

    id: int | None = Field(default=None, primary_key=True)
    model: str = Field(max_length=200, index=True)
    text_hash: str = Field(max_length=64)
    dim: int
    vector: bytes = Field(sa_type=LargeBinary)  # float32, little-endian
    created_at: datetime = Field(default_factory=utcnow)
