"""`flask reports export|bulk`: the report exports for scripts."""

from __future__ import annotations

import sys
from datetime import date

import click
from flask import current_app

from factcheck import audit
from factcheck.clitools import fail
from factcheck.extensions import db
from factcheck.models import utcnow
from factcheck.reports.bulk import FORMATS as BULK_FORMATS
from factcheck.reports.bulk import BulkFilters, bulk_export
from factcheck.reports.model import build_report, load_article
from factcheck.reports.routes import EXPORTS, render_export

reports_cli = click.Group("reports", help="Export verdict reports.")


def _write(chunks, output: str | None, binary: bool = False) -> None:
    if output is None or output == "-":
        stream = sys.stdout.buffer
        for chunk in chunks:
            stream.write(chunk if binary else chunk.encode("utf-8"))
        stream.flush()
        return
    mode = "wb" if binary else "w"
    with open(output, mode, **({} if binary else {"encoding": "utf-8", "newline": ""})) as file:
        for chunk in chunks:
            file.write(chunk)


@reports_cli.command("export")
@click.argument("article_id", type=int)
@click.option("--format", "fmt", type=click.Choice(list(EXPORTS)), default="html")
@click.option("--drafts", is_flag=True, help="Include items not approved yet (marked draft).")
@click.option("-o", "--output", default=None, help="File to write (default: standard output).")
def export_command(article_id: int, fmt: str, drafts: bool, output: str | None) -> None:
    """Export one article's report."""
    article = load_article(article_id)
    if article is None:
        fail(f"No article {article_id}.")
    config = current_app.config
    report = build_report(
        article,
        drafts=drafts,
        base_url=config["PUBLIC_BASE_URL"],
        organisation=config["ORGANISATION_NAME"],
        now=utcnow(),
    )
    _write([render_export(report, fmt)], output, binary=True)
    audit.record(
        "export.article",
        after={"article_id": article_id, "format": fmt, "drafts": drafts, "via": "cli"},
    )
    db.session.commit()
    if output and output != "-":
        click.echo(f"Wrote {len(report.items)} item(s) to {output}.", err=True)


@reports_cli.command("bulk")
@click.option("--format", "fmt", type=click.Choice(BULK_FORMATS), default="csv")
@click.option("--from", "approved_from", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option("--to", "approved_to", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option("--verdict", "verdict_id", type=int, default=None, help="A verdict label id.")
@click.option("--reviewer", "reviewer_id", type=int, default=None, help="A reviewer's user id.")
@click.option("--language", default=None)
@click.option("-o", "--output", default=None, help="File to write (default: standard output).")
def bulk_command(
    fmt: str,
    approved_from,
    approved_to,
    verdict_id: int | None,
    reviewer_id: int | None,
    language: str | None,
    output: str | None,
) -> None:
    """Export every approved item matching the filters, streamed."""

    def day(value) -> date | None:
        return value.date() if value else None

    filters = BulkFilters(
        approved_from=day(approved_from),
        approved_to=day(approved_to),
        verdict_id=verdict_id,
        reviewer_id=reviewer_id,
        language=language,
    )
    config = current_app.config
    chunks = bulk_export(fmt, filters, config["PUBLIC_BASE_URL"], config["ORGANISATION_NAME"])
    _write(chunks, output)
    audit.record("export.bulk", after={"format": fmt, "via": "cli"})
    db.session.commit()
