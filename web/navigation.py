"""The navigation bar: each audience's entries, shown only where the permission table allows."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, request, url_for

from web.permissions import allowed, role_of_current_user


@dataclass(frozen=True)
class NavItem:
    label: str
    endpoint: str


# In display order; an entry appears when its endpoint exists and the role may reach it.
NAV: tuple[NavItem, ...] = (
    NavItem("Dashboard", "coordinator.dashboard"),
    NavItem("Requests", "coordinator.requests"),
    NavItem("Staffing", "coordinator.staffing"),
    NavItem("Weights", "coordinator.weights"),
    NavItem("Recommended", "profiles.recommended"),
    NavItem("My profile", "profiles.edit"),
    NavItem("My applications", "opportunities.my_applications"),
    NavItem("Opportunities", "opportunities.index"),
    NavItem("Audit", "coordinator.audit"),
    NavItem("Users", "admin.user_list"),
    NavItem("Account", "account.index"),
)
# For anonymous visitors, beside "Log in".
ACCOUNT: tuple[NavItem, ...] = (NavItem("Sign up", "auth.signup"),)


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    active: bool


def _links(items: tuple[NavItem, ...]) -> list[Link]:
    role = role_of_current_user()
    endpoints = {rule.endpoint for rule in current_app.url_map.iter_rules()}
    return [
        Link(item.label, url_for(item.endpoint), request.endpoint == item.endpoint)
        for item in items
        if item.endpoint in endpoints and allowed(item.endpoint, role)
    ]


def init_app(app: Flask) -> None:
    """Offer nav_items() and account_links() to every template."""

    @app.context_processor
    def navigation() -> dict[str, object]:
        return {"nav_items": lambda: _links(NAV), "account_links": lambda: _links(ACCOUNT)}
