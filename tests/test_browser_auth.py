"""In Chromium: sign in as admin and as reviewer, and the reviewer is refused admin pages."""

from __future__ import annotations

import pytest

from factcheck.models import Role

pytestmark = pytest.mark.browser


def test_admin_and_reviewer_flow(app, live_server, page, make_user, browser_sign_in) -> None:
    admin = make_user(Role.ADMIN, email="chief@example.org")
    reviewer = make_user(Role.REVIEWER, email="rae@example.org")

    browser_sign_in(page, live_server, admin.email)
    assert page.get_by_text(f"Signed in as {admin.display_name}.").is_visible()
    page.get_by_role("link", name="Accounts").click()
    assert page.get_by_role("heading", name="Accounts").is_visible()
    assert page.get_by_role("cell", name="rae@example.org").is_visible()
    page.get_by_role("button", name="Sign out").click()
    assert page.get_by_text("You are signed out.").is_visible()

    browser_sign_in(page, live_server, reviewer.email)
    assert page.get_by_role("link", name="Accounts").count() == 0
    response = page.goto(f"{live_server}/admin/users")
    assert response.status == 403
    assert page.get_by_text("You do not have permission to see this page.").is_visible()


def test_wrong_password_shows_message(app, live_server, page, make_user, browser_sign_in) -> None:
    user = make_user(Role.REVIEWER)
    browser_sign_in(page, live_server, user.email, "wrong password here")
    assert page.get_by_text("Wrong e-mail address or password.").is_visible()
    assert page.get_by_label("Password").get_attribute("aria-invalid") == "true"


def test_protected_page_returns_after_sign_in(app, live_server, page, make_user) -> None:
    user = make_user(Role.REVIEWER)
    page.goto(f"{live_server}/articles/")
    assert "/auth/sign-in" in page.url
    page.get_by_label("E-mail").fill(user.email)
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()
    assert page.url.endswith("/articles/")
    assert page.get_by_role("heading", name="Articles").is_visible()
