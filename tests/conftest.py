"""Shared fixtures: a migrated database per test, the app, clients, users and articles.

The suite runs on SQLite by default and on PostgreSQL when
FACTCHECK_TEST_DATABASE_URL is set (the Makefile runs it both ways).
"""

from __future__ import annotations

import contextvars
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade

from factcheck import create_app
from factcheck.extensions import db
from factcheck.models import Article, InputKind, Role, Segment, SegmentKind, User
from factcheck.passwords import hash_password
from factcheck.scale import ensure_default_scale

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"
PASSWORD = "correct horse battery staple"
POSTGRES_URL = os.environ.get("FACTCHECK_TEST_DATABASE_URL")


def pytest_collection_modifyitems(config, items) -> None:
    """On the PostgreSQL pass, run only the tests that use a database."""
    if not POSTGRES_URL:
        return
    uses_db = {"database_uri", "migrated_database", "empty_database"}
    keep = [item for item in items if uses_db & set(getattr(item, "fixturenames", ()))]
    config.hook.pytest_deselected(items=[item for item in items if item not in keep])
    items[:] = keep


def base_config(database_uri: str, **overrides: object) -> dict[str, object]:
    """The config every test app starts from."""
    config: dict[str, object] = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_uri,
        "WTF_CSRF_ENABLED": False,
    }
    config.update(overrides)
    return config


def migrate_to_head(database_uri: str) -> None:
    """Apply every Alembic migration to the database."""
    app = create_app(base_config(database_uri))
    with app.app_context():
        upgrade()
        db.engine.dispose()


def _admin_url(url: str, database: str) -> str:
    return sa.engine.make_url(url).set(database=database).render_as_string(hide_password=False)


def create_postgres_database(prefix: str = "fc_test") -> str:
    """Create a throw-away PostgreSQL database next to the configured one; return its URL."""
    from factcheck.config import normalise_database_url

    url = normalise_database_url(POSTGRES_URL or "")
    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return _admin_url(url, name)


def drop_postgres_database(url: str) -> None:
    """Drop a database made by create_postgres_database."""
    from factcheck.config import normalise_database_url

    name = sa.engine.make_url(url).database
    engine = sa.create_engine(
        normalise_database_url(POSTGRES_URL or ""), isolation_level="AUTOCOMMIT"
    )
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory) -> Iterator[str]:
    """A database at the latest migration: a template file (SQLite) or a database (PostgreSQL)."""
    if POSTGRES_URL:
        url = create_postgres_database()
        migrate_to_head(url)
        yield url
        drop_postgres_database(url)
    else:
        template = tmp_path_factory.mktemp("db") / "template.db"
        migrate_to_head(f"sqlite:///{template}")
        yield str(template)


@pytest.fixture
def database_uri(migrated_database: str, tmp_path: Path) -> Iterator[str]:
    """An empty, migrated database for one test."""
    if POSTGRES_URL:
        yield migrated_database
        engine = sa.create_engine(migrated_database)
        with engine.begin() as conn:
            tables = [t.name for t in reversed(db.metadata.sorted_tables)]
            conn.execute(sa.text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        engine.dispose()
    else:
        path = tmp_path / "factcheck.db"
        shutil.copyfile(migrated_database, path)
        yield f"sqlite:///{path}"


class IsolatedClient(FlaskClient):
    """A test client whose every request runs in its own app context, as in production.

    Tests hold an app context for database work; without this, requests would
    share its `g` (and Flask-Login's cached user) and its database session.
    """

    def open(self, *args, **kwargs):
        # Buffered, so a streamed body is read inside the request's own context too.
        kwargs.setdefault("buffered", True)
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture
def app_config() -> dict[str, object]:
    """Per-test config overrides; override this fixture to change settings."""
    return {}


@pytest.fixture
def app(database_uri: str, app_config: dict[str, object]) -> Iterator[Flask]:
    """The application on a fresh database holding the default verdict scale."""
    application = create_app(base_config(database_uri, **app_config))
    application.test_client_class = IsolatedClient
    with application.app_context():
        ensure_default_scale()
        db.session.commit()
        yield application
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    """A runner for the app's `flask` commands."""
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def password_hash() -> str:
    """One argon2 hash of PASSWORD, reused so tests do not pay for hashing each user."""
    return hash_password(PASSWORD)


@pytest.fixture
def make_user(app: Flask, password_hash: str) -> Callable[..., User]:
    """Factory: make_user(role=Role.REVIEWER, email=None, active=True) -> committed User."""
    counter = iter(range(1, 10_000))

    def factory(role: Role = Role.REVIEWER, email: str | None = None, active: bool = True) -> User:
        number = next(counter)
        user = User(
            email=email or f"{role.value}{number}@example.org",
            display_name=f"{role.value.title()} {number}",
            role=role,
            active=active,
            password_hash=password_hash,
        )
        db.session.add(user)
        db.session.commit()
        return user

    return factory


@pytest.fixture
def reviewer(make_user) -> User:
    """A signed-up reviewer."""
    return make_user(Role.REVIEWER)


@pytest.fixture
def editor(make_user) -> User:
    """A signed-up editor."""
    return make_user(Role.EDITOR)


@pytest.fixture
def eclient(app: Flask, editor: User, login) -> FlaskClient:
    """A client signed in as the editor."""
    return login(app.test_client(), editor)


@pytest.fixture
def login(app: Flask) -> Callable[[FlaskClient, User], FlaskClient]:
    """Put a user's session in a client's cookie without going through the form."""

    def sign_in(client: FlaskClient, user: User) -> FlaskClient:
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        return client

    return sign_in


@pytest.fixture
def make_article(app: Flask) -> Callable[..., Article]:
    """Factory: an article with one quote and one claim, stored without running the analyser."""

    def factory(owner: User, title: str = "Council raises tram budget") -> Article:
        text = "The council raised the budget by 40%. “It is historic,” said the mayor."
        article = Article(
            input_kind=InputKind.TEXT,
            original=text.encode(),
            original_sha256=uuid.uuid4().hex * 2,
            title=title,
            clean_text=text,
            language="en",
            imported_by=owner,
        )
        article.segments = [
            Segment(
                kind=SegmentKind.CLAIM,
                start_offset=0,
                end_offset=38,
                text=text[:38],
                checkworthiness=0.8,
                reasons=["contains a figure"],
            ),
            Segment(
                kind=SegmentKind.QUOTE,
                start_offset=40,
                end_offset=52,
                text=text[40:52],
                speaker="the mayor",
            ),
        ]
        db.session.add(article)
        db.session.commit()
        return article

    return factory


# --- Browser tests: Debian's Chromium driven by Playwright ----------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
]


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """Serve the test app over HTTP on a free loopback port; yield its base URL."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser context (own cookies) and page for one test."""
    context = browser.new_context()
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def browser_sign_in():
    """Sign in through the real form in a page."""

    def sign_in(tab, base_url: str, email: str, password: str = PASSWORD) -> None:
        tab.goto(f"{base_url}/auth/sign-in")
        tab.get_by_label("E-mail").fill(email)
        tab.get_by_label("Password").fill(password)
        tab.get_by_role("button", name="Sign in").click()

    return sign_in
