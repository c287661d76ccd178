"""Administrators: accounts and roles."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import BooleanField, SelectChoice, SelectField

from models import Role
from web.db import get_session
from web.services import users
from web.services.errors import ServiceError

bp = Blueprint("admin", __name__, url_prefix="/admin")
PER_PAGE = 50


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=[SelectChoice(r.value, r.value) for r in Role])
    active = BooleanField("Active")


@bp.get("/users")
def user_list() -> str:
    """List accounts with a form to change each one's role."""
    page = request.args.get("page", 1, type=int) or 1
    page = max(1, page)
    session = get_session()
    rows = users.list_users(session=session, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    total = users.count_users(session=session)
    forms = {u.id: RoleForm(formdata=None, role=str(u.role), active=u.is_active) for u in rows}
    pages = max(1, -(-total // PER_PAGE))
    return render_template(
        "admin/users.html", rows=rows, forms=forms, total=total, page=page, pages=pages
    )


@bp.post("/users/<int:user_id>/role")
def set_role(user_id: int) -> Response:
    """Change one account's role and access."""
    form = RoleForm()
    if not form.validate_on_submit():
        flash("Choose one of the roles.", "error")
        return redirect(url_for("admin.user_list"))
    try:
        user = users.set_role(
            session=get_session(),
            user_id=user_id,
            role=form.role.data or "",
            active=bool(form.active.data),
            actor=current_user,
        )
    except ServiceError as exc:
        if exc.status == 404:
            raise
        get_session().rollback()
        flash(str(exc), "error")
        return redirect(url_for("admin.user_list"))
    flash(f"{user.email} is now {user.role}{'' if user.is_active else ' (blocked)'}.", "success")
    return redirect(url_for("admin.user_list"))
