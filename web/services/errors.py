"""Domain errors raised by services and answered in one place (web/errors.py)."""

from __future__ import annotations


class ServiceError(Exception):
    """A request that cannot be carried out, with the HTTP status that says why."""

    status = 400
    title = "Bad request"

    def __init__(
        self, message: str, *, field: str | None = None, errors: list[str] | None = None
    ) -> None:
        super().__init__(message)
        self.field = field
        self.errors = errors or []


class ValidationFailed(ServiceError):
    status = 422
    title = "Invalid input"


class NotFound(ServiceError):
    status = 404
    title = "Not found"


class Forbidden(ServiceError):
    status = 403
    title = "Forbidden"


class Conflict(ServiceError):
    status = 409
    title = "Conflict"
