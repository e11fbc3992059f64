"""The `flask users` group and `flask setup`."""

from __future__ import annotations

from sqlalchemy import func, select

from factcheck.extensions import db
from factcheck.models import Article, AuditEvent, Role, User, VerdictLabel
from factcheck.passwords import verify_password


def test_users_create_with_generated_password(runner) -> None:
    result = runner.invoke(
        args=["users", "create", "Rita@Example.org", "--name", "Rita", "--role", "editor"]
    )
    assert result.exit_code == 0, result.output
    assert "Created editor rita@example.org." in result.output
    password = result.output.split("Password (shown once): ")[1].strip()
    user = db.session.scalar(select(User).where(User.email == "rita@example.org"))
    assert user.role == Role.EDITOR and user.display_name == "Rita"
    assert verify_password(user.password_hash, password)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.create"))


def test_users_create_refuses_duplicates_and_weak_passwords(runner, make_user) -> None:
    user = make_user(Role.REVIEWER)
    duplicate = runner.invoke(args=["users", "create", user.email, "--password", "x" * 20])
    assert duplicate.exit_code == 1 and "already exists" in duplicate.output
    weak = runner.invoke(args=["users", "create", "new@example.org", "--password", "short"])
    assert weak.exit_code == 1 and "at least 12 characters" in weak.output
    bad = runner.invoke(args=["users", "create", "not-an-email", "--password", "x" * 20])
    assert bad.exit_code == 1 and "not a valid e-mail address" in bad.output


def test_users_list_deactivate_activate_set_role(runner, make_user) -> None:
    make_user(Role.ADMIN)
    user = make_user(Role.REVIEWER, email="sam@example.org")
    assert "sam@example.org" in runner.invoke(args=["users", "list"]).output

    assert runner.invoke(args=["users", "deactivate", "sam@example.org"]).exit_code == 0
    db.session.refresh(user)
    assert not user.active
    assert "deactivated" in runner.invoke(args=["users", "list"]).output
    assert runner.invoke(args=["users", "activate", "sam@example.org"]).exit_code == 0
    db.session.refresh(user)
    assert user.active

    assert runner.invoke(args=["users", "set-role", "sam@example.org", "editor"]).exit_code == 0
    db.session.refresh(user)
    assert user.role == Role.EDITOR
    unknown = runner.invoke(args=["users", "set-role", "nobody@example.org", "editor"])
    assert unknown.exit_code == 1 and "No account for nobody@example.org." in unknown.output


def test_last_admin_cannot_be_demoted_or_deactivated(runner, make_user) -> None:
    admin = make_user(Role.ADMIN)
    demote = runner.invoke(args=["users", "set-role", admin.email, "reviewer"])
    assert demote.exit_code == 1 and "last active admin" in demote.output
    deactivate = runner.invoke(args=["users", "deactivate", admin.email])
    assert deactivate.exit_code == 1 and "last active admin" in deactivate.output


def test_setup_creates_admin_scale_and_demo_once(app, runner) -> None:
    db.session.execute(VerdictLabel.__table__.delete())
    db.session.commit()
    first = runner.invoke(args=["setup"])
    assert first.exit_code == 0, first.output
    assert "Created the first admin account: admin@factcheck.local" in first.output
    assert "shown only this once" in first.output
    assert "Loaded the demo article" in first.output
    labels = db.session.scalars(select(VerdictLabel.label).order_by(VerdictLabel.position)).all()
    assert labels == ["True", "Mostly true", "Half true", "Mostly false", "False", "Unverifiable"]

    second = runner.invoke(args=["setup"])
    assert second.exit_code == 0
    assert "admin" not in second.output and "demo" not in second.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 1
    assert db.session.scalar(select(func.count()).select_from(Article)) == 1


def test_setup_takes_admin_credentials_from_config(app, runner) -> None:
    app.config["ADMIN_EMAIL"] = "chief@example.org"
    app.config["ADMIN_PASSWORD"] = "a long enough password"
    result = runner.invoke(args=["setup", "--no-demo"])
    assert result.exit_code == 0
    assert "chief@example.org" in result.output and "shown only this once" not in result.output
    user = db.session.scalar(select(User))
    assert user.role == Role.ADMIN and verify_password(user.password_hash, "a long enough password")
