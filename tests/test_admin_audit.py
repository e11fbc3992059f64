"""The audit log page: filters, CSV export, no passwords, no forged lines."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from factcheck import audit
from factcheck.admin.services import csv_cell, one_line
from factcheck.extensions import db
from factcheck.models import AuditEvent, Role, utcnow

from .conftest import PASSWORD


@pytest.fixture
def admin(make_user):
    return make_user(Role.ADMIN)


@pytest.fixture
def admin_client(app, admin, login):
    return login(app.test_client(), admin)


def read_csv(response) -> list[dict[str, str]]:
    assert response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_sign_ins_failures_and_account_changes_are_listed(app, admin_client, make_user) -> None:
    user = make_user(Role.REVIEWER)
    client = app.test_client()
    client.post("/auth/sign-in", data={"email": user.email, "password": "a wrong password"})
    client.post("/auth/sign-in", data={"email": user.email, "password": PASSWORD})
    admin_client.post(f"/admin/users/{user.id}", data={"display_name": "Renamed", "role": "editor"})
    page = admin_client.get("/admin/audit").get_data(as_text=True)
    for action in ("auth.sign_in_failed", "auth.sign_in", "user.role", "user.update"):
        assert f"<code>{action}</code>" in page
    assert "reviewer → editor" in page
    assert "a wrong password" not in page and PASSWORD not in page


def test_filter_by_user_kind_and_date(admin_client, admin, make_user) -> None:
    other = make_user(Role.REVIEWER)
    audit.record("scale.add", actor=admin, after={"label": "Odd"})
    audit.record("auth.sign_in", actor=other, obj=other)
    old = audit.record("auth.sign_in", actor=other, obj=other)
    db.session.flush()
    old.created_at = utcnow() - timedelta(days=40)
    db.session.commit()

    by_user = admin_client.get(f"/admin/audit?user={other.id}").get_data(as_text=True)
    assert "scale.add" not in by_user and by_user.count("<code>auth.sign_in</code>") == 2

    by_kind = admin_client.get("/admin/audit?kind=scale").get_data(as_text=True)
    assert "<code>scale.add</code>" in by_kind and "<code>auth.sign_in</code>" not in by_kind

    since = (utcnow() - timedelta(days=7)).date().isoformat()
    recent = admin_client.get(f"/admin/audit?user={other.id}&date_from={since}")
    assert recent.get_data(as_text=True).count("<code>auth.sign_in</code>") == 1
    until = (utcnow() - timedelta(days=30)).date().isoformat()
    older = admin_client.get(f"/admin/audit?user={other.id}&date_to={until}")
    assert older.get_data(as_text=True).count("<code>auth.sign_in</code>") == 1


def test_invalid_filter_shows_errors(admin_client) -> None:
    response = admin_client.get("/admin/audit?date_from=not-a-date&user=abc")
    assert response.status_code == 400


def test_csv_export_follows_the_filter_and_is_audited(admin_client, admin) -> None:
    audit.record("scale.add", actor=admin, after={"label": "Odd"})
    audit.record("user.role", actor=admin, obj=admin, after={"role": "admin"})
    db.session.commit()
    response = admin_client.get("/admin/audit.csv?kind=scale")
    assert response.headers["Content-Disposition"].startswith("attachment")
    rows = read_csv(response)
    assert [row["action"] for row in rows] == ["scale.add"]
    assert rows[0]["actor_email"] == admin.email
    export = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "export.audit_log"))
    assert export is not None and export.after == {"kind": "scale"}


def test_newlines_in_user_input_cannot_forge_csv_lines(app, admin_client) -> None:
    forged = "x@example.org\r\n1,2026-01-01T00:00:00Z,auth.sign_in,1,admin@example.org"
    app.test_client().post("/auth/sign-in", data={"email": forged, "password": "whatever pw"})
    audit.record("scale.add", after={"label": '=HYPERLINK("http://evil")\u2028x'})
    db.session.commit()
    body = admin_client.get("/admin/audit.csv").get_data(as_text=True)
    lines = body.split("\r\n")
    assert all("\n" not in line and "\r" not in line for line in lines)
    rows = read_csv(admin_client.get("/admin/audit.csv"))
    assert {row["action"] for row in rows} >= {"auth.sign_in_failed", "scale.add"}
    assert not any(row["action"] == "auth.sign_in" for row in rows)
    assert "whatever pw" not in body
    assert "\u2028" not in body


def test_csv_cells_never_start_a_formula() -> None:
    for dangerous in ("=1+1", "+1", "-1", "@SUM(A1)"):
        assert str(csv_cell(dangerous)).startswith("'")
    assert csv_cell("\tx") == "\\x09x"  # control characters are escaped first
    assert csv_cell("plain") == "plain"
    assert csv_cell(42) == 42
    assert csv_cell(None) == ""


def test_one_line_escapes_controls() -> None:
    assert one_line("a\r\nb\x00c\u2029") == "a\\x0d\\x0ab\\x00c\\x2029"


def test_pagination_keeps_filters(admin_client, admin, app) -> None:
    app.config["AUDIT_EVENTS_PER_PAGE"] = 2
    for number in range(5):
        audit.record("scale.add", actor=admin, after={"label": f"L{number}"})
    db.session.commit()
    page = admin_client.get("/admin/audit?kind=scale").get_data(as_text=True)
    assert "page=2" in page and "kind=scale" in page
