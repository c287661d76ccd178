"""Partners, their requests, and the assignments made from them."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from matcher.records import Assignment as AssignmentRecord
from matcher.records import assignment_from_dict, assignment_to_dict
from models.base import utcnow
from models.codes import (
    CountryCode,
    Day,
    Engagement,
    Item,
    LanguageLevel,
    Mode,
    NoCountry,
    Text,
    partial_model,
)


class Partner(SQLModel, table=True):
    """A partner municipality, municipal association or ministry."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True, index=True)
    country: str = Field(default="", max_length=2)
    created_at: datetime = Field(default_factory=utcnow)


class RequestStatus(StrEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    STAFFED = "staffed"
    CLOSED = "closed"


class PartnerRequestBase(SQLModel):
    title: str = Field(max_length=300)
    description: str = Field(default="", max_length=20_000)
    country: str = Field(default="", max_length=2)
    sector: str = Field(default="", max_length=100)
    status: RequestStatus = Field(default=RequestStatus.NEW, max_length=20)
    received_on: date | None = None


class PartnerRequest(PartnerRequestBase, table=True):
    __tablename__ = "partner_request"

    id: int | None = Field(default=None, primary_key=True)
    partner_id: int = Field(foreign_key="partner.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)


class AssignmentStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CLOSED = "closed"


class AssignmentBase(SQLModel):
    title: str = Field(max_length=300)
    description: str = Field(max_length=20_000)
    country: str = Field(default="", max_length=2)
    sector: str = Field(default="", max_length=100)
    required_skills: list[str] = Field(default_factory=list, sa_type=JSON)
    preferred_skills: list[str] = Field(default_factory=list, sa_type=JSON)
    languages: list[dict[str, str]] = Field(default_factory=list, sa_type=JSON)
    engagement: str = Field(default="pro_bono", max_length=20)
    start: date | None = Field(default=None, sa_column_kwargs={"name": "start_date"})
    end: date | None = Field(default=None, sa_column_kwargs={"name": "end_date"})
    mode: str = Field(default="in_country", max_length=20)
    positions: int = 1
    min_years: int = 0
    status: AssignmentStatus = Field(default=AssignmentStatus.DRAFT, max_length=20)
    deadline: date | None = None


class Assignment(AssignmentBase, table=True):
    # The FORMATS.md id: unique, stable, and the key of imports and exports.
    id: str = Field(primary_key=True, max_length=100)
    partner_id: int | None = Field(default=None, foreign_key="partner.id", index=True)
    request_id: int | None = Field(default=None, foreign_key="partner_request.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    @property
    def published(self) -> bool:
        return self.status == AssignmentStatus.PUBLISHED

    def to_record(self, partner_name: str = "") -> AssignmentRecord:
        """Return the engine's record of this assignment."""
        return assignment_from_dict(self.to_dict(partner_name))

    def to_dict(self, partner_name: str = "") -> dict[str, Any]:
        """Return the FORMATS.md record of this assignment."""
        data: dict[str, Any] = {
            key: getattr(self, key)
            for key in AssignmentRecord.__dataclass_fields__
            if key != "partner"
        }
        data["partner"] = partner_name
        for key in ("start", "end"):
            if data[key] is not None:
                data[key] = data[key].isoformat()
        return assignment_to_dict(assignment_from_dict(data))

    def update_from_record(self, record: AssignmentRecord) -> None:
        """Copy every FORMATS.md field of `record` but the partner onto this row."""
        for key, value in assignment_to_dict(record).items():
            if key not in ("id", "partner"):
                setattr(self, key, value)
        self.start, self.end = record.start, record.end
        self.updated_at = utcnow()


class AssignmentPublic(AssignmentBase):
    id: str
    partner: str = ""
    request_id: int | None = None


MAX_INT = 2**31 - 1  # the database's integer


class AssignmentCreate(AssignmentBase):
    """A new assignment, every FORMATS.md field typed; the id is made when left out."""

    id: Text | None = Field(default=None, max_length=100)
    title: Text = Field(max_length=300)
    partner: str = Field(default="", max_length=200)
    country: CountryCode | NoCountry = ""  # type: ignore[valid-type]
    required_skills: list[Item] = Field(default_factory=list, max_length=100)
    preferred_skills: list[Item] = Field(default_factory=list, max_length=100)
    languages: list[LanguageLevel] = Field(default_factory=list, max_length=20)
    engagement: Engagement = Engagement.pro_bono  # type: ignore[valid-type,attr-defined]
    start: Day | None = None
    end: Day | None = None
    mode: Mode = Mode.in_country  # type: ignore[valid-type,attr-defined]
    positions: int = Field(default=1, ge=1, le=100)
    min_years: int = Field(default=0, ge=0, le=80)
    deadline: Day | None = None
    # The partner request this assignment answers, if any.
    request_id: int | None = Field(default=None, ge=1, le=MAX_INT)


AssignmentUpdate = partial_model(
    AssignmentCreate, "AssignmentUpdate", "Changes to an assignment: a field left out stays."
)


class PartnerRequestCreate(PartnerRequestBase):
    """A partner's request for assistance."""

    partner: Text = Field(max_length=200)
    title: Text = Field(max_length=300)
    country: CountryCode | NoCountry = ""  # type: ignore[valid-type]
    received_on: Day | None = None


PartnerRequestUpdate = partial_model(
    PartnerRequestCreate, "PartnerRequestUpdate", "Changes to a request: a field left out stays."
)


class PartnerRequestPublic(PartnerRequestBase):
    id: int
    partner: str
    assignments: int = 0
    created_at: datetime
