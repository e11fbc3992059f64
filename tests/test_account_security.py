"""Account security: password policy, own password changes, throttling, lockout, sessions."""

from __future__ import annotations

import logging
import shutil
import socket
import subprocess
import time

import pytest
from sqlalchemy import select

from factcheck import create_app
from factcheck.accounts import (
    AccountError,
    change_password,
    check_password,
    is_common_password,
    reset_password,
)
from factcheck.extensions import db
from factcheck.models import AuditEvent, Role
from factcheck.passwords import verify_password

from .conftest import PASSWORD, base_config

NEW_PASSWORD = "lantern orchard velvet quiz"
ATTACKER = "203.0.113.66"
OFFICE = "198.51.100.7"


def sign_in(client, email: str, password: str = PASSWORD, addr: str = "127.0.0.1"):
    return client.post(
        "/auth/sign-in",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": addr},
    )


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


# --- password policy -------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    ["short pass", "password1234", "PassWord1234", "  Qwertyuiop123  ", "iloveyou123456"],
)
def test_weak_passwords_are_refused(password: str) -> None:
    with pytest.raises(AccountError):
        check_password(password)


@pytest.mark.parametrize(
    "password", ["lantern orchard velvet quiz", "abcdefghijkx", "zzz tram budget zzz"]
)
def test_long_uncommon_passwords_need_no_composition_rules(password: str) -> None:
    check_password(password)


def test_the_common_list_is_large_and_case_insensitive() -> None:
    assert is_common_password("PASSWORD123456")
    assert is_common_password("Correct Horse Battery Staple")
    assert not is_common_password(NEW_PASSWORD)
    from factcheck.accounts import common_passwords

    assert len([p for p in common_passwords() if len(p) >= 12]) > 3000


def test_password_may_not_be_the_email_address() -> None:
    with pytest.raises(AccountError, match="e-mail"):
        check_password("ana.lopez.garcia@example.org", email="ana.lopez.garcia@example.org")


# --- one's own account -----------------------------------------------------------------


def test_change_password_needs_the_current_one(client, make_user, login) -> None:
    user = make_user(Role.REVIEWER)
    login(client, user)
    response = client.post(
        "/auth/password",
        data={
            "current_password": "not my password at all",
            "new_password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
    )
    assert response.status_code == 400
    assert "The current password is wrong." in response.get_data(as_text=True)
    db.session.refresh(user)
    assert verify_password(user.password_hash, PASSWORD)


def test_change_password_refuses_a_common_one(client, make_user, login) -> None:
    login(client, make_user(Role.REVIEWER))
    response = client.post(
        "/auth/password",
        data={
            "current_password": PASSWORD,
            "new_password": "qwerty123456",
            "confirm": "qwerty123456",
        },
    )
    assert response.status_code == 400
    assert "common passwords" in response.get_data(as_text=True)


def test_change_password_ends_other_sessions_but_keeps_this_one(app, make_user) -> None:
    user = make_user(Role.REVIEWER)
    here, elsewhere = app.test_client(), app.test_client()
    assert sign_in(here, user.email).status_code == 302
    assert sign_in(elsewhere, user.email).status_code == 302
    response = here.post(
        "/auth/password",
        data={"current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert here.get("/auth/account").status_code == 200
    assert elsewhere.get("/auth/account").status_code == 302  # back to sign-in
    db.session.refresh(user)
    assert verify_password(user.password_hash, NEW_PASSWORD)
    event = events("user.password_change")[0]
    assert NEW_PASSWORD not in str(event.before) + str(event.after)


def test_account_page_lists_recent_sign_ins(client, make_user) -> None:
    user = make_user(Role.REVIEWER)
    sign_in(client, user.email, "a wrong password here", addr=ATTACKER)
    sign_in(client, user.email, addr=OFFICE)
    page = client.get("/auth/account").get_data(as_text=True)
    assert "Recent sign-ins" in page
    assert ATTACKER in page and OFFICE in page
    assert "Wrong password" in page and "Signed in" in page


def test_account_is_in_everyones_navigation(client, make_user, login) -> None:
    login(client, make_user(Role.REVIEWER))
    assert "My account" in client.get("/").get_data(as_text=True)


# --- a new password is due --------------------------------------------------------------


def test_reset_user_must_change_password_before_anything_else(client, make_user) -> None:
    user = make_user(Role.EDITOR)
    temporary = reset_password(user)
    db.session.commit()
    response = sign_in(client, user.email, temporary)
    assert response.headers["Location"] == "/auth/password"
    for path in ("/", "/articles/", "/auth/account"):
        blocked = client.get(path)
        assert blocked.status_code == 302 and blocked.headers["Location"] == "/auth/password", path
    assert client.get("/auth/password").status_code == 200
    assert (
        client.post(
            "/auth/password",
            data={
                "current_password": temporary,
                "new_password": NEW_PASSWORD,
                "confirm": NEW_PASSWORD,
            },
        ).status_code
        == 302
    )
    assert client.get("/").status_code == 200
    db.session.refresh(user)
    assert not user.must_change_password


def test_sign_out_stays_possible_while_a_password_is_due(client, make_user) -> None:
    user = make_user(Role.REVIEWER)
    temporary = reset_password(user)
    db.session.commit()
    sign_in(client, user.email, temporary)
    response = client.post("/auth/sign-out")
    assert response.status_code == 302 and response.headers["Location"] == "/auth/sign-in"


def test_service_refuses_reusing_the_current_password(app, make_user) -> None:
    user = make_user(Role.REVIEWER)
    with pytest.raises(AccountError):
        change_password(user, PASSWORD, PASSWORD)


# --- throttling and lockout -------------------------------------------------------------


@pytest.fixture
def app_config(request) -> dict[str, object]:
    return getattr(request, "param", {})


@pytest.mark.parametrize(
    "app_config", [{"SIGNIN_LIMIT_PER_ADDRESS": "3 per minute"}], indirect=True
)
def test_failed_sign_ins_are_throttled_per_address(client, make_user) -> None:
    user = make_user(Role.REVIEWER)
    for number in range(3):
        assert sign_in(client, f"guess{number}@example.org", addr=ATTACKER).status_code == 401
    response = sign_in(client, user.email, addr=ATTACKER)
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)
    assert "Retry-After" in response.headers
    # Another address is not affected.
    assert sign_in(client, user.email, addr=OFFICE).status_code == 302


@pytest.mark.parametrize(
    "app_config", [{"SIGNIN_LIMIT_PER_ADDRESS": "3 per minute"}], indirect=True
)
def test_successful_sign_ins_are_not_counted(app, make_user) -> None:
    user = make_user(Role.REVIEWER)
    for _ in range(5):
        client = app.test_client()
        assert sign_in(client, user.email).status_code == 302


@pytest.mark.parametrize("app_config", [{"SIGNIN_LIMIT_PER_ACCOUNT": "3 per hour"}], indirect=True)
def test_failed_sign_ins_are_throttled_per_account_except_from_known_addresses(
    app, make_user
) -> None:
    user = make_user(Role.ADMIN)
    assert sign_in(app.test_client(), user.email, addr=OFFICE).status_code == 302
    client = app.test_client()
    for number in range(3):  # a botnet: one guess from each address
        response = sign_in(client, user.email, "wrong guess here", addr=f"192.0.2.{number}")
        assert response.status_code == 401
    assert sign_in(client, user.email, addr="192.0.2.200").status_code == 429
    # The owner still gets in from where they signed in before.
    assert sign_in(app.test_client(), user.email, addr=OFFICE).status_code == 302


@pytest.mark.parametrize("app_config", [{"LOCKOUT_THRESHOLD": 3}], indirect=True)
def test_repeated_failures_lock_out_the_account_from_that_address(client, make_user) -> None:
    user = make_user(Role.REVIEWER)
    assert sign_in(client, user.email, "wrong guess one", addr=ATTACKER).status_code == 401
    assert sign_in(client, user.email, "wrong guess two", addr=ATTACKER).status_code == 401
    third = sign_in(client, user.email, "wrong guess three", addr=ATTACKER)
    assert third.status_code == 429
    assert "Try again in 15 minutes" in third.get_data(as_text=True)
    # Locked: even the right password is refused, without being checked.
    locked = sign_in(client, user.email, addr=ATTACKER)
    assert locked.status_code == 429
    assert events("auth.sign_in_locked")[0].actor_id == user.id
    assert events("auth.sign_in_failed")[-1].after["lockout_minutes"] == 15


@pytest.mark.parametrize("app_config", [{"LOCKOUT_THRESHOLD": 3}], indirect=True)
def test_lockout_cannot_keep_an_admin_out_from_elsewhere(app, make_user) -> None:
    admin = make_user(Role.ADMIN)
    attacker = app.test_client()
    for _ in range(10):
        sign_in(attacker, admin.email, "guessing away here", addr=ATTACKER)
    assert sign_in(attacker, admin.email, addr=ATTACKER).status_code == 429
    assert sign_in(app.test_client(), admin.email, addr=OFFICE).status_code == 302


@pytest.mark.parametrize(
    "app_config", [{"LOCKOUT_THRESHOLD": 2, "LOCKOUT_MINUTES": 1 / 60}], indirect=True
)
def test_lockout_expires(client, make_user) -> None:
    user = make_user(Role.ADMIN)
    sign_in(client, user.email, "wrong guess one", addr=ATTACKER)
    assert sign_in(client, user.email, "wrong guess two", addr=ATTACKER).status_code == 429
    assert sign_in(client, user.email, addr=ATTACKER).status_code == 429
    time.sleep(1.3)
    assert sign_in(client, user.email, addr=ATTACKER).status_code == 302


@pytest.mark.parametrize("app_config", [{"LOCKOUT_THRESHOLD": 3}], indirect=True)
def test_a_successful_sign_in_resets_the_failure_count(app, make_user) -> None:
    user = make_user(Role.REVIEWER)
    client = app.test_client()
    for _ in range(2):
        sign_in(client, user.email, "wrong guess here", addr=OFFICE)
    assert sign_in(client, user.email, addr=OFFICE).status_code == 302
    client = app.test_client()
    for _ in range(2):
        assert sign_in(client, user.email, "wrong guess here", addr=OFFICE).status_code == 401


def test_failed_sign_in_log_line_cannot_be_forged(client, caplog, monkeypatch) -> None:
    # Alembic's logging setup (run by the migrations) disables loggers created before it.
    monkeypatch.setattr(logging.getLogger("factcheck.auth.services"), "disabled", False)
    forged = "x@example.org\nINFO factcheck: admin@example.org signed in"
    with caplog.at_level(logging.WARNING, logger="factcheck.auth.services"):
        sign_in(client, forged, "whatever it is")
    messages = [record.getMessage() for record in caplog.records]
    assert messages and all("\n" not in message for message in messages)
    assert "whatever it is" not in " ".join(messages)


# --- sessions end -----------------------------------------------------------------------


def test_admin_deactivation_ends_the_users_sessions(app, make_user, login) -> None:
    reviewer = make_user(Role.REVIEWER)
    reviewer_client = app.test_client()
    sign_in(reviewer_client, reviewer.email)
    assert reviewer_client.get("/").status_code == 200
    admin_client = login(app.test_client(), make_user(Role.ADMIN))
    assert admin_client.post(f"/admin/users/{reviewer.id}/deactivate").status_code == 302
    assert reviewer_client.get("/").status_code == 302
    assert sign_in(app.test_client(), reviewer.email).status_code == 401


def test_admin_password_reset_ends_the_users_sessions(app, make_user, login) -> None:
    reviewer = make_user(Role.REVIEWER)
    reviewer_client = app.test_client()
    sign_in(reviewer_client, reviewer.email)
    admin_client = login(app.test_client(), make_user(Role.ADMIN))
    response = admin_client.post(
        f"/admin/users/{reviewer.id}/reset-password", data={"credential": "password"}
    )
    assert response.status_code == 200
    assert reviewer_client.get("/").status_code == 302
    assert sign_in(app.test_client(), reviewer.email).status_code == 401  # old password gone


# --- Redis: several workers share the counts ---------------------------------------------


@pytest.fixture
def redis_url():
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=5)


def test_workers_share_failure_counts_through_redis(database_uri, make_user, redis_url) -> None:
    """Two app instances (two workers) on one Redis: failures add up and lock the pair."""
    user = make_user(Role.REVIEWER)
    config = base_config(database_uri, REDIS_URL=redis_url, LOCKOUT_THRESHOLD=4)
    first = create_app(config)
    with first.app_context():
        assert first.config["RATELIMIT_STORAGE_URI"] == redis_url
        for _ in range(2):
            assert (
                sign_in(first.test_client(), user.email, "wrong one", ATTACKER).status_code == 401
            )
        db.engine.dispose()
    # A second worker starts (the in-memory storage would start again from zero).
    second = create_app(config)
    with second.app_context():
        assert sign_in(second.test_client(), user.email, "wrong two", ATTACKER).status_code == 401
        assert sign_in(second.test_client(), user.email, "wrong 3", ATTACKER).status_code == 429
        assert sign_in(second.test_client(), user.email, PASSWORD, ATTACKER).status_code == 429
        db.engine.dispose()
    import redis

    assert redis.Redis.from_url(redis_url).keys("*signin-lock*")
