"""Headers, CSRF, cookies, size limits, error pages and health probes."""

from __future__ import annotations

import pytest
from flask import Flask

from factcheck.models import Role

from .conftest import PASSWORD


def test_security_headers_on_every_kind_of_response(client) -> None:
    for path in ("/auth/sign-in", "/", "/no-such-page", "/healthz", "/static/css/app.css"):
        response = client.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp, path
        assert "frame-ancestors 'none'" in csp, path
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin", path


def test_pages_have_no_inline_script(client, make_user, login) -> None:
    login(client, make_user(Role.ADMIN))
    for path in ("/", "/articles/", "/admin/users", "/auth/sign-in"):
        body = client.get(path).get_data(as_text=True)
        assert "<script>" not in body and " onclick=" not in body, path


def test_session_cookie_flags(client, make_user) -> None:
    user = make_user(Role.REVIEWER)
    response = client.post("/auth/sign-in", data={"email": user.email, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain HTTP here


def test_session_cookie_is_secure_over_https(client, make_user) -> None:
    user = make_user(Role.REVIEWER)
    response = client.post(
        "/auth/sign-in",
        data={"email": user.email, "password": PASSWORD},
        base_url="https://localhost",
    )
    assert "Secure" in response.headers["Set-Cookie"]
    assert "Strict-Transport-Security" in response.headers


@pytest.fixture
def csrf_app(app: Flask) -> Flask:
    app.config["WTF_CSRF_ENABLED"] = True
    return app


def test_csrf_rejects_a_form_without_token(csrf_app: Flask, make_user) -> None:
    user = make_user(Role.REVIEWER)
    client = csrf_app.test_client()
    response = client.post("/auth/sign-in", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "The form expired or did not come from this site" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302  # not signed in


def test_csrf_rejects_sign_out_without_token(csrf_app: Flask, make_user, login) -> None:
    client = login(csrf_app.test_client(), make_user(Role.REVIEWER))
    assert client.post("/auth/sign-out").status_code == 400
    assert client.get("/").status_code == 200  # still signed in


def test_csrf_accepts_the_form_with_its_token(csrf_app: Flask, make_user) -> None:
    import re

    user = make_user(Role.REVIEWER)
    client = csrf_app.test_client()
    page = client.get("/auth/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        "/auth/sign-in", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302


def test_request_size_limit(app: Flask, client) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = client.post("/auth/sign-in", data={"email": "x" * 5000, "password": "y"})
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)


def test_error_pages_show_no_traceback(app: Flask, make_user, login) -> None:
    def explode():
        raise RuntimeError("secret internal detail")

    from factcheck.permissions import public

    app.add_url_rule("/explode", "explode", public(explode))
    app.config["TESTING"] = False
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.test_client().get("/explode")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Traceback" not in body and "secret internal detail" not in body
    assert "Something went wrong" in body


def test_not_found_page(client) -> None:
    response = client.get("/nothing/here")
    assert response.status_code == 404
    assert "There is nothing at this address." in response.get_data(as_text=True)


def test_healthz_and_readyz(client) -> None:
    assert client.get("/healthz").get_json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.get_json()["database"] == "ok"


def test_readyz_reports_an_unreachable_database(database_uri) -> None:
    from factcheck import create_app

    from .conftest import base_config

    app = create_app(base_config("sqlite:////nonexistent-dir/factcheck.db"))
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"
