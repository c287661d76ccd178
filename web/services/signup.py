"""Sign-up by a link sent to the address, and password reset by a link: no account enumeration.

Both start with the same neutral answer whether or not the address has an account: the mail
says what to do next (choose a password, or log in / reset), so nobody learns from the page
which addresses are registered.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlmodel import Session, select

from models import Role, User
from web.config import Settings
from web.services import accounts, audit, profiles
from web.services.errors import Conflict, ValidationFailed
from web.services.mail import send_mail

SIGNUP_SALT = "signup"
RESET_SALT = "password-reset"
SIGNUP_MAX_AGE = 24 * 3600
RESET_MAX_AGE = 3600
SIGNUP_ROLES = (Role.MEMBER, Role.APPLICANT)
MAX_NAME = 200

LinkFor = Callable[[str], str]  # token -> absolute URL of the page that takes it


@dataclass(frozen=True)
class SignupClaim:
    """What a sign-up link carries: who asked, as what, and where they were going."""

    email: str
    name: str
    role: Role
    next_url: str = ""


def _serializer(settings: Settings, salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret_key or "", salt=salt)


def _load(settings: Settings, salt: str, token: str, max_age: int) -> dict[str, str]:
    """Return a token's payload, or raise ValidationFailed saying the link is no good."""
    try:
        payload = _serializer(settings, salt).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise ValidationFailed("This link has expired. Ask for a new one.", field="token") from exc
    except BadSignature as exc:
        raise ValidationFailed(
            "This link is not valid. Copy the whole link from the mail, or ask for a new one.",
            field="token",
        ) from exc
    if not isinstance(payload, dict):
        raise ValidationFailed("This link is not valid.", field="token")
    return payload


def _role(role: str) -> Role:
    if role not in {r.value for r in SIGNUP_ROLES}:
        raise ValidationFailed(
            "Choose whether you sign up as a member or an applicant.", field="role"
        )
    return Role(role)


def request_signup(
    *,
    session: Session,
    settings: Settings,
    email: str,
    name: str,
    role: str,
    next_url: str = "",
    signup_link: LinkFor,
    login_url: str,
    reset_link: LinkFor,
) -> None:
    """Mail a link to finish signing up, or, for a known address, how to log in instead."""
    email = accounts.normalise_email(email)
    name = " ".join(name.split())
    if not name:
        raise ValidationFailed("Tell us your name.", field="name")
    if len(name) > MAX_NAME:
        raise ValidationFailed(f"Keep your name under {MAX_NAME} characters.", field="name")
    chosen = _role(role)
    user = session.exec(select(User).where(User.email == email)).first()
    if user is not None:
        reset = reset_link(_reset_token(settings, user))
        body = (
            f"Someone (we hope you) tried to sign up to Counterpart with {email}, "
            "but this address already has an account.\n\n"
            f"Log in: {login_url}\n"
            f"Forgot your password? Choose a new one: {reset}\n\n"
            "If it was not you, you can ignore this mail."
        )
        send_mail(settings=settings, to=email, subject="Your Counterpart account", body=body)
        return
    token = _serializer(settings, SIGNUP_SALT).dumps(
        {"email": email, "name": name, "role": chosen.value, "next": next_url}
    )
    body = (
        f"Hello {name},\n\nto finish signing up to Counterpart, choose your password here "
        f"(the link works for 24 hours):\n{signup_link(token)}\n\n"
        "If you did not ask for an account, you can ignore this mail."
    )
    send_mail(settings=settings, to=email, subject="Finish signing up to Counterpart", body=body)


def signup_claim(*, session: Session, settings: Settings, token: str) -> SignupClaim:
    """Return what an unused sign-up link carries; raise ValidationFailed or Conflict if none."""
    payload = _load(settings, SIGNUP_SALT, token, SIGNUP_MAX_AGE)
    try:
        claim = SignupClaim(
            email=str(payload["email"]),
            name=str(payload["name"]),
            role=Role(payload["role"]),
            next_url=str(payload.get("next") or ""),
        )
    except (KeyError, ValueError) as exc:
        raise ValidationFailed("This link is not valid.", field="token") from exc
    if session.exec(select(User).where(User.email == claim.email)).first() is not None:
        raise Conflict(
            "This sign-up link was already used. Log in, or reset your password.", field="token"
        )
    return claim


def finish_signup(*, session: Session, settings: Settings, token: str, password: str) -> User:
    """Create the account of a sign-up link (and a member's or applicant's profile)."""
    claim = signup_claim(session=session, settings=settings, token=token)
    user = accounts.create_user(
        session=session,
        email=claim.email,
        password=password,
        role=claim.role,
        name=claim.name,
    )
    profiles.create_profile(session=session, user=user)
    audit.record(
        session=session,
        actor=user,
        action="account.signup",
        target_type="user",
        target_id=user.id or 0,
        role=str(claim.role),
    )
    session.commit()
    return user


def _fingerprint(user: User) -> str:
    """Return what a reset link checks: it changes when the password or the sessions do."""
    material = f"{user.password_hash}:{user.session_token}".encode()
    return hashlib.sha256(material).hexdigest()[:20]


def _reset_token(settings: Settings, user: User) -> str:
    return str(_serializer(settings, RESET_SALT).dumps({"user": user.id, "fp": _fingerprint(user)}))


def request_password_reset(
    *, session: Session, settings: Settings, email: str, reset_link: LinkFor
) -> None:
    """Mail a reset link to an active account's address; say nothing about unknown ones."""
    try:
        email = accounts.normalise_email(email)
    except ValidationFailed:
        return
    user = session.exec(select(User).where(User.email == email)).first()
    if user is None or not user.is_active:
        return
    body = (
        "To choose a new Counterpart password, open this link (it works for one hour, once):\n"
        f"{reset_link(_reset_token(settings, user))}\n\n"
        "If you did not ask for it, you can ignore this mail: your password stays as it is."
    )
    send_mail(settings=settings, to=email, subject="Reset your Counterpart password", body=body)


def reset_user(*, session: Session, settings: Settings, token: str) -> User:
    """Return the account a reset link is for, or raise ValidationFailed if it is no good."""
    payload = _load(settings, RESET_SALT, token, RESET_MAX_AGE)
    user_id = payload.get("user")
    user = session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.is_active or payload.get("fp") != _fingerprint(user):
        raise ValidationFailed(
            "This link was already used or is no longer valid. Ask for a new one.", field="token"
        )
    return user


def reset_password(*, session: Session, settings: Settings, token: str, password: str) -> User:
    """Set a new password from a reset link; every other session of the account ends."""
    user = reset_user(session=session, settings=settings, token=token)
    accounts.set_password(user, password)
    session.add(user)
    audit.record(
        session=session,
        actor=user,
        action="account.password_reset",
        target_type="user",
        target_id=user.id or 0,
    )
    session.commit()
    return user
