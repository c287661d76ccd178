"""Accounts: creation, password checks, API tokens."""

from __future__ import annotations

import hashlib
import secrets

from sqlmodel import Session, select
from werkzeug.security import check_password_hash, generate_password_hash

from models import ApiToken, Role, User
from models.base import utcnow
from web.services.errors import Conflict, ValidationFailed

MIN_PASSWORD_LENGTH = 10
# Checked against when the email is unknown, so a login takes as long either way.
_DUMMY_HASH = generate_password_hash("not-a-real-password", method="scrypt")


def normalise_email(email: str) -> str:
    """Return the email trimmed and lower-cased, or raise ValidationFailed."""
    email = email.strip().lower()
    local, _, domain = email.partition("@")
    if not local or "." not in domain or len(email) > 254 or any(c.isspace() for c in email):
        raise ValidationFailed("Enter a valid email address.", field="email")
    return email


def create_user(
    *, session: Session, email: str, password: str, role: Role | str, name: str = ""
) -> User:
    """Create an account with a scrypt-hashed password; the caller commits."""
    email = normalise_email(email)
    try:
        role = Role(role)
    except ValueError as exc:
        choices = ", ".join(r.value for r in Role)
        raise ValidationFailed(
            f"Unknown role {role!r}; use one of {choices}.", field="role"
        ) from exc
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(
            f"Use a password of at least {MIN_PASSWORD_LENGTH} characters.", field="password"
        )
    if session.exec(select(User).where(User.email == email)).first():
        raise Conflict("An account with this email already exists.", field="email")
    user = User(
        email=email,
        name=name.strip()[:200],
        role=role,
        password_hash=generate_password_hash(password, method="scrypt"),
    )
    session.add(user)
    session.flush()
    return user


def set_password(user: User, password: str) -> None:
    """Replace the password and log the account out everywhere."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(
            f"Use a password of at least {MIN_PASSWORD_LENGTH} characters.", field="password"
        )
    user.password_hash = generate_password_hash(password, method="scrypt")
    rotate_sessions(user)


def rotate_sessions(user: User) -> None:
    """End every session of this account (logout everywhere)."""
    user.session_token = secrets.token_hex(16)


def authenticate(*, session: Session, email: str, password: str) -> User | None:
    """Return the active user with this email and password, else None (same cost either way)."""
    user = session.exec(select(User).where(User.email == email.strip().lower())).first()
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.is_active:
        return None
    user.last_login_at = utcnow()
    return user


def hash_token(token: str) -> str:
    """Return the stored form of an API token."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(*, session: Session, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Create a personal API token; the plain token is returned once and never stored."""
    plain = "cp_" + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name.strip()[:100], token_hash=hash_token(plain))
    session.add(token)
    session.flush()
    return token, plain


def user_for_token(*, session: Session, plain: str) -> User | None:
    """Return the active owner of a live API token, else None."""
    token = session.exec(select(ApiToken).where(ApiToken.token_hash == hash_token(plain))).first()
    if token is None or token.revoked_at is not None:
        return None
    user = session.get(User, token.user_id)
    if user is None or not user.is_active:
        return None
    token.last_used_at = utcnow()
    return user
