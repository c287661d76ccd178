"""Response headers and the refusal to serve an unmigrated database."""

from __future__ import annotations

from flask import Flask, current_app, request
from werkzeug.wrappers import Response

from web.db import UnmigratedDatabase, database

# No inline script or style anywhere: every script and stylesheet is a vendored file.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def set_headers(response: Response) -> Response:
    """Add the security headers to every response."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def require_migrated() -> None:
    """Refuse every request but the health check until the database is at the current schema."""
    if current_app.extensions.get("schema_checked") or request.endpoint in (
        "errors.healthz",
        "static",
    ):
        return
    database().check_migrated()  # raises UnmigratedDatabase, answered with 503
    current_app.extensions["schema_checked"] = True


def init_app(app: Flask) -> None:
    """Register the header hook."""
    app.after_request(set_headers)


__all__ = ["UnmigratedDatabase", "init_app", "require_migrated", "set_headers"]
