"""The texts that stand for an expert and the requirements of an assignment."""

from __future__ import annotations

import re
from dataclasses import dataclass

from matcher.records import Assignment, ExperienceEntry, Expert

__all__ = [
    "ProfileText",
    "Requirement",
    "assignment_passages",
    "assignment_text",
    "experience_source",
    "expert_document",
    "expert_passages",
    "expert_texts",
    "requirements",
    "split_sentences",
]

# A sentence ends at . ! or ? followed by space and a capital, digit or opening mark; the
# lookbehind keeps common abbreviations ("e.g. the", "Dr. Sall") in one piece. The cheap
# test for . ! ? comes first, so most positions fail at once (ten times faster).
_SENTENCE_END = re.compile(
    r"(?<=[.!?])(?<!\b[A-Za-z]\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bDr\.)(?<!\bMr\.)(?<!\bMs\.)"
    r"(?<!\bSt\.)(?<!\bvs\.)(?<!\bNo\.)\s+(?=[\"'“(\[A-Z0-9])"
)
_MIN_SENTENCE = 25


@dataclass(frozen=True)
class ProfileText:
    """One text of an expert's profile and where it comes from."""

    text: str
    source: str


@dataclass(frozen=True)
class Requirement:
    """One thing an assignment asks for: a required or preferred skill, or its description."""

    text: str
    kind: str


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences, joining fragments too short to stand alone."""
    sentences: list[str] = []
    for piece in _SENTENCE_END.split(text.strip()):
        piece = " ".join(piece.split())
        if not piece:
            continue
        if sentences and len(piece) < _MIN_SENTENCE:
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
    if len(sentences) > 1 and len(sentences[0]) < _MIN_SENTENCE:
        sentences[1] = f"{sentences[0]} {sentences[1]}"
        del sentences[0]
    return sentences


def experience_source(entry: ExperienceEntry) -> str:
    """Name an experience entry for an explanation: "experience: Title, Org (2015-03 to now)"."""
    label = ", ".join(part for part in (entry.title, entry.organization) if part)
    if entry.start or entry.end:
        label = f"{label} ({entry.start or '?'} to {entry.end or 'now'})"
    return f"experience: {label}" if label else "experience"


def _experience_text(entry: ExperienceEntry) -> str:
    """Return the text of an experience entry: its title and organisation, then what was done."""
    head = ", ".join(part for part in (entry.title, entry.organization) if part)
    if head and entry.description:
        return f"{head}. {entry.description}"
    return head or entry.description


def expert_texts(e: Expert) -> list[ProfileText]:
    """Return the expert's texts: headline, summary sentences, skills, experience entries."""
    texts: list[ProfileText] = []
    if e.headline:
        texts.append(ProfileText(e.headline, "headline"))
    texts.extend(ProfileText(sentence, "summary") for sentence in split_sentences(e.summary))
    texts.extend(ProfileText(skill, "skill") for skill in e.skills)
    for entry in e.experience:
        text = _experience_text(entry)
        if text:
            texts.append(ProfileText(text, experience_source(entry)))
    return _unique(texts)


def expert_passages(e: Expert) -> list[ProfileText]:
    """Return the profile cut fine: headline, skills, titles and every sentence of prose."""
    passages: list[ProfileText] = []
    if e.headline:
        passages.append(ProfileText(e.headline, "headline"))
    passages.extend(ProfileText(sentence, "summary") for sentence in split_sentences(e.summary))
    passages.extend(ProfileText(skill, "skill") for skill in e.skills)
    for entry in e.experience:
        source = experience_source(entry)
        if entry.title:
            passages.append(ProfileText(entry.title, source))
        passages.extend(ProfileText(s, source) for s in split_sentences(entry.description))
    return _unique(passages)


def assignment_passages(a: Assignment) -> list[str]:
    """Return the assignment's title and the sentences of its description."""
    return list(dict.fromkeys([a.title, *split_sentences(a.description)]))


def _unique(texts: list[ProfileText]) -> list[ProfileText]:
    """Drop repeated texts, keeping the first source."""
    seen: set[str] = set()
    unique = []
    for item in texts:
        if item.text not in seen:
            seen.add(item.text)
            unique.append(item)
    return unique


def expert_document(e: Expert) -> str:
    """Return the whole profile as one text (for lexical overlap and whole-text baselines)."""
    parts = [e.headline, e.summary, ". ".join(e.skills)]
    parts.extend(_experience_text(entry) for entry in e.experience)
    return "\n".join(part for part in parts if part)


def assignment_text(a: Assignment) -> str:
    """Return the assignment's title and description as one text."""
    return f"{a.title}. {a.description}" if a.description else a.title


def requirements(a: Assignment) -> list[Requirement]:
    """Return each required and preferred skill; the description when there is none."""
    reqs = [Requirement(skill, "required") for skill in a.required_skills]
    reqs.extend(Requirement(skill, "preferred") for skill in a.preferred_skills)
    if not reqs:
        reqs.append(Requirement(assignment_text(a), "description"))
    return reqs
