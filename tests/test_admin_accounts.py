"""Account pages for admins: create, edit, (de)activate, reset; the last-admin rule."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from factcheck.accounts import AccountError, find_user, issue_password_token, set_active
from factcheck.extensions import db
from factcheck.models import Annotation, AuditEvent, PasswordToken, Role, utcnow
from factcheck.passwords import verify_password

from .conftest import PASSWORD

NEW_PASSWORD = "lantern orchard velvet quiz"


@pytest.fixture
def admin_client(app, make_user, login):
    """A client signed in as a fresh admin; the admin is on `.admin`."""
    admin = make_user(Role.ADMIN)
    client = login(app.test_client(), admin)
    client.admin = admin
    return client


def shown_secret(response) -> str:
    match = re.search(r'<code id="secret-value">([^<]+)</code>', response.get_data(as_text=True))
    assert match, "no secret on the page"
    return match.group(1)


def sign_in(client, email: str, password: str):
    return client.post("/auth/sign-in", data={"email": email, "password": password})


def audit_text() -> str:
    rows = db.session.scalars(select(AuditEvent)).all()
    return " ".join(f"{e.action} {e.before} {e.after}" for e in rows)


def test_accounts_page_links_to_create_and_edit(admin_client) -> None:
    page = admin_client.get("/admin/users").get_data(as_text=True)
    assert 'href="/admin/users/new"' in page
    assert f'href="/admin/users/{admin_client.admin.id}"' in page


def test_create_account_with_a_one_time_password(app, admin_client) -> None:
    response = admin_client.post(
        "/admin/users/new",
        data={
            "email": "Rae@Example.org",
            "display_name": "Rae Reviewer",
            "role": "reviewer",
            "credential": "password",
        },
    )
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    password = shown_secret(response)
    user = find_user("rae@example.org")
    assert user.display_name == "Rae Reviewer" and user.role == Role.REVIEWER
    assert user.must_change_password
    assert verify_password(user.password_hash, password)
    assert password not in audit_text()
    assert "user.create" in audit_text()

    # First sign-in goes straight to choosing a new password.
    client = app.test_client()
    assert sign_in(client, "rae@example.org", password).headers["Location"] == "/auth/password"


def test_create_account_with_a_set_password_link(app, admin_client) -> None:
    response = admin_client.post(
        "/admin/users/new",
        data={
            "email": "ed@example.org",
            "display_name": "Ed Editor",
            "role": "editor",
            "credential": "link",
        },
    )
    link = shown_secret(response)
    assert "/auth/set-password/" in link
    secret = link.rsplit("/", 1)[1]
    token = db.session.scalar(select(PasswordToken))
    assert token.token_hash != secret and secret not in token.token_hash  # only a hash is kept
    assert secret not in audit_text()

    client = app.test_client()
    path = "/auth/set-password/" + secret
    assert client.get(path).status_code == 200
    weak = client.post(path, data={"new_password": "password1234", "confirm": "password1234"})
    assert weak.status_code == 400
    done = client.post(path, data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302 and done.headers["Location"] == "/auth/sign-in"
    # One use only.
    assert client.get(path).status_code == 404
    user = find_user("ed@example.org")
    db.session.refresh(user)
    assert not user.must_change_password
    assert sign_in(app.test_client(), user.email, NEW_PASSWORD).headers["Location"] == "/"


def test_expired_set_password_link_is_refused(client, make_user) -> None:
    user = make_user(Role.REVIEWER)
    secret = issue_password_token(user, hours=1)
    token = db.session.scalar(select(PasswordToken))
    token.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert client.get(f"/auth/set-password/{secret}").status_code == 404
    assert (
        client.post(
            f"/auth/set-password/{secret}",
            data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
        ).status_code
        == 404
    )


def test_a_new_link_replaces_the_old_one(client, make_user) -> None:
    user = make_user(Role.REVIEWER)
    old = issue_password_token(user, hours=1)
    new = issue_password_token(user, hours=1)
    db.session.commit()
    assert client.get(f"/auth/set-password/{old}").status_code == 404
    assert client.get(f"/auth/set-password/{new}").status_code == 200


def test_create_refuses_a_duplicate_email(admin_client, make_user) -> None:
    existing = make_user(Role.REVIEWER)
    response = admin_client.post(
        "/admin/users/new",
        data={
            "email": existing.email.upper(),
            "display_name": "Again",
            "role": "reviewer",
            "credential": "password",
        },
    )
    assert response.status_code == 400
    assert "already exists" in response.get_data(as_text=True)


def test_edit_name_and_role(admin_client, make_user) -> None:
    user = make_user(Role.REVIEWER)
    response = admin_client.post(
        f"/admin/users/{user.id}", data={"display_name": "Ana López", "role": "editor"}
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.display_name == "Ana López" and user.role == Role.EDITOR
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.object_id == user.id)
    ).all()
    assert {"user.role", "user.update"} <= set(actions)


def test_the_last_active_admin_cannot_be_demoted(admin_client) -> None:
    admin = admin_client.admin
    response = admin_client.post(
        f"/admin/users/{admin.id}", data={"display_name": "Still admin", "role": "reviewer"}
    )
    assert response.status_code == 400
    assert "last active admin" in response.get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.role == Role.ADMIN and admin.display_name != "Still admin"


def test_the_last_active_admin_cannot_be_deactivated(app, make_user) -> None:
    admin = make_user(Role.ADMIN)
    make_user(Role.ADMIN, active=False)  # a deactivated admin does not count
    with pytest.raises(AccountError, match="last active admin"):
        set_active(admin, False)
    db.session.rollback()
    db.session.refresh(admin)
    assert admin.active


def test_last_admin_rule_via_deactivation_of_another_admin(app, make_user, login) -> None:
    first, second = make_user(Role.ADMIN), make_user(Role.ADMIN)
    client = login(app.test_client(), first)
    assert client.post(f"/admin/users/{second.id}/deactivate").status_code == 302
    db.session.refresh(second)
    assert not second.active
    # Now `first` is the last active admin: demoting it is refused.
    response = client.post(f"/admin/users/{first.id}", data={"display_name": "F", "role": "editor"})
    assert response.status_code == 400
    db.session.refresh(first)
    assert first.role == Role.ADMIN


def test_admin_cannot_deactivate_themselves(admin_client, make_user) -> None:
    make_user(Role.ADMIN)
    admin_client.post(f"/admin/users/{admin_client.admin.id}/deactivate")
    db.session.refresh(admin_client.admin)
    assert admin_client.admin.active


def test_deactivated_reviewer_keeps_their_work_and_name(
    admin_client, make_user, make_article
) -> None:
    reviewer = make_user(Role.REVIEWER)
    article = make_article(reviewer)
    annotation = Annotation(segment=article.segments[0], reviewer=reviewer, note="Checked.")
    db.session.add(annotation)
    db.session.commit()
    assert admin_client.post(f"/admin/users/{reviewer.id}/deactivate").status_code == 302
    db.session.refresh(annotation)
    db.session.refresh(reviewer)
    assert annotation.reviewer.display_name == reviewer.display_name
    assert not annotation.reviewer.active
    page = admin_client.get("/admin/users").get_data(as_text=True)
    assert reviewer.display_name in page and "deactivated" in page

    assert admin_client.post(f"/admin/users/{reviewer.id}/reactivate").status_code == 302
    db.session.refresh(reviewer)
    assert reviewer.active


def test_reset_password_with_a_one_time_password(app, admin_client, make_user) -> None:
    user = make_user(Role.EDITOR)
    response = admin_client.post(
        f"/admin/users/{user.id}/reset-password", data={"credential": "password"}
    )
    temporary = shown_secret(response)
    db.session.refresh(user)
    assert user.must_change_password
    assert not verify_password(user.password_hash, PASSWORD)
    assert temporary not in audit_text()
    client = app.test_client()
    assert sign_in(client, user.email, temporary).headers["Location"] == "/auth/password"
    assert client.get("/articles/").headers["Location"] == "/auth/password"


def test_reset_password_with_a_link(app, admin_client, make_user) -> None:
    user = make_user(Role.REVIEWER)
    response = admin_client.post(
        f"/admin/users/{user.id}/reset-password", data={"credential": "link"}
    )
    secret = shown_secret(response).rsplit("/", 1)[1]
    assert sign_in(app.test_client(), user.email, PASSWORD).status_code == 401
    client = app.test_client()
    client.post(
        f"/auth/set-password/{secret}",
        data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert sign_in(client, user.email, NEW_PASSWORD).headers["Location"] == "/"


def test_unknown_user_is_404(admin_client) -> None:
    assert admin_client.get("/admin/users/99999").status_code == 404
    assert admin_client.post("/admin/users/99999/deactivate").status_code == 404
