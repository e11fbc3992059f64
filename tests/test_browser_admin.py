"""In Chromium: an admin creates a reviewer, who signs in, changes the password and is refused
the admin pages; the scale editor and the audit log work without CSP violations."""

from __future__ import annotations

import re

import pytest

from factcheck.models import Role

pytestmark = pytest.mark.browser

NEW_PASSWORD = "lantern orchard velvet quiz"


@pytest.fixture
def app_config() -> dict[str, object]:
    """Real forms here: CSRF protection on, as in production."""
    return {"WTF_CSRF_ENABLED": True}


def watch_csp(page) -> list[str]:
    """Collect console messages about Content-Security-Policy violations."""
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def test_admin_creates_a_reviewer_who_is_refused_admin_pages(
    app, live_server, page, make_user, browser_sign_in
) -> None:
    violations = watch_csp(page)
    admin = make_user(Role.ADMIN, email="chief@example.org")
    browser_sign_in(page, live_server, admin.email)

    page.get_by_role("link", name="Accounts").click()
    page.get_by_role("link", name="New account").click()
    page.get_by_label("E-mail").fill("rae@example.org")
    page.get_by_label("Name").fill("Rae Reviewer")
    page.get_by_label("Role").select_option("reviewer")
    page.get_by_label("How they sign in first").select_option("password")
    page.get_by_role("button", name="Create account").click()
    assert page.get_by_role("heading", name="Sign-in details for Rae Reviewer").is_visible()
    temporary = page.locator("#secret-value").inner_text().strip()
    assert len(temporary) >= 12
    page.get_by_role("button", name="Sign out").click()

    # The reviewer signs in with the one-time password and must choose a new one first.
    browser_sign_in(page, live_server, "rae@example.org", temporary)
    assert page.get_by_role("heading", name="Change password").is_visible()
    page.goto(f"{live_server}/articles/")
    assert page.url.endswith("/auth/password")
    page.get_by_label("Current password").fill(temporary)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    assert page.get_by_role("heading", name="My account").is_visible()
    assert page.get_by_role("cell", name="Signed in").first.is_visible()

    # No admin navigation, and every admin page is refused.
    for name in ("Accounts", "Scale", "Audit log"):
        assert page.get_by_role("link", name=name, exact=True).count() == 0
    for path in ("/admin/users", "/admin/users/new", "/admin/scale", "/admin/audit"):
        response = page.goto(f"{live_server}{path}")
        assert response.status == 403, path
        assert page.get_by_text("You do not have permission to see this page.").is_visible()
    # A crafted POST with the reviewer's cookies and a valid CSRF token is refused too.
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    crafted = page.request.post(
        f"{live_server}/admin/users/new",
        form={
            "csrf_token": token,
            "email": "mole@example.org",
            "display_name": "Mole",
            "role": "admin",
            "credential": "password",
        },
        max_redirects=0,
    )
    assert crafted.status == 403
    assert violations == []


def test_scale_editor_and_audit_log(
    app, live_server, page, make_user, browser_sign_in, tmp_path
) -> None:
    violations = watch_csp(page)
    admin = make_user(Role.ADMIN, email="chief@example.org")
    page.set_viewport_size({"width": 1280, "height": 900})
    browser_sign_in(page, live_server, admin.email)

    page.get_by_role("link", name="Scale").click()
    assert page.get_by_role("heading", name="Verdict scale").is_visible()
    page.locator("#new-label").fill("Misleading")
    page.locator("#new-color").fill("#aa5500")
    page.locator("#new-rating_value").fill("2")
    page.get_by_role("button", name="Add label").click()
    assert page.get_by_text("Added “Misleading”.").is_visible()
    for _ in range(2):
        page.get_by_role("button", name="Move Misleading up").click()
        page.wait_for_load_state()
    page.get_by_role("button", name="Retire Mostly false").click()
    row = page.get_by_role("form", name="Edit Half true")
    row.get_by_label("Label").fill("Half-true")
    row.get_by_role("button", name="Save").click()
    assert page.get_by_text("Saved “Half-true”.").is_visible()
    assert page.get_by_role("heading", name="Retired labels").is_visible()
    names = page.locator(".scale-edit input[name$='-label']").evaluate_all(
        "inputs => inputs.map(input => input.value)"
    )
    assert names == ["True", "Mostly true", "Half-true", "Misleading", "False", "Unverifiable"]
    page.screenshot(path=str(tmp_path / "scale.png"), full_page=True)

    page.get_by_role("link", name="Audit log").click()
    page.get_by_label("Kind").select_option("scale")
    page.get_by_role("button", name="Filter").click()
    assert re.search(r"kind=scale", page.url)
    assert page.get_by_role("cell", name="scale.retire").is_visible()
    assert page.get_by_role("cell", name="auth.sign_in", exact=True).count() == 0
    page.get_by_label("Kind").select_option("")
    page.get_by_role("button", name="Filter").click()
    page.screenshot(path=str(tmp_path / "audit.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Export as CSV").click()
    assert download.value.suggested_filename == "audit-log.csv"
    assert violations == []
