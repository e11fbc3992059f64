"""The verdict scale, annotations on segments and their evidence."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text, event, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.extensions import db
from factcheck.models.articles import str_enum
from factcheck.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from factcheck.models.articles import Segment
    from factcheck.models.users import User


class VerdictLabel(db.Model):
    """One rung of the desk's verdict scale."""

    __tablename__ = "verdict_labels"

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(60))
    position: Mapped[int] = mapped_column()
    color: Mapped[str] = mapped_column(String(7))
    # ClaimReview ratingValue, higher = more true; None for labels outside the scale.
    rating_value: Mapped[int | None] = mapped_column()
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A retired label stays on old annotations but is no longer offered.
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<VerdictLabel {self.position} {self.label}>"


class AnnotationStatus(enum.StrEnum):
    """The reviewer's own progress on an item."""

    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class ApprovalStatus(enum.StrEnum):
    """The editor's decision on an annotated item."""

    PENDING = "pending"
    APPROVED = "approved"
    SENT_BACK = "sent_back"


class Annotation(db.Model):
    """The desk's review of one segment: source, verdict, note, evidence, approval."""

    __tablename__ = "annotations"

    id: Mapped[int] = mapped_column(primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id"), unique=True)
    # The segment's article, copied (set on insert) so "articles a reviewer worked on"
    # is one index lookup instead of a join through a million segments.
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"))
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    source: Mapped[str | None] = mapped_column(String(255))
    verdict_id: Mapped[int | None] = mapped_column(ForeignKey("verdict_labels.id"))
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[AnnotationStatus] = mapped_column(
        str_enum(AnnotationStatus), default=AnnotationStatus.TODO
    )
    approval_status: Mapped[ApprovalStatus] = mapped_column(
        str_enum(ApprovalStatus), default=ApprovalStatus.PENDING
    )
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    editor_comment: Mapped[str | None] = mapped_column(Text)
    no_evidence_reason: Mapped[str | None] = mapped_column(Text)
    # Optimistic locking: an UPDATE that names a stale version matches no row.
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_annotations_reviewer_article", "reviewer_id", "article_id"),
        Index("ix_annotations_article_id", "article_id"),
    )

    segment: Mapped[Segment] = relationship(back_populates="annotation")
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewer_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    verdict: Mapped[VerdictLabel | None] = relationship()
    evidence: Mapped[list[EvidenceLink]] = relationship(
        back_populates="annotation", order_by="EvidenceLink.id"
    )

    @property
    def live_evidence(self) -> list[EvidenceLink]:
        """The evidence links not removed."""
        return [link for link in self.evidence if link.deleted_at is None]


class EvidenceLink(db.Model):
    """A link supporting or refuting the verdict."""

    __tablename__ = "evidence_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    annotation_id: Mapped[int] = mapped_column(ForeignKey("annotations.id"), index=True)
    url: Mapped[str] = mapped_column(String(2048))
    title: Mapped[str | None] = mapped_column(String(300))
    added_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    annotation: Mapped[Annotation] = relationship(back_populates="evidence")
    added_by: Mapped[User] = relationship()


@event.listens_for(Annotation, "before_insert")
def _copy_article_id(mapper, connection, annotation: Annotation) -> None:
    """Fill the denormalised article id from the annotated segment."""
    if annotation.article_id is None:
        from factcheck.models.articles import Segment

        segment = annotation.segment
        annotation.article_id = (
            segment.article_id
            if segment is not None and segment.article_id is not None
            else connection.scalar(
                select(Segment.article_id).where(Segment.id == annotation.segment_id)
            )
        )


def reviewed_segments_query(article_id: int):
    """Select an article's live, not dismissed, annotated items in text order, with what
    editors and reports show of them (evidence, verdict, reviewer, approver) loaded."""
    from sqlalchemy.orm import selectinload

    from factcheck.models.articles import Segment

    annotation = selectinload(Segment.annotation)
    return (
        select(Segment)
        .join(Annotation, Annotation.segment_id == Segment.id)
        .where(
            Segment.article_id == article_id,
            Segment.deleted_at.is_(None),
            Segment.dismissed_at.is_(None),
            Annotation.deleted_at.is_(None),
        )
        .options(
            annotation.selectinload(Annotation.evidence),
            annotation.selectinload(Annotation.verdict),
            annotation.selectinload(Annotation.reviewer),
            annotation.selectinload(Annotation.approved_by),
        )
        .order_by(Segment.start_offset, Segment.id)
    )
