"""The coordinator's flow in Chromium: rank, compare, shortlist, invite, decline, history."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

# An assignment of the demo that no other browser test changes.
ASSIGNMENT = "Early warning for flash floods"
# The first ranking of a fresh server embeds every demo profile.
FIRST_RANKING_MS = 300_000


def test_review_compare_and_move_candidates_through_the_pipeline(page, log_in):
    log_in("coordinator@counterpart.example")
    page.goto("/coordinator/")
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=ASSIGNMENT)
    expect(row).to_contain_text("No one shortlisted yet")
    screenshot(page, "dashboard")

    row.get_by_role("link", name=ASSIGNMENT).click(timeout=FIRST_RANKING_MS)
    page.wait_for_url(re.compile(r"/coordinator/assignments/"), timeout=FIRST_RANKING_MS)
    cards = page.locator("article.cand")
    expect(cards.first).to_be_visible()
    first, second = cards.nth(0), cards.nth(1)
    # The score split into named components, the evidence quoted with its strength, the rules.
    expect(first.locator(".legend")).to_contain_text("coverage")
    expect(first.locator("svg.scorebar-svg")).to_be_visible()
    evidence = first.locator(".evidence li").first
    expect(evidence.locator(".badge")).to_have_text(re.compile("strong|partial|weak|missing"))
    expect(first.locator(".rules")).to_contain_text("languages")
    expect(first.locator(".cand-summary")).to_contain_text("covers")
    first_id = (first.get_attribute("id") or "").removeprefix("c-")
    second_id = (second.get_attribute("id") or "").removeprefix("c-")
    first_name = first.locator("h3").inner_text()
    second_name = second.locator("h3").inner_text()
    page.locator(".list-head").evaluate("el => el.scrollIntoView()")
    screenshot(page, "ranked-candidates")

    # Compare two, ticking them with the keyboard.
    for card in (first, second):
        card.get_by_label("Compare").focus()
        page.keyboard.press("Space")
    compare = page.get_by_role("button", name="Compare 2")
    expect(compare).to_be_enabled()
    compare.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Compare 2 candidates")).to_be_visible()
    table = page.locator("table.compare")
    expect(table).to_contain_text(first_name)
    expect(table).to_contain_text(second_name)
    expect(table.locator("tr.group")).to_have_count(4)
    screenshot(page, "compare")
    page.get_by_role("link", name="Back to the ranking").click()

    # Shortlist and invite the first; decline the second with a reason.
    card = page.locator(f"#c-{first_id}")
    card.get_by_role("button", name="Shortlist").click()
    expect(page.locator(".flash")).to_contain_text(f"{first_name}: shortlisted")
    card = page.locator(f"#c-{first_id}")
    expect(card.locator(".badge.status-shortlisted")).to_be_visible()
    card.get_by_role("button", name="Invite").click()
    expect(page.locator(".flash")).to_contain_text(f"{first_name}: invited")

    card = page.locator(f"#c-{second_id}")
    card.locator("summary", has_text="Decline").click()
    card.get_by_label("Reason").select_option("unavailable")
    card.get_by_label("Note").fill("Teaching until the end of June")
    card.get_by_role("button", name="Decline", exact=True).click()
    expect(page.locator(".flash")).to_contain_text(f"{second_name}: declined")

    # The history on each candidate: who, when, from and to, the note and the reason.
    page.locator(f"#c-{first_id}").get_by_role("link", name=first_name, exact=True).click()
    history = page.locator(".history-list")
    expect(history.locator("li")).to_have_count(2)
    me = page.locator(".nav-account .who").inner_text().split("\n")[0].removesuffix("coordinator")
    expect(history).to_contain_text(me.strip())
    expect(history.locator("li").nth(1)).to_contain_text("shortlisted → invited")
    page.go_back()
    page.locator(f"#c-{second_id}").get_by_role("link", name=second_name, exact=True).click()
    expect(page.locator(".history-list")).to_contain_text("Reason: Not available in the period")
    expect(page.locator(".history-list")).to_contain_text("Teaching until the end of June")
