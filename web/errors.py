"""Errors in one place: problem details for API clients, a page for people; and the health check."""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, Flask, jsonify, render_template
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from matcher.errors import MatcherError
from web.db import UnmigratedDatabase, database, get_session
from web.permissions import wants_json
from web.services.errors import ServiceError

bp = Blueprint("errors", __name__)
log = logging.getLogger(__name__)


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    """Answer 200 when the database answers and is migrated, 503 otherwise."""
    try:
        with database().engine.connect() as connection:  # type: ignore[union-attr]
            connection.execute(text("SELECT 1"))
        database().check_migrated()
    except (SQLAlchemyError, UnmigratedDatabase) as exc:
        return jsonify(status="unavailable", detail=str(exc).splitlines()[0]), 503
    return jsonify(status="ok"), 200


def problem(status: int, title: str, detail: str = "", **extra: Any) -> tuple[Response, int]:
    """Answer with an RFC 9457 problem document for API clients, or an error page for people."""
    if wants_json():
        body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
        response = jsonify(body)
        response.mimetype = "application/problem+json"
        return response, status
    html = render_template("errors/error.html", status=status, title=title, detail=detail, **extra)
    return Response(html, mimetype="text/html"), status


def register(app: Flask) -> None:
    """Install the handlers."""

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> tuple[Response, int]:
        response = problem(exc.code or 500, exc.name, exc.description or "")
        if exc.code == 405 and exc.get_response().headers.get("Allow"):
            response[0].headers["Allow"] = exc.get_response().headers["Allow"]
        return response

    @app.errorhandler(ServiceError)
    def service_error(exc: ServiceError) -> tuple[Response, int]:
        get_session().rollback()
        extra = {"field": exc.field} if exc.field else {}
        if exc.errors:
            extra["errors"] = exc.errors
        return problem(exc.status, exc.title, str(exc), **extra)

    @app.errorhandler(MatcherError)
    def matcher_error(exc: MatcherError) -> tuple[Response, int]:
        get_session().rollback()
        return problem(400, "Invalid input", str(exc))

    @app.errorhandler(UnmigratedDatabase)
    def unmigrated(exc: UnmigratedDatabase) -> tuple[Response, int]:
        return problem(503, "Database not ready", str(exc))

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> tuple[Response, int]:
        log.exception("Unhandled error")
        get_session().rollback()
        return problem(500, "Internal Server Error", "Something went wrong on our side.")
