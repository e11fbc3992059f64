"""`flask articles import|list`: the web import for scripts and bulk loads."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from sqlalchemy import select

from factcheck.accounts import find_user
from factcheck.articles.inputs import from_upload, from_url
from factcheck.articles.search import ArticleFilters, list_articles
from factcheck.articles.services import (
    ArticleImportError,
    ImportRequest,
    count_items,
    find_duplicate,
    fingerprint,
    run_analysis,
    store_article,
)
from factcheck.clitools import fail
from factcheck.extensions import db
from factcheck.fetching import FetchPolicy
from factcheck.models import InputKind, Role, User

articles_cli = click.Group("articles", help="Import and list articles.")


def _importer(email: str | None) -> User:
    if email:
        user = find_user(email)
        if user is None or not user.active:
            fail(f"No active account for {email}.")
        return user
    admin = db.session.scalar(
        select(User).where(User.role == Role.ADMIN, User.active).order_by(User.id).limit(1)
    )
    if admin is None:
        fail("No active admin to import as: pass --as EMAIL.")
    return admin


def read_source(source: str) -> ImportRequest:
    """A file path, an http(s) URL or - (standard input) as an import request."""
    config = current_app.config
    if source.startswith(("http://", "https://")):
        return from_url(source, FetchPolicy.from_config(config))
    if "://" in source:
        raise ArticleImportError("Only http:// and https:// addresses can be imported.")
    if source == "-":
        data = sys.stdin.buffer.read()
        if not data.strip():
            raise ArticleImportError("Standard input is empty.")
        return ImportRequest(data=data, kind=InputKind.FILE)
    path = Path(source)
    if not path.is_file():
        raise ArticleImportError(f"No such file: {source}")
    return from_upload(path.name, path.read_bytes(), None, max_bytes=config["UPLOAD_MAX_BYTES"])


@articles_cli.command("import")
@click.argument("source")
@click.option("--as", "email", default=None, help="The importing account (default: an admin).")
@click.option("--allow-duplicate", is_flag=True, help="Import even if it was imported before.")
def import_command(source: str, email: str | None, allow_duplicate: bool) -> None:
    """Import an article from PATH, URL or - and print its id and counts."""
    user = _importer(email)
    config = current_app.config
    try:
        request = read_source(source)
        duplicate = find_duplicate(fingerprint(request.data), request.url)
        if duplicate and not allow_duplicate:
            raise ArticleImportError(
                f"Already imported as article {duplicate.id} ({duplicate.title}); "
                "pass --allow-duplicate to import it again."
            )
        analysis = run_analysis(request, max_bytes=config["ANALYSIS_MAX_BYTES"])
    except ArticleImportError as error:
        fail(str(error))
    article = store_article(request, analysis, user, claim_threshold=config["CLAIM_THRESHOLD"])
    db.session.commit()
    quotes, claims = count_items(analysis, config["CLAIM_THRESHOLD"])
    click.echo(
        f"{article.id}\t{article.title}\t{article.language or '-'}\t"
        f"{quotes} quotations\t{claims} claims\t{len(analysis['sentences'])} sentences"
    )


@articles_cli.command("list")
@click.option("--search", "query", default="", help="Words in the title or body.")
@click.option("--limit", default=50, show_default=True)
def list_command(query: str, limit: int) -> None:
    """List articles, newest first: id, status, language, items, reviewed, title."""
    page = list_articles(ArticleFilters(query=query), page=1, per_page=max(1, limit))
    for article in page.items:
        progress = page.progress.get(article.id)
        done = f"{progress.done}/{progress.total}" if progress else "0/0"
        click.echo(
            f"{article.id}\t{article.status.value}\t{article.language or '-'}\t{done}\t"
            f"{article.title}"
        )
    click.echo(f"({page.total} article{'s' if page.total != 1 else ''})", err=True)
