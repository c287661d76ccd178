"""Counterpart's Flask app: built in named steps by create_app."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from web import ratelimits
from web.config import Settings, load_settings
from web.db import MIGRATIONS_DIR


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app from the environment, with `config` overriding any setting."""
    settings = load_settings(config)
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(settings.flask_config())
    app.config["SETTINGS"] = settings
    # Overrides that are not settings are plain Flask config (e.g. WTF_CSRF_ENABLED in tests).
    app.config.update(
        {k: v for k, v in (config or {}).items() if k.lower() not in Settings.model_fields}
    )
    register_extensions(app, settings)
    register_blueprints(app)
    ratelimits.init_app(app, settings.redis_url or "memory://")
    register_errorhandlers(app)
    register_commands(app)
    return app


def register_extensions(app: Flask, settings: Settings) -> None:
    """Bind the database, migrations, login, CSRF, rate limits and the matching service."""
    from web import auth, navigation, permissions, security
    from web.extensions import csrf, db, login_manager, migrate
    from web.services.matching import MatchingService

    db.init_app(app, settings.database_url)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR))
    login_manager.init_app(app)
    auth.init_login(login_manager)
    csrf.init_app(app)
    security.init_app(app)
    app.before_request(security.require_migrated)
    permissions.init_app(app)
    navigation.init_app(app)
    MatchingService.init_app(app, settings)


def register_blueprints(app: Flask) -> None:
    """Mount each audience's blueprint."""
    from web.account import bp as account_bp
    from web.admin import bp as admin_bp
    from web.api import bp as api_bp
    from web.api.tokens import bp as api_tokens_bp
    from web.auth import bp as auth_bp
    from web.coordinator import bp as coordinator_bp
    from web.errors import bp as errors_bp
    from web.extensions import csrf
    from web.main import bp as main_bp
    from web.opportunities import bp as opportunities_bp
    from web.profiles import bp as profiles_bp

    csrf.exempt(api_bp)
    for bp in (
        errors_bp,
        main_bp,
        auth_bp,
        coordinator_bp,
        profiles_bp,
        opportunities_bp,
        api_bp,
        api_tokens_bp,
        account_bp,
        admin_bp,
    ):
        app.register_blueprint(bp)


def register_errorhandlers(app: Flask) -> None:
    """Map errors to problem details for API clients and to pages for people."""
    from web.errors import register

    register(app)


def register_commands(app: Flask) -> None:
    """Add the bulk-data and account commands to `flask --app wsgi`."""
    from web.cli import register

    register(app)
