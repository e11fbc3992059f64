"""Imported articles and the items (quotations, claims) found in them."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from factcheck.extensions import db
from factcheck.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from factcheck.models.review import Annotation
    from factcheck.models.users import User

JSONType = JSON().with_variant(JSONB(), "postgresql")


def str_enum(enum_cls: type[enum.Enum], length: int = 16) -> db.Enum:
    """Store a StrEnum by value as a plain string column (no native enum to migrate)."""
    return db.Enum(
        enum_cls, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e]
    )


class InputKind(enum.StrEnum):
    """How the article came in."""

    TEXT = "text"
    HTML = "html"
    FILE = "file"
    URL = "url"


class ArticleStatus(enum.StrEnum):
    """Where the article stands in the desk's workflow."""

    NEW = "new"
    IN_REVIEW = "in_review"
    READY = "ready"
    APPROVED = "approved"


class SegmentKind(enum.StrEnum):
    """A quotation (direct speech) or a claim (a sentence worth checking)."""

    QUOTE = "quote"
    CLAIM = "claim"


class SegmentOrigin(enum.StrEnum):
    """Found by the analyser or marked by a reviewer."""

    AUTO = "auto"
    MANUAL = "manual"


class Article(db.Model):
    """One imported article: the original verbatim and the analysed clean text."""

    __tablename__ = "articles"
    # The list pages: live articles newest first (and counted), or by title.
    __table_args__ = (
        Index("ix_articles_live_created", "deleted_at", "created_at", "id"),
        Index(
            "ix_articles_live_title",
            "title",
            "id",
            sqlite_where=text("deleted_at IS NULL"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    input_kind: Mapped[InputKind] = mapped_column(str_enum(InputKind))
    # Kept byte for byte so the reviewer can always download what was imported.
    original: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    original_sha256: Mapped[str] = mapped_column(String(64), index=True)
    original_filename: Mapped[str | None] = mapped_column(String(255))
    original_content_type: Mapped[str | None] = mapped_column(String(120))
    source_url: Mapped[str | None] = mapped_column(String(2048), index=True)

    title: Mapped[str] = mapped_column(String(500))
    site: Mapped[str | None] = mapped_column(String(200))
    author: Mapped[str | None] = mapped_column(String(200))
    published_on: Mapped[date | None] = mapped_column()
    language: Mapped[str | None] = mapped_column(String(12), index=True)
    dateline: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    clean_text: Mapped[str] = deferred(mapped_column(Text, nullable=False))

    status: Mapped[ArticleStatus] = mapped_column(
        str_enum(ArticleStatus), default=ArticleStatus.NEW, index=True
    )
    imported_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    imported_by: Mapped[User] = relationship()
    segments: Mapped[list[Segment]] = relationship(
        back_populates="article", order_by="Segment.start_offset"
    )

    def __repr__(self) -> str:
        return f"<Article {self.id} {self.title[:40]!r}>"


class Segment(db.Model):
    """A span of the clean text worth reviewing: a quotation or a claim."""

    __tablename__ = "segments"
    __table_args__ = (Index("ix_segments_article_start", "article_id", "start_offset"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"))
    kind: Mapped[SegmentKind] = mapped_column(str_enum(SegmentKind))
    start_offset: Mapped[int] = mapped_column()
    end_offset: Mapped[int] = mapped_column()
    text: Mapped[str] = mapped_column(Text)
    # The quotation's speaker or the claim's source, as the analyser or a reviewer named it.
    speaker: Mapped[str | None] = mapped_column(String(255))
    checkworthiness: Mapped[float | None] = mapped_column()
    reasons: Mapped[list[str] | None] = mapped_column(JSONType)
    origin: Mapped[SegmentOrigin] = mapped_column(
        str_enum(SegmentOrigin), default=SegmentOrigin.AUTO
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Dismissed items stay, with who and why, so the decision can be reviewed.
    dismissed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    dismissed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    dismiss_reason: Mapped[str | None] = mapped_column(Text)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    article: Mapped[Article] = relationship(back_populates="segments")
    annotation: Mapped[Annotation | None] = relationship(back_populates="segment", uselist=False)

    def __repr__(self) -> str:
        return f"<Segment {self.id} {self.kind.value} {self.start_offset}-{self.end_offset}>"


class PendingImport(db.Model):
    """An analysed input waiting for the reviewer to check its metadata and confirm it."""

    __tablename__ = "pending_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    input_kind: Mapped[InputKind] = mapped_column(str_enum(InputKind))
    original: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    original_sha256: Mapped[str] = mapped_column(String(64))
    original_filename: Mapped[str | None] = mapped_column(String(255))
    original_content_type: Mapped[str | None] = mapped_column(String(120))
    source_url: Mapped[str | None] = mapped_column(String(2048))
    # The analyser's plain-data result (Analysis.to_dict()), so confirming re-runs nothing.
    analysis: Mapped[dict[str, Any]] = deferred(mapped_column(JSONType, nullable=False))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    user: Mapped[User] = relationship()
