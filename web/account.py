"""A person's account: download all their data, log out everywhere, delete the account."""

from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_login import current_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, Length

from web.db import get_session
from web.services import accounts, privacy

bp = Blueprint("account", __name__, url_prefix="/account")


class ConfirmForm(FlaskForm):
    password = PasswordField("Your password", validators=[DataRequired(), Length(max=1000)])


class PlainForm(FlaskForm):
    """A button that only needs its CSRF token."""


@bp.get("/")
def index() -> str:
    """Show what the person can do with their account and data."""
    return render_template(
        "account/index.html", delete_form=ConfirmForm(), everywhere_form=PlainForm()
    )


@bp.get("/data.json")
def download() -> Response:
    """Download everything Counterpart holds about the person, as JSON."""
    data = privacy.export_my_data(session=get_session(), user=current_user)
    body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="counterpart-my-data.json"'},
    )


@bp.post("/logout-everywhere")
def logout_everywhere() -> Response:
    """End every session of the account, this one included."""
    if PlainForm().validate_on_submit():
        accounts.rotate_sessions(current_user)
        get_session().commit()
        logout_user()
        flash("You are logged out on every device.", "success")
        return redirect(url_for("auth.login"))
    flash("The form expired; try again.", "error")
    return redirect(url_for("account.index"))


@bp.post("/delete")
def delete() -> Response | tuple[str, int]:
    """Delete the account after the password is confirmed; the history stays, anonymised."""
    form = ConfirmForm()
    session = get_session()
    if form.validate_on_submit() and accounts.authenticate(
        session=session, email=current_user.email, password=form.password.data or ""
    ):
        privacy.delete_account(session=session, user=current_user)
        logout_user()
        flash("Your account is deleted. Decisions about you stay on record, anonymised.", "info")
        return redirect(url_for("main.index"))
    session.rollback()
    form.password.errors = ["That is not your password."]
    html = render_template("account/index.html", delete_form=form, everywhere_form=PlainForm())
    return html, 422
