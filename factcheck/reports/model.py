"""The report of one article as plain data, built once and handed to every exporter."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import undefer

from factcheck.extensions import db
from factcheck.models import (
    Annotation,
    ApprovalStatus,
    Article,
    Segment,
    VerdictLabel,
    reviewed_segments_query,
)


@dataclass(frozen=True)
class Verdict:
    """A verdict label as it appears in a report."""

    id: int
    label: str
    color: str
    rating: int | None


@dataclass(frozen=True)
class ReportItem:
    """One reviewed quotation or claim."""

    id: int
    kind: str
    text: str
    start: int
    end: int
    speaker: str | None
    verdict: Verdict | None
    note: str | None
    evidence: tuple[tuple[str, str | None], ...]
    no_evidence_reason: str | None
    reviewer: str | None
    approver: str | None
    approved_at: datetime | None
    approval_status: str
    reviewed_at: datetime | None

    @property
    def approved(self) -> bool:
        """The editor approved this item."""
        return self.approval_status == ApprovalStatus.APPROVED.value


@dataclass(frozen=True)
class Scale:
    """The rating range ClaimReview needs: higher means more true."""

    best: int | None
    worst: int | None


@dataclass
class ArticleReport:
    """Everything a report shows about one article."""

    article_id: int
    title: str
    site: str | None
    author: str | None
    url: str | None
    published_on: date | None
    language: str | None
    text: str
    report_url: str
    organisation: str
    drafts: bool
    items: list[ReportItem]
    scale: Scale
    generated_at: datetime
    summary: list[tuple[Verdict, int]] = field(default_factory=list)

    @property
    def last_approval(self) -> datetime | None:
        """When the latest item was approved."""
        dates = [item.approved_at for item in self.items if item.approved_at]
        return max(dates) if dates else None


def rating_scale() -> Scale:
    """Best and worst ClaimReview ratings over every label that has one."""
    ratings = [
        value
        for value in db.session.scalars(select(VerdictLabel.rating_value))
        if value is not None
    ]
    return Scale(max(ratings), min(ratings)) if ratings else Scale(None, None)


def _verdict(label: VerdictLabel | None) -> Verdict | None:
    if label is None:
        return None
    return Verdict(label.id, label.label, label.color, label.rating_value)


def item_from(segment: Segment, annotation: Annotation) -> ReportItem:
    """A report item from a segment and its annotation (relationships loaded)."""
    return ReportItem(
        id=segment.id,
        kind=segment.kind.value,
        text=segment.text,
        start=segment.start_offset,
        end=segment.end_offset,
        speaker=annotation.source or segment.speaker,
        verdict=_verdict(annotation.verdict),
        note=annotation.note,
        evidence=tuple((e.url, e.title) for e in annotation.evidence if e.deleted_at is None),
        no_evidence_reason=annotation.no_evidence_reason,
        reviewer=annotation.reviewer.display_name if annotation.reviewer else None,
        approver=annotation.approved_by.display_name if annotation.approved_by else None,
        approved_at=annotation.approved_at,
        approval_status=annotation.approval_status.value,
        reviewed_at=annotation.updated_at,
    )


def report_url(base_url: str, article_id: int) -> str:
    """The report's public address, used as the ClaimReview and annotation base."""
    return f"{base_url.rstrip('/')}/reports/articles/{article_id}"


def build_report(
    article: Article, *, drafts: bool, base_url: str, organisation: str, now: datetime
) -> ArticleReport:
    """Collect the article's reviewed items: approved ones, or every verdict when drafting."""
    segments = db.session.scalars(reviewed_segments_query(article.id)).all()
    items = []
    for segment in segments:
        annotation = segment.annotation
        if annotation.approval_status != ApprovalStatus.APPROVED and not drafts:
            continue
        if annotation.verdict is None and not drafts:
            continue
        items.append(item_from(segment, annotation))
    counts: dict[int, list] = {}
    for item in items:
        if item.verdict is not None:
            counts.setdefault(item.verdict.id, [item.verdict, 0])[1] += 1
    positions = {label.id: label.position for label in db.session.scalars(select(VerdictLabel))}
    summary = sorted(
        ((verdict, count) for verdict, count in counts.values()),
        key=lambda pair: positions.get(pair[0].id, 0),
    )
    if "clean_text" not in article.__dict__:
        db.session.refresh(article, ["clean_text"])
    return ArticleReport(
        article_id=article.id,
        title=article.title,
        site=article.site,
        author=article.author,
        url=article.source_url,
        published_on=article.published_on,
        language=article.language,
        text=article.clean_text,
        report_url=report_url(base_url, article.id),
        organisation=organisation,
        drafts=drafts,
        items=items,
        scale=rating_scale(),
        generated_at=now,
        summary=summary,
    )


def load_article(article_id: int) -> Article | None:
    """A live article with its clean text loaded."""
    article = db.session.get(Article, article_id, options=[undefer(Article.clean_text)])
    return article if article is not None and article.deleted_at is None else None
