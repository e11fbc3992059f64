"""What templates may use: navigation by role, formatting filters."""

from __future__ import annotations

from datetime import datetime

from flask import Flask
from flask_login import current_user

from factcheck.models import Role


def navigation() -> list[tuple[str, str]]:
    """(endpoint, label) pairs the current user may open, in menu order."""
    if not current_user.is_authenticated:
        return []
    items = [
        ("main.index", "Desk"),
        ("articles.index", "Articles"),
        ("articles.import_page", "Import"),
    ]
    if current_user.has_role(Role.EDITOR):
        items.append(("approval.index", "Approval"))
        items.append(("reports.bulk", "Exports"))
    if current_user.has_role(Role.ADMIN):
        items.append(("admin.users", "Accounts"))
        items.append(("admin.scale", "Scale"))
        items.append(("admin.audit_log", "Audit log"))
    items.append(("auth.account", "My account"))
    return items


def format_datetime(value: datetime | None) -> str:
    """A UTC timestamp as 'YYYY-MM-DD HH:MM UTC'."""
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "—"


def init_app(app: Flask) -> None:
    """Expose helpers and filters to Jinja."""
    app.jinja_env.globals["navigation"] = navigation
    app.jinja_env.filters["datetime"] = format_datetime
