"""Configuration layers and the generated secret key."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from factcheck.config import load_config, normalise_database_url


def make_app(tmp_path: Path) -> Flask:
    return Flask("layers", instance_path=str(tmp_path), instance_relative_config=True)


def test_layers_apply_in_order(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "config.py").write_text(
        "ORGANISATION_NAME = 'From instance'\nARTICLES_PER_PAGE = 10\nMAX_CONTENT_LENGTH = 1\n"
    )
    monkeypatch.setenv("FACTCHECK_ARTICLES_PER_PAGE", "50")
    monkeypatch.setenv("FACTCHECK_MAX_CONTENT_LENGTH", "2048")
    app = make_app(tmp_path)
    load_config(app, {"MAX_CONTENT_LENGTH": 4096})
    assert app.config["ORGANISATION_NAME"] == "From instance"  # instance over default
    assert app.config["ARTICLES_PER_PAGE"] == 50  # environment over instance, typed
    assert app.config["MAX_CONTENT_LENGTH"] == 4096  # create_app's dict over all


def test_string_settings_stay_strings(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("FACTCHECK_ADMIN_PASSWORD", "123456789012")
    app = make_app(tmp_path)
    load_config(app)
    assert app.config["ADMIN_PASSWORD"] == "123456789012"


def test_default_database_is_sqlite_in_instance(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("FACTCHECK_DATABASE_URL", raising=False)
    app = make_app(tmp_path)
    load_config(app)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'factcheck.db'}"
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]["timeout"] == 15


def test_database_url_from_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("FACTCHECK_DATABASE_URL", "postgresql://u@db:5432/fc")
    app = make_app(tmp_path)
    load_config(app)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db:5432/fc"


def test_normalise_database_url() -> None:
    assert normalise_database_url("postgres://a/b") == "postgresql+psycopg://a/b"
    assert normalise_database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_secret_key_generated_once_into_instance(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("FACTCHECK_SECRET_KEY", raising=False)
    first = make_app(tmp_path)
    load_config(first)
    key_file = tmp_path / "secret_key"
    assert key_file.exists() and len(first.config["SECRET_KEY"]) >= 40
    assert key_file.stat().st_mode & 0o077 == 0  # readable by the owner only
    second = make_app(tmp_path)
    load_config(second)
    assert second.config["SECRET_KEY"] == first.config["SECRET_KEY"]


def test_no_secret_is_committed() -> None:
    root = Path(__file__).resolve().parents[1]
    ignored = (root / ".gitignore").read_text()
    assert "instance/*" in ignored and "!instance/.gitkeep" in ignored
