"""The codes of FORMATS.md as types, so write schemas validate them and document them."""

from __future__ import annotations

from collections.abc import Iterable
from copy import copy
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, create_model
from sqlmodel import SQLModel

from matcher.codes import COUNTRIES, LANGUAGES, LEVELS
from matcher.records import ENGAGEMENTS, KINDS, MODES


def code_enum(name: str, values: Iterable[str], doc: str) -> Any:
    """Return a StrEnum of the given codes: one JSON Schema component listing every value."""
    enum = StrEnum(name, {value: value for value in values})  # type: ignore[misc]
    enum.__doc__ = doc
    return enum


CountryCode = code_enum("CountryCode", COUNTRIES, "An ISO 3166-1 alpha-2 country code.")
LanguageCode = code_enum("LanguageCode", LANGUAGES, "An ISO 639-1 language code.")
Level = code_enum("Level", LEVELS, "A CEFR level, A1 < A2 < B1 < B2 < C1 < C2 < native.")
Kind = code_enum(
    "Kind", KINDS, "member: a practitioner of the association; specialist: a paid professional."
)
Engagement = code_enum("Engagement", ENGAGEMENTS, "Pro bono or paid work.")
Mode = code_enum("Mode", MODES, "Where the work is done.")

# Dates the engine reckons with (it adds days to them): no year 1 or 9999 by accident.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2199, 12, 31)
Day = Annotated[
    date, Field(ge=FIRST_DAY, le=LAST_DAY, description="A date from 1900-01-01 to 2199-12-31.")
]
# A string that is not blank (FORMATS.md rejects required strings that are only spaces).
Text = Annotated[str, StringConstraints(pattern=r"\S")]
# A list entry: short text that is not blank.
Item = Annotated[str, StringConstraints(max_length=300, pattern=r"\S")]
NoCountry = Literal[""]


class LanguageLevel(BaseModel):
    """A language and the level it is spoken at (a minimum, on an assignment)."""

    code: LanguageCode  # type: ignore[valid-type]
    level: Level  # type: ignore[valid-type]


class Window(BaseModel):
    """A period of dates, both ends included; the end must not be before the start."""

    start: Day
    end: Day


Month = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$")]


class ExperienceEntry(BaseModel):
    """One entry of an expert's experience; months are YYYY-MM, a null end means current."""

    title: str = Field(default="", max_length=300)
    organization: str = Field(default="", max_length=300)
    country: CountryCode | NoCountry = ""  # type: ignore[valid-type]
    start: Month | None = None
    end: Month | None = None
    description: str = Field(default="", max_length=5_000)


def _drop_defaults(schema: dict[str, Any]) -> None:
    for prop in schema.get("properties", {}).values():
        prop.pop("default", None)


class Patch(SQLModel):
    """A PATCH schema: defaults are not values here, so the document shows none."""

    model_config = ConfigDict(json_schema_extra=_drop_defaults)  # type: ignore[assignment]


def partial_model(
    model: type[SQLModel], name: str, doc: str, *, exclude: tuple[str, ...] = ("id",)
):
    """Return the PATCH schema of a write schema: every field optional, an absent one unchanged.

    A field keeps its type, so null is accepted only where null is a value (e.g. dates).
    """
    fields: dict[str, Any] = {}
    for field_name, info in model.model_fields.items():
        if field_name in exclude:
            continue
        optional = copy(info)
        optional.default, optional.default_factory = None, None
        fields[field_name] = (info.annotation, optional)
    return create_model(  # type: ignore[call-overload]
        name,
        __base__=Patch,
        __doc__=doc,
        __module__=model.__module__,
        **fields,
    )
