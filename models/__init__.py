"""SQLModel tables and their read/write schemas."""

from models.assignments import (
    Assignment,
    AssignmentPublic,
    AssignmentStatus,
    Partner,
    PartnerRequest,
    RequestStatus,
)
from models.audit import AuditEvent, WeightSet
from models.candidates import (
    DECLINE_REASONS,
    TRANSITIONS,
    Application,
    Candidate,
    CandidateEvent,
    CandidateStatus,
)
from models.embeddings import Embedding
from models.experts import Expert, ExpertPublic
from models.users import ApiToken, Role, User, UserPublic

__all__ = [
    "DECLINE_REASONS",
    "TRANSITIONS",
    "ApiToken",
    "Application",
    "Assignment",
    "AssignmentPublic",
    "AssignmentStatus",
    "AuditEvent",
    "Candidate",
    "CandidateEvent",
    "CandidateStatus",
    "Embedding",
    "Expert",
    "ExpertPublic",
    "Partner",
    "PartnerRequest",
    "RequestStatus",
    "Role",
    "User",
    "UserPublic",
    "WeightSet",
]
