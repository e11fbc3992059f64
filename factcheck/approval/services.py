"""Approving reviewed items, sending them back, and moving the article along."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from factcheck import audit
from factcheck.extensions import db
from factcheck.models import (
    Annotation,
    AnnotationStatus,
    ApprovalStatus,
    Article,
    ArticleStatus,
    Role,
    Segment,
    User,
    reviewed_segments_query,
    utcnow,
)


class ApprovalError(ValueError):
    """A refused approval, with a message for the editor."""


def _approval_state(annotation: Annotation) -> dict:
    return {
        "approval_status": annotation.approval_status.value,
        "approved_by_id": annotation.approved_by_id,
        "editor_comment": annotation.editor_comment,
        "no_evidence_reason": annotation.no_evidence_reason,
        "verdict_id": annotation.verdict_id,
    }


def _check_decidable(annotation: Annotation) -> None:
    segment = annotation.segment
    if segment.dismissed_at is not None or segment.deleted_at is not None:
        raise ApprovalError("This item was dismissed: there is nothing to approve.")
    if segment.article.status not in (ArticleStatus.READY, ArticleStatus.APPROVED):
        raise ApprovalError("The reviewers have not marked this article ready yet.")


def approve(annotation: Annotation, editor: User, no_evidence_reason: str | None = None) -> None:
    """Approve an item's verdict: it needs evidence or a reason why there is none."""
    _check_decidable(annotation)
    if annotation.approval_status == ApprovalStatus.APPROVED:
        raise ApprovalError("This item is already approved.")
    if annotation.verdict_id is None:
        raise ApprovalError("An item without a verdict cannot be approved.")
    reason = (no_evidence_reason or "").strip() or annotation.no_evidence_reason
    if not annotation.live_evidence and not reason:
        raise ApprovalError(
            "Add at least one evidence link, or say why no evidence is available, to approve."
        )
    before = _approval_state(annotation)
    annotation.no_evidence_reason = reason if not annotation.live_evidence else None
    annotation.approval_status = ApprovalStatus.APPROVED
    annotation.approved_by_id = editor.id
    annotation.approved_at = utcnow()
    annotation.editor_comment = None
    db.session.flush()
    audit.record(
        "approval.approve",
        actor=editor,
        obj=annotation,
        before=before,
        after=_approval_state(annotation),
    )
    update_article_status(annotation.segment.article, editor)


def send_back(annotation: Annotation, editor: User, comment: str) -> None:
    """Return an item to the reviewers with the editor's comment."""
    _check_decidable(annotation)
    comment = (comment or "").strip()
    if not comment:
        raise ApprovalError("Say what the reviewer should change.")
    before = _approval_state(annotation)
    annotation.approval_status = ApprovalStatus.SENT_BACK
    annotation.editor_comment = comment[:4000]
    annotation.approved_by_id = None
    annotation.approved_at = None
    annotation.status = AnnotationStatus.IN_PROGRESS
    db.session.flush()
    audit.record(
        "approval.send_back",
        actor=editor,
        obj=annotation,
        before=before,
        after=_approval_state(annotation),
    )
    article = annotation.segment.article
    if article.status in (ArticleStatus.READY, ArticleStatus.APPROVED):
        _set_status(article, ArticleStatus.IN_REVIEW, editor)


def _set_status(article: Article, status: ArticleStatus, user: User) -> None:
    before = {"status": article.status.value}
    article.status = status
    audit.record(
        f"article.{status.value}",
        actor=user,
        obj=article,
        before=before,
        after={"status": status.value},
    )


def pending_count(article: Article) -> int:
    """Items with a verdict still waiting for (or sent back from) approval."""
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Annotation)
            .join(Segment, Annotation.segment_id == Segment.id)
            .where(
                Segment.article_id == article.id,
                Segment.deleted_at.is_(None),
                Segment.dismissed_at.is_(None),
                Annotation.deleted_at.is_(None),
                Annotation.verdict_id.is_not(None),
                Annotation.approval_status != ApprovalStatus.APPROVED,
            )
        )
        or 0
    )


def update_article_status(article: Article, editor: User) -> None:
    """A ready article whose every verdict is approved becomes approved."""
    if article.status == ArticleStatus.READY and pending_count(article) == 0:
        _set_status(article, ArticleStatus.APPROVED, editor)


def revise_approved_verdict(annotation: Annotation, user: User, reason: str | None) -> None:
    """Record a change to an approved verdict; it needs a reason and, unless an editor made
    it, goes back to the editors."""
    reason = (reason or "").strip()
    if not reason:
        raise ApprovalError("This verdict was approved: give a reason to change it.")
    before = _approval_state(annotation)
    if user.has_role(Role.EDITOR):
        annotation.approved_by_id = user.id
        annotation.approved_at = utcnow()
    else:
        annotation.approval_status = ApprovalStatus.PENDING
        annotation.approved_by_id = None
        annotation.approved_at = None
    after = _approval_state(annotation)
    after["reason"] = reason[:2000]
    audit.record("approval.verdict_changed", actor=user, obj=annotation, before=before, after=after)


@dataclass(frozen=True)
class QueueEntry:
    """An article waiting for an editor."""

    article: Article
    pending: int


def queue() -> list[QueueEntry]:
    """Articles marked ready, oldest first, with their pending counts."""
    articles = db.session.scalars(
        select(Article)
        .where(Article.status == ArticleStatus.READY, Article.deleted_at.is_(None))
        .order_by(Article.updated_at)
    ).all()
    return [QueueEntry(article, pending_count(article)) for article in articles]


def reviewable_items(article: Article) -> list[Segment]:
    """The article's annotated items, in text order, for the editor."""
    return list(db.session.scalars(reviewed_segments_query(article.id)))
