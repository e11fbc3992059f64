"""Command-line interface: `flask users …`, `flask setup`, `flask analyze`."""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path

import click
from flask import Flask, current_app
from sqlalchemy import select

from factcheck.accounts import (
    AccountError,
    create_user,
    ensure_first_admin,
    find_user,
    generate_password,
    set_active,
    set_role,
)
from factcheck.analysis import AnalysisError, analyze
from factcheck.articles.cli import articles_cli
from factcheck.articles.services import ImportRequest, find_duplicate, fingerprint, import_article
from factcheck.clitools import fail
from factcheck.extensions import db
from factcheck.models import InputKind, Role, User
from factcheck.reports.cli import reports_cli
from factcheck.scale import ensure_default_scale

users_cli = click.Group("users", help="Create, list, deactivate and change the role of accounts.")


def _user_orfail(email: str) -> User:
    user = find_user(email)
    if user is None:
        fail(f"No account for {email}.")
    return user


@users_cli.command("create")
@click.argument("email")
@click.option("--name", default="", help="Display name (defaults to the part before @).")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.REVIEWER.value)
@click.option("--password", default=None, help="Defaults to a random password, printed once.")
def create_user_command(email: str, name: str, role: str, password: str | None) -> None:
    """Create an account."""
    generated = None
    if password is None:
        password = generated = generate_password()
    try:
        user = create_user(email, name, role, password)
    except AccountError as error:
        db.session.rollback()
        fail(str(error))
    db.session.commit()
    click.echo(f"Created {user.role.value} {user.email}.")
    if generated:
        click.echo(f"Password (shown once): {generated}")


@users_cli.command("list")
def list_users_command() -> None:
    """List every account."""
    for user in db.session.scalars(select(User).order_by(User.email)):
        state = "active" if user.active else "deactivated"
        click.echo(f"{user.id}\t{user.email}\t{user.display_name}\t{user.role.value}\t{state}")


@users_cli.command("deactivate")
@click.argument("email")
def deactivate_command(email: str) -> None:
    """Deactivate an account; its sessions end at once."""
    try:
        set_active(_user_orfail(email), False)
    except AccountError as error:
        db.session.rollback()
        fail(str(error))
    db.session.commit()
    click.echo(f"Deactivated {email}.")


@users_cli.command("activate")
@click.argument("email")
def activate_command(email: str) -> None:
    """Reactivate an account."""
    set_active(_user_orfail(email), True)
    db.session.commit()
    click.echo(f"Reactivated {email}.")


@users_cli.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice([r.value for r in Role]))
def set_role_command(email: str, role: str) -> None:
    """Change an account's role; it applies on the user's next request."""
    try:
        set_role(_user_orfail(email), role)
    except AccountError as error:
        db.session.rollback()
        fail(str(error))
    db.session.commit()
    click.echo(f"{email} is now {role}.")


@click.command("setup")
@click.option("--demo/--no-demo", default=True, help="Load the demo article into an empty desk.")
def setup_command(demo: bool) -> None:
    """Prepare a migrated database: first admin, default verdict scale, demo article."""
    created = ensure_first_admin(
        current_app.config.get("ADMIN_EMAIL"), current_app.config.get("ADMIN_PASSWORD")
    )
    if ensure_default_scale():
        click.echo("Created the default verdict scale.")
    if created:
        admin, generated = created
        click.echo(f"Created the first admin account: {admin.email}")
        if generated:
            click.echo(f"Its password, shown only this once: {generated}")
    if demo:
        _load_demo(created[0] if created else None)
    db.session.commit()


def _load_demo(admin: User | None) -> None:
    text = resources.files("factcheck.demo").joinpath("demo_article.txt").read_text("utf-8")
    request = ImportRequest(data=text, kind=InputKind.TEXT, filename="demo_article.txt")
    if find_duplicate(fingerprint(text)):
        return
    owner = admin or db.session.scalar(select(User).where(User.role == Role.ADMIN).limit(1))
    if owner is None:
        return
    config = current_app.config
    article = import_article(
        request,
        owner,
        max_bytes=config["ANALYSIS_MAX_BYTES"],
        claim_threshold=config["CLAIM_THRESHOLD"],
    )
    click.echo(f"Loaded the demo article #{article.id}: {article.title}")


@click.command("analyze")
@click.argument("path")
def analyze_command(path: str) -> None:
    """Print the analysis of a file (or - for standard input) as JSON."""
    if path == "-":
        data: bytes = sys.stdin.buffer.read()
        filename = None
    else:
        file = Path(path)
        if not file.is_file():
            fail(f"No such file: {path}")
        data, filename = file.read_bytes(), file.name
    try:
        result = analyze(
            data, filename=filename, max_bytes=current_app.config["ANALYSIS_MAX_BYTES"]
        )
    except AnalysisError as error:
        fail(str(error))
    click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))


def init_app(app: Flask) -> None:
    """Register the command groups."""
    app.cli.add_command(users_cli)
    app.cli.add_command(articles_cli)
    app.cli.add_command(reports_cli)
    app.cli.add_command(setup_command)
    app.cli.add_command(analyze_command)
