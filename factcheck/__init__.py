"""factcheck: a web tool for fact-checking newsrooms."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application: config, extensions, blueprints, CLI. Nothing else."""
    # Imported here so that the pure library under factcheck.analysis never loads Flask.
    from flask import Flask

    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    from factcheck.config import load_config

    load_config(app, config)
    register_extensions(app)
    register_blueprints(app)
    register_hooks(app)
    register_cli(app)
    return app


def register_extensions(app: Flask) -> None:
    """Bind the unbound extensions to this app."""
    from factcheck import database, models  # noqa: F401  (models register the tables)
    from factcheck.extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = "Please sign in to continue."
    login_manager.login_message_category = "info"

    from factcheck.sessions import load_user

    login_manager.user_loader(load_user)


def register_blueprints(app: Flask) -> None:
    """One blueprint per feature."""
    from factcheck import health
    from factcheck.admin import bp as admin_bp
    from factcheck.approval import bp as approval_bp
    from factcheck.articles import bp as articles_bp
    from factcheck.auth import bp as auth_bp
    from factcheck.main import bp as main_bp
    from factcheck.reports import bp as reports_bp
    from factcheck.review import bp as review_bp

    blueprints = (
        main_bp,
        auth_bp,
        articles_bp,
        review_bp,
        approval_bp,
        reports_bp,
        admin_bp,
        health.bp,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)


def register_hooks(app: Flask) -> None:
    """Access control, security headers, error pages, template globals."""
    from factcheck import errors, security, templating
    from factcheck.permissions import enforce_access

    app.before_request(enforce_access)
    security.init_app(app)
    errors.init_app(app)
    templating.init_app(app)


def register_cli(app: Flask) -> None:
    """Attach the `flask` sub-commands."""
    from factcheck import cli

    cli.init_app(app)
