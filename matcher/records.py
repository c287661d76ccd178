"""Expert and assignment records of FORMATS.md: frozen dataclasses, validation, JSON Lines."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from matcher.codes import COUNTRIES, LANGUAGES, normalize_level
from matcher.errors import InputError, RecordError

__all__ = [
    "ENGAGEMENTS",
    "KINDS",
    "MODES",
    "Assignment",
    "ExperienceEntry",
    "Expert",
    "InputError",
    "Language",
    "LineError",
    "RecordError",
    "Window",
    "assignment_from_dict",
    "assignment_to_dict",
    "expert_from_dict",
    "expert_to_dict",
    "parse_jsonl",
    "read_jsonl",
]

T = TypeVar("T")

KINDS: tuple[str, ...] = ("member", "specialist")
ENGAGEMENTS: tuple[str, ...] = ("pro_bono", "paid")
MODES: tuple[str, ...] = ("in_country", "remote", "hybrid")
DEFAULT_ENGAGEMENT: dict[str, tuple[str, ...]] = {"member": ("pro_bono",), "specialist": ("paid",)}

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Language:
    """A language and the CEFR level it is spoken at."""

    code: str
    level: str


@dataclass(frozen=True)
class Window:
    """A period of dates, both ends included."""

    start: date
    end: date

    def overlaps(self, other: Window) -> bool:
        """Return True when the two periods share at least one day."""
        return self.start <= other.end and other.start <= self.end

    def covers(self, other: Window) -> bool:
        """Return True when this period contains the other entirely."""
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True)
class ExperienceEntry:
    """One entry of an expert's experience; months are "YYYY-MM", end None = current."""

    title: str
    organization: str = ""
    country: str = ""
    start: str | None = None
    end: str | None = None
    description: str = ""


def _tupled(obj: object, names: Iterable[str]) -> None:
    """Store list-valued fields of a frozen dataclass as tuples."""
    for name in names:
        value = getattr(obj, name)
        if not isinstance(value, tuple):
            object.__setattr__(obj, name, tuple(value))


@dataclass(frozen=True)
class Expert:
    """A volunteer member or paid specialist, as in FORMATS.md."""

    id: str
    name: str
    kind: str
    email: str = ""
    phone: str = ""
    headline: str = ""
    summary: str = ""
    skills: tuple[str, ...] = ()
    experience: tuple[ExperienceEntry, ...] = ()
    languages: tuple[Language, ...] = ()
    countries: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    years_experience: int = 0
    engagement: tuple[str, ...] = ()
    availability: tuple[Window, ...] = ()
    travel: bool = True
    remote: bool = True
    conflicts: tuple[str, ...] = ()
    active: bool = True

    def __post_init__(self) -> None:
        _tupled(
            self,
            (
                "skills",
                "experience",
                "languages",
                "countries",
                "sectors",
                "engagement",
                "availability",
                "conflicts",
            ),
        )
        if not self.engagement:
            object.__setattr__(self, "engagement", DEFAULT_ENGAGEMENT.get(self.kind, ("paid",)))

    def language_level(self, code: str) -> str | None:
        """Return the expert's level in a language, or None."""
        for language in self.languages:
            if language.code == code:
                return language.level
        return None

    def all_countries(self) -> tuple[str, ...]:
        """Return the countries worked in, from `countries` and experience, without repeats."""
        seen = dict.fromkeys(self.countries)
        for entry in self.experience:
            if entry.country:
                seen.setdefault(entry.country)
        return tuple(seen)


@dataclass(frozen=True)
class Assignment:
    """A request for technical assistance, as in FORMATS.md."""

    id: str
    title: str
    description: str
    partner: str = ""
    country: str = ""
    sector: str = ""
    required_skills: tuple[str, ...] = ()
    preferred_skills: tuple[str, ...] = ()
    languages: tuple[Language, ...] = ()
    engagement: str = "pro_bono"
    start: date | None = None
    end: date | None = None
    mode: str = "in_country"
    positions: int = 1
    min_years: int = 0

    def __post_init__(self) -> None:
        _tupled(self, ("required_skills", "preferred_skills", "languages"))

    @property
    def period(self) -> Window | None:
        """Return the period of the work when both dates are stated."""
        if self.start is None or self.end is None:
            return None
        return Window(self.start, self.end)


# Validation -------------------------------------------------------------------------------


class _Reader:
    """Read typed fields out of one mapping, naming the field in every error."""

    def __init__(self, data: Mapping[str, Any], prefix: str = "") -> None:
        if not isinstance(data, Mapping):
            raise RecordError(prefix or "record", "must be a JSON object")
        self.data = data
        self.prefix = prefix

    def name(self, key: str) -> str:
        return f"{self.prefix}.{key}" if self.prefix else key

    def fail(self, key: str, problem: str) -> RecordError:
        return RecordError(self.name(key), problem)

    def raw(self, key: str, default: Any) -> Any:
        value = self.data.get(key, default)
        return default if value is None else value

    def required_str(self, key: str, *, empty: bool = False) -> str:
        if key not in self.data or self.data[key] is None:
            raise self.fail(key, "is required")
        value = self.data[key]
        if not isinstance(value, str):
            raise self.fail(key, f"must be a string, not {_kind(value)}")
        if not empty and not value.strip():
            raise self.fail(key, "must not be empty")
        return value.strip() if not empty else value

    def text(self, key: str, default: str = "") -> str:
        value = self.raw(key, default)
        if not isinstance(value, str):
            raise self.fail(key, f"must be a string, not {_kind(value)}")
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self.raw(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, f"must be true or false, not {_kind(value)}")
        return value

    def integer(self, key: str, default: int, *, minimum: int) -> int:
        value = self.raw(key, default)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, f"must be an integer, not {_kind(value)}")
        if value < minimum:
            raise self.fail(key, f"must be at least {minimum}, not {value}")
        return value

    def choice(self, key: str, choices: Sequence[str], default: str | None = None) -> str:
        value = self.required_str(key) if default is None else self.text(key, default)
        if value not in choices:
            raise self.fail(key, f"must be one of {', '.join(choices)}, not {value!r}")
        return value

    def items(self, key: str) -> list[Any]:
        value = self.raw(key, [])
        if not isinstance(value, list):
            raise self.fail(key, f"must be a list, not {_kind(value)}")
        return value

    def strings(self, key: str) -> tuple[str, ...]:
        items = self.items(key)
        for index, item in enumerate(items):
            if not isinstance(item, str):
                raise self.fail(f"{key}[{index}]", f"must be a string, not {_kind(item)}")
        return tuple(item.strip() for item in items if item.strip())

    def country(self, key: str, value: Any) -> str:
        if not isinstance(value, str):
            raise self.fail(key, f"must be a country code, not {_kind(value)}")
        code = value.strip().upper()
        if code not in COUNTRIES:
            raise self.fail(key, f"unknown country code {value!r} (ISO 3166-1 alpha-2)")
        return code

    def date(self, key: str) -> date | None:
        value = self.raw(key, None)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.fail(key, f"must be a date YYYY-MM-DD, not {_kind(value)}")
        try:
            if not _DATE.match(value.strip()):
                raise ValueError(value)
            return date.fromisoformat(value.strip())
        except ValueError:
            raise self.fail(key, f"must be a date YYYY-MM-DD, not {value!r}") from None

    def month(self, key: str) -> str | None:
        value = self.raw(key, None)
        if value is None or value == "":
            return None
        if not isinstance(value, str) or not _MONTH.match(value.strip()):
            raise self.fail(key, f"must be a month YYYY-MM, not {value!r}")
        return value.strip()

    def languages(self, key: str) -> tuple[Language, ...]:
        result: list[Language] = []
        seen: set[str] = set()
        for index, item in enumerate(self.items(key)):
            sub = _Reader(item, self.name(f"{key}[{index}]"))
            code = sub.required_str("code").lower()
            if code not in LANGUAGES:
                raise sub.fail("code", f"unknown language code {code!r} (ISO 639-1)")
            raw_level = sub.required_str("level")
            level = normalize_level(raw_level)
            if level is None:
                raise sub.fail(
                    "level", f"invalid level {raw_level!r} (A1, A2, B1, B2, C1, C2 or native)"
                )
            if code in seen:
                raise sub.fail("code", f"language {code!r} is listed twice")
            seen.add(code)
            result.append(Language(code, level))
        return tuple(result)


def _kind(value: Any) -> str:
    """Return the JSON name of a value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__


def _experience(reader: _Reader) -> tuple[ExperienceEntry, ...]:
    """Read and check the experience entries of an expert."""
    entries = []
    for index, item in enumerate(reader.items("experience")):
        sub = _Reader(item, f"experience[{index}]")
        country = sub.raw("country", "")
        start, end = sub.month("start"), sub.month("end")
        if start and end and end < start:
            raise sub.fail("end", f"{end} is before start {start}")
        entries.append(
            ExperienceEntry(
                title=sub.text("title").strip(),
                organization=sub.text("organization").strip(),
                country=sub.country("country", country) if country else "",
                start=start,
                end=end,
                description=sub.text("description").strip(),
            )
        )
    return tuple(entries)


def _availability(reader: _Reader) -> tuple[Window, ...]:
    """Read and check availability windows, which need both dates."""
    windows = []
    for index, item in enumerate(reader.items("availability")):
        sub = _Reader(item, f"availability[{index}]")
        start, end = sub.date("start"), sub.date("end")
        if start is None or end is None:
            raise sub.fail("start" if start is None else "end", "is required")
        if end < start:
            raise sub.fail("end", f"{end} is before start {start}")
        windows.append(Window(start, end))
    return tuple(windows)


def expert_from_dict(d: Mapping[str, Any]) -> Expert:
    """Build an expert from a FORMATS.md record, checking every field; raise RecordError."""
    reader = _Reader(d)
    kind = reader.choice("kind", KINDS)
    engagement_items = reader.strings("engagement")
    for index, item in enumerate(engagement_items):
        if item not in ENGAGEMENTS:
            raise reader.fail(
                f"engagement[{index}]", f"must be one of {', '.join(ENGAGEMENTS)}, not {item!r}"
            )
    if "engagement" in d and d["engagement"] is not None and not engagement_items:
        raise reader.fail("engagement", "must list pro_bono, paid or both")
    countries = tuple(
        reader.country(f"countries[{index}]", item)
        for index, item in enumerate(reader.items("countries"))
    )
    return Expert(
        id=reader.required_str("id"),
        name=reader.required_str("name"),
        kind=kind,
        email=reader.text("email").strip(),
        phone=reader.text("phone").strip(),
        headline=reader.text("headline").strip(),
        summary=reader.text("summary").strip(),
        skills=reader.strings("skills"),
        experience=_experience(reader),
        languages=reader.languages("languages"),
        countries=tuple(dict.fromkeys(countries)),
        sectors=tuple(s.lower() for s in reader.strings("sectors")),
        years_experience=reader.integer("years_experience", 0, minimum=0),
        engagement=tuple(dict.fromkeys(engagement_items)) or DEFAULT_ENGAGEMENT[kind],
        availability=_availability(reader),
        travel=reader.flag("travel", True),
        remote=reader.flag("remote", True),
        conflicts=reader.strings("conflicts"),
        active=reader.flag("active", True),
    )


def assignment_from_dict(d: Mapping[str, Any]) -> Assignment:
    """Build an assignment from a FORMATS.md record, checking every field; raise RecordError."""
    reader = _Reader(d)
    country = reader.text("country").strip()
    start, end = reader.date("start"), reader.date("end")
    if start and end and end < start:
        raise reader.fail("end", f"{end} is before start {start}")
    return Assignment(
        id=reader.required_str("id"),
        title=reader.required_str("title"),
        description=reader.required_str("description", empty=True).strip(),
        partner=reader.text("partner").strip(),
        country=reader.country("country", country) if country else "",
        sector=reader.text("sector").strip().lower(),
        required_skills=reader.strings("required_skills"),
        preferred_skills=reader.strings("preferred_skills"),
        languages=reader.languages("languages"),
        engagement=reader.choice("engagement", ENGAGEMENTS, "pro_bono"),
        start=start,
        end=end,
        mode=reader.choice("mode", MODES, "in_country"),
        positions=reader.integer("positions", 1, minimum=1),
        min_years=reader.integer("min_years", 0, minimum=0),
    )


def _plain(value: Any) -> Any:
    """Turn dataclasses, tuples and dates into JSON-ready values."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    return value


def expert_to_dict(e: Expert) -> dict[str, Any]:
    """Return the FORMATS.md record of an expert, ready for json.dumps."""
    result: dict[str, Any] = _plain(e)
    return result


def assignment_to_dict(a: Assignment) -> dict[str, Any]:
    """Return the FORMATS.md record of an assignment, ready for json.dumps."""
    result: dict[str, Any] = _plain(a)
    return result


# JSON Lines -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineError:
    """One rejected line of a JSON Lines file."""

    line: int
    field: str
    problem: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.problem}"


def _record_id(record: object) -> str | None:
    """Return the `id` of a parsed record, or None for records without one."""
    value = getattr(record, "id", None)
    return value if isinstance(value, str) else None


def parse_jsonl(
    lines: Iterable[str | bytes],
    parse: Callable[[Mapping[str, Any]], T],
    *,
    key: Callable[[T], str | None] = _record_id,
) -> tuple[list[tuple[int, T]], list[LineError]]:
    """Parse JSON Lines into (line number, record) pairs and the errors of every bad line."""
    records: list[tuple[int, T]] = []
    errors: list[LineError] = []
    first_line: dict[str, int] = {}
    for number, raw in enumerate(lines, start=1):
        if isinstance(raw, bytes):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                errors.append(LineError(number, "record", f"not UTF-8 ({exc.reason})"))
                continue
        else:
            text = raw
        if not text.strip():
            continue
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            errors.append(LineError(number, "record", f"malformed JSON: {exc.msg}"))
            continue
        if not isinstance(data, dict):
            errors.append(LineError(number, "record", f"must be a JSON object, not {_kind(data)}"))
            continue
        try:
            record = parse(data)
        except RecordError as exc:
            errors.append(LineError(number, exc.field, exc.problem))
            continue
        record_id = key(record)
        if record_id is not None:
            if record_id in first_line:
                errors.append(
                    LineError(
                        number,
                        "id",
                        f"duplicate id {record_id!r} (first on line {first_line[record_id]})",
                    )
                )
                continue
            first_line[record_id] = number
        records.append((number, record))
    return records, errors


def read_jsonl(
    path: str | Path,
    parse: Callable[[Mapping[str, Any]], T],
    *,
    key: Callable[[T], str | None] = _record_id,
) -> list[T]:
    """Read a JSON Lines file; raise InputError naming FILE:LINE at the first bad line."""
    try:
        with open(path, "rb") as handle:
            records, errors = parse_jsonl(handle, parse, key=key)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from exc
    if errors:
        first = errors[0]
        raise InputError(f"{path}:{first.line}: {first.field}: {first.problem}")
    return [record for _, record in records]
