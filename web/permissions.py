"""The one table of who may reach what, enforced for every page and API route before it runs."""

from __future__ import annotations

from flask import Flask, abort, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

ANONYMOUS = "anonymous"
APPLICANT = "applicant"
MEMBER = "member"
COORDINATOR = "coordinator"
ADMIN = "admin"
ROLES = (ANONYMOUS, APPLICANT, MEMBER, COORDINATOR, ADMIN)

EVERYONE = frozenset(ROLES)
SIGNED_IN = frozenset({APPLICANT, MEMBER, COORDINATOR, ADMIN})
PEOPLE = frozenset({APPLICANT, MEMBER})  # those who own a profile and apply
STAFF = frozenset({COORDINATOR, ADMIN})
ADMINS = frozenset({ADMIN})

# endpoint -> roles allowed. A route missing here is refused for everybody (and fails the
# permissions test), so a new route cannot be reachable by accident. What a role may do
# to a particular record (its own profile, a published assignment) is checked in services.
PERMISSIONS: dict[str, frozenset[str]] = {
    "static": EVERYONE,
    "errors.healthz": EVERYONE,
    "main.index": EVERYONE,
    "auth.login": EVERYONE,
    "auth.logout": SIGNED_IN,
    # The coordinator workspace.
    "coordinator.dashboard": STAFF,
    "coordinator.requests": STAFF,
    "coordinator.request_detail": STAFF,
    "coordinator.new_assignment": STAFF,
    "coordinator.edit_assignment": STAFF,
    "coordinator.assignment_status": STAFF,
    "coordinator.assignment": STAFF,
    "coordinator.compare": STAFF,
    "coordinator.candidate": STAFF,
    "coordinator.candidate_step": STAFF,
    # Batch staffing and the score's weights.
    "coordinator.staffing": STAFF,
    "coordinator.staffing_accept": STAFF,
    "coordinator.weights": STAFF,
    "coordinator.learn_weights": STAFF,
    "coordinator.activate_weights": STAFF,
    "coordinator.weights_go_back": STAFF,
    # Accounts: sign-up and password reset, for anyone.
    "auth.signup": EVERYONE,
    "auth.finish_signup": EVERYONE,
    "auth.forgot_password": EVERYONE,
    "auth.reset_password": EVERYONE,
    # Members and applicants: their own profile and recommendations.
    "profiles.edit": PEOPLE,
    "profiles.preview": PEOPLE,
    "profiles.consent": PEOPLE,
    "profiles.recommended": PEOPLE,
    # Published opportunities for everyone; applying for people with a profile.
    "opportunities.index": EVERYONE,
    "opportunities.detail": EVERYONE,
    "opportunities.apply": PEOPLE,
    "opportunities.my_applications": PEOPLE,
    "opportunities.application": PEOPLE,
    # The JSON API (bearer tokens); which records a role sees: web/services/records.py.
    "api.openapi_json": EVERYONE,
    "api.docs": EVERYONE,
    "api.me": SIGNED_IN,
    "api.list_applications": SIGNED_IN,
    "api.list_experts": SIGNED_IN,
    "api.create_expert": SIGNED_IN,
    "api.get_expert": SIGNED_IN,
    "api.update_expert": SIGNED_IN,
    "api.deactivate_expert": SIGNED_IN,
    "api.recommendations": SIGNED_IN,
    "api.list_assignments": SIGNED_IN,
    "api.get_assignment": SIGNED_IN,
    "api.create_assignment": STAFF,
    "api.update_assignment": STAFF,
    "api.deactivate_assignment": STAFF,
    "api.rank_candidates": STAFF,
    "api.get_candidate": STAFF,
    "api.change_status": STAFF,
    "api.history": STAFF,
    "api.list_requests": STAFF,
    "api.create_request": STAFF,
    "api.get_request": STAFF,
    "api.update_request": STAFF,
    "api.deactivate_request": STAFF,
    "api.import_experts": STAFF,
    "api.import_assignments": STAFF,
    # The audit trail: read by coordinators, written only by services.
    "coordinator.audit": STAFF,
    # One's own account and data.
    "account.index": SIGNED_IN,
    "account.download": SIGNED_IN,
    "account.logout_everywhere": SIGNED_IN,
    "account.delete": SIGNED_IN,
    # Administration of accounts and roles.
    "admin.user_list": ADMINS,
    "admin.set_role": ADMINS,
    # Personal API tokens, in the pages.
    "api_tokens.index": SIGNED_IN,
    "api_tokens.create": SIGNED_IN,
    "api_tokens.revoke": SIGNED_IN,
}


def role_of_current_user() -> str:
    """Return the current user's role name, or 'anonymous'."""
    if not current_user.is_authenticated:
        return ANONYMOUS
    return str(current_user.role)


def allowed(endpoint: str, role: str) -> bool:
    """Say whether `role` may reach `endpoint`."""
    return role in PERMISSIONS.get(endpoint, frozenset())


def wants_json() -> bool:
    """Say whether this request is from an API client rather than a person's browser."""
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def enforce() -> Response | None:
    """Refuse the request unless the table lets the current role reach its endpoint."""
    endpoint = request.endpoint
    if endpoint is None:  # no route matched: let the 404 handler answer
        return None
    role = role_of_current_user()
    if allowed(endpoint, role):
        return None
    if role == ANONYMOUS and not wants_json() and request.method == "GET":
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    abort(401 if role == ANONYMOUS else 403)


def init_app(app: Flask) -> None:
    """Check the table before every request."""
    app.before_request(enforce)
