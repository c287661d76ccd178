"""A member's or applicant's own pages: the profile editor, its preview, recommendations."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from web.db import get_session
from web.opportunities.labels import template_helpers
from web.profiles import bp
from web.profiles.forms import ProfileForm
from web.services import opportunities, profiles
from web.services.errors import ValidationFailed
from web.services.profiles import ProfileDraft

Page = str | tuple[str, int]


def _user() -> Any:
    return current_user._get_current_object()


bp.context_processor(template_helpers)


def _editor(form: ProfileForm, draft: ProfileDraft, *, unsaved: bool, status: int = 200) -> Page:
    view = profiles.editor_view(session=get_session(), user=_user(), skills=draft.skills)
    html = render_template("profiles/edit.html", form=form, view=view, unsaved=unsaved)
    return html, status


@bp.route("/profile", methods=["GET", "POST"])
def edit() -> Page | Response:
    """Edit every field of one's own profile; rows are added, removed and moved on the server."""
    user = _user()
    if request.method == "GET":
        expert = profiles.profile_of(session=get_session(), user=user)
        draft = ProfileDraft.of(expert) if expert else profiles.new_draft(user=user)
        return _editor(ProfileForm.of(draft), draft, unsaved=False)
    form = ProfileForm()
    draft = form.to_draft()
    action = request.form.get("action", "save")
    if action != "save":
        draft = profiles.apply_action(draft, action, new_skill=form.new_skill.data or "")
        return _editor(ProfileForm.of(draft), draft, unsaved=True)
    draft = draft.cleaned()
    try:
        profiles.save_profile(session=get_session(), user=user, draft=draft)
    except ValidationFailed as exc:
        form = ProfileForm.of(draft)
        target = form.field_for(exc.field or "")
        if target is not None and hasattr(target, "errors"):
            target.errors = [str(exc)]
        form.form_errors.append(str(exc))
        return _editor(form, draft, unsaved=True, status=422)
    flash("Your profile is saved.", "success")
    return redirect(url_for("profiles.edit"))


@bp.get("/preview")
def preview() -> str:
    """Show one's own profile as a coordinator sees it."""
    expert = profiles.own_profile_or_404(session=get_session(), user=_user())
    return render_template("profiles/preview.html", expert=expert)


@bp.post("/consent")
def consent() -> Response:
    """Give or withdraw consent to be seen by coordinators, at once."""
    visible = request.form.get("visible") == "1"
    profiles.set_visibility(session=get_session(), user=_user(), visible=visible)
    if visible:
        flash("Coordinators can now see your profile and propose you.", "success")
    else:
        flash("Your profile is hidden: coordinators no longer see you in any ranking.", "info")
    return redirect(safe_back() or url_for("profiles.edit"))


def safe_back() -> str | None:
    """Return the page the consent form came from, when it is one of ours."""
    from web.auth import safe_next

    return safe_next(request.form.get("back"))


@bp.get("/recommended")
def recommended() -> str:
    """Rank the published opportunities for one's profile, with why each fits and what's missing."""
    result = opportunities.recommendations(session=get_session(), user=_user())
    return render_template("profiles/recommended.html", result=result)
