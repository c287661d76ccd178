"""Accounts and roles."""

from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from models.base import utcnow


class Role(StrEnum):
    """What an account may do; see web/permissions.py for the table."""

    APPLICANT = "applicant"
    MEMBER = "member"
    COORDINATOR = "coordinator"
    ADMIN = "admin"


class UserBase(SQLModel):
    email: str = Field(max_length=254, unique=True, index=True)
    name: str = Field(default="", max_length=200)
    role: Role = Field(default=Role.APPLICANT, max_length=20)


class User(UserBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    password_hash: str = Field(max_length=255)
    is_active: bool = True
    # Rotated to log a person out everywhere: sessions carry it and stop matching.
    session_token: str = Field(default_factory=lambda: secrets.token_hex(16), max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    last_login_at: datetime | None = None

    # Flask-Login's protocol.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"


class UserPublic(UserBase):
    id: int
    created_at: datetime


class ApiToken(SQLModel, table=True):
    """A personal API token; only its hash is stored."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    name: str = Field(default="", max_length=100)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None


class ApiTokenPublic(SQLModel):
    """A personal API token as its owner sees it (never the token itself)."""

    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
