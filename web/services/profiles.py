"""A person's own profile: create, edit, validate, save, complete it; embed what changed.

The editor posts the whole profile as a ProfileDraft (text as typed). Saving turns it into a
FORMATS.md record, validates it with the engine's reader (so the error names the field) and
stores it; the profile's texts are then embedded in the background, so the page does not wait.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

import numpy as np
from sqlalchemy import func
from sqlmodel import Session, select

from matcher.codes import COUNTRIES, LANGUAGES, country_name
from matcher.embeddings import CachedEmbedder
from matcher.errors import RecordError
from matcher.records import Expert as ExpertRecord
from matcher.records import expert_from_dict
from matcher.texts import expert_texts
from models import Assignment, AssignmentStatus, Expert, Role, User
from models.base import new_id, utcnow
from web.services import audit
from web.services.errors import NotFound, ValidationFailed
from web.services.matching import current_version, matching

ROW_FIELDS: dict[str, tuple[str, ...]] = {
    "experience": ("title", "organization", "country", "start", "end", "description"),
    "languages": ("code", "level"),
    "availability": ("start", "end"),
}
MAX_ROWS = 50  # of each repeated section: a profile, not a CV database
MAX_SKILLS = 100
MIN_SUMMARY = 120  # characters: two or three sentences, each a piece of evidence
T = TypeVar("T")
KIND_OF_ROLE = {Role.MEMBER: "member", Role.APPLICANT: "specialist"}


# Drafts: the profile as the editor posts it --------------------------------------------------


@dataclass
class ProfileDraft:
    """Every field a person owns, as typed; rows are dicts of ROW_FIELDS."""

    name: str = ""
    phone: str = ""
    headline: str = ""
    summary: str = ""
    skills: list[str] = field(default_factory=list)
    experience: list[dict[str, str]] = field(default_factory=list)
    languages: list[dict[str, str]] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    years_experience: str = "0"
    engagement: list[str] = field(default_factory=list)
    availability: list[dict[str, str]] = field(default_factory=list)
    travel: bool = True
    remote: bool = True
    conflicts: list[str] = field(default_factory=list)
    active: bool = True
    visible: bool = False

    def cleaned(self) -> ProfileDraft:
        """Return the draft without blank rows (rows added but never filled in)."""
        return replace(
            self,
            **{
                section: [r for r in getattr(self, section) if not _blank(r)]
                for section in ROW_FIELDS
            },
        )

    @classmethod
    def of(cls, expert: Expert) -> ProfileDraft:
        """Return the draft of a stored profile."""
        return cls(
            name=expert.name,
            phone=expert.phone,
            headline=expert.headline,
            summary=expert.summary,
            skills=list(expert.skills),
            experience=[_row("experience", entry) for entry in expert.experience],
            languages=[_row("languages", lang) for lang in expert.languages],
            countries=list(expert.countries),
            sectors=list(expert.sectors),
            years_experience=str(expert.years_experience),
            engagement=list(expert.engagement),
            availability=[_row("availability", window) for window in expert.availability],
            travel=expert.travel,
            remote=expert.remote,
            conflicts=list(expert.conflicts),
            active=expert.active,
            visible=expert.visible,
        )


def _row(section: str, data: dict[str, Any]) -> dict[str, str]:
    return {key: "" if data.get(key) is None else str(data[key]) for key in ROW_FIELDS[section]}


def _blank(row: dict[str, str]) -> bool:
    return not any(value.strip() for value in row.values())


# Editing actions that change the shape of the draft (no saving) -------------------------------

_ACTION = re.compile(r"^(add|remove|up|down)-(experience|languages|availability)(?:-(\d+))?$")


def apply_action(draft: ProfileDraft, action: str, *, new_skill: str = "") -> ProfileDraft:
    """Add, remove or move a row, or add a skill; raise ValidationFailed for an unknown action."""
    if action == "add-skill":
        skill = " ".join(new_skill.split())
        if skill and skill.lower() not in {s.lower() for s in draft.skills}:
            return replace(draft, skills=[*draft.skills, skill])
        return draft
    if action.startswith("use-skill-"):
        index, _, canonical = action.removeprefix("use-skill-").partition("-")
        skills = list(draft.skills)
        if not index.isdigit() or int(index) >= len(skills) or not canonical:
            raise ValidationFailed("That suggestion is out of date; look again.", field="skills")
        skills[int(index)] = canonical
        return replace(draft, skills=list(dict.fromkeys(skills)))
    match = _ACTION.match(action)
    if match is None:
        raise ValidationFailed(f"Unknown action {action!r}.", field="action")
    verb, section, raw_index = match.groups()
    rows = [dict(row) for row in getattr(draft, section)]
    if verb == "add":
        if len(rows) >= MAX_ROWS:
            raise ValidationFailed(f"At most {MAX_ROWS} entries.", field=section)
        rows.append(dict.fromkeys(ROW_FIELDS[section], ""))
        return replace(draft, **{section: rows})
    index = int(raw_index or -1)
    if not 0 <= index < len(rows):
        raise ValidationFailed(f"No entry {raw_index} in {section}.", field=section)
    if verb == "remove":
        del rows[index]
    else:
        other = index - 1 if verb == "up" else index + 1
        if 0 <= other < len(rows):
            rows[index], rows[other] = rows[other], rows[index]
    return replace(draft, **{section: rows})


# Validation: draft -> FORMATS.md record -------------------------------------------------------

_COUNTRY_BY_NAME = {name.lower(): code for code, name in COUNTRIES.items()}
_LABELS = {
    "experience": "Experience",
    "languages": "Language",
    "availability": "Availability window",
    "countries": "Countries",
    "years_experience": "Years of experience",
    "engagement": "Engagement",
    "name": "Name",
}


def country_code(text: str) -> str | None:
    """Return the ISO code of a country given by code or English name, or None."""
    cleaned = text.strip()
    if cleaned.upper() in COUNTRIES:
        return cleaned.upper()
    return _COUNTRY_BY_NAME.get(cleaned.lower())


def field_label(path: str) -> str:
    """Turn a record path like 'experience[1].end' into 'Experience 2, end'."""
    match = re.match(r"^(\w+)(?:\[(\d+)\])?(?:\.(\w+))?$", path)
    if match is None:
        return path
    section, index, key = match.groups()
    label = _LABELS.get(section, section.replace("_", " ").capitalize())
    if index is not None and section in ROW_FIELDS:
        label = f"{label} {int(index) + 1}"
    if key:
        label = f"{label}, {key}"
    return label


def draft_record(draft: ProfileDraft, *, expert_id: str, kind: str, email: str) -> ExpertRecord:
    """Validate a draft as a FORMATS.md expert; raise ValidationFailed naming the field."""
    countries: list[str] = []
    for text in draft.countries:
        code = country_code(text)
        if code is None:
            raise ValidationFailed(
                f"Countries: we do not know the country {text.strip()!r}; use its English "
                "name or its two-letter code.",
                field="countries",
            )
        countries.append(code)
    years = draft.years_experience.strip() or "0"
    if not re.fullmatch(r"\d{1,2}", years):
        raise ValidationFailed(
            "Years of experience: give a whole number from 0 to 99.", field="years_experience"
        )
    if len(draft.skills) > MAX_SKILLS:
        raise ValidationFailed(f"Skills: list at most {MAX_SKILLS}.", field="skills")
    data: dict[str, Any] = {
        "id": expert_id,
        "name": " ".join(draft.name.split()),
        "kind": kind,
        "email": email,
        "phone": draft.phone,
        "headline": draft.headline,
        "summary": draft.summary,
        "skills": list(dict.fromkeys(" ".join(s.split()) for s in draft.skills if s.strip())),
        "experience": [
            {**row, "country": row["country"].strip() or None, "end": row["end"] or None}
            for row in draft.experience
        ],
        "languages": draft.languages,
        "countries": countries,
        "sectors": list(dict.fromkeys(s.strip().lower() for s in draft.sectors if s.strip())),
        "years_experience": int(years),
        "engagement": draft.engagement,
        "availability": [
            {key: value or None for key, value in row.items()} for row in draft.availability
        ],
        "travel": draft.travel,
        "remote": draft.remote,
        "conflicts": [c for c in draft.conflicts if c.strip()],
        "active": draft.active,
    }
    if not data["name"]:
        raise ValidationFailed("Name: tell coordinators who you are.", field="name")
    if not draft.engagement:
        raise ValidationFailed(
            "Engagement: tick pro bono, paid or both, so we know what you accept.",
            field="engagement",
        )
    try:
        record = expert_from_dict(data)
    except RecordError as exc:
        raise ValidationFailed(f"{field_label(exc.field)}: {exc.problem}", field=exc.field) from exc
    _check_lengths(record)
    return record


_MAX_LENGTHS = {"name": 200, "headline": 300, "summary": 20_000, "phone": 50}


def _check_lengths(record: ExpertRecord) -> None:
    for key, limit in _MAX_LENGTHS.items():
        if len(getattr(record, key)) > limit:
            raise ValidationFailed(
                f"{field_label(key)}: keep it under {limit} characters.", field=key
            )


# Reading and saving ---------------------------------------------------------------------------


def profile_of(*, session: Session, user: User) -> Expert | None:
    """Return the person's own profile, or None if they have none yet."""
    return session.exec(select(Expert).where(Expert.user_id == user.id)).first()


def create_profile(*, session: Session, user: User) -> Expert:
    """Give a member or applicant an empty profile, hidden until they consent (no commit)."""
    kind = KIND_OF_ROLE.get(Role(user.role))
    if kind is None:
        raise ValidationFailed("Only members and applicants have a profile.", field="role")
    expert = Expert(
        id=new_id("m"),
        user_id=user.id,
        name=user.name or user.email.split("@")[0],
        kind=kind,
        email=user.email,
        engagement=["pro_bono"] if kind == "member" else ["paid"],
        visible=False,
    )
    session.add(expert)
    session.flush()
    return expert


def own_profile(*, session: Session, user: User) -> Expert:
    """Return the person's profile, creating an empty one on first use (no commit)."""
    return profile_of(session=session, user=user) or create_profile(session=session, user=user)


@dataclass(frozen=True)
class Saved:
    """A saved profile, and the background job embedding its texts."""

    expert: Expert
    embedding: Future[int]


def save_profile(*, session: Session, user: User, draft: ProfileDraft) -> Saved:
    """Validate and store the whole profile; embed its new texts after the commit, in the back."""
    embedder = matching().embedder  # cheap: the model loads on the first encode, in the back
    expert = own_profile(session=session, user=user)
    draft = draft.cleaned()
    record = draft_record(draft, expert_id=expert.id, kind=expert.kind, email=user.email)
    expert.update_from_record(record)
    session.add(expert)
    set_consent(session=session, user=user, expert=expert, visible=draft.visible)
    session.commit()
    return Saved(expert, embed_later(embedder, [t.text for t in expert_texts(record)]))


def set_consent(*, session: Session, user: User, expert: Expert, visible: bool) -> None:
    """Give or withdraw consent to be seen by coordinators, audited (the caller commits)."""
    if expert.visible == visible:
        return
    expert.visible = visible
    expert.updated_at = utcnow()  # the ranking index refits on the next request
    session.add(expert)
    audit.record(
        session=session,
        actor=user,
        action="profile.consent",
        target_type="expert",
        target_id=expert.id,
        visible=visible,
    )


def set_visibility(*, session: Session, user: User, visible: bool) -> Expert:
    """Give or withdraw consent from the person's own profile; rankings follow at once."""
    expert = profile_of(session=session, user=user)
    if expert is None:
        raise NotFound("You have no profile yet.", field="profile")
    set_consent(session=session, user=user, expert=expert, visible=visible)
    session.commit()
    return expert


# Embedding in the background --------------------------------------------------------------

_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()
_pending: set[Future[Any]] = set()


def _pool() -> ThreadPoolExecutor:
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="embed-profile")
        return _executor


def embed_later(embedder: CachedEmbedder, texts: Sequence[str]) -> Future[int]:
    """Encode texts in the background (only those never seen); the future gives how many."""

    def run() -> int:
        before = embedder.encoded
        embedder.encode(list(texts))
        return embedder.encoded - before

    return _track(_pool().submit(run))


def _track(future: Future[T]) -> Future[T]:
    """Remember a background job until it is done (see wait_for_embeddings)."""
    with _executor_lock:
        _pending.add(future)
    future.add_done_callback(_forget)
    return future


def _forget(future: Future[Any]) -> None:
    with _executor_lock:
        _pending.discard(future)


def wait_for_embeddings(timeout: float = 60) -> None:
    """Wait for the background embeddings under way (tests, and a clean shutdown)."""
    with _executor_lock:
        pending = list(_pending)
    for future in pending:
        future.result(timeout=timeout)


# Skills in use, and the common name of a skill ---------------------------------------------


@dataclass(frozen=True)
class SkillUse:
    name: str
    count: int


@dataclass(frozen=True)
class SkillSuggestion:
    """'You wrote PPP; most say public-private partnerships.'"""

    index: int
    typed: str
    canonical: str
    uses: int
    reason: str  # same spelling | abbreviation | same meaning


SIMILAR_SKILL = 0.85  # cosine of MiniLM: measured in the README (Members and applicants)
SUGGESTION_WAIT = 0.8  # seconds the editor waits for meaning-based suggestions
MAX_VOCABULARY = 2_000
_vocabulary_cache: dict[tuple[Any, ...], list[SkillUse]] = {}
_STOP = {"and", "of", "the", "for", "in", "on", "&", "to", "a"}


def _spelling_key(skill: str) -> str:
    return re.sub(r"[^0-9a-z]", "", skill.lower())


def _initials(skill: str) -> str:
    words = [w for w in re.split(r"[\s\-/]+", skill.lower()) if w and w not in _STOP]
    return "".join(w[0] for w in words if w[0].isalnum())


def _acronym(skill: str) -> str | None:
    """Return the letters of an abbreviation like 'PPP' or 'PPPs', else None."""
    cleaned = skill.strip()
    match = re.fullmatch(r"([A-Z]{2,6})s?", cleaned)
    return match.group(1).lower() if match else None


def skill_vocabulary(*, session: Session) -> list[SkillUse]:
    """Return the skills in use (visible profiles, published assignments), most used first."""
    assignments = session.exec(
        select(func.count(), func.max(Assignment.updated_at)).where(
            Assignment.status == AssignmentStatus.PUBLISHED
        )
    ).one()
    key = (str(session.get_bind().url), current_version(session), tuple(assignments))
    cached = _vocabulary_cache.get(key)
    if cached is not None:
        return cached
    counts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}

    def count(skills: Iterable[str]) -> None:
        for skill in {" ".join(s.split()) for s in skills if s.strip()}:
            counts[skill.lower()] += 1
            spellings.setdefault(skill.lower(), Counter())[skill] += 1

    for skills in session.exec(select(Expert.skills).where(Expert.visible == True)):  # noqa: E712
        count(skills)
    for required, preferred in session.exec(
        select(Assignment.required_skills, Assignment.preferred_skills).where(
            Assignment.status == AssignmentStatus.PUBLISHED
        )
    ):
        count([*required, *preferred])
    vocabulary = [
        SkillUse(spellings[lower].most_common(1)[0][0], n)
        for lower, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ][:MAX_VOCABULARY]
    _vocabulary_cache.clear()  # one entry: the current version of the data
    _vocabulary_cache[key] = vocabulary
    return vocabulary


def _vectors_within(
    embedder: CachedEmbedder, texts: Sequence[str], seconds: float
) -> np.ndarray | None:
    """Encode texts in the background; return None if that takes longer than `seconds`.

    The first look after a restart may load the model or meet new skills: the page does not
    wait for that, and the meaning-based suggestions appear on the next visit.
    """
    if not texts:
        return None
    future = _track(_pool().submit(embedder.encode, list(texts)))
    try:
        return future.result(timeout=seconds)
    except FutureTimeout:
        return None


def skill_suggestions(
    *, session: Session, skills: Sequence[str], wait: float = SUGGESTION_WAIT
) -> list[SkillSuggestion]:
    """Suggest, for each skill, the more common name others use for the same thing."""
    vocabulary = skill_vocabulary(session=session)
    uses = {use.name.lower(): use.count for use in vocabulary}
    suggestions: list[SkillSuggestion] = []
    mine = {s.lower() for s in skills}
    names = [use.name for use in vocabulary]
    both = _vectors_within(matching().embedder, [*skills, *names], wait)
    typed_vectors = both[: len(skills)] if both is not None else None
    vectors = both[len(skills) :] if both is not None else None
    for index, skill in enumerate(skills):
        own_uses = uses.get(skill.lower(), 0)
        commoner = [
            (i, use)
            for i, use in enumerate(vocabulary)
            if use.count > own_uses and use.name.lower() not in mine
        ]
        found = _same_skill(skill, commoner)
        if found is None and typed_vectors is not None and vectors is not None and commoner:
            rows = np.array([i for i, _ in commoner])
            similarity = vectors[rows] @ typed_vectors[index]
            best = int(np.argmax(similarity))
            if similarity[best] >= SIMILAR_SKILL:
                found = (commoner[best][1], "same meaning")
        if found is not None:
            use, reason = found
            suggestions.append(SkillSuggestion(index, skill, use.name, use.count, reason))
    return suggestions


def _same_skill(skill: str, commoner: list[tuple[int, SkillUse]]) -> tuple[SkillUse, str] | None:
    """Find a commoner skill spelt the same way, or written out from / as an abbreviation."""
    key, acronym, initials = _spelling_key(skill), _acronym(skill), _initials(skill)
    for _, use in commoner:
        if _spelling_key(use.name) == key:
            return use, "same spelling"
    for _, use in commoner:
        if (acronym and _initials(use.name) == acronym) or (
            len(initials) >= 2 and _acronym(use.name) == initials
        ):
            return use, "abbreviation"
    return None


# Completeness ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Completeness:
    """How easy the profile is to match, in percent, and what would make it easier."""

    percent: int
    advice: list[str]
    done: list[str]


def completeness(*, session: Session, expert: Expert) -> Completeness:
    """Score the profile's completeness and say, concretely, what to add next."""
    record = expert.to_record()
    described = [x for x in record.experience if x.description]
    checks: list[tuple[int, bool, str, str]] = [
        (
            2,
            expert.visible,
            "Coordinators may see your profile.",
            "Tick “Coordinators may see my profile”: until you do, you are in no ranking.",
        ),
        (
            1,
            bool(record.headline),
            "Headline stated.",
            "Add a headline: your current role, e.g. “Finance Director, City of Tacoma”.",
        ),
        (
            2,
            len(record.summary) >= MIN_SUMMARY,
            "Summary written.",
            "Write a summary of a few sentences: what you did, where, and with what result "
            f"({len(record.summary)} of at least {MIN_SUMMARY} characters so far).",
        ),
        (
            2,
            len(record.skills) >= 3,
            f"{len(record.skills)} skills listed.",
            f"Add at least 3 skills (you have {len(record.skills)}).",
        ),
        (
            2,
            bool(described),
            "Experience described.",
            "Add an experience entry with a sentence on what you did: it is the evidence "
            "coordinators read."
            if not record.experience
            else "Describe what you did in your experience entries: a sentence each.",
        ),
        (
            1,
            bool(record.languages),
            "Languages with levels.",
            "Add the languages you work in, with their levels (A1 to C2, or native).",
        ),
        (
            1,
            bool(record.availability),
            "Availability stated.",
            "State when you are available: without dates every match says “unconfirmed”.",
        ),
        (
            1,
            bool(record.all_countries()),
            "Countries listed.",
            "Add the countries you have worked in.",
        ),
        (1, bool(record.sectors), "Sectors chosen.", "Choose the sectors you know."),
        (
            1,
            record.years_experience > 0,
            "Years of experience stated.",
            "Say how many years of professional experience you have.",
        ),
    ]
    total = sum(weight for weight, *_ in checks)
    earned = sum(weight for weight, ok, *_ in checks if ok)
    advice = [todo for _, ok, _, todo in checks if not ok]
    advice.extend(_language_advice(session, record))
    done = [text for _, ok, text, _ in checks if ok]
    return Completeness(round(100 * earned / total), advice, done)


def _language_advice(session: Session, record: ExpertRecord, limit: int = 2) -> list[str]:
    """Name languages that open assignments ask for and the profile does not state."""
    needed: Counter[str] = Counter()
    for languages in session.exec(
        select(Assignment.languages).where(Assignment.status == AssignmentStatus.PUBLISHED)
    ):
        needed.update({lang.get("code", "") for lang in languages})
    stated = {lang.code for lang in record.languages}
    advice = []
    for code, count in needed.most_common():
        if code in LANGUAGES and code not in stated and len(advice) < limit:
            plural = "s need" if count > 1 else " needs"
            advice.append(
                f"Add your {LANGUAGES[code]} level if you speak it: {count} open "
                f"assignment{plural} {LANGUAGES[code]}."
            )
    return advice


# Choices for the editor ---------------------------------------------------------------------


def country_choices() -> list[tuple[str, str]]:
    """Return (code, name) of every country, by name."""
    return sorted(((code, name) for code, name in COUNTRIES.items()), key=lambda c: c[1])


def language_choices() -> list[tuple[str, str]]:
    """Return (code, name) of every language, by name."""
    return sorted(((code, name) for code, name in LANGUAGES.items()), key=lambda c: c[1])


def countries_text(codes: Iterable[str]) -> str:
    """Show country codes as names, comma-separated, for the editor."""
    return ", ".join(country_name(code) for code in codes)


# What the editor shows beside the form ------------------------------------------------------


@dataclass(frozen=True)
class EditorView:
    """The saved profile (if any), its completeness, skills in use, and suggested names."""

    expert: Expert | None
    completeness: Completeness | None
    vocabulary: list[SkillUse]
    suggestions: list[SkillSuggestion]


def editor_view(*, session: Session, user: User, skills: Sequence[str]) -> EditorView:
    """Gather what the editor shows next to the person's (possibly unsaved) skills."""
    expert = profile_of(session=session, user=user)
    return EditorView(
        expert=expert,
        completeness=completeness(session=session, expert=expert) if expert else None,
        vocabulary=skill_vocabulary(session=session),
        suggestions=skill_suggestions(session=session, skills=skills),
    )


def new_draft(*, user: User) -> ProfileDraft:
    """Return the draft of a person who has no profile yet."""
    kind = KIND_OF_ROLE.get(Role(user.role), "member")
    return ProfileDraft(name=user.name, engagement=["pro_bono"] if kind == "member" else ["paid"])


def own_profile_or_404(*, session: Session, user: User) -> Expert:
    """Return the person's profile, or raise NotFound asking them to fill it in."""
    expert = profile_of(session=session, user=user)
    if expert is None:
        raise NotFound("You have no profile yet: fill it in first.", field="profile")
    return expert
