"""Published opportunities for everyone; applying and following one's applications."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import TextAreaField

from web.db import get_session
from web.opportunities import bp
from web.opportunities.labels import template_helpers
from web.services import applications, opportunities
from web.services.errors import ValidationFailed
from web.services.opportunities import OpportunityQuery


class ApplyForm(FlaskForm):
    note = TextAreaField(
        "A short note to the coordinators",
        render_kw={"rows": 5, "maxlength": applications.MAX_NOTE},
    )


def _user() -> Any:
    return current_user._get_current_object() if current_user.is_authenticated else None


bp.context_processor(template_helpers)


@bp.get("/")
def index() -> str:
    """List the published opportunities: search by words and meaning, filters, pages."""
    query = OpportunityQuery.parse(request.args)
    result = opportunities.search(session=get_session(), query=query)
    return render_template("opportunities/index.html", result=result)


@bp.get("/<assignment_id>")
def detail(assignment_id: str) -> str:
    """Show one published opportunity, and how to apply."""
    found = opportunities.detail(session=get_session(), assignment_id=assignment_id, user=_user())
    return render_template("opportunities/detail.html", found=found)


@bp.route("/<assignment_id>/apply", methods=["GET", "POST"])
def apply(assignment_id: str) -> str | Response | tuple[str, int]:
    """Apply with a short note; the profile becomes visible to coordinators (the form says so)."""
    session = get_session()
    found = opportunities.detail(session=session, assignment_id=assignment_id, user=_user())
    if found.application is not None:
        return redirect(
            url_for("opportunities.application", application_id=found.application.application.id)
        )
    form = ApplyForm()
    if request.method == "POST":
        try:
            applications.apply(
                session=session,
                user=_user(),
                assignment_id=assignment_id,
                note=form.note.data or "",
            )
        except ValidationFailed as exc:
            form.note.errors = [str(exc)]
            return render_template("opportunities/apply.html", found=found, form=form), 422
        flash("Your application is sent. Coordinators see it among the candidates.", "success")
        return redirect(url_for("opportunities.my_applications"))
    return render_template("opportunities/apply.html", found=found, form=form)


@bp.get("/applications")
def my_applications() -> str:
    """List one's applications and their status."""
    mine = applications.mine(session=get_session(), user=_user())
    return render_template("opportunities/applications.html", mine=mine)


@bp.get("/applications/<int:application_id>")
def application(application_id: int) -> str:
    """Show one of one's own applications."""
    found = applications.one(session=get_session(), user=_user(), application_id=application_id)
    return render_template("opportunities/application.html", view=found)
