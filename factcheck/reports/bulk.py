"""Exporting approved items across articles, streamed in batches at constant memory."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import aliased

from factcheck.extensions import db
from factcheck.models import (
    Annotation,
    ApprovalStatus,
    Article,
    EvidenceLink,
    Segment,
    User,
    VerdictLabel,
)
from factcheck.reports.exporters import claim_review, csv_lines, item_record
from factcheck.reports.model import ReportItem, Verdict, rating_scale, report_url

BATCH = 1000
FORMATS = ("csv", "json", "claimreview")


@dataclass(frozen=True)
class BulkFilters:
    """Which approved items to export."""

    approved_from: date | None = None
    approved_to: date | None = None
    verdict_id: int | None = None
    reviewer_id: int | None = None
    language: str | None = None


def _query(filters: BulkFilters):
    reviewer = aliased(User)
    approver = aliased(User)
    conditions = [
        Annotation.approval_status == ApprovalStatus.APPROVED,
        Annotation.deleted_at.is_(None),
        Annotation.verdict_id.is_not(None),
        Segment.deleted_at.is_(None),
        Segment.dismissed_at.is_(None),
        Article.deleted_at.is_(None),
    ]
    if filters.approved_from:
        conditions.append(
            Annotation.approved_at >= datetime.combine(filters.approved_from, time.min, UTC)
        )
    if filters.approved_to:
        end = datetime.combine(filters.approved_to + timedelta(days=1), time.min, UTC)
        conditions.append(Annotation.approved_at < end)
    if filters.verdict_id:
        conditions.append(Annotation.verdict_id == filters.verdict_id)
    if filters.reviewer_id:
        conditions.append(Annotation.reviewer_id == filters.reviewer_id)
    if filters.language:
        conditions.append(Article.language == filters.language)
    return (
        select(
            Annotation.id,
            Segment.id,
            Segment.kind,
            Segment.text,
            Segment.start_offset,
            Segment.end_offset,
            Segment.speaker,
            Annotation.source,
            Annotation.note,
            Annotation.no_evidence_reason,
            Annotation.approved_at,
            Annotation.updated_at,
            Annotation.approval_status,
            VerdictLabel.id,
            VerdictLabel.label,
            VerdictLabel.color,
            VerdictLabel.rating_value,
            reviewer.display_name,
            approver.display_name,
            Article.id,
            Article.title,
            Article.source_url,
            Article.site,
            Article.published_on,
        )
        .join(Segment, Annotation.segment_id == Segment.id)
        .join(Article, Segment.article_id == Article.id)
        .join(VerdictLabel, Annotation.verdict_id == VerdictLabel.id)
        .outerjoin(reviewer, Annotation.reviewer_id == reviewer.id)
        .outerjoin(approver, Annotation.approved_by_id == approver.id)
        .where(*conditions)
        .order_by(Article.id, Segment.start_offset, Segment.id)
    )


def _evidence_for(annotation_ids: list[int]) -> dict[int, list[tuple[str, str | None]]]:
    links: dict[int, list[tuple[str, str | None]]] = {}
    rows = db.session.execute(
        select(EvidenceLink.annotation_id, EvidenceLink.url, EvidenceLink.title)
        .where(EvidenceLink.annotation_id.in_(annotation_ids), EvidenceLink.deleted_at.is_(None))
        .order_by(EvidenceLink.id)
    )
    for annotation_id, url, title in rows:
        links.setdefault(annotation_id, []).append((url, title))
    return links


def approved_items(filters: BulkFilters, base_url: str) -> Iterator[tuple[dict, ReportItem]]:
    """(article fields, item) for every matching approved item, fetched in batches."""
    result = db.session.execute(
        _query(filters).execution_options(yield_per=BATCH, stream_results=True)
    )
    for batch in result.partitions(BATCH):
        evidence = _evidence_for([row[0] for row in batch])
        for row in batch:
            (
                annotation_id,
                segment_id,
                kind,
                text,
                start,
                end,
                speaker,
                source,
                note,
                no_evidence,
                approved_at,
                updated_at,
                approval,
                verdict_id,
                label,
                color,
                rating,
                reviewer_name,
                approver_name,
                article_id,
                title,
                url,
                site,
                published,
            ) = row
            meta = {
                "article_id": article_id,
                "title": title,
                "url": url,
                "site": site,
                "published_on": published,
                "report_url": report_url(base_url, article_id),
            }
            item = ReportItem(
                id=segment_id,
                kind=kind.value,
                text=text,
                start=start,
                end=end,
                speaker=source or speaker,
                verdict=Verdict(verdict_id, label, color, rating),
                note=note,
                evidence=tuple(evidence.get(annotation_id, ())),
                no_evidence_reason=no_evidence,
                reviewer=reviewer_name,
                approver=approver_name,
                approved_at=approved_at,
                approval_status=approval.value,
                reviewed_at=updated_at,
            )
            yield meta, item


def _json_array(parts: Iterator[str]) -> Iterator[str]:
    yield "["
    first = True
    for part in parts:
        yield ("\n" if first else ",\n") + part
        first = False
    yield "\n]\n"


def bulk_export(fmt: str, filters: BulkFilters, base_url: str, organisation: str) -> Iterator[str]:
    """The export as text chunks, in CSV, JSON or ClaimReview JSON-LD."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown bulk format {fmt!r}")
    items = approved_items(filters, base_url)
    if fmt == "csv":
        return csv_lines(item_record(meta, item) for meta, item in items)
    if fmt == "json":
        return _json_array(
            json.dumps(item_record(meta, item), ensure_ascii=False) for meta, item in items
        )
    scale = rating_scale()
    return _json_array(
        json.dumps(claim_review(meta, item, scale, organisation), ensure_ascii=False)
        for meta, item in items
    )
