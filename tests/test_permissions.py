"""Every route declares who may use it, and the server enforces it for every role."""

from __future__ import annotations

import pytest
from flask import Flask

from factcheck.models import Role
from factcheck.permissions import access_for

ANONYMOUS = "anonymous"
ROLES = [ANONYMOUS, Role.REVIEWER, Role.EDITOR, Role.ADMIN]

# endpoint -> lowest role admitted ("public" for everyone). A new route must be
# added here, with its intended access, or test_every_route_is_listed fails.
EXPECTED_ACCESS: dict[str, str | Role] = {
    "static": "public",
    "health.healthz": "public",
    "health.readyz": "public",
    "auth.sign_in": "public",
    "auth.sign_out": Role.REVIEWER,
    "main.index": Role.REVIEWER,
    "articles.index": Role.REVIEWER,
    "articles.detail": Role.REVIEWER,
    "articles.original": Role.REVIEWER,
    # article import (issue 4)
    "articles.import_page": Role.REVIEWER,
    "articles.import_paste": Role.REVIEWER,
    "articles.import_upload": Role.REVIEWER,
    "articles.import_url": Role.REVIEWER,
    "articles.preview": Role.REVIEWER,
    "articles.discard_import": Role.REVIEWER,
    # review workspace (issue 5)
    "review.workspace": Role.REVIEWER,
    "review.save": Role.REVIEWER,
    "review.add": Role.REVIEWER,
    "review.span": Role.REVIEWER,
    "review.kind": Role.REVIEWER,
    "review.split": Role.REVIEWER,
    "review.merge": Role.REVIEWER,
    "review.dismiss": Role.REVIEWER,
    "review.restore": Role.REVIEWER,
    "review.ready": Role.REVIEWER,
    "review.verdict_styles": Role.REVIEWER,
    # approval and reports (issue 6)
    "approval.index": Role.EDITOR,
    "approval.article": Role.EDITOR,
    "approval.approve_item": Role.EDITOR,
    "approval.send_back_item": Role.EDITOR,
    "reports.article": Role.EDITOR,
    "reports.export": Role.EDITOR,
    "reports.bulk": Role.EDITOR,
    "admin.users": Role.ADMIN,
    # admin and account pages (issue 7)
    "auth.account": Role.REVIEWER,
    "auth.change_password": Role.REVIEWER,
    "auth.set_password": "public",
    "admin.create_user": Role.ADMIN,
    "admin.edit_user": Role.ADMIN,
    "admin.deactivate_user": Role.ADMIN,
    "admin.reactivate_user": Role.ADMIN,
    "admin.reset_user_password": Role.ADMIN,
    "admin.scale": Role.ADMIN,
    "admin.add_scale_label": Role.ADMIN,
    "admin.edit_scale_label": Role.ADMIN,
    "admin.move_scale_label": Role.ADMIN,
    "admin.retire_scale_label": Role.ADMIN,
    "admin.restore_scale_label": Role.ADMIN,
    "admin.apply_scale_preset": Role.ADMIN,
    "admin.audit_log": Role.ADMIN,
    "admin.audit_export": Role.ADMIN,
}


def _allowed(expected: str | Role, who: str | Role) -> bool:
    if expected == "public":
        return True
    return who != ANONYMOUS and Role(who).rank >= Role(expected).rank


def test_every_route_is_listed(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints == set(EXPECTED_ACCESS), (
        "routes and EXPECTED_ACCESS differ: "
        f"unlisted={sorted(endpoints - set(EXPECTED_ACCESS))}, "
        f"gone={sorted(set(EXPECTED_ACCESS) - endpoints)}"
    )


def test_every_route_declares_the_expected_access(app: Flask) -> None:
    with app.test_request_context():
        for endpoint, expected in EXPECTED_ACCESS.items():
            access = access_for(endpoint)
            assert access is not None, f"{endpoint} declares no access"
            if expected == "public":
                assert access.public, endpoint
            else:
                assert not access.public and access.role == expected, endpoint


def test_undeclared_route_is_refused(app: Flask, make_user, login) -> None:
    """A view that forgets to declare its access fails closed, even for an admin."""
    app.add_url_rule("/forgotten", "forgotten", lambda: "secret")
    client = login(app.test_client(), make_user(Role.ADMIN))
    assert client.get("/forgotten").status_code == 403


def _url_args(app: Flask, rule, article_id: int) -> dict[str, object]:
    values: dict[str, object] = {}
    for arg in rule.arguments:
        if arg == "article_id":
            values[arg] = article_id
        elif arg == "pending_id":
            values[arg] = 1
        elif arg == "fmt":  # reports (issue 6): every export format is exercised elsewhere
            values[arg] = "json"
        elif arg == "segment_id":  # review pages (issue 5): a segment of the sample article
            from sqlalchemy import select

            from factcheck.extensions import db
            from factcheck.models import Segment

            values[arg] = db.session.scalar(
                select(Segment.id).where(Segment.article_id == article_id).limit(1)
            )
        elif arg == "filename":
            values[arg] = "css/app.css"
        elif arg in ("user_id", "label_id"):  # admin pages (issue 7): an existing row
            from sqlalchemy import select

            from factcheck.extensions import db
            from factcheck.models import User, VerdictLabel

            column = User.id if arg == "user_id" else VerdictLabel.id
            values[arg] = db.session.scalar(select(column).order_by(column).limit(1))
        elif arg == "token":  # a set-password link that does not exist: 404, never 401/403
            values[arg] = "no-such-token"
        else:
            pytest.fail(f"no sample value for URL argument {arg!r} of {rule.endpoint}")
    return values


@pytest.mark.parametrize("who", ROLES, ids=lambda r: getattr(r, "value", r))
def test_role_endpoint_matrix(app: Flask, make_user, make_article, login, who) -> None:
    """Every route and method, as every role: allowed ones are served, the rest refused."""
    owner = make_user(Role.ADMIN)
    article = make_article(owner)
    checked = 0
    for rule in app.url_map.iter_rules():
        expected = EXPECTED_ACCESS[rule.endpoint]
        with app.test_request_context():
            from flask import url_for

            url = url_for(rule.endpoint, **_url_args(app, rule, article.id))
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            client = app.test_client()
            if who != ANONYMOUS:
                login(client, make_user(Role(who)))
            response = client.open(url, method=method)
            label = f"{who} {method} {rule.endpoint}"
            if _allowed(expected, who):
                assert response.status_code not in (401, 403), label
                assert "/auth/sign-in" not in response.headers.get("Location", "") or (
                    rule.endpoint == "auth.sign_out"
                ), label
                assert response.status_code < 500, label
            elif who == ANONYMOUS:
                assert response.status_code == 302, label
                assert "/auth/sign-in" in response.headers["Location"], label
            else:
                assert response.status_code == 403, label
            checked += 1
    assert checked >= len(EXPECTED_ACCESS)
