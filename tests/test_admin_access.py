"""Reviewers and editors are refused every admin action, even with well-formed crafted POSTs."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from factcheck.extensions import db
from factcheck.models import AuditEvent, PasswordToken, Role, User, VerdictLabel
from factcheck.passwords import verify_password
from factcheck.scale import label_snapshot

from .conftest import PASSWORD


def crafted_requests(victim: User, label: VerdictLabel) -> list[tuple[str, str, dict[str, str]]]:
    """(method, url, form) for every admin endpoint, with data an admin's form would send."""
    prefix = f"label-{label.id}"
    return [
        ("GET", "/admin/users", {}),
        ("GET", "/admin/users/new", {}),
        (
            "POST",
            "/admin/users/new",
            {
                "email": "mole@example.org",
                "display_name": "Mole",
                "role": "admin",
                "credential": "password",
            },
        ),
        ("GET", f"/admin/users/{victim.id}", {}),
        ("POST", f"/admin/users/{victim.id}", {"display_name": "Owned", "role": "reviewer"}),
        ("POST", f"/admin/users/{victim.id}/deactivate", {}),
        ("POST", f"/admin/users/{victim.id}/reactivate", {}),
        ("POST", f"/admin/users/{victim.id}/reset-password", {"credential": "link"}),
        ("GET", "/admin/scale", {}),
        ("POST", "/admin/scale/labels", {"new-label": "Fake", "new-color": "#000000"}),
        (
            "POST",
            f"/admin/scale/labels/{label.id}",
            {f"{prefix}-label": "Owned", f"{prefix}-color": "#000000"},
        ),
        ("POST", f"/admin/scale/labels/{label.id}/move", {"direction": "down"}),
        ("POST", f"/admin/scale/labels/{label.id}/retire", {}),
        ("POST", f"/admin/scale/labels/{label.id}/restore", {}),
        ("POST", "/admin/scale/preset", {"preset": "simple"}),
        ("GET", "/admin/audit", {}),
        ("GET", "/admin/audit.csv", {}),
    ]


def test_every_admin_endpoint_and_method_is_in_the_crafted_list(app) -> None:
    adapter = app.url_map.bind("localhost")
    covered = {
        (adapter.match(url, method=method)[0], method)
        for method, url, _data in crafted_requests(User(id=1), VerdictLabel(id=1))
    }
    expected = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("admin.")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert expected <= covered, sorted(expected - covered)


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.EDITOR], ids=lambda r: r.value)
def test_reviewers_and_editors_are_refused_every_admin_action(app, make_user, login, role) -> None:
    victim = make_user(Role.ADMIN)
    label = db.session.scalar(select(VerdictLabel).order_by(VerdictLabel.position).limit(1))
    before_label = label_snapshot(label)
    before_users = db.session.scalar(select(func.count()).select_from(User))
    before_events = db.session.scalar(select(func.count()).select_from(AuditEvent))
    client = login(app.test_client(), make_user(role))
    for method, url, data in crafted_requests(victim, label):
        response = client.open(url, method=method, data=data)
        assert response.status_code == 403, f"{role.value} {method} {url}"

    db.session.expire_all()
    assert label_snapshot(db.session.get(VerdictLabel, label.id)) == before_label
    victim = db.session.get(User, victim.id)
    assert victim.active and victim.role == Role.ADMIN and victim.display_name != "Owned"
    assert verify_password(victim.password_hash, PASSWORD)
    assert db.session.scalar(select(func.count()).select_from(User)) == before_users + 1
    assert db.session.scalar(select(func.count()).select_from(PasswordToken)) == 0
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == before_events


def test_admin_links_are_not_in_their_navigation(app, make_user, login) -> None:
    for role in (Role.REVIEWER, Role.EDITOR):
        page = login(app.test_client(), make_user(role)).get("/").get_data(as_text=True)
        for label in (">Accounts<", ">Scale<", ">Audit log<"):
            assert label not in page
        assert ">My account<" in page


def test_admin_sees_the_admin_navigation(app, make_user, login) -> None:
    page = login(app.test_client(), make_user(Role.ADMIN)).get("/").get_data(as_text=True)
    for label in (">Accounts<", ">Scale<", ">Audit log<", ">My account<"):
        assert label in page
