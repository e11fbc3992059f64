"""In Chromium: a save made by the page's script updates the article's progress at once."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from factcheck.models import Role

pytestmark = pytest.mark.browser


def test_progress_box_follows_keyboard_saves(
    app, live_server, page, make_user, make_article, browser_sign_in
) -> None:
    reviewer = make_user(Role.REVIEWER)
    article = make_article(reviewer)
    browser_sign_in(page, live_server, reviewer.email)
    page.goto(f"{live_server}/review/articles/{article.id}")
    page.wait_for_load_state("load")
    expect(page.locator(".progress-box")).to_contain_text("0 of 2 items done")

    page.keyboard.press("j")
    expect(page.locator("#panel:not([aria-busy])[data-segment]")).to_have_count(1)
    page.keyboard.press("1")
    page.keyboard.press("d")
    page.keyboard.press("s")
    expect(page.locator("#panel .save-state")).to_have_text("Saved.")
    expect(page.locator(".progress-box")).to_contain_text("1 of 2 items done")
    expect(page.locator(".progress-box .verdict-counts")).to_contain_text("True")
