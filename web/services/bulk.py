"""Bulk import and export of the JSON Lines records of FORMATS.md: all or nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from sqlmodel import Session, select

from matcher.records import (
    Assignment as AssignmentRecord,
)
from matcher.records import (
    Expert as ExpertRecord,
)
from matcher.records import (
    LineError,
    assignment_from_dict,
    assignment_to_dict,
    expert_from_dict,
    expert_to_dict,
    parse_jsonl,
)
from models import Assignment, AssignmentStatus, Expert, Partner
from models.codes import FIRST_DAY, LAST_DAY
from web.services.errors import ValidationFailed

Kind = Literal["experts", "assignments"]
KINDS: tuple[Kind, ...] = ("experts", "assignments")
Progress = Callable[[int], None]


class ImportFailed(ValidationFailed):
    """One or more lines are bad; nothing was imported."""

    def __init__(self, errors: list[LineError]) -> None:
        shown = [str(error) for error in errors]
        super().__init__(f"{len(errors)} bad line(s); nothing was imported.", errors=shown)
        self.line_errors = errors


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated"


MAX_INT = 2**31 - 1


def _unstorable(table: Any, data: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """Yield each field of a valid record that the database could not store as it is."""
    columns = table.__table__.columns  # type: ignore[attr-defined]
    for key, value in data.items():
        column = columns.get(key)
        limit = getattr(column.type, "length", None) if column is not None else None
        if key == "partner":
            limit = Partner.__table__.columns["name"].type.length  # type: ignore[attr-defined]
        if isinstance(value, str) and limit and len(value) > limit:
            yield key, f"is {len(value)} characters long, over {limit}"
        elif isinstance(value, int) and not isinstance(value, bool) and value > MAX_INT:
            yield key, f"must be at most {MAX_INT}"
        else:
            bad = _bad_text(value)
            if bad is not None:
                yield key, f"holds a character no database stores ({bad})"


def _out_of_range(data: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """Yield each date of a record outside the years the write schemas accept."""
    dated = [("start", data.get("start")), ("end", data.get("end"))]
    for index, window in enumerate(data.get("availability") or ()):
        dated += [(f"availability[{index}].{key}", window.get(key)) for key in ("start", "end")]
    for key, value in dated:
        if value and not FIRST_DAY.isoformat() <= str(value) <= LAST_DAY.isoformat():
            yield key, f"must be from {FIRST_DAY} to {LAST_DAY}, not {value}"


def _bad_text(value: Any) -> str | None:
    if isinstance(value, str):
        if "\x00" in value:
            return "NUL"
        if any("\ud800" <= char <= "\udfff" for char in value):
            return "a lone surrogate"
        return None
    if isinstance(value, Mapping):
        value = [*value.keys(), *value.values()]
    if isinstance(value, list | tuple):
        for item in value:
            bad = _bad_text(item)
            if bad is not None:
                return bad
    return None


def parse_upload(kind: Kind, raw: Iterable[bytes], *, max_line_bytes: int) -> list[tuple[int, Any]]:
    """Parse every line of an upload, or raise ImportFailed naming every bad line."""
    lines: list[bytes] = []
    too_long: list[LineError] = []
    for number, line in enumerate(raw, start=1):
        if len(line) > max_line_bytes:
            too_long.append(
                LineError(number, "line", f"is {len(line)} bytes, over {max_line_bytes}")
            )
            line = b""  # parse_jsonl skips it; the error above stands for it
        lines.append(line)
    parse: Callable[[Any], Any] = expert_from_dict if kind == "experts" else assignment_from_dict
    records, errors = parse_jsonl(lines, parse)
    table = Expert if kind == "experts" else Assignment
    to_dict = expert_to_dict if kind == "experts" else assignment_to_dict
    # Valid records the database could still not store as they are (lengths, NUL, 2**31).
    errors += [
        LineError(number, key, problem)
        for number, record in records
        for data in [to_dict(record)]
        for key, problem in [*_unstorable(table, data), *_out_of_range(data)]
    ]
    if errors or too_long:
        raise ImportFailed(sorted(errors + too_long, key=lambda error: error.line))
    return records


def import_records(
    *,
    session: Session,
    kind: Kind,
    raw: Iterable[bytes],
    max_line_bytes: int,
    progress: Progress | None = None,
) -> ImportResult:
    """Upsert every record of a JSON Lines upload by id, in one transaction, or nothing."""
    records = [record for _, record in parse_upload(kind, raw, max_line_bytes=max_line_bytes)]
    upsert = _upsert_experts if kind == "experts" else _upsert_assignments
    created = 0
    try:
        for start in range(0, len(records), _BATCH):
            batch = records[start : start + _BATCH]
            created += upsert(session, batch)
            session.flush()
            if progress:
                progress(len(batch))
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return ImportResult(created=created, updated=len(records) - created)


_BATCH = 500


def _existing(session: Session, model: Any, ids: list[str]) -> dict[str, Any]:
    rows = session.exec(select(model).where(model.id.in_(ids)))
    return {row.id: row for row in rows}


def _upsert_experts(session: Session, records: list[ExpertRecord]) -> int:
    existing = _existing(session, Expert, [r.id for r in records])
    for record in records:
        row = existing.get(record.id)
        if row is None:
            # Every field given: computing the defaults per row is what makes ORM inserts slow.
            session.add(Expert(**expert_to_dict(record)))
        else:
            row.update_from_record(record)
            session.add(row)
    return len(records) - len(existing)


def partner_named(session: Session, name: str, country: str = "") -> Partner | None:
    """Return the partner of this name (case-insensitive), creating it if new; '' -> None."""
    name = name.strip()
    if not name:
        return None
    for partner in session.exec(select(Partner).where(Partner.name.ilike(name))):  # type: ignore[attr-defined]
        return partner
    partner = Partner(name=name, country=country)
    session.add(partner)
    session.flush()
    return partner


def _upsert_assignments(session: Session, records: list[AssignmentRecord]) -> int:
    existing = _existing(session, Assignment, [r.id for r in records])
    for record in records:
        row = existing.get(record.id)
        if row is None:
            # Imported assignments come from a running programme: published until changed.
            row = Assignment(
                id=record.id,
                title=record.title,
                description=record.description,
                status=AssignmentStatus.PUBLISHED,
            )
        row.update_from_record(record)
        partner = partner_named(session, record.partner, record.country)
        row.partner_id = partner.id if partner else None
        session.add(row)
    return len(records) - len(existing)


def export_records(*, session: Session, kind: Kind) -> Iterator[dict[str, Any]]:
    """Yield every record of `kind` as FORMATS.md dicts, in id order (consenting experts only)."""
    if kind == "experts":
        experts = session.exec(
            select(Expert).where(Expert.visible == True).order_by(Expert.id)  # noqa: E712
        )
        for expert in experts:
            yield expert.to_dict()
        return
    partners = {p.id: p.name for p in session.exec(select(Partner))}
    for assignment in session.exec(select(Assignment).order_by(Assignment.id)):
        yield assignment.to_dict(partners.get(assignment.partner_id, ""))
