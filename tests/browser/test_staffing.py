"""Batch staffing in Chromium: the demo coordinator proposes, compares with greedy, accepts one."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

# An assignment of the demo that no other browser test changes.
ASSIGNMENT = "Heating utility business plan"
# Posing the problem ranks every demo profile for every open assignment; the first ranking of
# a fresh server also embeds them.
SOLVE_MS = 300_000


def test_propose_compare_with_greedy_and_accept_one(page, log_in):
    log_in("coordinator@counterpart.example")
    page.goto("/coordinator/staffing")
    expect(page.get_by_role("heading", name="Batch staffing")).to_be_visible()
    expect(page.get_by_label("Offers per expert at once")).to_have_value("1")
    # Few demo members were ever deployed: pairing first-timers makes experts scarce, and the
    # optimum then beats greedy.
    page.get_by_label("Pair first-time volunteers with an experienced expert").check()

    page.get_by_role("button", name="Propose staffing").click(timeout=SOLVE_MS)
    page.wait_for_url(re.compile(r"run=1"), timeout=SOLVE_MS)
    # Once more, warm: the first solve of a fresh server embeds every profile on the way.
    page.get_by_role("button", name="Propose staffing").click(timeout=SOLVE_MS)
    page.wait_for_load_state(timeout=SOLVE_MS)
    stats = page.get_by_role("list", name="Totals")
    expect(stats).to_contain_text("Total fit")
    expect(stats).to_contain_text("Greedy total")
    expect(stats).to_contain_text("Positions filled")
    total = float(stats.locator("li", has_text="Total fit").locator("b").inner_text())
    greedy = float(stats.locator("li", has_text="Greedy total").locator("b").inner_text())
    assert total > 0 and greedy > 0
    page.get_by_role("heading", name="Proposal").evaluate("h => h.scrollIntoView()")
    screenshot(page, "staffing")

    row = page.locator("article.staff-row", has_text=ASSIGNMENT)
    expert = row.locator("tbody tr").first.locator("a.strong-link").inner_text()
    row.get_by_role("checkbox").first.check()
    page.get_by_role("button", name="Accept selected").click(timeout=SOLVE_MS)
    page.wait_for_load_state(timeout=SOLVE_MS)
    expect(page.locator(".flash-success")).to_contain_text(
        "1 proposal shortlisted (from batch staffing).", timeout=SOLVE_MS
    )
    row = page.locator("article.staff-row", has_text=ASSIGNMENT)
    expect(row).to_contain_text(expert)
    expect(row.locator(".badge", has_text="shortlisted")).to_be_visible()
    expect(row.locator(".badge", has_text="kept")).to_be_visible()
    expect(page.locator(".edits")).to_contain_text(f"Kept {expert} on {ASSIGNMENT}")
