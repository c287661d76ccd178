"""Records: validation, round trips and JSON Lines."""

from __future__ import annotations

import json
from typing import Any

import pytest

from matcher.errors import InputError, RecordError
from matcher.records import (
    LineError,
    assignment_from_dict,
    assignment_to_dict,
    expert_from_dict,
    expert_to_dict,
    parse_jsonl,
    read_jsonl,
)
from tests.matcher.conftest import build_assignment, build_expert


def test_expert_round_trip() -> None:
    expert = build_expert()
    record = expert_to_dict(expert)
    assert json.loads(json.dumps(record)) == record
    assert expert_from_dict(record) == expert


def test_assignment_round_trip() -> None:
    assignment = build_assignment()
    record = assignment_to_dict(assignment)
    assert record["start"] == "2027-04-12"
    assert assignment_from_dict(json.loads(json.dumps(record))) == assignment


def test_defaults_follow_the_kind() -> None:
    member = expert_from_dict({"id": "m", "name": "M", "kind": "member"})
    specialist = expert_from_dict({"id": "s", "name": "S", "kind": "specialist", "x": 1})
    assert member.engagement == ("pro_bono",)
    assert specialist.engagement == ("paid",)
    assert member.travel and member.remote and member.active


def test_codes_are_normalised() -> None:
    expert = expert_from_dict(
        {
            "id": "e",
            "name": "E",
            "kind": "member",
            "languages": [{"code": "FR", "level": "b2"}, {"code": "en", "level": "Native"}],
            "countries": ["sn"],
        }
    )
    assert [(lang.code, lang.level) for lang in expert.languages] == [
        ("fr", "B2"),
        ("en", "native"),
    ]
    assert expert.countries == ("SN",)


BASE_EXPERT: dict[str, Any] = {"id": "e", "name": "E", "kind": "member"}


@pytest.mark.parametrize(
    ("changes", "field", "problem"),
    [
        ({"id": ""}, "id", "must not be empty"),
        ({"name": None}, "name", "is required"),
        ({"kind": "volunteer"}, "kind", "must be one of member, specialist"),
        ({"skills": "budgeting"}, "skills", "must be a list"),
        ({"skills": ["ok", 3]}, "skills[1]", "must be a string"),
        ({"languages": [{"code": "fr", "level": "B3"}]}, "languages[0].level", "invalid level"),
        ({"languages": [{"code": "xx", "level": "B2"}]}, "languages[0].code", "unknown language"),
        ({"countries": ["ZZ"]}, "countries[0]", "unknown country code"),
        ({"years_experience": -1}, "years_experience", "at least 0"),
        ({"years_experience": "ten"}, "years_experience", "must be an integer"),
        ({"engagement": ["free"]}, "engagement[0]", "must be one of pro_bono, paid"),
        ({"travel": "yes"}, "travel", "must be true or false"),
        (
            {"availability": [{"start": "2027-05-01", "end": "2027-04-01"}]},
            "availability[0].end",
            "before start",
        ),
        (
            {"availability": [{"start": "2027-13-01", "end": "2027-12-01"}]},
            "availability[0].start",
            "YYYY-MM-DD",
        ),
        ({"experience": [{"title": "X", "start": "2019-7"}]}, "experience[0].start", "YYYY-MM"),
        (
            {"experience": [{"title": "X", "start": "2019-07", "end": "2018-01"}]},
            "experience[0].end",
            "before start",
        ),
    ],
)
def test_expert_validation(changes: dict[str, Any], field: str, problem: str) -> None:
    with pytest.raises(RecordError) as caught:
        expert_from_dict({**BASE_EXPERT, **changes})
    assert caught.value.field == field
    assert problem in caught.value.problem


BASE_ASSIGNMENT: dict[str, Any] = {"id": "a", "title": "T", "description": "D"}


@pytest.mark.parametrize(
    ("changes", "field", "problem"),
    [
        ({"description": None}, "description", "is required"),
        ({"mode": "onsite"}, "mode", "must be one of in_country, remote, hybrid"),
        ({"engagement": "volunteer"}, "engagement", "must be one of pro_bono, paid"),
        ({"positions": 0}, "positions", "at least 1"),
        ({"start": "2027-05-01", "end": "2027-04-01"}, "end", "before start"),
        ({"country": "Senegal"}, "country", "unknown country code"),
        ({"languages": [{"code": "fr"}]}, "languages[0].level", "is required"),
    ],
)
def test_assignment_validation(changes: dict[str, Any], field: str, problem: str) -> None:
    with pytest.raises(RecordError) as caught:
        assignment_from_dict({**BASE_ASSIGNMENT, **changes})
    assert caught.value.field == field
    assert problem in caught.value.problem


def test_parse_jsonl_reports_every_bad_line() -> None:
    lines = [
        json.dumps(BASE_EXPERT),
        "",
        "{not json",
        "[1, 2]",
        json.dumps({**BASE_EXPERT, "id": "f", "languages": [{"code": "fr", "level": "Z9"}]}),
        json.dumps(BASE_EXPERT).encode(),
        json.dumps({**BASE_EXPERT, "id": "g"}).encode(),
    ]
    records, errors = parse_jsonl(lines, expert_from_dict)
    assert [(line, expert.id) for line, expert in records] == [(1, "e"), (7, "g")]
    assert [error.line for error in errors] == [3, 4, 5, 6]
    assert errors[2] == LineError(5, "languages[0].level", errors[2].problem)
    assert str(errors[3]).startswith("line 6: id: duplicate id 'e'")


def test_read_jsonl_names_file_and_line(tmp_path) -> None:
    path = tmp_path / "experts.jsonl"
    path.write_text(json.dumps(BASE_EXPERT) + "\n" + '{"id": "x", "name": "X"}\n')
    with pytest.raises(InputError, match=r"experts\.jsonl:2: kind: is required"):
        read_jsonl(path, expert_from_dict)
    path.write_text(json.dumps(BASE_EXPERT) + "\n")
    assert [e.id for e in read_jsonl(path, expert_from_dict)] == ["e"]
