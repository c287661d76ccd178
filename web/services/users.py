"""Administering accounts: roles and access, each change audited."""

from __future__ import annotations

from sqlmodel import Session, func, select

from models import Role, User
from web.services import accounts, audit
from web.services.errors import Conflict, NotFound, ValidationFailed


def list_users(*, session: Session, limit: int = 100, offset: int = 0) -> list[User]:
    """Return accounts in creation order."""
    return list(session.exec(select(User).order_by(User.id).offset(offset).limit(limit)))


def count_users(*, session: Session) -> int:
    """Return how many accounts there are."""
    return int(session.exec(select(func.count()).select_from(User)).one())


def set_role(*, session: Session, user_id: int, role: str, active: bool, actor: User) -> User:
    """Change an account's role or access; the last active admin cannot lose either."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"No account {user_id}.", field="user_id")
    try:
        new_role = Role(role)
    except ValueError as exc:
        raise ValidationFailed(f"Unknown role {role!r}.", field="role") from exc
    if user.role == Role.ADMIN and (new_role != Role.ADMIN or not active):
        admins = session.exec(
            select(func.count()).where(User.role == Role.ADMIN, User.is_active == True)  # noqa: E712
        ).one()
        if admins <= 1:
            raise Conflict("Keep at least one active admin.", field="role")
    before = (str(user.role), user.is_active)
    user.role, user.is_active = new_role, active
    if before != (str(new_role), active):
        accounts.rotate_sessions(user)  # a changed role applies from the next login
        audit.record(
            session=session,
            actor=actor,
            action="user.role",
            target_type="user",
            target_id=user_id,
            email=user.email,
            from_role=before[0],
            to_role=str(new_role),
            from_active=before[1],
            to_active=active,
        )
    session.add(user)
    session.commit()
    return user
