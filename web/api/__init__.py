"""The versioned JSON API: bearer tokens only (never the session cookie), so no CSRF."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, request
from werkzeug.wrappers import Response

from web.api.operations import JSON, Registry

bp = Blueprint("api", __name__, url_prefix="/api/v1")
api = Registry(bp)
MAX_ID = 2**31 - 1


@bp.url_value_preprocessor
def authenticate(endpoint: str | None, values: dict[str, Any] | None) -> None:
    """Make the bearer token's owner the current user, or nobody: a cookie counts for nothing.

    This runs before the permission table is checked. A browser session must not reach the API:
    the API is exempt from CSRF, so a cookie-authenticated call could be forged by another site.
    """
    from web.db import get_session
    from web.security import require_migrated
    from web.services import accounts

    require_migrated()
    if endpoint == "api.docs":  # a page for people, read only: their session may show
        return
    for value in (values or {}).values():
        if (isinstance(value, str) and "\x00" in value) or (
            isinstance(value, int) and value > MAX_ID
        ):
            abort(404)
    user = None
    scheme, _, plain = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and plain.strip() and "\x00" not in plain:
        session = get_session()
        user = accounts.user_for_token(session=session, plain=plain.strip())
        if user is not None:
            session.commit()
    current_app.login_manager._update_request_context_with_user(user)  # type: ignore[attr-defined]


@bp.after_request
def headers(response: Response) -> Response:
    """Tag reads with an ETag (304 on If-None-Match); keep answers out of shared caches."""
    response.headers["Vary"] = "Authorization"
    if request.method in ("GET", "HEAD") and response.status_code == 200:
        response.headers["Cache-Control"] = "private, no-cache"
        if response.mimetype == JSON:
            response.add_etag()
            response.make_conditional(request)
    else:
        response.headers["Cache-Control"] = "no-store"
    if response.status_code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="counterpart"'
    return response


# The views register their operations on import.
from web.api import (  # noqa: E402
    openapi,
    views_account,
    views_assignments,
    views_candidates,
    views_experts,
    views_import,
    views_requests,
)

__all__ = [
    "api",
    "bp",
    "openapi",
    "views_account",
    "views_assignments",
    "views_candidates",
    "views_experts",
    "views_import",
    "views_requests",
]
