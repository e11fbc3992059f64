"""Report page, per-article exports and the bulk export."""

from __future__ import annotations

from flask import Response, abort, current_app, render_template, request, stream_with_context
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from factcheck import audit
from factcheck.extensions import db
from factcheck.models import Role, User, VerdictLabel, utcnow
from factcheck.permissions import role_required
from factcheck.reports import bp
from factcheck.reports.bulk import BulkFilters, bulk_export
from factcheck.reports.exporters import (
    dumps,
    report_claim_reviews,
    report_csv,
    report_json,
    report_web_annotations,
)
from factcheck.reports.forms import BulkExportForm
from factcheck.reports.model import ArticleReport, build_report, load_article
from factcheck.reports.rendering import report_page, report_pdf, report_standalone

EXPORTS = {
    "html": ("HTML file", "text/html", "html"),
    "pdf": ("PDF", "application/pdf", "pdf"),
    "csv": ("CSV", "text/csv", "csv"),
    "json": ("JSON", "application/json", "json"),
    "claimreview": ("ClaimReview JSON-LD", "application/ld+json", "claimreview.jsonld"),
    "annotations": ("W3C Web Annotations", "application/ld+json", "annotations.jsonld"),
}


def _report(article_id: int) -> ArticleReport:
    article = load_article(article_id)
    if article is None:
        abort(404)
    config = current_app.config
    return build_report(
        article,
        drafts=request.args.get("drafts") == "1",
        base_url=config["PUBLIC_BASE_URL"],
        organisation=config["ORGANISATION_NAME"],
        now=utcnow(),
    )


def render_export(report: ArticleReport, fmt: str) -> bytes:
    """The report in one of the EXPORTS formats, as bytes."""
    if fmt == "html":
        return report_standalone(report).encode("utf-8")
    if fmt == "pdf":
        return report_pdf(report)
    if fmt == "csv":
        return report_csv(report).encode("utf-8")
    builders = {
        "json": report_json,
        "claimreview": report_claim_reviews,
        "annotations": report_web_annotations,
    }
    return dumps(builders[fmt](report)).encode("utf-8")


def export_filename(report: ArticleReport, fmt: str) -> str:
    """report-<id>[-draft].<extension>"""
    suffix = "-draft" if report.drafts else ""
    return f"report-{report.article_id}{suffix}.{EXPORTS[fmt][2]}"


@bp.route("/articles/<int:article_id>")
@role_required(Role.EDITOR)
def article(article_id: int):
    """The verdict report of an article (approved items, or drafts on request)."""
    report = _report(article_id)
    formats = [(key, label) for key, (label, _, _) in EXPORTS.items()]
    return report_page(report, formats=formats)


@bp.route("/articles/<int:article_id>/export/<fmt>")
@role_required(Role.EDITOR)
def export(article_id: int, fmt: str):
    """Download the report as html, pdf, csv, json, claimreview or annotations."""
    if fmt not in EXPORTS:
        abort(404)
    report = _report(article_id)
    body = render_export(report, fmt)
    audit.record(
        "export.article",
        actor=current_user,
        after={
            "article_id": article_id,
            "format": fmt,
            "drafts": report.drafts,
            "items": len(report.items),
        },
    )
    db.session.commit()
    _, mimetype, _ = EXPORTS[fmt]
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{export_filename(report, fmt)}"'},
    )


def _bulk_form() -> BulkExportForm:
    form = BulkExportForm(request.args)
    labels = db.session.scalars(select(VerdictLabel).order_by(VerdictLabel.position))
    form.verdict.choices += [SelectChoice(str(label.id), label.label) for label in labels]
    users = db.session.scalars(select(User).order_by(User.display_name))
    form.reviewer.choices += [SelectChoice(str(user.id), user.display_name) for user in users]
    return form


@bp.route("/bulk")
@role_required(Role.EDITOR)
def bulk():
    """Pick filters; with ?download=1 stream every approved item that matches."""
    form = _bulk_form()
    if request.args.get("download") != "1" or not form.validate():
        return render_template("reports/bulk.html", form=form), (400 if form.errors else 200)
    filters = BulkFilters(
        approved_from=form.approved_from.data,
        approved_to=form.approved_to.data,
        verdict_id=int(form.verdict.data) if form.verdict.data else None,
        reviewer_id=int(form.reviewer.data) if form.reviewer.data else None,
        language=(form.language.data or "").strip() or None,
    )
    fmt = form.format.data
    audit.record("export.bulk", actor=current_user, after={"format": fmt, **request.args})
    db.session.commit()
    config = current_app.config
    chunks = bulk_export(fmt, filters, config["PUBLIC_BASE_URL"], config["ORGANISATION_NAME"])
    mimetype = {"csv": "text/csv", "json": "application/json"}.get(fmt, "application/ld+json")
    extension = {"csv": "csv", "json": "json"}.get(fmt, "claimreview.jsonld")
    return Response(
        stream_with_context(chunks),
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="factcheck-bulk.{extension}"'},
    )
