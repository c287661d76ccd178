"""Log in and out; load the current user from the session cookie or an API token."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import LoginManager, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    RadioField,
    SelectChoice,
    StringField,
)
from wtforms.validators import DataRequired, EqualTo, Length

from models import Role, User
from web.config import Settings
from web.db import get_session
from web.services import accounts
from web.services import signup as signups
from web.services.errors import ValidationFailed
from web.services.mail import mail_configured

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


# Sign-up and password reset: the same neutral answer whoever the address belongs to.


class SignupForm(FlaskForm):
    name = StringField("Your name", validators=[DataRequired(), Length(max=200)])
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    role = RadioField(
        "I am signing up as",
        choices=[
            SelectChoice(
                "member", "A member of the association: I volunteer my local-government expertise"
            ),
            SelectChoice("applicant", "An applicant: I want to apply to published opportunities"),
        ],
        default="member",
        validators=[DataRequired()],
    )


class ForgotPasswordForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])


class NewPasswordForm(FlaskForm):
    password = PasswordField(
        "New password",
        validators=[
            DataRequired(),
            Length(
                min=accounts.MIN_PASSWORD_LENGTH,
                max=1000,
                message=f"Use at least {accounts.MIN_PASSWORD_LENGTH} characters.",
            ),
        ],
    )
    confirm = PasswordField(
        "Repeat the password",
        validators=[DataRequired(), EqualTo("password", message="The two passwords differ.")],
    )


def _settings() -> Settings:
    settings: Settings = current_app.config["SETTINGS"]
    return settings


def _link(endpoint: str) -> signups.LinkFor:
    return lambda token: url_for(endpoint, token=token, _external=True)


def _sent(kind: str, email: str) -> str:
    """The neutral page after a sign-up or reset request."""
    return render_template(
        "auth/sent.html", kind=kind, email=email, mail_configured=mail_configured(_settings())
    )


@bp.route("/signup", methods=["GET", "POST"])
def signup() -> str | Response | tuple[str, int]:
    """Ask for name, address and kind of account; mail a link to choose a password."""
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = SignupForm()
    next_url = safe_next(request.args.get("next")) or ""
    if not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        return render_template("auth/signup.html", form=form, next_url=next_url), status
    try:
        signups.request_signup(
            session=get_session(),
            settings=_settings(),
            email=form.email.data or "",
            name=form.name.data or "",
            role=form.role.data or "",
            next_url=next_url,
            signup_link=_link("auth.finish_signup"),
            login_url=url_for("auth.login", _external=True),
            reset_link=_link("auth.reset_password"),
        )
    except ValidationFailed as exc:
        getattr(form, exc.field or "email").errors = [str(exc)]
        return render_template("auth/signup.html", form=form, next_url=next_url), 422
    return _sent("signup", form.email.data or "")


@bp.route("/signup/<token>", methods=["GET", "POST"])
def finish_signup(token: str) -> str | Response | tuple[str, int]:
    """Choose a password from a sign-up link: the account is made and the person logged in."""
    settings = _settings()
    claim = signups.signup_claim(session=get_session(), settings=settings, token=token)
    form = NewPasswordForm()
    if not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        return render_template("auth/finish_signup.html", form=form, claim=claim), status
    user = signups.finish_signup(
        session=get_session(), settings=settings, token=token, password=form.password.data or ""
    )
    login_user(user)
    flash(f"Welcome to Counterpart, {user.name}.", "success")
    if claim.role == Role.MEMBER and not claim.next_url:
        return redirect(url_for("profiles.edit"))
    return redirect(safe_next(claim.next_url) or url_for("opportunities.index"))


@bp.route("/forgot", methods=["GET", "POST"])
def forgot_password() -> str | tuple[str, int]:
    """Ask for an address; mail a reset link if it has an account (the page says the same)."""
    form = ForgotPasswordForm()
    if not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        return render_template("auth/forgot.html", form=form), status
    signups.request_password_reset(
        session=get_session(),
        settings=_settings(),
        email=form.email.data or "",
        reset_link=_link("auth.reset_password"),
    )
    return _sent("reset", form.email.data or "")


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> str | Response | tuple[str, int]:
    """Choose a new password from a reset link; other sessions of the account end."""
    session, settings = get_session(), _settings()
    user = signups.reset_user(session=session, settings=settings, token=token)
    form = NewPasswordForm()
    if not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        return render_template("auth/reset.html", form=form, user=user), status
    user = signups.reset_password(
        session=session, settings=settings, token=token, password=form.password.data or ""
    )
    logout_user()
    login_user(user)
    flash("Your password is changed, and you are logged in.", "success")
    return redirect(home_for(user))
