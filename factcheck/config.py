"""Configuration in layers: defaults, instance/config.py, FACTCHECK_* variables, create_app's dict.

This is the only module that reads the environment.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

ENV_PREFIX = "FACTCHECK_"


class DefaultConfig:
    """Defaults safe for a single-desk install on SQLite."""

    # SQLite under instance/ unless FACTCHECK_DATABASE_URL says otherwise.
    DATABASE_URL: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_pre_ping": True}
    SQLITE_BUSY_TIMEOUT_MS = 15_000

    SECRET_KEY: str | None = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Also set per request when the request itself came over HTTPS.
    SESSION_COOKIE_SECURE = False
    PERMANENT_SESSION_LIFETIME = 12 * 3600
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"

    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    # Pasted articles and uploads stay well below this; larger bodies get a 413 page.
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    MAX_FORM_MEMORY_SIZE = 8 * 1024 * 1024
    ANALYSIS_MAX_BYTES = 5 * 1024 * 1024
    UPLOAD_MAX_BYTES = 5 * 1024 * 1024
    # Sentences scoring at least this become claims to review.
    CLAIM_THRESHOLD = 0.5
    # URL import: hosts (comma-separated) exempt from the public-address rule, e.g. an intranet.
    FETCH_ALLOWED_HOSTS = ""
    FETCH_CONNECT_TIMEOUT = 5.0
    FETCH_TOTAL_TIMEOUT = 20.0

    ADMIN_EMAIL: str | None = None
    ADMIN_PASSWORD: str | None = None
    ORGANISATION_NAME = "factcheck desk"
    # Where reports are published; ClaimReview and Web Annotation ids are built on it.
    PUBLIC_BASE_URL = "http://127.0.0.1:5000"
    ARTICLES_PER_PAGE = 25

    # Read by the CLI only when set; never committed. Also the rate limiter's
    # shared storage, so several workers count sign-in failures together.
    REDIS_URL: str | None = None

    # Sign-in protection (see README, Security). Failed attempts only are counted.
    SIGNIN_LIMIT_PER_ADDRESS = "20 per 10 minutes"
    # Per account from addresses it has not signed in from lately (slows distributed guessing).
    SIGNIN_LIMIT_PER_ACCOUNT = "30 per hour"
    SIGNIN_KNOWN_ADDRESS_DAYS = 30
    # Consecutive failures for one (account, address) pair before a temporary lockout.
    LOCKOUT_THRESHOLD = 5
    LOCKOUT_MINUTES = 15
    SET_PASSWORD_LINK_HOURS = 72
    AUDIT_EVENTS_PER_PAGE = 50
    # Flask-Limiter: memory:// per worker unless REDIS_URL is set (see load_config).
    RATELIMIT_STORAGE_URI: str | None = None
    RATELIMIT_KEY_PREFIX = "factcheck"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True


def _parse_env_value(raw: str, default: Any) -> Any:
    """Parse an environment value to the default's type; strings stay verbatim."""
    if isinstance(default, str) or default is None:
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def _env_overrides(defaults: dict[str, Any]) -> dict[str, Any]:
    """Collect FACTCHECK_* environment variables into config keys."""
    overrides: dict[str, Any] = {}
    for name, raw in os.environ.items():
        if not name.startswith(ENV_PREFIX) or name.startswith(ENV_PREFIX + "TEST_"):
            continue
        key = name[len(ENV_PREFIX) :]
        overrides[key] = _parse_env_value(raw, defaults.get(key))
    return overrides


def normalise_database_url(url: str) -> str:
    """Point bare PostgreSQL URLs at the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _secret_key(instance_path: Path) -> str:
    """Read the instance's secret key, generating it on first run."""
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # O_EXCL: two workers starting together must not write two different keys.
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key


def load_config(app: Flask, overrides: dict[str, Any] | None = None) -> None:
    """Apply the four configuration layers to the app, lowest first."""
    app.config.from_object(DefaultConfig)
    app.config.from_pyfile("config.py", silent=True)
    defaults = {k: v for k, v in vars(DefaultConfig).items() if k.isupper()}
    app.config.update(_env_overrides(defaults))
    if overrides:
        app.config.update(overrides)

    instance_path = Path(app.instance_path)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        url = app.config.get("DATABASE_URL") or f"sqlite:///{instance_path / 'factcheck.db'}"
        app.config["SQLALCHEMY_DATABASE_URI"] = url
    uri = normalise_database_url(app.config["SQLALCHEMY_DATABASE_URI"])
    app.config["SQLALCHEMY_DATABASE_URI"] = uri
    if uri.startswith("sqlite"):
        options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        connect_args = dict(options.get("connect_args", {}))
        connect_args.setdefault("timeout", app.config["SQLITE_BUSY_TIMEOUT_MS"] / 1000)
        options["connect_args"] = connect_args
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(instance_path)
    if not app.config.get("RATELIMIT_STORAGE_URI"):
        app.config["RATELIMIT_STORAGE_URI"] = app.config.get("REDIS_URL") or "memory://"
