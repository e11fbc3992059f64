"""Approval queue and per-article approval pages."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from factcheck.approval import bp
from factcheck.approval.forms import ApproveForm, SendBackForm
from factcheck.approval.services import (
    ApprovalError,
    approve,
    pending_count,
    queue,
    reviewable_items,
    send_back,
)
from factcheck.extensions import db
from factcheck.forms import flash_errors
from factcheck.models import Role, Segment
from factcheck.permissions import role_required
from factcheck.reports.model import load_article
from factcheck.review.notes import render_note


@bp.route("/")
@role_required(Role.EDITOR)
def index():
    """Articles marked ready for an editor."""
    return render_template("approval/queue.html", entries=queue())


@bp.route("/articles/<int:article_id>")
@role_required(Role.EDITOR)
def article(article_id: int):
    """Every annotated item of an article with its approval controls."""
    article = load_article(article_id)
    if article is None:
        abort(404)
    items = reviewable_items(article)
    return render_template(
        "approval/article.html",
        article=article,
        items=items,
        pending=pending_count(article),
        notes={s.id: render_note(s.annotation.note) for s in items},
        # One prefixed form pair per item keeps field ids (and labels) unique on the page.
        approve_forms={s.id: ApproveForm(formdata=None, prefix=f"item{s.id}") for s in items},
        send_back_forms={s.id: SendBackForm(formdata=None, prefix=f"item{s.id}") for s in items},
    )


def _annotated(segment_id: int) -> Segment:
    segment = db.session.get(Segment, segment_id)
    if (
        segment is None
        or segment.deleted_at is not None
        or segment.annotation is None
        or segment.article.deleted_at is not None
    ):
        abort(404)
    return segment


def _decide(segment: Segment, form, action, success: str):
    if form.validate_on_submit():
        try:
            action()
        except ApprovalError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(success, "success")
    else:
        flash_errors(form)
    target = url_for("approval.article", article_id=segment.article_id)
    return redirect(f"{target}#item-{segment.id}")


@bp.route("/items/<int:segment_id>/approve", methods=["POST"])
@role_required(Role.EDITOR)
def approve_item(segment_id: int):
    """Approve one item's verdict."""
    segment = _annotated(segment_id)
    form = ApproveForm(prefix=f"item{segment_id}")
    return _decide(
        segment,
        form,
        lambda: approve(segment.annotation, current_user, form.no_evidence_reason.data),
        "Approved.",
    )


@bp.route("/items/<int:segment_id>/send-back", methods=["POST"])
@role_required(Role.EDITOR)
def send_back_item(segment_id: int):
    """Send one item back to the reviewers with a comment."""
    segment = _annotated(segment_id)
    form = SendBackForm(prefix=f"item{segment_id}")
    return _decide(
        segment,
        form,
        lambda: send_back(segment.annotation, current_user, form.comment.data),
        "Sent back to the reviewers.",
    )
