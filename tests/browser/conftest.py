"""A live demo server and Debian's Chromium, driven by Playwright, for browser tests."""

from __future__ import annotations

import re
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from tests.conftest import TEST_SETTINGS

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DOCS = Path(__file__).resolve().parents[2] / "docs"
DEMO_PASSWORDS = {
    "coordinator@counterpart.example": "demo-coordinator-pass",
    "member@counterpart.example": "demo-member-pass",
    "applicant@counterpart.example": "demo-applicant-pass",
    "admin@counterpart.example": "demo-admin-pass",
}


class LiveServer:
    """The app served by werkzeug in a thread, on a free port of 127.0.0.1."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, sqlite_template, embedder) -> Iterator[LiveServer]:
    """Serve the demo (seeded, CSRF on) for the whole session."""
    from web import create_app

    path = tmp_path_factory.mktemp("live") / "demo.db"
    shutil.copy(sqlite_template, path)
    settings = {**TEST_SETTINGS, "DATABASE_URL": f"sqlite:///{path}", "WTF_CSRF_ENABLED": True}
    settings.pop("SERVER_NAME")
    app = create_app(settings)
    app.extensions["matching"].use_embedder(embedder)
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    with LiveServer(app) as server:
        yield server
    app.extensions["database"].engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Launch Debian's Chromium once per session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server) -> Iterator[Any]:
    """Return a fresh browser page (own cookies) on the live server, at laptop size."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 860})
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "console",
        lambda msg: errors.append(msg.text) if msg.type == "error" else None,
    )
    yield page
    context.close()
    # A Content-Security-Policy violation or a script error is a failure of the page.
    assert errors == []


@pytest.fixture
def log_in(page) -> Callable[[str], None]:
    """Return a function that logs the page in as a demo account."""

    def log_in(email: str, password: str | None = None) -> None:
        page.goto("/auth/login")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password or DEMO_PASSWORDS[email])
        page.get_by_role("button", name="Log in").click()
        expect(page).not_to_have_url(re.compile("/auth/login"))  # else the login failed

    return log_in


def screenshot(page: Any, name: str) -> Path:
    """Save a full-page screenshot under docs/ (for the README)."""
    DOCS.mkdir(exist_ok=True)
    path = DOCS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path
