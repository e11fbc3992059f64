"""Importing an article: analyse it, keep the original verbatim, store its items."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, or_, select

from factcheck import audit
from factcheck.analysis import AnalysisError, analyze
from factcheck.extensions import db
from factcheck.models import (
    Article,
    InputKind,
    PendingImport,
    Segment,
    SegmentKind,
    SegmentOrigin,
    User,
    utcnow,
)
from factcheck.sanitize import sanitize_article_html

# Sentences scoring below this are not offered as claims; reviewers can still add them by hand.
DEFAULT_CLAIM_THRESHOLD = 0.5
# Abandoned previews are removed after this long.
PENDING_IMPORT_HOURS = 24


class ArticleImportError(ValueError):
    """An import refused with a message for the user."""


@dataclass(frozen=True)
class ImportRequest:
    """What the user handed in, before analysis."""

    data: str | bytes
    kind: InputKind
    filename: str | None = None
    content_type: str | None = None
    url: str | None = None
    # Pasted rich text: the HTML is untrusted and goes through the sanitizer before analysis.
    pasted_html: bool = False


@dataclass(frozen=True)
class MetadataOverrides:
    """What the reviewer corrected on the preview before confirming."""

    title: str | None = None
    published_on: date | None = None
    language: str | None = None
    site: str | None = None


def original_bytes(data: str | bytes) -> bytes:
    """The input as stored: bytes as given, text as UTF-8."""
    return data if isinstance(data, bytes) else data.encode("utf-8")


def fingerprint(data: str | bytes) -> str:
    """SHA-256 of the original input, used to spot re-imports."""
    return hashlib.sha256(original_bytes(data)).hexdigest()


def find_duplicate(sha256: str, url: str | None = None) -> Article | None:
    """An existing article with the same original bytes or the same URL."""
    conditions = [Article.original_sha256 == sha256]
    if url:
        conditions.append(Article.source_url == url)
    return db.session.scalar(
        select(Article).where(Article.deleted_at.is_(None), or_(*conditions)).limit(1)
    )


def run_analysis(request: ImportRequest, *, max_bytes: int) -> dict[str, Any]:
    """Analyse the input and return the plain-data result, or raise ArticleImportError."""
    data = request.data
    if request.pasted_html:
        text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
        # The sanitizer returns a fragment; the extractor wants a document around it.
        data = f"<!doctype html><html><body>{sanitize_article_html(text)}</body></html>"
    try:
        result = analyze(
            data,
            filename=request.filename,
            content_type=request.content_type,
            url=request.url,
            max_bytes=max_bytes,
        )
    except AnalysisError as error:
        raise ArticleImportError(str(error)) from error
    return result.to_dict()


def parse_date(value: str | None) -> date | None:
    """An ISO date (or the date part of an ISO timestamp), or None."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def segments_from_analysis(analysis: dict[str, Any], claim_threshold: float) -> list[Segment]:
    """Quotations and check-worthy sentences of an analysis as unsaved segments."""
    segments = [
        Segment(
            kind=SegmentKind.QUOTE,
            start_offset=quote["start"],
            end_offset=quote["end"],
            text=quote["text"],
            speaker=quote.get("speaker"),
            origin=SegmentOrigin.AUTO,
        )
        for quote in analysis["quotes"]
    ]
    segments += [
        Segment(
            kind=SegmentKind.CLAIM,
            start_offset=sentence["start"],
            end_offset=sentence["end"],
            text=sentence["text"],
            speaker=sentence.get("source"),
            checkworthiness=round(float(sentence["checkworthiness"]), 4),
            reasons=list(sentence.get("reasons") or []),
            origin=SegmentOrigin.AUTO,
        )
        for sentence in analysis["sentences"]
        if sentence["checkworthiness"] >= claim_threshold
    ]
    segments.sort(key=lambda s: (s.start_offset, s.kind.value))
    return segments


def count_items(analysis: dict[str, Any], claim_threshold: float) -> tuple[int, int]:
    """How many quotations and claims an analysis yields."""
    claims = sum(1 for s in analysis["sentences"] if s["checkworthiness"] >= claim_threshold)
    return len(analysis["quotes"]), claims


def store_article(
    request: ImportRequest,
    analysis: dict[str, Any],
    user: User,
    *,
    claim_threshold: float = DEFAULT_CLAIM_THRESHOLD,
    overrides: MetadataOverrides | None = None,
) -> Article:
    """Persist the article, its original and its items; the caller commits."""
    overrides = overrides or MetadataOverrides()
    fallback_title = request.filename or (request.url or "Untitled article")
    article = Article(
        input_kind=request.kind,
        original=original_bytes(request.data),
        original_sha256=fingerprint(request.data),
        original_filename=request.filename,
        original_content_type=request.content_type,
        source_url=request.url,
        title=(overrides.title or analysis.get("title") or fallback_title)[:500],
        site=(overrides.site or analysis.get("site") or None),
        author=analysis.get("author"),
        published_on=overrides.published_on or parse_date(analysis.get("published")),
        language=overrides.language or analysis.get("language"),
        dateline=analysis.get("dateline"),
        clean_text=analysis["text"],
        imported_by=user,
    )
    article.segments = segments_from_analysis(analysis, claim_threshold)
    db.session.add(article)
    db.session.flush()
    audit.record(
        "article.import",
        actor=user,
        obj=article,
        after={
            "title": article.title,
            "kind": request.kind.value,
            "url": request.url,
            "segments": len(article.segments),
        },
    )
    return article


def import_article(
    request: ImportRequest,
    user: User,
    *,
    max_bytes: int,
    claim_threshold: float = DEFAULT_CLAIM_THRESHOLD,
) -> Article:
    """Analyse and store an article in one step (CLI, demo data); the caller commits."""
    analysis = run_analysis(request, max_bytes=max_bytes)
    return store_article(request, analysis, user, claim_threshold=claim_threshold)


def create_pending_import(request: ImportRequest, user: User, *, max_bytes: int) -> PendingImport:
    """Analyse an input and keep it for the preview; nothing is stored when analysis fails."""
    analysis = run_analysis(request, max_bytes=max_bytes)
    pending = PendingImport(
        user_id=user.id,
        input_kind=request.kind,
        original=original_bytes(request.data),
        original_sha256=fingerprint(request.data),
        original_filename=request.filename,
        original_content_type=request.content_type,
        source_url=request.url,
        analysis=analysis,
    )
    db.session.add(pending)
    db.session.flush()
    return pending


def request_of(pending: PendingImport) -> ImportRequest:
    """The import request a pending import was made from."""
    return ImportRequest(
        data=pending.original,
        kind=pending.input_kind,
        filename=pending.original_filename,
        content_type=pending.original_content_type,
        url=pending.source_url,
    )


def confirm_pending_import(
    pending: PendingImport,
    user: User,
    overrides: MetadataOverrides,
    *,
    claim_threshold: float = DEFAULT_CLAIM_THRESHOLD,
) -> Article:
    """Turn a previewed import into an article with the reviewer's corrections."""
    article = store_article(
        request_of(pending),
        pending.analysis,
        user,
        claim_threshold=claim_threshold,
        overrides=overrides,
    )
    db.session.delete(pending)
    return article


def discard_pending_import(pending: PendingImport) -> None:
    """Drop a preview the reviewer does not want."""
    db.session.delete(pending)


def purge_stale_pending_imports(now=None) -> int:
    """Remove previews older than PENDING_IMPORT_HOURS; return how many."""
    from datetime import timedelta

    cutoff = (now or utcnow()) - timedelta(hours=PENDING_IMPORT_HOURS)
    result = db.session.execute(delete(PendingImport).where(PendingImport.created_at < cutoff))
    return result.rowcount or 0


def live_segments(article: Article) -> list[Segment]:
    """The article's segments that were not deleted, in text order."""
    return [s for s in article.segments if s.deleted_at is None]
