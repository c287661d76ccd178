"""Personal API tokens: issued to a person (in the pages or by command), listed, revoked."""

from __future__ import annotations

from sqlmodel import Session, select

from models import ApiToken, User
from models.base import utcnow
from web.services import accounts, audit
from web.services.errors import NotFound, ValidationFailed

MAX_NAME = 100


def issue_token(*, session: Session, user: User, name: str, actor: User | None) -> str:
    """Create a token for `user` and return it in plain text: the only time it is shown."""
    name = " ".join(name.split())
    if len(name) > MAX_NAME:
        raise ValidationFailed(f"Keep the name under {MAX_NAME} characters.", field="name")
    token, plain = accounts.create_token(session=session, user=user, name=name)
    audit.record(
        session=session,
        actor=actor,
        action="token.create",
        target_type="api_token",
        target_id=token.id or 0,
        user_id=user.id,
        name=token.name,
    )
    session.commit()
    return plain


def issue_token_for_email(*, session: Session, email: str, name: str) -> tuple[User, str]:
    """Create a token for the active account with this email (for scripts)."""
    user = session.exec(select(User).where(User.email == accounts.normalise_email(email))).first()
    if user is None or not user.is_active:
        raise NotFound(f"No active account {email!r}.", field="email")
    return user, issue_token(session=session, user=user, name=name, actor=None)


def list_tokens(*, session: Session, user: User) -> list[ApiToken]:
    """Return the person's tokens, newest first (revoked ones too, marked)."""
    statement = (
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())  # type: ignore[union-attr]
    )
    return list(session.exec(statement))


def revoke_token(*, session: Session, user: User, token_id: int) -> ApiToken:
    """Revoke one of the person's own tokens; it stops working at once."""
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound(f"No token {token_id}.", field="token_id")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.add(token)
        audit.record(
            session=session,
            actor=user,
            action="token.revoke",
            target_type="api_token",
            target_id=token_id,
        )
        session.commit()
    return token
