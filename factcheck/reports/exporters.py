"""Turning reports into files: CSV, JSON, schema.org ClaimReview and W3C Web Annotations.

Every function takes plain report data and returns plain data or text, so the
web views, the CLI and the bulk export share them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from factcheck.reports.model import ArticleReport, ReportItem, Scale

CSV_COLUMNS = [
    "article_id",
    "article_title",
    "article_url",
    "article_published",
    "item_id",
    "kind",
    "start",
    "end",
    "text",
    "speaker",
    "verdict",
    "rating",
    "note",
    "evidence",
    "no_evidence_reason",
    "reviewer",
    "approver",
    "approved_at",
    "approval_status",
    "report_url",
]
# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_safe(value: Any) -> str:
    """A cell value that no spreadsheet will evaluate as a formula."""
    if value is None:
        return ""
    text = value.isoformat() if isinstance(value, datetime | date) else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value else None


def item_anchor(item: ReportItem) -> str:
    """The fragment that points at one item in the report page."""
    return f"item-{item.id}"


def item_record(report_meta: dict[str, Any], item: ReportItem) -> dict[str, Any]:
    """One item with its article's details, as exported to CSV and JSON."""
    return {
        "article_id": report_meta["article_id"],
        "article_title": report_meta["title"],
        "article_url": report_meta["url"],
        "article_published": _iso(report_meta["published_on"]),
        "item_id": item.id,
        "kind": item.kind,
        "start": item.start,
        "end": item.end,
        "text": item.text,
        "speaker": item.speaker,
        "verdict": item.verdict.label if item.verdict else None,
        "rating": item.verdict.rating if item.verdict else None,
        "note": item.note,
        "evidence": [{"url": url, "title": title} for url, title in item.evidence],
        "no_evidence_reason": item.no_evidence_reason,
        "reviewer": item.reviewer,
        "approver": item.approver,
        "approved_at": _iso(item.approved_at),
        "approval_status": item.approval_status,
        "report_url": f"{report_meta['report_url']}#{item_anchor(item)}",
    }


def report_meta(report: ArticleReport) -> dict[str, Any]:
    """The article fields every exported item carries."""
    return {
        "article_id": report.article_id,
        "title": report.title,
        "url": report.url,
        "site": report.site,
        "published_on": report.published_on,
        "report_url": report.report_url,
    }


def csv_lines(records: Iterable[dict[str, Any]], header: bool = True) -> Iterator[str]:
    """CSV text, one line at a time (so a bulk export streams)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        value = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
        return value

    if header:
        writer.writerow(CSV_COLUMNS)
        yield flush()
    for record in records:
        row = dict(record)
        row["evidence"] = " | ".join(link["url"] for link in record["evidence"])
        writer.writerow([csv_safe(row[column]) for column in CSV_COLUMNS])
        yield flush()


def report_csv(report: ArticleReport) -> str:
    """The report as CSV, one row per item."""
    meta = report_meta(report)
    return "".join(csv_lines(item_record(meta, item) for item in report.items))


def report_json(report: ArticleReport) -> dict[str, Any]:
    """The report as one JSON object."""
    meta = report_meta(report)
    return {
        "article": {
            "id": report.article_id,
            "title": report.title,
            "site": report.site,
            "author": report.author,
            "url": report.url,
            "published": _iso(report.published_on),
            "language": report.language,
        },
        "report_url": report.report_url,
        "organisation": report.organisation,
        "generated_at": _iso(report.generated_at),
        "draft": report.drafts,
        "summary": [
            {"verdict": verdict.label, "rating": verdict.rating, "count": count}
            for verdict, count in report.summary
        ],
        "items": [item_record(meta, item) for item in report.items],
    }


def _rating(item: ReportItem, scale: Scale) -> dict[str, Any]:
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": item.verdict.label}
    # Labels outside the scale (e.g. "Unverifiable") carry a name but no number.
    if item.verdict.rating is not None and scale.best is not None:
        rating.update(
            ratingValue=item.verdict.rating, bestRating=scale.best, worstRating=scale.worst
        )
    return rating


def claim_review(
    meta: dict[str, Any], item: ReportItem, scale: Scale, organisation: str
) -> dict[str, Any]:
    """One schema.org ClaimReview for an approved item with a verdict."""
    claim: dict[str, Any] = {
        "@type": "Claim",
        "appearance": {"@type": "CreativeWork", "headline": meta["title"]},
    }
    if meta.get("url"):
        claim["appearance"]["url"] = meta["url"]
    if meta.get("published_on"):
        claim["datePublished"] = _iso(meta["published_on"])
        claim["appearance"]["datePublished"] = _iso(meta["published_on"])
    if item.speaker:
        claim["author"] = {"@type": "Person", "name": item.speaker}
    elif meta.get("site"):
        # No speaker found: the publication itself makes the claim.
        claim["author"] = {"@type": "Organization", "name": meta["site"]}
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{meta['report_url']}#{item_anchor(item)}",
        "claimReviewed": item.text,
        "author": {"@type": "Organization", "name": organisation},
        "reviewRating": _rating(item, scale),
        "itemReviewed": claim,
    }
    if item.approved_at:
        review["datePublished"] = item.approved_at.date().isoformat()
    return review


def report_claim_reviews(report: ArticleReport) -> list[dict[str, Any]]:
    """A ClaimReview for each approved item that carries a verdict."""
    meta = report_meta(report)
    return [
        claim_review(meta, item, report.scale, report.organisation)
        for item in report.items
        if item.approved and item.verdict is not None
    ]


def _quote_selector(text: str, item: ReportItem, context: int = 32) -> dict[str, Any]:
    return {
        "type": "TextQuoteSelector",
        "exact": text[item.start : item.end],
        "prefix": text[max(0, item.start - context) : item.start],
        "suffix": text[item.end : item.end + context],
    }


def web_annotation(report: ArticleReport, item: ReportItem) -> dict[str, Any]:
    """One W3C Web Annotation anchoring the item's review on the article."""
    body: list[dict[str, Any]] = []
    if item.verdict is not None:
        body.append({"type": "TextualBody", "purpose": "assessing", "value": item.verdict.label})
    if item.note:
        body.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": item.note,
                "format": "text/markdown",
            }
        )
    if item.speaker:
        body.append({"type": "TextualBody", "purpose": "tagging", "value": item.speaker})
    body += [
        {"type": "SpecificResource", "purpose": "linking", "source": url}
        for url, _title in item.evidence
    ]
    if not item.approved:
        # The model has no status field: a tag tells annotation tools this is unpublished.
        body.append({"type": "TextualBody", "purpose": "tagging", "value": "draft"})
    annotation: dict[str, Any] = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": f"{report.report_url}#{item_anchor(item)}",
        "type": "Annotation",
        "motivation": "assessing",
        "creator": {"type": "Organization", "name": report.organisation},
        "body": body,
        "target": {
            "source": report.url or f"{report.report_url}#text",
            "selector": [
                _quote_selector(report.text, item),
                {"type": "TextPositionSelector", "start": item.start, "end": item.end},
            ],
        },
    }
    if item.reviewed_at:
        annotation["modified"] = item.reviewed_at.isoformat()
    if item.approved_at:
        annotation["generated"] = item.approved_at.isoformat()
    return annotation


def report_web_annotations(report: ArticleReport) -> dict[str, Any]:
    """The report's items as a W3C AnnotationCollection."""
    items = [web_annotation(report, item) for item in report.items]
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": f"{report.report_url}#annotations",
        "type": "AnnotationCollection",
        "label": f"DRAFT: {report.title}" if report.drafts else report.title,
        "total": len(items),
        "first": {"type": "AnnotationPage", "items": items},
    }


def dumps(data: Any) -> str:
    """JSON text for downloads (UTF-8, readable)."""
    return json.dumps(data, ensure_ascii=False, indent=2)
