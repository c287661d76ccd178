"""The migrations build exactly the models' schema, and the app refuses an unmigrated database."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

from tests.conftest import TEST_SETTINGS


def test_migrations_match_models(app):
    engine = app.extensions["database"].engine
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []


def test_healthz_answers_ok_on_a_migrated_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_unmigrated_database_is_refused_with_the_upgrade_command(tmp_path, embedder):
    from web import create_app

    app = create_app({**TEST_SETTINGS, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.db'}"})
    client = app.test_client()
    health = client.get("/healthz")
    assert health.status_code == 503
    page = client.get("/")
    assert page.status_code == 503
    assert "flask --app wsgi db upgrade" in page.get_data(as_text=True)


def test_production_without_secret_key_stops_with_a_clear_message(monkeypatch, tmp_path):
    import pytest

    from web import config

    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setattr(config, "SECRET_KEY_FILE", tmp_path / "missing")
    with pytest.raises(config.ConfigError, match="SECRET_KEY is not set"):
        config.load_settings({"COUNTERPART_ENV": "production"})
