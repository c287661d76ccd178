"""Rate limits: one Limiter per app, in memory or in Redis when several workers share them."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address


def _form_email() -> str:
    """Key a limit by the account being tried, whatever address it comes from."""
    return "account:" + ((request.form.get("email") or "").strip().lower()[:254] or "-")


def _login_rate() -> str:
    return str(current_app.config["SETTINGS"].login_rate_limit)


# endpoint -> (limit, key function) pairs, applied to POSTs of that endpoint.
LIMITS: dict[str, tuple[tuple[Callable[[], str], Callable[[], str]], ...]] = {
    "auth.login": ((_login_rate, get_remote_address), (_login_rate, _form_email)),
    "auth.signup": ((_login_rate, get_remote_address),),
    "auth.forgot_password": ((_login_rate, get_remote_address), (_login_rate, _form_email)),
}


def init_app(app: Flask, storage_uri: str) -> Limiter:
    """Create this app's limiter and wrap the limited views (blueprints must be registered)."""
    app.config.setdefault("RATELIMIT_STORAGE_URI", storage_uri)
    app.config.setdefault(
        "RATELIMIT_ENABLED", not app.config["TESTING"] or bool(app.config.get("RATELIMIT_IN_TESTS"))
    )
    limiter = Limiter(key_func=get_remote_address, app=app, headers_enabled=True)
    # Flask-Limiter keeps only a weak reference: the app must hold the limiter alive.
    app.extensions["ratelimits"] = limiter
    for endpoint, limits in LIMITS.items():
        view = app.view_functions.get(endpoint)
        if view is None:
            continue
        for limit, key in limits:
            view = limiter.limit(limit, key_func=key, methods=["POST"])(view)
        app.view_functions[endpoint] = view
    return limiter
