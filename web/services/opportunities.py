"""Published opportunities for everyone: search by words and meaning, filters, detail; and
the opportunities recommended for a person's profile, with why each fits and what is missing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from sqlmodel import Session, select

from matcher.codes import COUNTRIES, LANGUAGES, REGIONS, country_name
from models import Assignment, AssignmentStatus, Partner, Role, User
from web.services import applications, profiles
from web.services.errors import NotFound, ValidationFailed
from web.services.matching import matching
from web.services.ranking import recommend_assignments

if TYPE_CHECKING:
    from matcher.scoring import Evidence, Score

PER_PAGE = 20
MAX_QUERY = 300
# Cosine of MiniLM between a query and an assignment's text from which it counts as close in
# meaning; measured on the demo data (see the README section "Members and applicants").
MEANING_MIN = 0.30
WORDS_WEIGHT = 0.5  # how much finding every word adds to the meaning, when ordering results
# fmt: off
_STOP = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "for", "from", "has", "have",
    "help", "how", "i", "in", "into", "is", "it", "its", "me", "more", "my", "of", "on", "or",
    "our", "the", "their", "them", "to", "us", "want", "we", "what", "which", "who", "will",
    "with", "work", "you", "your",
})
# fmt: on
_TOKEN = re.compile(r"[0-9a-zà-ÿ]+(?:-[0-9a-zà-ÿ]+)*")


@dataclass(frozen=True)
class OpportunityQuery:
    """What a visitor searches for; empty fields filter nothing."""

    q: str = ""
    sector: str = ""
    place: str = ""  # a country code or a region name
    language: str = ""
    start: date | None = None  # the work overlaps [start, end]
    end: date | None = None
    engagement: str = ""
    remote: bool = False  # remote or hybrid work only
    page: int = 1

    @classmethod
    def parse(cls, args: Mapping[str, str]) -> OpportunityQuery:
        """Read a query string; raise ValidationFailed naming the first bad field."""
        q = " ".join((args.get("q") or "").split())
        if len(q) > MAX_QUERY:
            raise ValidationFailed(f"Keep the search under {MAX_QUERY} characters.", field="q")
        place = (args.get("place") or "").strip()
        if place and place not in COUNTRIES and place not in set(REGIONS.values()):
            raise ValidationFailed(f"Unknown country or region {place!r}.", field="place")
        language = (args.get("language") or "").strip().lower()
        if language and language not in LANGUAGES:
            raise ValidationFailed(f"Unknown language {language!r}.", field="language")
        engagement = (args.get("engagement") or "").strip()
        if engagement not in ("", "pro_bono", "paid"):
            raise ValidationFailed("Engagement is pro_bono or paid.", field="engagement")
        start, end = _date(args, "from"), _date(args, "to")
        if start and end and end < start:
            raise ValidationFailed(
                f"The end of the period ({end}) is before its start ({start}).", field="to"
            )
        page = (args.get("page") or "1").strip()
        if not page.isdigit() or not 1 <= int(page) <= 10_000:
            raise ValidationFailed("Page is a number from 1.", field="page")
        return cls(
            q=q,
            sector=(args.get("sector") or "").strip().lower(),
            place=place,
            language=language,
            start=start,
            end=end,
            engagement=engagement,
            remote=(args.get("remote") or "") in ("1", "on", "true"),
            page=int(page),
        )

    def args(self) -> dict[str, str]:
        """Return the query string of this query (without the page), for links."""
        values = {
            "q": self.q,
            "sector": self.sector,
            "place": self.place,
            "language": self.language,
            "from": self.start.isoformat() if self.start else "",
            "to": self.end.isoformat() if self.end else "",
            "engagement": self.engagement,
            "remote": "1" if self.remote else "",
        }
        return {key: value for key, value in values.items() if value}


def _date(args: Mapping[str, str], key: str) -> date | None:
    raw = (args.get(key) or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise ValidationFailed(f"Give the date as YYYY-MM-DD, not {raw!r}.", field=key) from exc


@dataclass(frozen=True)
class Opportunity:
    """One published assignment as a visitor sees it, and how a search found it."""

    assignment: Assignment
    partner: str
    matched_by: tuple[str, ...] = ()  # "words", "meaning"
    similarity: float | None = None


@dataclass(frozen=True)
class Facets:
    """The choices the filters offer: only values some published assignment has."""

    sectors: list[str]
    countries: list[tuple[str, str]]
    regions: list[str]
    languages: list[tuple[str, str]]


@dataclass(frozen=True)
class OpportunityPage:
    items: list[Opportunity]
    total: int
    number: int
    pages: int
    query: OpportunityQuery
    facets: Facets


def _published(session: Session) -> list[tuple[Assignment, str]]:
    rows = session.exec(
        select(Assignment, Partner)
        .join(Partner, Assignment.partner_id == Partner.id, isouter=True)  # type: ignore[arg-type]
        .where(Assignment.status == AssignmentStatus.PUBLISHED)
        .order_by(Assignment.id)
    )
    return [(assignment, partner.name if partner else "") for assignment, partner in rows]


def _facets(rows: Sequence[tuple[Assignment, str]]) -> Facets:
    countries = {a.country for a, _ in rows if a.country}
    languages = {lang["code"] for a, _ in rows for lang in a.languages if "code" in lang}
    return Facets(
        sectors=sorted({a.sector for a, _ in rows if a.sector}),
        countries=sorted(((c, country_name(c)) for c in countries), key=lambda c: c[1]),
        regions=sorted({REGIONS[c] for c in countries if c in REGIONS}),
        languages=sorted(((c, LANGUAGES.get(c, c)) for c in languages), key=lambda c: c[1]),
    )


def _keep(query: OpportunityQuery, a: Assignment) -> bool:
    """Apply the filters (not the words) to one assignment."""
    if query.sector and a.sector != query.sector:
        return False
    if query.place and query.place not in (a.country, REGIONS.get(a.country)):
        return False
    if query.language and query.language not in {lang.get("code") for lang in a.languages}:
        return False
    if query.engagement and a.engagement != query.engagement:
        return False
    if query.remote and a.mode not in ("remote", "hybrid"):
        return False
    if query.start or query.end:
        if a.start is None or a.end is None:
            return False
        if query.start and a.end < query.start:
            return False
        if query.end and a.start > query.end:
            return False
    return True


def search_text(a: Assignment, partner: str) -> str:
    """Return the text a search reads: title, description, skills, sector, partner."""
    skills = ", ".join([*a.required_skills, *a.preferred_skills])
    parts = [a.title, a.description, f"Skills: {skills}" if skills else "", a.sector, partner]
    return "\n".join(part for part in parts if part)


def _words(text: str) -> list[str]:
    return [w for w in _TOKEN.findall(text.lower()) if w not in _STOP and len(w) > 1]


def _stem(word: str) -> str:
    for suffix in ("ations", "ation", "ings", "ing", "ies", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def word_coverage(query_words: Sequence[str], text: str) -> float:
    """Return the share of the query's words found in a text (by their stems)."""
    if not query_words:
        return 0.0
    stems = [_stem(t) for t in set(_words(text))]
    found = sum(1 for w in query_words if any(s.startswith(_stem(w)) for s in stems))
    return found / len(query_words)


def search(*, session: Session, query: OpportunityQuery) -> OpportunityPage:
    """List the published opportunities that pass the filters, best match for the words first."""
    rows = _published(session)
    facets = _facets(rows)
    kept = [(a, partner) for a, partner in rows if _keep(query, a)]
    if query.q:
        items = _ranked(query.q, kept)
    else:
        undated = date.max
        kept.sort(key=lambda row: (row[0].start or undated, row[0].title.lower()))
        items = [Opportunity(a, partner) for a, partner in kept]
    total = len(items)
    pages = max(1, math.ceil(total / PER_PAGE))
    number = min(query.page, pages)
    shown = items[(number - 1) * PER_PAGE : number * PER_PAGE]
    return OpportunityPage(shown, total, number, pages, query, facets)


def _ranked(q: str, rows: Sequence[tuple[Assignment, str]]) -> list[Opportunity]:
    """Rank by meaning (cosine of the query to each text) plus the share of words found."""
    if not rows:
        return []
    words = _words(q)
    texts = [search_text(a, partner) for a, partner in rows]
    vectors = matching().embedder.encode([q, *texts])  # assignment texts are cached
    similarity = vectors[1:] @ vectors[0]
    found: list[tuple[float, Opportunity]] = []
    for (a, partner), text, cosine in zip(rows, texts, similarity, strict=True):
        coverage = word_coverage(words, text)
        matched = tuple(
            how
            for how, ok in (
                ("words", words and coverage == 1.0),
                ("meaning", cosine >= MEANING_MIN),
            )
            if ok
        )
        if matched:
            # Squared, so finding one word of several adds little; all of them, a lot.
            rank = float(cosine) + WORDS_WEIGHT * coverage**2
            found.append((rank, Opportunity(a, partner, matched, float(cosine))))
    found.sort(key=lambda item: (-item[0], item[1].assignment.id))
    return [opportunity for _, opportunity in found]


@dataclass(frozen=True)
class OpportunityDetail:
    opportunity: Opportunity
    application: applications.ApplicationView | None
    can_apply: bool


def detail(*, session: Session, assignment_id: str, user: User | None) -> OpportunityDetail:
    """Return a published opportunity (staff also see drafts and closed ones), else NotFound."""
    assignment = session.get(Assignment, assignment_id)
    staff = user is not None and user.role in (Role.COORDINATOR, Role.ADMIN)
    if assignment is None or (not assignment.published and not staff):
        raise NotFound(f"No published opportunity {assignment_id!r}.", field="assignment_id")
    partner = session.get(Partner, assignment.partner_id) if assignment.partner_id else None
    person = user is not None and user.role in (Role.MEMBER, Role.APPLICANT)
    application = (
        applications.application_to(session=session, user=user, assignment_id=assignment_id)
        if person and user is not None
        else None
    )
    return OpportunityDetail(
        Opportunity(assignment, partner.name if partner else ""),
        application,
        can_apply=assignment.published and application is None and (user is None or person),
    )


# Recommended for a person --------------------------------------------------------------------

# The engine's rule messages speak of "the expert"; a person reads them about themselves.
_YOU = (
    ("; does not list ", "; your profile does not list "),
    ("; has ", "; you have "),
    ("; accepts ", "; you accept "),
    ("; available ", "; you are available "),
    ("has not stated availability", "you have not stated your availability"),
    ("has a conflict of interest", "you have a conflict of interest"),
    ("; not willing to travel", "; you do not travel"),
    ("; does not work remotely", "; you do not work remotely"),
    ("; neither travels nor works remotely", "; you neither travel nor work remotely"),
)


def to_you(message: str) -> str:
    """Reword a rule message about an expert for the expert themselves."""
    for theirs, yours in _YOU:
        message = message.replace(theirs, yours)
    if message.startswith("available "):
        message = "you are " + message
    return message


@dataclass(frozen=True)
class Recommendation:
    """An opportunity for a person: the score, why it fits and what is missing."""

    opportunity: Opportunity
    score: Score
    why: list[Evidence]
    missing: list[str]
    application: applications.ApplicationView | None = None


@dataclass(frozen=True)
class Recommendations:
    fitting: list[Recommendation] = field(default_factory=list)
    close: list[Recommendation] = field(default_factory=list)
    advice: list[str] = field(default_factory=list)
    has_profile: bool = True
    visible: bool = False
    published: int = 0


def _explain(score: Score) -> tuple[list[Evidence], list[str]]:
    """Split a score into the evidence of why it fits and the sentences of what is missing."""
    why = [e for e in score.evidence if e.strength in ("strong", "partial")]
    missing = [to_you(r.message) for r in score.rules if r.status == "failed"]
    missing += [
        f"“{e.requirement}”: nothing in your profile says it yet"
        for e in score.evidence
        if e.strength in ("weak", "missing") and e.kind == "required"
    ]
    missing += [to_you(r.message) for r in score.rules if r.status in ("partial", "unconfirmed")]
    return why, missing


def covers_something(score: Score) -> bool:
    """Say whether the profile supports at least one of the assignment's requirements."""
    return any(e.strength in ("strong", "partial") for e in score.evidence)


def recommendations(*, session: Session, user: User, top_k: int = 20) -> Recommendations:
    """Rank the published opportunities for the person's profile; none fit = say what to add."""
    expert = profiles.profile_of(session=session, user=user)
    published = len(_published(session))
    if expert is None:
        return Recommendations(has_profile=False, published=published)
    advice = profiles.completeness(session=session, expert=expert).advice
    partners = {a.id: p for a, p in _published(session)}
    mine = applications.by_assignment(session=session, user=user)
    fitting: list[Recommendation] = []
    close: list[Recommendation] = []
    for assignment, score in recommend_assignments(
        session=session, expert_id=expert.id, top_k=top_k, include_ineligible=True
    ):
        if not covers_something(score):
            continue
        why, missing = _explain(score)
        item = Recommendation(
            Opportunity(assignment, partners.get(assignment.id, "")),
            score,
            why,
            missing,
            mine.get(assignment.id),
        )
        (fitting if score.eligible else close).append(item)
    return Recommendations(fitting, close, advice, True, expert.visible, published)
