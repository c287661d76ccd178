"""Demo data: believable experts, partner requests, assignments and candidate pipelines.

Everything is composed from the template bank of web/demo_data.py with one seeded random
generator, so every run builds the same records; writing them is an upsert that touches a
row only when it differs, so a second run changes nothing.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, select

from matcher.codes import LEVELS, SECTORS, country_name, language_name, level_rank
from matcher.records import Assignment as AssignmentRecord
from matcher.records import Expert as ExpertRecord
from matcher.records import assignment_from_dict, expert_from_dict
from matcher.rules import check_rules
from models import (
    TRANSITIONS,
    Application,
    Assignment,
    AssignmentStatus,
    Candidate,
    CandidateEvent,
    CandidateStatus,
    Expert,
    Partner,
    PartnerRequest,
    RequestStatus,
    User,
)
from web import demo_data as data
from web.services import accounts
from web.services.bulk import partner_named

SEED = 2026
EXPERT_COUNT = 320
HIDDEN_COUNT = 4  # profiles whose owners have not consented to be seen by coordinators
PROFILES_ENTERED = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
"""When the demo's profiles were entered: before the first request came in."""
REFERENCE = date(2026, 10, 1)
"""The pipelines of open assignments start here, and end weeks before the data was written."""
_NOW_MONTH = 2026 * 12 + 10  # November 2026, as a month count: the end of every career so far
_FIRST_WINDOW = date(2026, 11, 1)
_LAST_DAY = date(2027, 12, 31)
_ARTICLED = ("City", "Town", "Village")  # "at the City of Tacoma", "at King County"
_RANGE = re.compile(r"\{(\d+)-(\d+)\}")
_FOLD = str.maketrans({"đ": "d", "Đ": "D", "ø": "o", "ł": "l", "ß": "ss", "æ": "ae"})
S = CandidateStatus
_HAPPY_PATH = (S.SUGGESTED, S.SHORTLISTED, S.INVITED, S.ACCEPTED, S.ASSIGNED, S.COMPLETED)
_OTHER_DECLINES = ("not_interested", "partner_choice", "unavailable", "other")
COORDINATOR, APPLICANT = "coordinator@counterpart.example", "applicant@counterpart.example"


@dataclass(frozen=True)
class Spec:
    """What one profile must be: its kind and sector, and the assignments it is written for."""

    kind: str
    sector: str
    targets: tuple[AssignmentRecord, ...] = ()
    miss: str | None = None  # the one hard rule a near miss fails for its target
    origin: str | None = None
    home: str | None = None
    email: str | None = None  # set for the profile an account owns


@dataclass(frozen=True)
class DemoAssignment:
    record: AssignmentRecord
    status: AssignmentStatus
    deadline: date | None


@dataclass(frozen=True)
class DemoRequest:
    partner: str
    country: str
    title: str
    description: str
    sector: str
    status: RequestStatus
    received_on: date
    assignments: tuple[DemoAssignment, ...]


@dataclass(frozen=True)
class Step:
    """One event of a candidate's history: the status reached, when, by whom, and why."""

    status: CandidateStatus
    at: datetime
    note: str
    actor: str = COORDINATOR  # the account's email


@dataclass(frozen=True)
class CandidatePlan:
    assignment_id: str
    expert_id: str
    steps: tuple[Step, ...]
    decline_reason: str | None = None
    rating: int | None = None
    application_note: str | None = None  # set when the expert applied through an account


@dataclass(frozen=True)
class Demo:
    """The whole demo, built in memory before anything is written."""

    experts: tuple[ExpertRecord, ...]
    hidden: frozenset[str]  # experts who did not consent to be seen by coordinators
    owners: Mapping[str, str]  # expert id -> email of the account that owns the profile
    requests: tuple[DemoRequest, ...]
    candidates: tuple[CandidatePlan, ...]


@dataclass(frozen=True)
class DemoSummary:
    experts: int
    assignments: int
    requests: int
    candidates: int
    written: int
    accounts: tuple[tuple[str, str, bool], ...]  # (email, role, created by this run)

    def __str__(self) -> str:
        people = ", ".join(
            f"{email} ({role}{', new' if created else ''})"
            for email, role, created in self.accounts
        )
        return (
            f"Demo data: {self.experts} experts, {self.assignments} assignments, "
            f"{self.requests} requests, {self.candidates} candidates "
            f"({self.written} rows written); accounts: {people}."
        )


def build_demo() -> Demo:
    """Compose the demo from the template bank; the same every time (seeded)."""
    rng = random.Random(SEED)
    requests = tuple(_request(spec) for spec in data.REQUESTS)
    assignments = {a.record.id: a for r in requests for a in r.assignments}
    specs = _specs(rng, [a.record for a in assignments.values()])
    writer = _ProfileWriter(rng)
    counters = {"member": 0, "specialist": 0}
    profiles: list[tuple[Spec, ExpertRecord]] = []
    for spec in specs:
        counters[spec.kind] += 1
        ident = f"{spec.kind[0]}-{counters[spec.kind]:04d}"
        profiles.append((spec, expert_from_dict(writer.expert(ident, spec))))
    anyone = [e.id for s, e in profiles if not s.targets]
    hidden = frozenset(rng.sample(anyone, HIDDEN_COUNT))
    owners = {e.id: s.email for s, e in profiles if s.email}
    candidates = _Pipelines(rng, profiles, hidden, set(owners)).plan(assignments)
    return Demo(
        experts=tuple(e for _, e in profiles),
        hidden=hidden,
        owners=owners,
        requests=requests,
        candidates=tuple(candidates),
    )


def _request(spec: Mapping[str, Any]) -> DemoRequest:
    """Validate one request of the data module and its assignments."""
    assignments = tuple(
        DemoAssignment(
            record=assignment_from_dict(
                {**a, "partner": spec["partner"], "country": spec["country"]}
            ),
            status=AssignmentStatus(a["status"]),
            deadline=date.fromisoformat(a["deadline"]) if a["deadline"] else None,
        )
        for a in spec["assignments"]
    )
    return DemoRequest(
        partner=spec["partner"],
        country=spec["country"],
        title=spec["title"],
        description=spec["description"],
        sector=spec["sector"],
        status=RequestStatus(spec["status"]),
        received_on=date.fromisoformat(spec["received_on"]),
        assignments=assignments,
    )


def _specs(rng: random.Random, assignments: Sequence[AssignmentRecord]) -> list[Spec]:
    """Who to write: account profiles, fits and near misses of each assignment, then anyone."""
    by_id = {a.id: a for a in assignments}
    specs = [
        Spec(
            kind=p["kind"],
            sector=p["sector"],
            targets=tuple(by_id[t] for t in p["targets"]),
            origin=p["origin"],
            home=p["home"],
            email=p["email"],
        )
        for p in data.ACCOUNT_PROFILES
    ]
    for record in assignments:
        # Enough fits to fill its positions with choice, and to staff its demo pipeline.
        for _ in range(max(record.positions + 3, len(data.PIPELINES.get(record.id, ())))):
            specs.append(Spec(kind=_kind_for(rng, record), sector=record.sector, targets=(record,)))
        kind = _kind_for(rng, record)
        # A near miss of engagement is someone who only takes the other kind of work.
        other = "member" if record.engagement == "paid" else "specialist"
        for miss in rng.sample(_misses(record, kind), 2):
            who = other if miss == "engagement" else kind
            specs.append(Spec(kind=who, sector=record.sector, targets=(record,), miss=miss))
    counts = Counter(spec.sector for spec in specs)
    while len(specs) < EXPERT_COUNT:  # anyone else, mostly in the sectors the rest left thin
        kind = "member" if rng.random() < 0.6 else "specialist"
        sector = rng.choices(SECTORS, weights=[1 / (1 + counts[s]) for s in SECTORS])[0]
        counts[sector] += 1
        specs.append(Spec(kind=kind, sector=sector))
    rng.shuffle(specs)
    return specs


def _kind_for(rng: random.Random, record: AssignmentRecord) -> str:
    """Pro-bono work goes to members; paid work mostly to specialists, sometimes to members."""
    if record.engagement == "pro_bono" or rng.random() < 0.25:
        return "member"
    return "specialist"


def _misses(record: AssignmentRecord, kind: str) -> list[str]:
    """The hard rules a near miss of this assignment could plausibly fail."""
    misses = ["availability", "conflicts", "engagement"]
    if kind == "specialist" or any(lang.code != "en" for lang in record.languages):
        misses.append("languages")
    if record.min_years >= 6:
        misses.append("experience")
    if record.mode != "hybrid":
        misses.append("mode")
    return misses


def _render(rng: random.Random, template: str, **values: Any) -> str:
    """Fill `{lo-hi}` with a number drawn in the range, then `{name}` with its value."""
    drawn = _RANGE.sub(lambda m: f"{rng.randint(int(m[1]), int(m[2])):,}", template)
    return drawn.format(**values)


def _month(index: int) -> str:
    return f"{index // 12}-{index % 12 + 1:02d}"


def _join(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _ascii(text: str) -> str:
    """Return lower-case ASCII letters and digits of a name, for an email address."""
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in folded.lower() if c.isascii() and c.isalnum())


def _entry(
    title: str, organization: str, country: str, start: int, end: int | None, description: str
) -> dict[str, Any]:
    """Return an experience entry of FORMATS.md; months are counts since year 0."""
    return {
        "title": title,
        "organization": organization,
        "country": country,
        "start": _month(start),
        "end": None if end is None else _month(end),
        "description": description,
    }


def _tested_language(targets: Iterable[AssignmentRecord]) -> str | None:
    """The language a profile is written to pass (or, for a near miss, to fail): local first."""
    codes = [lang.code for t in targets for lang in t.languages]
    return next((c for c in codes if c != "en"), codes[0] if codes else None)


def _speaks(origin: Mapping[str, Any], code: str, *, natively: bool = False) -> bool:
    """Whether people of this origin speak a language (natively, if asked)."""
    return any(
        item.split(":")[0].rstrip("?") == code and (not natively or "native" in item)
        for item in origin["languages"]
    )


class _ProfileWriter:
    """Write expert records in the FORMATS.md shape from specs, drawing on one generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.names: set[str] = set()
        self.emails: set[str] = set()
        self.partners = [(r["partner"], r["country"]) for r in data.REQUESTS]
        self.used: set[str] = set()  # achievement templates the current profile has used

    def expert(self, ident: str, spec: Spec) -> dict[str, Any]:
        rng = self.rng
        origin_key = spec.origin or self._origin(spec)
        origin = data.ORIGINS[origin_key]
        self.used = set()
        full_name, given, family = self._name(origin)
        homes = origin[f"{spec.kind}_homes"].split()
        home = spec.home or rng.choice(homes)
        bank = data.SECTORS[spec.sector]
        if spec.kind == "member":
            title, employer = rng.choice(bank["titles"]), rng.choice(data.MEMBER_EMPLOYERS[home])
            headline, current_org = f"{title}, {employer}", employer
        else:
            title, employer = rng.choice(bank["specialist_titles"]), rng.choice(data.FIRMS)
            independent = rng.random() < 0.2
            current_org = "Independent consultant" if independent else employer
            headline = f"{title}, {'independent consultant' if independent else employer}"
        need = max((t.min_years for t in spec.targets), default=0)
        years = (
            max(3, need - rng.randint(2, 4))
            if spec.miss == "experience"
            else rng.randint(max(need, 4), max(need, 4) + 20)
        )
        sectors = self._sectors(spec)
        skills = self._skills(spec, sectors)
        conflict = self._conflict(spec)
        experience = self._career(spec, home, title, current_org, years, sectors, skills, conflict)
        languages = self._languages(origin, spec)
        worked = [e["country"] for e in experience]
        countries = self._countries(spec, worked)
        abroad = [country_name(c) for c in dict.fromkeys(worked + countries) if c != home]
        name = next((a["name"] for a in data.ACCOUNTS if a["email"] == spec.email), None)
        name = name or full_name
        summary = self._summary(
            spec,
            first=name.split()[0],
            title=title,
            employer=f"the {employer}" if employer.split()[0] in _ARTICLED else employer,
            years=years,
            sector=sectors[0],
            sector2=sectors[1] if len(sectors) > 1 else "local government",
            countries=_join(abroad[:3]) if abroad else "several countries",
            languages=_join(
                [language_name(c) for c, lv in languages.items() if level_rank(lv) >= 3]
            ),
        )
        travel, remote = self._modes(spec)
        return {
            "id": ident,
            "name": name,
            "email": spec.email or self._email(given, family),
            "phone": self._phone(home),
            "kind": spec.kind,
            "headline": headline,
            "summary": summary,
            "skills": skills,
            "experience": experience,
            "languages": [{"code": c, "level": lv} for c, lv in languages.items()],
            "countries": countries,
            "sectors": sectors,
            "years_experience": years,
            "engagement": self._engagement(spec),
            "availability": self._availability(spec),
            "travel": travel,
            "remote": remote,
            "conflicts": [conflict[0]] if conflict else [],
            "active": bool(spec.targets) or rng.random() > 0.08,
        }

    def _origin(self, spec: Spec) -> str:
        """Pick where the person comes from, favouring speakers of the target's language."""
        pool = {k: o[f"{spec.kind}_weight"] for k, o in data.ORIGINS.items()}
        pool = {k: w for k, w in pool.items() if w}
        code = _tested_language(spec.targets)
        if code is not None and spec.miss == "languages":
            pool = {
                k: w for k, w in pool.items() if not _speaks(data.ORIGINS[k], code, natively=True)
            }
        elif code is not None and code != "en" and self.rng.random() < 0.7:
            speakers = {k: w for k, w in pool.items() if _speaks(data.ORIGINS[k], code)}
            pool = speakers or pool
        return self.rng.choices(list(pool), weights=list(pool.values()))[0]

    def _name(self, origin: Mapping[str, Any]) -> tuple[str, str, str]:
        """Return a new full name, its given name and its first family name."""
        rng = self.rng
        for _ in range(100):
            given, family = rng.choice(origin["given"]), rng.choice(origin["family"])
            second = rng.choice(origin["family"])
            full = f"{given} {family}"
            if rng.random() < origin.get("double_family", 0) and second != family:
                full = f"{full} {second}"  # Spanish and Portuguese: two family names
            if full not in self.names:
                break
        self.names.add(full)
        return full, given, family

    def _email(self, given: str, family: str) -> str:
        local = f"{_ascii(given)}.{_ascii(family)}"
        domain = self.rng.choice(data.EMAIL_DOMAINS)
        email, number = f"{local}@{domain}", 1
        while email in self.emails:
            number += 1
            email = f"{local}{number}@{domain}"
        self.emails.add(email)
        return email

    def _phone(self, country: str) -> str:
        rng, code = self.rng, data.CALLING_CODES[country]
        if code == "1":  # the 555-01xx numbers reserved for fiction
            return f"+1 {rng.randint(201, 989)} 555 01{rng.randint(0, 99):02d}"
        return f"+{code} {rng.randint(20, 99)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"

    def _sectors(self, spec: Spec) -> list[str]:
        related = [s for family in data.SECTOR_FAMILIES if spec.sector in family for s in family]
        related = [s for s in dict.fromkeys(related) if s != spec.sector]
        extra = self.rng.sample(related, min(len(related), self.rng.choice((0, 1, 1, 2))))
        return list(dict.fromkeys([spec.sector, *(t.sector for t in spec.targets), *extra]))

    def _skills(self, spec: Spec, sectors: Sequence[str]) -> list[str]:
        """3-8 skills: most of the targets' requirements, the rest from the sectors' banks."""
        rng = self.rng
        chosen: list[str] = []
        for target in spec.targets:
            required = [s for s in target.required_skills if rng.random() < 0.85]
            chosen += required or list(target.required_skills[:1])
            chosen += [s for s in target.preferred_skills if rng.random() < 0.35]
        chosen = list(dict.fromkeys(chosen))
        pool = [s for sector in sectors for s in data.SECTORS[sector]["skills"]]
        extra = [s for s in dict.fromkeys(rng.sample(pool, len(pool))) if s not in chosen]
        skills = chosen + extra[: max(0, rng.randint(3, 8) - len(chosen))]
        rng.shuffle(skills)
        return skills

    def _conflict(self, spec: Spec) -> tuple[str, str] | None:
        """The partner a profile must not be matched with (a past contract), if any."""
        if spec.miss == "conflicts":
            return spec.targets[0].partner, spec.targets[0].country
        if not spec.targets and self.rng.random() < 0.04:
            return self.rng.choice(self.partners)
        return None

    def _achievement(self, sector: str) -> str:
        """Write a result of the sector's bank that this profile has not used yet."""
        pool = data.SECTORS[sector]["achievements"]
        template = self.rng.choice([a for a in pool if a not in self.used] or pool)
        self.used.add(template)
        return _render(self.rng, template)

    def _career(
        self,
        spec: Spec,
        home: str,
        title: str,
        organization: str,
        years: int,
        sectors: Sequence[str],
        skills: Sequence[str],
        conflict: tuple[str, str] | None,
    ) -> list[dict[str, Any]]:
        """Write 1-4 experience entries within the career's years, newest first."""
        rng = self.rng
        first = _NOW_MONTH - years * 12
        start = _NOW_MONTH - rng.randint(12, max(13, min(years * 12 - 6, 110)))
        country = home if spec.kind == "member" or rng.random() < 0.5 else rng.choice(data.HOSTS)[1]
        entries = [_entry(title, organization, country, start, None, self._achievement(sectors[0]))]
        if conflict is not None:  # the contract that makes the partner a conflict
            when = rng.randint(max(first, _NOW_MONTH - 60), _NOW_MONTH - 8)
            role = "Adviser" if spec.kind == "member" else title
            result = self._achievement(sectors[0])
            entries.append(_entry(role, *conflict, when, when + rng.randint(2, 6), result))
        count, cursor = rng.randint(1, 4), start
        while len(entries) < count:
            if spec.kind == "member" and rng.random() < 0.35:  # a short volunteer mission
                organization, country = rng.choice(data.HOSTS)
                begin = rng.randint(max(first, _NOW_MONTH - 120), _NOW_MONTH - 6)
                template = rng.choice(data.ABROAD_ACHIEVEMENTS)
                result = _render(rng, template, skill=rng.choice(skills))
                role = rng.choice(data.ABROAD_TITLES)
                entries.append(
                    _entry(role, organization, country, begin, begin + rng.randint(1, 4), result)
                )
                continue
            end = cursor - rng.randint(1, 4)
            begin = end - rng.randint(18, 84)
            if begin < first:
                break
            sector = rng.choice(sectors)
            bank = data.SECTORS[sector]
            if spec.kind == "member":
                role, organization, country = (
                    rng.choice(bank["titles"]),
                    rng.choice(data.MEMBER_EMPLOYERS[home]),
                    home,
                )
            else:
                role, organization = rng.choice(bank["specialist_titles"]), rng.choice(data.FIRMS)
                country = rng.choice(data.HOSTS)[1]
            result = self._achievement(sector)
            entries.append(_entry(role, organization, country, begin, end, result))
            cursor = begin
        return sorted(entries, key=lambda e: e["start"], reverse=True)

    def _languages(self, origin: Mapping[str, Any], spec: Spec) -> dict[str, str]:
        """Languages and levels: the origin's, English, something learned, then the targets'."""
        rng = self.rng
        spoken: dict[str, str] = {}
        for item in origin["languages"]:
            code, levels = item.split(":")
            if code.endswith("?") and rng.random() < 0.5:
                continue
            low, _, high = levels.partition("-")
            spoken[code.rstrip("?")] = rng.choice(
                LEVELS[level_rank(low) : level_rank(high or low) + 1]
            )
        if spec.kind == "member":  # practitioners abroad: English first, then home languages
            heritage = [c for c in spoken if c != "en"][:2]
            home = {"en": "native" if not heritage or rng.random() < 0.7 else "C2"}
            for index, code in enumerate(heritage):
                home[code] = spoken[code] if index else rng.choice(("B2", "C1", "C2", "native"))
            spoken = home
        spoken.setdefault("en", rng.choice(("B2", "C1")))
        if rng.random() < 0.35:
            spoken.setdefault(rng.choice(data.LEARNED_LANGUAGES), rng.choice(("A2", "B1", "B2")))
        tested = _tested_language(spec.targets)
        for target in spec.targets:
            for need in target.languages:
                rank = level_rank(need.level)
                if spec.miss == "languages" and need.code == tested:
                    spoken[need.code] = LEVELS[rank - 1]
                elif need.code not in spoken or level_rank(spoken[need.code]) < rank:
                    spoken[need.code] = rng.choice(LEVELS[rank:6])
        return spoken

    def _countries(self, spec: Spec, worked: Sequence[str]) -> list[str]:
        """Countries worked in besides the experience entries: the target's, and a few more."""
        rng = self.rng
        found = [spec.targets[0].country] if spec.targets and rng.random() < 0.35 else []
        found += [rng.choice(data.HOSTS)[1] for _ in range(rng.choice((0, 1, 1, 2, 3)))]
        return [c for c in dict.fromkeys(found) if c not in worked]

    def _summary(self, spec: Spec, **values: Any) -> str:
        """Two to four sentences: an opening, a focus, maybe a result and a closing line."""
        rng = self.rng
        focus = rng.sample(data.SECTORS[values["sector"]]["focus"], 2)
        values.update(focus=focus[0], focus2=focus[1])
        member = spec.kind == "member"
        openings = data.MEMBER_OPENINGS if member else data.SPECIALIST_OPENINGS
        closings = data.MEMBER_CLOSINGS if member else data.SPECIALIST_CLOSINGS
        sentences = [_render(rng, rng.choice(openings), **values)]
        if rng.random() < 0.8:
            sentences.append(_render(rng, rng.choice(data.FOCUS_SENTENCES), **values))
        if rng.random() < 0.4:
            sentences.append(self._achievement(values["sector"]))
        if len(sentences) < 2 or rng.random() < 0.6:
            sentences.append(_render(rng, rng.choice(closings), **values))
        return " ".join(sentences)

    def _modes(self, spec: Spec) -> tuple[bool, bool]:
        """Travel and remote flags that suit the targets, except for a mode near miss."""
        rng = self.rng
        travel, remote = rng.random() < 0.9, rng.random() < 0.92
        for target in spec.targets:
            travel = travel or target.mode == "in_country"
            remote = remote or target.mode == "remote"
            travel = travel or not remote
        if spec.miss == "mode":
            mode = spec.targets[0].mode
            travel, remote = (False, True) if mode == "in_country" else (True, False)
        return travel, remote

    def _engagement(self, spec: Spec) -> list[str]:
        if spec.kind == "specialist":
            engagement = ["paid"]
        else:
            engagement = ["pro_bono", "paid"] if self.rng.random() < 0.2 else ["pro_bono"]
        if spec.miss == "engagement":
            return ["paid"] if spec.kind == "specialist" else ["pro_bono"]
        wanted = [t.engagement for t in spec.targets]
        return list(dict.fromkeys(engagement + wanted))

    def _availability(self, spec: Spec) -> list[dict[str, str]]:
        """Windows in 2026-2027: none for some (unconfirmed), covering or missing the targets."""
        rng = self.rng
        windows: list[tuple[date, date]] = []
        if spec.targets:
            begin = min(t.start for t in spec.targets if t.start)
            end = max(t.end for t in spec.targets if t.end)
            draw = rng.random() if len(spec.targets) == 1 else 1.0
            if spec.miss == "availability":
                stop = begin - timedelta(days=rng.randint(15, 60))
                windows.append((stop - timedelta(days=rng.randint(60, 240)), stop))
            elif draw < 0.12:
                pass  # not stated: eligible, but unconfirmed
            elif draw < 0.22:  # covers only part of the period
                windows.append((begin + timedelta(days=rng.randint(15, 30)), end))
            else:
                windows.append(
                    (
                        begin - timedelta(days=rng.randint(0, 60)),
                        end + timedelta(days=rng.randint(0, 120)),
                    )
                )
        elif rng.random() < 0.8:
            start = _FIRST_WINDOW + timedelta(days=rng.randint(0, 300))
            for _ in range(1 if rng.random() < 0.6 else 2):
                end = min(start + timedelta(days=rng.randint(45, 300)), _LAST_DAY)
                if start >= end:
                    break
                windows.append((start, end))
                start = end + timedelta(days=rng.randint(30, 120))
        return [{"start": a.isoformat(), "end": b.isoformat()} for a, b in windows]


class _Pipelines:
    """Plan the candidates of the assignments in data.PIPELINES, with consistent histories."""

    def __init__(
        self,
        rng: random.Random,
        profiles: Sequence[tuple[Spec, ExpertRecord]],
        hidden: frozenset[str],
        reserved: set[str],
    ) -> None:
        self.rng = rng
        self.profiles = profiles
        self.hidden = hidden
        self.used = set(reserved)  # account profiles and everyone already in a pipeline

    def plan(self, assignments: Mapping[str, DemoAssignment]) -> list[CandidatePlan]:
        plans: list[CandidatePlan] = []
        for assignment_id, finals in data.PIPELINES.items():
            assignment = assignments[assignment_id]
            fits, near = self._pools(assignment.record)
            start = self._start(assignment)
            for final in map(CandidateStatus, finals):
                miss = None
                if final == S.DECLINED and near and self.rng.random() < 0.7:
                    expert_id, miss = near.pop(0)
                else:
                    expert_id = next((e for e in fits if e not in self.used), "")
                    if not expert_id:
                        raise LookupError(f"Too few eligible experts for {assignment_id}.")
                self.used.add(expert_id)
                plans.append(self._candidate(assignment, expert_id, final, miss, start))
        plans += self._applications(assignments)
        return plans

    def _pools(self, record: AssignmentRecord) -> tuple[list[str], list[tuple[str, str]]]:
        """Its fits, then eligible others of its sector (no one written for another); misses."""
        written = [
            (spec, expert)
            for spec, expert in self.profiles
            if spec.targets == (record,) and not spec.email
        ]
        fits = [e.id for s, e in written if s.miss is None]
        near = [(e.id, s.miss) for s, e in written if s.miss is not None and e.id not in self.used]
        others = [
            e.id
            for s, e in self.profiles
            if not s.targets
            and record.sector in e.sectors
            and e.id not in self.hidden
            and all(result.passed for result in check_rules(e, record))
        ]
        return list(dict.fromkeys(fits + others)), near

    def _start(self, assignment: DemoAssignment) -> date:
        """When the assignment's pipeline starts: after its deadline if closed, else in October."""
        if assignment.status == AssignmentStatus.CLOSED and assignment.deadline:
            return assignment.deadline + timedelta(days=self.rng.randint(1, 6))
        return REFERENCE + timedelta(days=self.rng.randint(0, 20))

    def _at(self, day: date) -> datetime:
        """A moment of office hours on that day."""
        moment = time(self.rng.randint(8, 17), self.rng.choice((0, 10, 25, 40, 55)))
        return datetime.combine(day, moment, UTC)

    def _path(self, final: CandidateStatus) -> list[CandidateStatus]:
        """Walk the happy path to `final`, or leave it where a decline or withdrawal may."""
        if final in _HAPPY_PATH:
            return list(_HAPPY_PATH[: _HAPPY_PATH.index(final) + 1])
        exits = [s for s in _HAPPY_PATH if final in TRANSITIONS[s]]
        stop = self.rng.choice(exits)
        return [*_HAPPY_PATH[: _HAPPY_PATH.index(stop) + 1], final]

    def _candidate(
        self,
        assignment: DemoAssignment,
        expert_id: str,
        final: CandidateStatus,
        miss: str | None,
        start: date,
    ) -> CandidatePlan:
        rng, record = self.rng, assignment.record
        reason = None
        if final == S.DECLINED:
            reason = data.MISS_REASONS[miss] if miss else rng.choice(_OTHER_DECLINES)
        language = language_name(_tested_language([record]) or "en")
        day = start + timedelta(days=rng.randint(0, 2))
        steps = []
        for status in self._path(final):
            if status == S.COMPLETED and record.end:  # reported after the work ended
                day = record.end + timedelta(days=rng.randint(3, 20))
            note = (
                data.DECLINE_NOTES[reason].format(language=language)
                if status == S.DECLINED and reason
                else rng.choice(data.EVENT_NOTES[status])
            )
            steps.append(Step(status, self._at(day), note))
            day += timedelta(days=rng.randint(1, 5))
        rating = rng.choice((5, 5, 4, 4, 4, 3)) if final == S.COMPLETED else None
        return CandidatePlan(record.id, expert_id, tuple(steps), reason, rating)

    def _applications(self, assignments: Mapping[str, DemoAssignment]) -> list[CandidatePlan]:
        """The applications of the account profiles that apply somewhere."""
        plans = []
        for profile in data.ACCOUNT_PROFILES:
            if "applies_to" not in profile:
                continue
            expert_id = next(e.id for s, e in self.profiles if s.email == profile["email"])
            day = REFERENCE + timedelta(days=self.rng.randint(20, 40))
            note = "Applied through the opportunities page."
            step = Step(S.SUGGESTED, self._at(day), note, APPLICANT)
            plans.append(
                CandidatePlan(
                    assignments[profile["applies_to"]].record.id,
                    expert_id,
                    (step,),
                    application_note=profile["note"],
                )
            )
        return plans


def seed_demo_data(*, session: Session) -> DemoSummary:
    """Write the demo: accounts, experts, partners, requests, assignments and candidates."""
    demo = build_demo()
    users, created = _accounts(session)
    written = _write_experts(session, demo, users)
    written += _write_requests(session, demo.requests)
    written += _write_candidates(session, demo.candidates, users)
    session.commit()
    return DemoSummary(
        experts=len(demo.experts),
        assignments=sum(len(r.assignments) for r in demo.requests),
        requests=len(demo.requests),
        candidates=len(demo.candidates),
        written=written,
        accounts=tuple((a["email"], a["role"], a["email"] in created) for a in data.ACCOUNTS),
    )


def _accounts(session: Session) -> tuple[dict[str, User], set[str]]:
    """Return the demo accounts by email, creating those that do not exist yet."""
    users, created = {}, set()
    for account in data.ACCOUNTS:
        user = session.exec(select(User).where(User.email == account["email"])).first()
        if user is None:
            user = accounts.create_user(session=session, **account)
            created.add(account["email"])
        users[account["email"]] = user
    return users, created


def _changed(row: Any, **values: Any) -> bool:
    """Set the columns that differ; return whether any did."""
    stale = {key: value for key, value in values.items() if getattr(row, key) != value}
    for key, value in stale.items():
        setattr(row, key, value)
    return bool(stale)


def _upsert(
    session: Session,
    model: type[Expert] | type[Assignment],
    row: Any,
    record: ExpertRecord | AssignmentRecord,
    *context: str,
    created: datetime,
    **columns: Any,
) -> int:
    """Create or update the row of a record, touching only what differs; 1 if it was written.

    `context` completes the row's record (an assignment's partner name); `columns` are the
    row's columns beyond the record.
    """
    fresh = row is None
    if row is None:
        row = model(id=record.id, created_at=created)
    stale = fresh or row.to_record(*context) != record
    if stale:
        row.update_from_record(record)
    if fresh:
        row.updated_at = created
    changed = _changed(row, **columns)
    session.add(row)
    return int(stale or changed)


def _existing(session: Session, model: Any, ids: Iterable[str]) -> dict[str, Any]:
    return {row.id: row for row in session.exec(select(model).where(model.id.in_(list(ids))))}


def _write_experts(session: Session, demo: Demo, users: Mapping[str, User]) -> int:
    """Upsert every expert by id; link the account profiles to their owners."""
    rows = _existing(session, Expert, (e.id for e in demo.experts))
    owners = {e: users[email].id for e, email in demo.owners.items()}
    taken = set(session.exec(select(Expert.user_id).where(Expert.user_id.is_not(None))))  # type: ignore[union-attr]
    written = 0
    for record in demo.experts:
        row = rows.get(record.id)
        owner = owners.get(record.id)
        # Link an account to its demo profile unless it already owns one (this or another).
        linked = {"user_id": owner} if owner is not None and owner not in taken else {}
        written += _upsert(
            session,
            Expert,
            row,
            record,
            created=PROFILES_ENTERED,
            visible=record.id not in demo.hidden,
            **linked,
        )
    session.flush()
    return written


def _write_requests(session: Session, requests: Sequence[DemoRequest]) -> int:
    """Upsert partners, their requests (by partner and title) and the assignments (by id)."""
    rows = _existing(session, Assignment, (a.record.id for r in requests for a in r.assignments))
    known = {name.casefold() for name in session.exec(select(Partner.name))}
    first_contact: dict[str, date] = {}
    for spec in requests:
        first_contact[spec.partner] = min(
            first_contact.get(spec.partner, date.max), spec.received_on
        )
    written = 0
    for spec in requests:
        partner = partner_named(session, spec.partner, spec.country)
        assert partner is not None and partner.id is not None
        if spec.partner.casefold() not in known:  # new here: known since its first request
            known.add(spec.partner.casefold())
            partner.created_at = datetime.combine(first_contact[spec.partner], time(12), UTC)
        request = session.exec(
            select(PartnerRequest).where(
                PartnerRequest.partner_id == partner.id, PartnerRequest.title == spec.title
            )
        ).first()
        if request is None:
            request = PartnerRequest(
                partner_id=partner.id,
                title=spec.title,
                created_at=datetime.combine(spec.received_on, time(12), UTC),
            )
        changed = _changed(
            request,
            description=spec.description,
            country=spec.country,
            sector=spec.sector,
            status=spec.status,
            received_on=spec.received_on,
        )
        written += int(changed or request.id is None)
        session.add(request)
        session.flush()
        for item in spec.assignments:
            written += _upsert(
                session,
                Assignment,
                rows.get(item.record.id),
                item.record,
                partner.name,
                created=datetime.combine(spec.received_on + timedelta(days=7), time(9), UTC),
                status=item.status,
                deadline=item.deadline,
                partner_id=partner.id,
                request_id=request.id,
            )
    session.flush()
    return written


def _write_candidates(
    session: Session, plans: Sequence[CandidatePlan], users: Mapping[str, User]
) -> int:
    """Create the planned candidates that do not exist yet, each with its whole history."""
    assignment_ids = list(dict.fromkeys(p.assignment_id for p in plans))
    existing = {
        (c.assignment_id, c.expert_id)
        for c in session.exec(
            select(Candidate).where(Candidate.assignment_id.in_(assignment_ids))  # type: ignore[attr-defined]
        )
    }
    new = [p for p in plans if (p.assignment_id, p.expert_id) not in existing]
    rows = [
        Candidate(
            assignment_id=plan.assignment_id,
            expert_id=plan.expert_id,
            status=plan.steps[-1].status,
            applied=plan.application_note is not None,
            decline_reason=plan.decline_reason,
            rating=plan.rating,
            note=plan.steps[-1].note,
            version=len(plan.steps),
            created_at=plan.steps[0].at,
            updated_at=plan.steps[-1].at,
        )
        for plan in new
    ]
    session.add_all(rows)
    session.flush()
    for plan, row in zip(new, rows, strict=True):
        assert row.id is not None
        session.add_all(_history(plan, row.id, users))
    return len(new)


def _history(
    plan: CandidatePlan, candidate_id: int, users: Mapping[str, User]
) -> list[CandidateEvent | Application]:
    """Return a new candidate's events, oldest first, and its application if it applied."""
    rows: list[CandidateEvent | Application] = []
    previous: CandidateStatus | None = None
    for step in plan.steps:
        rows.append(
            CandidateEvent(
                candidate_id=candidate_id,
                actor_id=users[step.actor].id,
                at=step.at,
                from_status=previous,
                to_status=step.status,
                note=step.note,
            )
        )
        previous = step.status
    if plan.application_note is not None:
        first = plan.steps[0]
        rows.append(
            Application(
                assignment_id=plan.assignment_id,
                user_id=users[first.actor].id,
                candidate_id=candidate_id,
                note=plan.application_note,
                created_at=first.at,
            )
        )
    return rows
