"""Log in and out; load the current user from the session cookie or an API token."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import LoginManager, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from models import User
from web.db import get_session
from web.services import accounts

bp = Blueprint("auth", __name__, url_prefix="/auth")


def init_login(manager: LoginManager) -> None:
    """Teach Flask-Login to find users by session id and by bearer token."""
    manager.login_view = "auth.login"
    manager.login_message = "Please log in to see that page."
    manager.login_message_category = "info"

    @manager.user_loader
    def load_user(session_id: str) -> User | None:
        user_id, _, token = session_id.partition(":")
        if not user_id.isdigit():
            return None
        user = get_session().get(User, int(user_id))
        if user is None or not user.is_active or user.session_token != token:
            return None
        return user

    @manager.request_loader
    def load_user_from_token(req) -> User | None:  # type: ignore[no-untyped-def]
        scheme, _, plain = req.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not plain:
            return None
        user = accounts.user_for_token(session=get_session(), plain=plain.strip())
        if user is not None:
            get_session().commit()
        return user


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1000)])
    remember = BooleanField("Keep me logged in")


def safe_next(target: str | None) -> str | None:
    """Return `target` if it is a path on this site, else None (no open redirects)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def home_for(user: User) -> str:
    """Return where a user lands after logging in."""
    return url_for("main.index")


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    """Show the login form; log the person in."""
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        session = get_session()
        user = accounts.authenticate(
            session=session, email=form.email.data or "", password=form.password.data or ""
        )
        if user is None:
            flash("Email or password is not right.", "error")
        else:
            session.commit()
            login_user(user, remember=bool(form.remember.data))
            return redirect(safe_next(request.args.get("next")) or home_for(user))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout() -> Response:
    """Log out of this browser; with everywhere=1, end every session of the account."""
    if request.form.get("everywhere"):
        accounts.rotate_sessions(current_user)
        get_session().commit()
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("main.index"))
