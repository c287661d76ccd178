"""Expert profiles: every field of FORMATS.md, plus ownership and consent."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from matcher.records import Expert as ExpertRecord
from matcher.records import expert_from_dict, expert_to_dict
from models.base import utcnow
from models.codes import (
    CountryCode,
    Engagement,
    ExperienceEntry,
    Item,
    Kind,
    LanguageLevel,
    Text,
    Window,
    partial_model,
)

# FORMATS.md keys that the table stores as JSON lists.
EXPERT_LIST_FIELDS = (
    "skills",
    "experience",
    "languages",
    "countries",
    "sectors",
    "engagement",
    "availability",
    "conflicts",
)


class ExpertBase(SQLModel):
    name: str = Field(max_length=200)
    kind: str = Field(default="member", max_length=20)
    headline: str = Field(default="", max_length=300)
    summary: str = Field(default="", max_length=20_000)
    skills: list[str] = Field(default_factory=list, sa_type=JSON)
    experience: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    languages: list[dict[str, str]] = Field(default_factory=list, sa_type=JSON)
    countries: list[str] = Field(default_factory=list, sa_type=JSON)
    sectors: list[str] = Field(default_factory=list, sa_type=JSON)
    years_experience: int = 0
    engagement: list[str] = Field(default_factory=list, sa_type=JSON)
    travel: bool = True
    remote: bool = True
    active: bool = True


class Expert(ExpertBase, table=True):
    # The FORMATS.md id: unique, stable, and the key of imports and exports.
    id: str = Field(primary_key=True, max_length=100)
    user_id: int | None = Field(default=None, foreign_key="user.id", unique=True, index=True)
    email: str = Field(default="", max_length=254)
    phone: str = Field(default="", max_length=50)
    availability: list[dict[str, str]] = Field(default_factory=list, sa_type=JSON)
    conflicts: list[str] = Field(default_factory=list, sa_type=JSON)
    # Consent to be seen by coordinators; without it the profile is in no ranking or export.
    visible: bool = True
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow, index=True)

    def to_record(self) -> ExpertRecord:
        """Return the engine's record of this profile."""
        return expert_from_dict(self.to_dict())

    def to_dict(self) -> dict[str, Any]:
        """Return the FORMATS.md record of this profile."""
        data = {key: getattr(self, key) for key in ExpertRecord.__dataclass_fields__}
        return expert_to_dict(expert_from_dict(data))

    def update_from_record(self, record: ExpertRecord) -> None:
        """Copy every FORMATS.md field of `record` onto this row."""
        for key, value in expert_to_dict(record).items():
            if key != "id":
                setattr(self, key, value)
        self.updated_at = utcnow()


class ExpertPublic(ExpertBase):
    """What a coordinator or the owner sees (personal fields included)."""

    id: str
    email: str
    phone: str
    availability: list[dict[str, str]]
    conflicts: list[str]
    visible: bool
    updated_at: datetime


class ExpertCreate(ExpertBase):
    """A new profile, every FORMATS.md field typed; the id is made when left out."""

    id: Text | None = Field(default=None, max_length=100)
    name: Text = Field(max_length=200)
    kind: Kind  # type: ignore[valid-type]
    email: str = Field(default="", max_length=254)
    phone: str = Field(default="", max_length=50)
    skills: list[Item] = Field(default_factory=list, max_length=100)
    experience: list[ExperienceEntry] = Field(default_factory=list, max_length=50)
    languages: list[LanguageLevel] = Field(default_factory=list, max_length=20)
    countries: list[CountryCode] = Field(default_factory=list, max_length=250)  # type: ignore[valid-type]
    sectors: list[Item] = Field(default_factory=list, max_length=50)
    years_experience: int = Field(default=0, ge=0, le=80)
    # Left out: pro_bono for members, paid for specialists.
    engagement: list[Engagement] | None = Field(default=None, min_length=1, max_length=2)  # type: ignore[valid-type]
    availability: list[Window] = Field(default_factory=list, max_length=50)
    conflicts: list[Item] = Field(default_factory=list, max_length=100)
    # Consent to be seen by coordinators.
    visible: bool = True


ExpertUpdate = partial_model(
    ExpertCreate, "ExpertUpdate", "Changes to a profile: a field left out stays as it is."
)
