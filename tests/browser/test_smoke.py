"""The pages load in a real browser without script or policy errors."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_landing_page_and_login_form(page):
    page.goto("/")
    assert "Counterpart" in page.title()
    page.get_by_role("link", name="Log in").first.click()
    page.get_by_label("Email").fill("nobody@example.org")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Email or password is not right.")).to_be_visible()
