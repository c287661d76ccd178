"""Logins are rate-limited per address and per account, in memory or in Redis."""

from __future__ import annotations

import uuid

import pytest

from tests.conftest import TEST_SETTINGS


@pytest.fixture(params=["memory", "redis"])
def limited_app(request, database_url, embedder):
    from web import create_app

    settings = {
        **TEST_SETTINGS,
        "DATABASE_URL": database_url,
        "RATELIMIT_IN_TESTS": True,
        "LOGIN_RATE_LIMIT": "3 per minute",
        # Each test counts in its own namespace of the shared Redis.
        "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}",
    }
    if request.param == "redis":
        settings["REDIS_URL"] = "redis://127.0.0.1:6379/0"
    app = create_app(settings)
    yield app
    app.extensions["database"].engine.dispose()


def attempt(client, email: str, address: str) -> int:
    response = client.post(
        "/auth/login",
        data={"email": email, "password": "wrong password"},
        environ_base={"REMOTE_ADDR": address},
    )
    return response.status_code


def test_one_address_is_slowed_down(limited_app):
    client = limited_app.test_client()
    codes = [attempt(client, f"user{i}@example.org", "10.0.0.1") for i in range(4)]
    assert codes == [200, 200, 200, 429]
    assert attempt(client, "other@example.org", "10.0.0.2") == 200


def test_one_account_is_protected_across_addresses(limited_app):
    client = limited_app.test_client()
    codes = [attempt(client, "target@example.org", f"10.0.1.{i}") for i in range(4)]
    assert codes == [200, 200, 200, 429]
