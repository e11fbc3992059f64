"""Changing a verdict an editor approved needs a reason and is logged."""

from __future__ import annotations

from sqlalchemy import select

from factcheck.approval.services import approve
from factcheck.extensions import db
from factcheck.models import (
    Annotation,
    ApprovalStatus,
    ArticleStatus,
    AuditEvent,
    Role,
    Segment,
    VerdictLabel,
)


def _label(name: str) -> VerdictLabel:
    return db.session.scalar(select(VerdictLabel).where(VerdictLabel.label == name))


def _approved_item(make_user, make_article, client, login):
    reviewer = make_user(Role.REVIEWER)
    editor = make_user(Role.EDITOR)
    article = make_article(reviewer)
    segment, other = db.session.scalars(
        select(Segment).where(Segment.article_id == article.id).order_by(Segment.start_offset)
    ).all()
    for item in (segment, other):  # the second stays pending, so the article stays open
        login(client, reviewer).post(
            f"/review/segments/{item.id}/annotation",
            data={
                "version": 0,
                "verdict": _label("True").id,
                "status": "done",
                "evidence-0-url": "https://example.org/budget",
            },
        )
    annotation = db.session.scalar(select(Annotation).where(Annotation.segment_id == segment.id))
    segment.article.status = ArticleStatus.READY
    approve(annotation, editor)
    db.session.commit()
    return reviewer, editor, segment, annotation


def _save(client, segment, annotation, **fields):
    db.session.refresh(annotation)
    data = {
        "version": annotation.version,
        "verdict": _label("False").id,
        "status": "done",
        "evidence-0-id": annotation.live_evidence[0].id,
        "evidence-0-url": annotation.live_evidence[0].url,
    }
    data.update(fields)
    return client.post(f"/review/segments/{segment.id}/annotation", data=data)


def test_reviewer_needs_a_reason_and_the_item_goes_back_to_editors(
    app, client, make_user, make_article, login
) -> None:
    reviewer, _, segment, annotation = _approved_item(make_user, make_article, client, login)
    refused = _save(client, segment, annotation)
    assert refused.status_code == 400
    assert "give a reason to change it" in refused.get_data(as_text=True)
    db.session.refresh(annotation)
    assert annotation.verdict.label == "True"

    accepted = _save(client, segment, annotation, change_reason="New figures from the ministry")
    assert accepted.status_code == 302
    db.session.refresh(annotation)
    assert annotation.verdict.label == "False"
    assert annotation.approval_status == ApprovalStatus.PENDING
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "approval.verdict_changed")
    )
    assert event.actor_id == reviewer.id
    assert event.after["reason"] == "New figures from the ministry"
    assert event.before["approval_status"] == "approved"


def test_editor_change_keeps_the_approval(app, client, make_user, make_article, login) -> None:
    _, editor, segment, annotation = _approved_item(make_user, make_article, client, login)
    segment.article.status = ArticleStatus.APPROVED
    db.session.commit()
    response = _save(login(client, editor), segment, annotation, change_reason="Typo in verdict")
    assert response.status_code == 302
    db.session.refresh(annotation)
    assert annotation.approval_status == ApprovalStatus.APPROVED
    assert annotation.approved_by_id == editor.id and annotation.verdict.label == "False"


def test_panel_shows_approval_and_sent_back_comment(
    app, client, make_user, make_article, login
) -> None:
    _, _, segment, annotation = _approved_item(make_user, make_article, client, login)
    page = client.get(f"/review/articles/{segment.article_id}?item={segment.id}")
    body = page.get_data(as_text=True)
    assert "Reason for changing the approved verdict" in body and "Approved by" in body
    annotation.approval_status = ApprovalStatus.SENT_BACK
    annotation.editor_comment = "Check the 2019 figure"
    db.session.commit()
    body = client.get(f"/review/articles/{segment.article_id}?item={segment.id}").get_data(
        as_text=True
    )
    assert "Sent back by the editor: “Check the 2019 figure”" in body


def test_a_script_save_returns_the_new_progress(app, client, make_user, make_article, login):
    reviewer = make_user(Role.REVIEWER)
    article = make_article(reviewer)
    segment = db.session.scalar(select(Segment).where(Segment.article_id == article.id))
    response = login(client, reviewer).post(
        f"/review/segments/{segment.id}/annotation",
        data={"version": 0, "verdict": _label("True").id, "status": "done"},
        headers={"X-Partial": "panel"},
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and '<template id="panel-progress">' in body
    assert "<strong>1</strong> of <strong>2</strong> items done" in body
    # Moving between items (a plain panel load) does not carry it.
    other = client.get(
        f"/review/articles/{article.id}?item={segment.id}", headers={"X-Partial": "panel"}
    )
    assert "panel-progress" not in other.get_data(as_text=True)
