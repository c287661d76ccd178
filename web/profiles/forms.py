"""The profile editor's form: every field a person owns, repeated rows as field lists."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)

from matcher.codes import LEVELS, SECTORS
from web.opportunities.labels import LEVEL_LABELS
from web.services.profiles import (
    ROW_FIELDS,
    ProfileDraft,
    countries_text,
    country_choices,
    country_code,
    language_choices,
)


def options(pairs: list[tuple[str, str]]) -> list[SelectChoice]:
    """Return (value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


class CheckboxesField(SelectMultipleField):
    """Several checkboxes for one list; any value is kept (the service validates)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def pre_validate(self, form: Any) -> None:
        return None


class ExperienceForm(Form):
    title = StringField("Role or title")
    organization = StringField("Organisation")
    country = SelectField(
        "Country", choices=options([("", "—"), *country_choices()]), validate_choice=False
    )
    start = StringField("From", render_kw={"type": "month", "placeholder": "YYYY-MM"})
    end = StringField(
        "To (empty if current)", render_kw={"type": "month", "placeholder": "YYYY-MM"}
    )
    description = TextAreaField("What you did, and with what result", render_kw={"rows": 3})


class LanguageForm(Form):
    code = SelectField(
        "Language",
        choices=options([("", "Choose a language"), *language_choices()]),
        validate_choice=False,
    )
    level = SelectField(
        "Level",
        choices=options([("", "Choose a level"), *[(lv, LEVEL_LABELS[lv]) for lv in LEVELS]]),
        validate_choice=False,
    )


class WindowForm(Form):
    start = StringField("From", render_kw={"type": "date"})
    end = StringField("To", render_kw={"type": "date"})


class ProfileForm(FlaskForm):
    name = StringField("Name")
    phone = StringField("Phone (shown only to coordinators)")
    headline = StringField("Headline")
    summary = TextAreaField("Summary", render_kw={"rows": 6})
    skills = TextAreaField("Skills, one per line", render_kw={"rows": 6})
    new_skill = StringField("Add a skill", render_kw={"list": "skills-in-use"})
    experience = FieldList(FormField(ExperienceForm))
    languages = FieldList(FormField(LanguageForm))
    countries = StringField("Countries you have worked in")
    sectors = CheckboxesField("Sectors", choices=options([(s, s) for s in SECTORS]))
    other_sectors = StringField("Other sectors")
    years_experience = StringField(
        "Years of professional experience", render_kw={"type": "number", "min": 0, "max": 99}
    )
    engagement = CheckboxesField(
        "I accept",
        choices=options([("pro_bono", "Pro-bono assignments"), ("paid", "Paid assignments")]),
    )
    availability = FieldList(FormField(WindowForm))
    travel = BooleanField("I can travel to the partner's country")
    remote = BooleanField("I can work remotely")
    conflicts = TextAreaField(
        "Conflicts of interest, one organisation per line", render_kw={"rows": 3}
    )
    active = BooleanField("I am taking assignments (untick when on leave)")
    visible = BooleanField("Coordinators may see my profile and propose me for assignments")

    def to_draft(self) -> ProfileDraft:
        """Return what was posted as a draft (text as typed)."""
        sectors = [s for s in self.sectors.data or [] if s in SECTORS]
        sectors += [s.strip() for s in (self.other_sectors.data or "").split(",") if s.strip()]
        return ProfileDraft(
            name=self.name.data or "",
            phone=(self.phone.data or "").strip(),
            headline=self.headline.data or "",
            summary=self.summary.data or "",
            skills=_lines(self.skills.data),
            experience=_rows(self.experience, "experience"),
            languages=_rows(self.languages, "languages"),
            countries=[c for c in (self.countries.data or "").split(",") if c.strip()],
            sectors=sectors,
            years_experience=self.years_experience.data or "0",
            engagement=list(self.engagement.data or []),
            availability=_rows(self.availability, "availability"),
            travel=bool(self.travel.data),
            remote=bool(self.remote.data),
            conflicts=_lines(self.conflicts.data),
            active=bool(self.active.data),
            visible=bool(self.visible.data),
        )

    @classmethod
    def of(cls, draft: ProfileDraft) -> ProfileForm:
        """Return a form showing a draft (not the request's data)."""
        form = cls(
            formdata=None,
            data={
                **{key: getattr(draft, key) for key in ("name", "phone", "headline", "summary")},
                "skills": "\n".join(draft.skills),
                "experience": draft.experience,
                "languages": draft.languages,
                "countries": _countries(draft.countries),
                "sectors": [s for s in draft.sectors if s in SECTORS],
                "other_sectors": ", ".join(s for s in draft.sectors if s not in SECTORS),
                "years_experience": draft.years_experience,
                "engagement": draft.engagement,
                "availability": draft.availability,
                "travel": draft.travel,
                "remote": draft.remote,
                "conflicts": "\n".join(draft.conflicts),
                "active": draft.active,
                "visible": draft.visible,
            },
        )
        return form

    def field_for(self, path: str) -> Any:
        """Return the form field a record path like 'experience[1].end' points at, or None."""
        head, _, key = path.partition(".")
        name, _, index = head.partition("[")
        target = getattr(self, name, None) if name in self._fields else None
        if target is None:
            return None
        if index and isinstance(target, FieldList):
            position = int(index.rstrip("]"))
            if position >= len(target.entries):
                return target
            entry = target.entries[position]
            return entry.form[key] if key and key in entry.form._fields else entry
        return target


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _rows(field_list: FieldList, section: str) -> list[dict[str, str]]:
    return [
        {key: str(entry.form[key].data or "").strip() for key in ROW_FIELDS[section]}
        for entry in field_list.entries
    ]


def _countries(values: list[str]) -> str:
    """Show codes as names, and what is not a country as typed (so it can be corrected)."""
    return ", ".join(
        countries_text([code]) if (code := country_code(v)) else v.strip() for v in values
    )
