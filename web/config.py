"""Typed settings read from the environment; tests pass overrides as a mapping."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"
SECRET_KEY_FILE = INSTANCE_DIR / "secret_key"


class ConfigError(RuntimeError):
    """The environment does not describe a runnable service."""


class Settings(BaseSettings):
    """Every setting of the service, each from the environment variable of its upper-case name."""

    model_config = SettingsConfigDict(extra="ignore", case_sensitive=False)

    counterpart_env: Literal["production", "development", "testing"] = "production"
    secret_key: str | None = None
    database_url: str = f"sqlite:///{INSTANCE_DIR / 'counterpart.db'}"
    embedding_model: str | None = Field(
        default=None, description="a local sentence-transformers directory; unset = packaged MiniLM"
    )
    embedding_precision: Literal["fp32", "bf16"] = "fp32"
    embedding_runtime: Literal["auto", "openvino", "torch"] = "auto"
    redis_url: str | None = None
    max_content_length: int = 16 * 1024 * 1024
    import_max_line_bytes: int = 256 * 1024
    mail_server: str | None = None
    mail_port: int = 587
    mail_username: str | None = None
    mail_password: str | None = None
    mail_sender: str = "counterpart@localhost"
    session_cookie_secure: bool = False
    login_rate_limit: str = "10 per minute"
    testing: bool = False

    def flask_config(self) -> dict[str, Any]:
        """Return the Flask config keys these settings imply."""
        return {
            "SECRET_KEY": self.secret_key,
            "TESTING": self.testing or self.counterpart_env == "testing",
            "MAX_CONTENT_LENGTH": self.max_content_length,
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SAMESITE": "Lax",
            "SESSION_COOKIE_SECURE": self.session_cookie_secure,
            "REMEMBER_COOKIE_HTTPONLY": True,
            "REMEMBER_COOKIE_SAMESITE": "Lax",
            "REMEMBER_COOKIE_SECURE": self.session_cookie_secure,
            "WTF_CSRF_TIME_LIMIT": None,
        }


def load_settings(overrides: Mapping[str, Any] | None = None) -> Settings:
    """Read settings from the environment, apply overrides, and fail fast on what cannot run."""
    try:
        settings = Settings(**{k.lower(): v for k, v in (overrides or {}).items()})
    except ValidationError as exc:
        raise ConfigError(f"Invalid configuration: {exc}") from exc
    if not settings.secret_key and SECRET_KEY_FILE.exists():
        settings.secret_key = SECRET_KEY_FILE.read_text().strip()
    if not settings.secret_key:
        if settings.counterpart_env == "production":
            raise ConfigError(
                "SECRET_KEY is not set. Export SECRET_KEY (e.g. from "
                "`python -c 'import secrets; print(secrets.token_hex(32))'`), "
                "or run `make install`, which writes one to instance/secret_key."
            )
        settings.secret_key = "development-only-secret"
    return settings
