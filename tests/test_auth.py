"""Signing in and out, and how account changes reach live sessions."""

from __future__ import annotations

from sqlalchemy import select

from factcheck.accounts import set_active, set_role
from factcheck.extensions import db
from factcheck.models import AuditEvent, Role

from .conftest import PASSWORD


def sign_in(client, email: str, password: str = PASSWORD, next_url: str = ""):
    return client.post(
        "/auth/sign-in", data={"email": email, "password": password, "next": next_url}
    )


def test_sign_in_page_has_labelled_fields(client) -> None:
    page = client.get("/auth/sign-in").get_data(as_text=True)
    assert '<label for="email">E-mail</label>' in page
    assert '<label for="password">Password</label>' in page


def test_sign_in_and_out(client, make_user) -> None:
    user = make_user(Role.REVIEWER)
    response = sign_in(client, user.email)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert user.display_name in home.get_data(as_text=True)
    db.session.refresh(user)
    assert user.last_login_at is not None

    assert client.post("/auth/sign-out").status_code == 302
    assert client.get("/").status_code == 302


def test_sign_in_is_case_insensitive_on_email(client, make_user) -> None:
    make_user(Role.REVIEWER, email="ana@example.org")
    assert sign_in(client, "  Ana@Example.ORG ").status_code == 302


def test_wrong_password_is_refused_and_audited(client, make_user) -> None:
    user = make_user(Role.REVIEWER)
    response = sign_in(client, user.email, "not the password at all")
    assert response.status_code == 401
    assert "Wrong e-mail address or password." in response.get_data(as_text=True)
    assert client.get("/").status_code == 302
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "auth.sign_in_failed"))
    assert event is not None and event.actor_id == user.id
    assert "not the password" not in str(event.before) + str(event.after)


def test_unknown_email_gets_the_same_message(client) -> None:
    response = sign_in(client, "nobody@example.org")
    assert response.status_code == 401
    assert "Wrong e-mail address or password." in response.get_data(as_text=True)


def test_empty_form_shows_field_errors(client) -> None:
    response = client.post("/auth/sign-in", data={})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Enter your e-mail address." in body and "Enter your password." in body


def test_deactivated_account_cannot_sign_in(client, make_user) -> None:
    user = make_user(Role.REVIEWER, active=False)
    response = sign_in(client, user.email)
    assert response.status_code == 401
    assert "deactivated" in response.get_data(as_text=True)


def test_deactivation_ends_a_live_session_on_next_request(client, make_user) -> None:
    user = make_user(Role.REVIEWER)
    sign_in(client, user.email)
    assert client.get("/").status_code == 200
    set_active(user, False)
    db.session.commit()
    assert client.get("/").status_code == 302


def test_role_change_applies_on_next_request(client, make_user) -> None:
    make_user(Role.ADMIN)  # someone else stays admin
    user = make_user(Role.ADMIN)
    sign_in(client, user.email)
    assert client.get("/admin/users").status_code == 200
    set_role(user, Role.REVIEWER)
    db.session.commit()
    assert client.get("/admin/users").status_code == 403
    assert client.get("/").status_code == 200


def test_session_is_renewed_at_sign_in(client, make_user) -> None:
    user = make_user(Role.REVIEWER)
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    sign_in(client, user.email)
    with client.session_transaction() as session:
        assert "planted" not in session


def test_next_redirect_stays_on_site(client, make_user) -> None:
    user = make_user(Role.REVIEWER)
    assert sign_in(client, user.email, next_url="/articles/").headers["Location"] == "/articles/"
    client.post("/auth/sign-out")
    for hostile in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = sign_in(client, user.email, next_url=hostile)
        assert response.headers["Location"] == "/", hostile
        client.post("/auth/sign-out")


def test_protected_page_redirects_to_sign_in_with_next(client) -> None:
    response = client.get("/articles/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/sign-in?next=")


def test_sign_out_needs_post(client, make_user, login) -> None:
    login(client, make_user(Role.REVIEWER))
    assert client.get("/auth/sign-out").status_code == 405
    assert client.get("/").status_code == 200


def test_navigation_depends_on_role(client, make_user, login) -> None:
    login(client, make_user(Role.REVIEWER))
    assert "Accounts" not in client.get("/").get_data(as_text=True)
    admin_client = login(client.application.test_client(), make_user(Role.ADMIN))
    assert "Accounts" in admin_client.get("/").get_data(as_text=True)
