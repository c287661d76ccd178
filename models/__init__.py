"""SQLModel tables and their read/write schemas."""

from models.assignments import (
    Assignment,
    AssignmentCreate,
    AssignmentPublic,
    AssignmentStatus,
    AssignmentUpdate,
    Partner,
    PartnerRequest,
    PartnerRequestCreate,
    PartnerRequestPublic,
    PartnerRequestUpdate,
    RequestStatus,
)
from models.audit import AuditEvent, WeightSet
from models.candidates import (
    DECLINE_REASONS,
    TRANSITIONS,
    Application,
    ApplicationPublic,
    Candidate,
    CandidateEvent,
    CandidateEventPublic,
    CandidatePublic,
    CandidateStatus,
    CandidateStatusChange,
)
from models.changes import ExpertChange, ExpertVersion
from models.embeddings import Embedding
from models.experts import Expert, ExpertCreate, ExpertPublic, ExpertUpdate
from models.users import ApiToken, ApiTokenPublic, Role, User, UserPublic

__all__ = [
    "DECLINE_REASONS",
    "TRANSITIONS",
    "ApiToken",
    "ApiTokenPublic",
    "Application",
    "ApplicationPublic",
    "Assignment",
    "AssignmentCreate",
    "AssignmentPublic",
    "AssignmentStatus",
    "AssignmentUpdate",
    "AuditEvent",
    "Candidate",
    "CandidateEvent",
    "CandidateEventPublic",
    "CandidatePublic",
    "CandidateStatus",
    "CandidateStatusChange",
    "Embedding",
    "Expert",
    "ExpertChange",
    "ExpertCreate",
    "ExpertPublic",
    "ExpertUpdate",
    "ExpertVersion",
    "Partner",
    "PartnerRequest",
    "PartnerRequestCreate",
    "PartnerRequestPublic",
    "PartnerRequestUpdate",
    "RequestStatus",
    "Role",
    "User",
    "UserPublic",
    "WeightSet",
]
