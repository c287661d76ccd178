"""The API's own schemas: pages, problems, query parameters, and the engine's Score record."""

from __future__ import annotations

from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from matcher.codes import REGIONS
from models import (
    AssignmentPublic,
    AssignmentStatus,
    CandidateEventPublic,
    CandidatePublic,
    CandidateStatus,
    RequestStatus,
)
from models.assignments import MAX_INT
from models.codes import CountryCode, Engagement, Kind, LanguageCode, Level, Mode

T = TypeVar("T")
MAX_LIMIT = 200
CURSOR_PATTERN = r"^[A-Za-z0-9_-]+$"


class Page(BaseModel, Generic[T]):
    """One page of a list, in a stable order; pass next_cursor back as `cursor` for the next."""

    items: list[T]
    next_cursor: str | None = Field(
        description="The cursor of the next page; null on the last page."
    )


class Items(BaseModel, Generic[T]):
    """A whole (short) list."""

    items: list[T]


class Problem(BaseModel):
    """An RFC 9457 problem document: what went wrong, and the field at fault if there is one."""

    model_config = ConfigDict(title="Problem")

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    field: str | None = Field(default=None, description="The input field at fault.")
    errors: list[str] | None = Field(
        default=None, description="Every problem found, e.g. each bad line of an import."
    )


# Query parameters ------------------------------------------------------------------------------


class PageQuery(BaseModel):
    limit: int = Field(default=50, ge=1, le=MAX_LIMIT, description="Items per page.")
    cursor: str | None = Field(
        default=None,
        max_length=400,
        pattern=CURSOR_PATTERN,
        description="Where to continue: the `next_cursor` of the page before.",
    )


class ExpertQuery(PageQuery):
    kind: Kind | None = None  # type: ignore[valid-type]
    active: bool | None = Field(default=None, description="Only active (or inactive) experts.")
    country: CountryCode | None = Field(  # type: ignore[valid-type]
        default=None, description="Has worked in this country."
    )
    language: LanguageCode | None = Field(  # type: ignore[valid-type]
        default=None, description="Speaks this language."
    )
    sector: str | None = Field(default=None, max_length=100, description="Lists this sector.")
    q: str | None = Field(default=None, max_length=200, description="Text in the name or headline.")


class AssignmentQuery(PageQuery):
    status: AssignmentStatus | None = Field(
        default=None, description="Applicants and members see published ones only."
    )
    country: CountryCode | None = None  # type: ignore[valid-type]
    sector: str | None = Field(default=None, max_length=100)
    engagement: Engagement | None = None  # type: ignore[valid-type]
    mode: Mode | None = None  # type: ignore[valid-type]
    request_id: int | None = Field(default=None, ge=1, le=MAX_INT)
    q: str | None = Field(
        default=None, max_length=200, description="Text in the title or description."
    )


class RequestQuery(PageQuery):
    status: RequestStatus | None = None
    country: CountryCode | None = None  # type: ignore[valid-type]
    q: str | None = Field(default=None, max_length=200, description="Text in the title or partner.")


class ApplicationQuery(PageQuery):
    assignment_id: str | None = Field(default=None, max_length=100)


Region = Literal[tuple(sorted(set(REGIONS.values())))]  # type: ignore[valid-type]


class CandidateQuery(BaseModel):
    limit: int = Field(default=20, ge=1, le=500, description="How many to rank.")
    kind: Kind | None = None  # type: ignore[valid-type]
    engagement: Engagement | None = None  # type: ignore[valid-type]
    country: CountryCode | None = Field(  # type: ignore[valid-type]
        default=None, description="Has worked in this country."
    )
    region: Region | None = Field(default=None, description="Has worked in this region.")
    language: LanguageCode | None = None  # type: ignore[valid-type]
    level: Level | None = Field(  # type: ignore[valid-type]
        default=None, description="With `language`: at least this level."
    )
    available: bool = Field(default=False, description="Only confirmed availability.")
    include_ineligible: bool = Field(
        default=False, description="Also list those who fail a hard rule, with the rule named."
    )


class RecommendationQuery(BaseModel):
    limit: int = Field(default=20, ge=1, le=MAX_LIMIT)
    include_ineligible: bool = True


# The engine's explanation ----------------------------------------------------------------------


class RuleResultRecord(BaseModel):
    name: str
    status: Literal["passed", "failed", "partial", "unconfirmed"]
    message: str


class EvidenceRecord(BaseModel):
    requirement: str
    kind: str
    text: str
    source: str
    similarity: float
    strength: Literal["strong", "partial", "weak", "missing"]


class ScoreRecord(BaseModel):
    """The Score record of the command line: the components add up to the score."""

    assignment_id: str
    expert_id: str
    score: float
    eligible: bool
    failed_rules: list[str]
    components: dict[str, float]
    evidence: list[EvidenceRecord]
    rules: list[RuleResultRecord]
    summary: str


class ExpertBrief(BaseModel):
    id: str
    name: str
    kind: str
    headline: str


class RankedCandidate(BaseModel):
    rank: int
    expert: ExpertBrief
    status: CandidateStatus | None = Field(description="The decision so far; null if none.")
    applied: bool
    score: ScoreRecord


class Ranking(BaseModel):
    """The ranked candidates of an assignment; those failing a hard rule apart, if asked."""

    assignment_id: str
    eligible: list[RankedCandidate]
    ineligible: list[RankedCandidate]


class Recommendation(BaseModel):
    assignment: AssignmentPublic
    score: ScoreRecord


class CandidateHistory(BaseModel):
    candidate: CandidatePublic
    events: list[CandidateEventPublic]


class ImportResult(BaseModel):
    kind: Literal["experts", "assignments"]
    created: int
    updated: int


class Me(BaseModel):
    id: int
    email: str
    name: str
    role: str
    expert_id: str | None = Field(description="Your own profile's id, if you have one.")
