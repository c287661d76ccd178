"""Counterpart's matching engine: texts, embeddings, eligibility, evidence and scores."""

from matcher.codes import COUNTRIES, LANGUAGES, LEVELS, REGIONS, SECTORS, level_rank
from matcher.embeddings import (
    CachedEmbedder,
    DiskStore,
    Embedder,
    MemoryStore,
    VectorStore,
    load_embedder,
    text_hash,
)
from matcher.errors import InputError, MatcherError, RecordError, UnknownIdError
from matcher.records import (
    Assignment,
    ExperienceEntry,
    Expert,
    Language,
    LineError,
    Window,
    assignment_from_dict,
    assignment_to_dict,
    expert_from_dict,
    expert_to_dict,
    parse_jsonl,
    read_jsonl,
)
from matcher.rules import RuleResult, check_rules
from matcher.texts import ProfileText, Requirement, expert_texts, requirements

__all__ = [
    "COUNTRIES",
    "LANGUAGES",
    "LEVELS",
    "REGIONS",
    "SECTORS",
    "Assignment",
    "CachedEmbedder",
    "DiskStore",
    "Embedder",
    "ExperienceEntry",
    "Expert",
    "InputError",
    "Language",
    "LineError",
    "MatcherError",
    "MemoryStore",
    "ProfileText",
    "RecordError",
    "Requirement",
    "RuleResult",
    "UnknownIdError",
    "VectorStore",
    "Window",
    "assignment_from_dict",
    "assignment_to_dict",
    "check_rules",
    "expert_from_dict",
    "expert_texts",
    "expert_to_dict",
    "level_rank",
    "load_embedder",
    "parse_jsonl",
    "read_jsonl",
    "requirements",
    "text_hash",
]
