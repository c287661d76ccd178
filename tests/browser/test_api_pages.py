"""The API's pages in a real browser: personal tokens, and the documentation (CSP-clean)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def test_a_member_makes_uses_and_revokes_a_token(page, log_in, live_server):
    log_in("member@counterpart.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Account").click()
    page.get_by_role("link", name="API tokens").click()
    page.get_by_label("Name").fill("My laptop")
    page.get_by_role("button", name="Create token").click()
    plain = page.locator("#new-token").inner_text()
    assert re.fullmatch(r"cp_[\w-]+", plain)
    screenshot(page, "api-tokens")
    answer = page.request.get(
        "/api/v1/me", headers={"Authorization": f"Bearer {plain}"}, fail_on_status_code=False
    )
    assert answer.json()["email"] == "member@counterpart.example"
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("row", name=re.compile("My laptop")).get_by_role(
        "button", name="Revoke"
    ).click()
    expect(page.get_by_text("it no longer works")).to_be_visible()
    again = page.request.get(
        "/api/v1/me", headers={"Authorization": f"Bearer {plain}"}, fail_on_status_code=False
    )
    assert again.status == 401


def test_the_documentation_page(page):
    page.goto("/api/v1/docs")
    expect(page.get_by_role("heading", name="Counterpart API")).to_be_visible()
    page.get_by_role("link", name=re.compile("Rank the experts")).click()
    expect(page.locator("#rank_candidates")).to_be_visible()
    page.get_by_role("link", name="Schemas").click()
    screenshot(page, "api-docs")
