"""The coordinator's forms: requests, assignments (every FORMATS.md field), pipeline steps."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from matcher.codes import COUNTRIES, LANGUAGES, LEVELS
from models import DECLINE_REASONS, Assignment, AssignmentStatus, CandidateStatus
from web.services.candidates import StatusChange
from web.services.errors import ValidationFailed

LANGUAGE_ROWS = 3
ENGAGEMENT_LABELS = {"pro_bono": "Pro bono", "paid": "Paid"}
MODE_LABELS = {"in_country": "In country", "remote": "Remote", "hybrid": "Hybrid"}


def choices(blank: str, pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """Return WTForms choices: a blank first (if labelled), then the pairs."""
    head = [SelectChoice("", blank)] if blank else []
    return head + [SelectChoice(value, label) for value, label in pairs]


def by_name(table: dict[str, str]) -> list[tuple[str, str]]:
    """Return a code table's (code, name) pairs in the order of the names."""
    return sorted(table.items(), key=lambda item: item[1])


COUNTRY_CHOICES = choices("— none —", by_name(COUNTRIES))
LANGUAGE_CHOICES = choices("—", by_name(LANGUAGES))
LEVEL_CHOICES = choices("—", ((level, level) for level in LEVELS))


def lines(text: str | None) -> list[str]:
    """Return the non-empty lines of a text box, trimmed."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class BriefForm(FlaskForm):
    """What a request and an assignment both say: a title, the partner, where, which sector."""

    title = StringField("Title", validators=[InputRequired(), Length(max=300)])
    partner = StringField("Partner", validators=[Length(max=200)])
    # The service checks the code and names the field; any value reaches it.
    country = SelectField("Country", choices=COUNTRY_CHOICES, validate_choice=False)
    sector = StringField("Sector", validators=[Length(max=100)])


class RequestForm(BriefForm):
    partner = StringField("Partner", validators=[InputRequired(), Length(max=200)])
    description = TextAreaField("What the partner asks for", validators=[Length(max=20_000)])
    received_on = DateField("Received on", validators=[Optional()])


class LanguageForm(Form):
    # Unknown codes and levels go through to the engine's parser, which names the field.
    code = SelectField("Language", choices=LANGUAGE_CHOICES, validate_choice=False)
    level = SelectField("Minimum level", choices=LEVEL_CHOICES, validate_choice=False)


class AssignmentForm(BriefForm):
    description = TextAreaField("Description", validators=[InputRequired(), Length(max=20_000)])
    required_skills = TextAreaField("Required skills", validators=[Length(max=10_000)])
    preferred_skills = TextAreaField("Preferred skills", validators=[Length(max=10_000)])
    languages = FieldList(FormField(LanguageForm), min_entries=LANGUAGE_ROWS)
    engagement = SelectField(
        "Engagement", choices=choices("", ENGAGEMENT_LABELS.items()), validate_choice=False
    )
    start = DateField("Start date", validators=[Optional()])
    end = DateField("End date", validators=[Optional()])
    mode = SelectField("Mode", choices=choices("", MODE_LABELS.items()), validate_choice=False)
    positions = IntegerField("Positions", default=1, validators=[InputRequired()])
    min_years = IntegerField(
        "Minimum years of experience", default=0, validators=[Optional(), NumberRange(min=0)]
    )
    status = SelectField(
        "Status",
        choices=choices("", [("draft", "Draft"), ("published", "Published"), ("closed", "Closed")]),
    )
    deadline = DateField("Answer deadline", validators=[Optional()])

    def record(self, assignment_id: str = "") -> dict[str, Any]:
        """Return the FORMATS.md record the form describes (the engine validates it)."""
        self._language_rows = [
            index
            for index, row in enumerate(self.languages.entries)
            if row.code.data or row.level.data
        ]
        return {
            "id": assignment_id,
            "title": (self.title.data or "").strip(),
            "description": (self.description.data or "").strip(),
            "partner": (self.partner.data or "").strip(),
            "country": self.country.data or "",
            "sector": (self.sector.data or "").strip(),
            "required_skills": lines(self.required_skills.data),
            "preferred_skills": lines(self.preferred_skills.data),
            "languages": [
                {
                    "code": self.languages.entries[i].code.data or "",
                    "level": self.languages.entries[i].level.data or "",
                }
                for i in self._language_rows
            ],
            "engagement": self.engagement.data or "pro_bono",
            "start": self.start.data.isoformat() if self.start.data else None,
            "end": self.end.data.isoformat() if self.end.data else None,
            "mode": self.mode.data or "in_country",
            "positions": self.positions.data,
            "min_years": self.min_years.data or 0,
        }

    def attach_error(self, field_name: str | None, message: str) -> None:
        """Show a service's error next to the field it names ('languages[1].code' too)."""
        field = self._field_named(field_name or "")
        if field is None:
            self.form_errors.append(message)
            return
        # The engine's message starts with the field's name; the label already says it.
        problem = re.sub(r"^[\w\[\].]+: ", "", message)
        field.errors = [*field.errors, problem] if isinstance(field.errors, list) else [problem]

    def problems(self) -> list[tuple[str, str, list[str]]]:
        """Return (field id, label, messages) of every field in error, in form order."""
        found = []
        for name, field in self._fields.items():
            if name == "languages":
                for number, row in enumerate(self.languages.entries, start=1):
                    for sub in (row.code, row.level):
                        if sub.errors:
                            found.append((sub.id, f"{sub.label.text} (row {number})", sub.errors))
            elif name == "csrf_token" and field.errors:
                found.append(("", "Form", ["The form expired; please send it again."]))
            elif field.errors:
                found.append((field.id, field.label.text, list(field.errors)))
        return found

    def _field_named(self, name: str) -> Any:
        match = re.fullmatch(r"languages\[(\d+)\]\.(code|level)", name)
        if match:
            rows = getattr(self, "_language_rows", [])
            index = int(match.group(1))
            row = rows[index] if index < len(rows) else index
            if row < len(self.languages.entries):
                return self.languages.entries[row][match.group(2)]
            return None
        return self._fields.get(name.split("[")[0].split(".")[0])

    def fill(self, assignment: Assignment, partner: str) -> None:
        """Fill the form from a stored assignment."""
        self.title.data = assignment.title
        self.description.data = assignment.description
        self.partner.data = partner
        self.country.data = assignment.country
        self.sector.data = assignment.sector
        self.required_skills.data = "\n".join(assignment.required_skills)
        self.preferred_skills.data = "\n".join(assignment.preferred_skills)
        for row, language in zip(self.languages.entries, assignment.languages, strict=False):
            row.code.data, row.level.data = language["code"], language["level"]
        for language in assignment.languages[len(self.languages.entries) :]:
            self.languages.append_entry(language)
        self.engagement.data = assignment.engagement
        self.start.data, self.end.data = assignment.start, assignment.end
        self.mode.data = assignment.mode
        self.positions.data = assignment.positions
        self.min_years.data = assignment.min_years
        self.status.data = str(assignment.status)
        self.deadline.data = assignment.deadline


class StepForm(FlaskForm):
    """One move of a candidate through the pipeline."""

    to = StringField("Status", validators=[InputRequired()])
    note = TextAreaField("Note", validators=[Length(max=5_000)])
    reason = SelectField(
        "Reason",
        choices=choices("Choose a reason…", DECLINE_REASONS.items()),
        validate_choice=False,
    )
    rating = SelectField(
        "Rating",
        choices=choices("—", ((str(n), f"{n} of 5") for n in range(5, 0, -1))),
        validate_choice=False,
    )

    def change(self) -> StatusChange:
        """Return the change asked for; an unknown status is refused naming the field 'to'."""
        try:
            to = CandidateStatus(self.to.data or "")
        except ValueError:
            choices = ", ".join(s.value for s in CandidateStatus)
            raise ValidationFailed(
                f"Unknown status {self.to.data!r}; use one of {choices}.", field="to"
            ) from None
        rating = self.rating.data or ""
        return StatusChange(
            to=to,
            note=self.note.data or "",
            reason=self.reason.data or None,
            # Nonsense is passed on as None, which the service refuses naming 'rating'.
            rating=int(rating) if rating.isdigit() else None,
        )


class StatusForm(FlaskForm):
    """Publish, unpublish or close an assignment."""

    status = SelectField(
        "Status", choices=choices("", ((s.value, s.value) for s in AssignmentStatus))
    )
