"""Editors' approval: the queue, approving, sending back, article status, audit and access."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from factcheck.approval.services import ApprovalError, revise_approved_verdict
from factcheck.extensions import db
from factcheck.models import (
    Annotation,
    AnnotationStatus,
    ApprovalStatus,
    Article,
    ArticleStatus,
    AuditEvent,
    Role,
    Segment,
    utcnow,
)
from factcheck.review.services import mark_ready
from tests.reporting import Item, labels, make_text_article, review

TEXT = (
    "The council raised the tram budget by 40% this year.\n\n"
    "Ticket prices will stay at 1.70 euros until 2027.\n\n"
    "The line opens in May, the mayor said.\n\n"
    "Nobody checked this sentence."
)


@pytest.fixture
def rclient(app, reviewer, login):
    return login(app.test_client(), reviewer)


@pytest.fixture
def ready(reviewer, editor):
    """A ready article: one item with evidence, one without, one without a verdict."""
    article = make_text_article(reviewer, TEXT, title="Tram budget, ready")
    items = [
        Item(
            "The council raised the tram budget by 40% this year.",
            verdict="Mostly true",
            evidence=(("https://council.example.org/minutes", "Minutes"),),
        ),
        Item("Ticket prices will stay at 1.70 euros until 2027.", verdict="False"),
        Item("The line opens in May, the mayor said.", note="Still checking."),
    ]
    reviewed = review(article, items, reviewer, editor)
    mark_ready(article, reviewer)
    db.session.commit()
    return reviewed


def fresh_annotation(segment_id: int) -> Annotation:
    db.session.rollback()
    return db.session.scalars(select(Annotation).where(Annotation.segment_id == segment_id)).one()


def article_status(article_id: int) -> ArticleStatus:
    db.session.rollback()
    return db.session.get(Article, article_id).status


def events(action: str) -> list[AuditEvent]:
    db.session.rollback()
    return list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        )
    )


def approve(client, segment_id: int, reason: str = ""):
    data = {f"item{segment_id}-no_evidence_reason": reason} if reason else {}
    return client.post(f"/approval/items/{segment_id}/approve", data=data)


def send_back(client, segment_id: int, comment: str):
    return client.post(
        f"/approval/items/{segment_id}/send-back", data={f"item{segment_id}-comment": comment}
    )


def flashed(client, response) -> str:
    assert response.status_code == 302
    return html.unescape(client.get(response.headers["Location"]).get_data(as_text=True))


# --- Queue and page ----------------------------------------------------------------------


def test_queue_lists_ready_articles_only(eclient, ready, reviewer) -> None:
    make_text_article(reviewer, "Another text, still in review.", title="Not ready yet")
    db.session.commit()
    page = html.unescape(eclient.get("/approval/").get_data(as_text=True))
    assert "Tram budget, ready" in page and "Not ready yet" not in page
    assert f'href="/approval/articles/{ready.article.id}"' in page
    # Two verdicts wait for approval; the item without a verdict does not count.
    assert "<td>2</td>" in page


def test_queue_is_empty_without_ready_articles(eclient) -> None:
    assert "No article is waiting" in eclient.get("/approval/").get_data(as_text=True)


def test_article_page_lists_items_with_controls(eclient, ready) -> None:
    response = eclient.get(f"/approval/articles/{ready.article.id}")
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    evidence_id, bare_id, unjudged_id = ready.ids()
    assert page.index(f'id="item-{evidence_id}"') < page.index(f'id="item-{bare_id}"')
    assert f"/approval/items/{evidence_id}/approve" in page
    assert f"/approval/items/{unjudged_id}/approve" not in page  # no verdict, no approve button
    # The reason field is offered only where there is no evidence link.
    assert f'name="item{bare_id}-no_evidence_reason"' in page
    assert f'name="item{evidence_id}-no_evidence_reason"' not in page
    assert "2 items waiting" in page
    assert eclient.get(f"/approval/articles/{ready.article.id + 50}").status_code == 404


# --- Approving ---------------------------------------------------------------------------


def test_approve_with_evidence(eclient, ready, editor) -> None:
    segment_id = ready.ids()[0]
    response = approve(eclient, segment_id)
    assert response.headers["Location"].endswith(
        f"/approval/articles/{ready.article.id}#item-{segment_id}"
    )
    assert "Approved." in flashed(eclient, response)
    annotation = fresh_annotation(segment_id)
    assert annotation.approval_status == ApprovalStatus.APPROVED
    assert annotation.approved_by_id == editor.id and annotation.approved_at is not None
    assert annotation.no_evidence_reason is None
    (event,) = events("approval.approve")
    assert event.actor_id == editor.id and event.object_id == annotation.id
    assert event.before["approval_status"] == "pending" and event.before["approved_by_id"] is None
    assert event.after["approval_status"] == "approved"
    assert event.after["approved_by_id"] == editor.id


def test_approve_needs_evidence_or_a_reason(eclient, ready, editor) -> None:
    segment_id = ready.ids()[1]
    page = flashed(eclient, approve(eclient, segment_id))
    assert "Add at least one evidence link, or say why no evidence is available" in page
    assert fresh_annotation(segment_id).approval_status == ApprovalStatus.PENDING
    # Blank is no reason.
    approve(eclient, segment_id, "   ")
    assert fresh_annotation(segment_id).approval_status == ApprovalStatus.PENDING
    assert events("approval.approve") == []

    approve(eclient, segment_id, "  The operator publishes no fare plan.  ")
    annotation = fresh_annotation(segment_id)
    assert annotation.approval_status == ApprovalStatus.APPROVED
    assert annotation.no_evidence_reason == "The operator publishes no fare plan."
    (event,) = events("approval.approve")
    assert event.after["no_evidence_reason"] == "The operator publishes no fare plan."


def test_approve_needs_a_verdict(eclient, ready) -> None:
    segment_id = ready.ids()[2]
    page = flashed(eclient, approve(eclient, segment_id, "No source."))
    assert "An item without a verdict cannot be approved." in page
    assert fresh_annotation(segment_id).approval_status == ApprovalStatus.PENDING


def test_reason_is_limited(eclient, ready) -> None:
    segment_id = ready.ids()[1]
    page = flashed(eclient, approve(eclient, segment_id, "x" * 2001))
    assert "2000" in page
    assert fresh_annotation(segment_id).approval_status == ApprovalStatus.PENDING


def test_article_is_approved_when_every_verdict_is(eclient, ready, editor) -> None:
    first, second, _ = ready.ids()
    approve(eclient, first)
    assert article_status(ready.article.id) == ArticleStatus.READY
    approve(eclient, second, "No public data.")
    # The item without a verdict does not hold the article back.
    assert article_status(ready.article.id) == ArticleStatus.APPROVED
    (event,) = events("article.approved")
    assert event.actor_id == editor.id
    assert (event.before, event.after) == ({"status": "ready"}, {"status": "approved"})
    assert "No article is waiting" in eclient.get("/approval/").get_data(as_text=True)


# --- Sending back ------------------------------------------------------------------------


def test_send_back_needs_a_comment(eclient, ready) -> None:
    segment_id = ready.ids()[0]
    page = flashed(eclient, send_back(eclient, segment_id, "   "))
    assert "Say what the reviewer should change." in page
    assert fresh_annotation(segment_id).approval_status == ApprovalStatus.PENDING
    assert events("approval.send_back") == []


def test_send_back_resets_item_and_article(eclient, ready, editor) -> None:
    first, second, _ = ready.ids()
    approve(eclient, first)
    approve(eclient, second, "No public data.")
    assert article_status(ready.article.id) == ArticleStatus.APPROVED

    response = send_back(eclient, first, "The minutes say 38%, not 40%.")
    assert "Sent back to the reviewers." in flashed(eclient, response)
    annotation = fresh_annotation(first)
    assert annotation.approval_status == ApprovalStatus.SENT_BACK
    assert annotation.status == AnnotationStatus.IN_PROGRESS
    assert annotation.editor_comment == "The minutes say 38%, not 40%."
    assert annotation.approved_by_id is None and annotation.approved_at is None
    assert article_status(ready.article.id) == ArticleStatus.IN_REVIEW
    (event,) = events("approval.send_back")
    assert event.actor_id == editor.id
    assert event.before["approval_status"] == "approved"
    assert event.before["approved_by_id"] == editor.id
    assert event.after["approval_status"] == "sent_back"
    assert event.after["editor_comment"] == "The minutes say 38%, not 40%."
    # The comment is shown to the editor on the page.
    page = html.unescape(eclient.get(f"/approval/articles/{ready.article.id}").get_data(True))
    assert "Sent back: “The minutes say 38%, not 40%.”" in page


def test_send_back_of_a_ready_article_returns_it_to_review(eclient, ready) -> None:
    send_back(eclient, ready.ids()[1], "Find the fare plan.")
    assert article_status(ready.article.id) == ArticleStatus.IN_REVIEW
    assert fresh_annotation(ready.ids()[1]).status == AnnotationStatus.IN_PROGRESS


def test_unknown_or_deleted_items_are_not_found(eclient, ready) -> None:
    assert approve(eclient, 99_999).status_code == 404
    assert send_back(eclient, 99_999, "x").status_code == 404
    segment = db.session.get(Segment, ready.ids()[0])
    segment.deleted_at = segment.created_at
    db.session.commit()
    assert approve(eclient, segment.id).status_code == 404


# --- Access --------------------------------------------------------------------------------


def endpoints(ready) -> list[tuple[str, str, dict]]:
    first, second, _ = ready.ids()
    return [
        ("GET", "/approval/", {}),
        ("GET", f"/approval/articles/{ready.article.id}", {}),
        ("POST", f"/approval/items/{first}/approve", {}),
        ("POST", f"/approval/items/{second}/approve", {f"item{second}-no_evidence_reason": "x"}),
        ("POST", f"/approval/items/{first}/send-back", {f"item{first}-comment": "Redo it."}),
        ("POST", "/approval/items/99999/approve", {}),
    ]


def test_reviewers_are_refused_every_approval_endpoint(rclient, ready) -> None:
    for method, url, data in endpoints(ready):
        response = rclient.open(url, method=method, data=data)
        assert response.status_code == 403, (method, url)
    for segment_id in ready.ids():
        annotation = fresh_annotation(segment_id)
        assert annotation.approval_status == ApprovalStatus.PENDING
        assert annotation.editor_comment is None
    assert events("approval.approve") == events("approval.send_back") == []
    assert article_status(ready.article.id) == ArticleStatus.READY


def test_signed_out_visitors_are_sent_to_sign_in(app, ready) -> None:
    client = app.test_client()
    for method, url, data in endpoints(ready):
        response = client.open(url, method=method, data=data)
        assert response.status_code in (302, 401, 403), (method, url)
        if response.status_code == 302:
            assert "/auth/sign-in" in response.headers["Location"]
    assert fresh_annotation(ready.ids()[0]).approval_status == ApprovalStatus.PENDING


@pytest.mark.parametrize("role", [Role.EDITOR, Role.ADMIN])
def test_editors_and_admins_may_approve(app, login, make_user, ready, role) -> None:
    client = login(app.test_client(), make_user(role))
    assert client.get("/approval/").status_code == 200
    assert approve(client, ready.ids()[0]).status_code == 302
    assert fresh_annotation(ready.ids()[0]).approval_status == ApprovalStatus.APPROVED


# --- Changing an approved verdict (service; the workspace wiring is tested elsewhere) --------


def approved_annotation(eclient, ready) -> Annotation:
    approve(eclient, ready.ids()[0])
    return fresh_annotation(ready.ids()[0])


def test_revising_needs_a_reason(eclient, ready, editor) -> None:
    annotation = approved_annotation(eclient, ready)
    for reason in (None, "", "   "):
        with pytest.raises(ApprovalError, match="give a reason"):
            revise_approved_verdict(annotation, editor, reason)
    assert events("approval.verdict_changed") == []


def test_editor_revision_keeps_approval_and_is_logged(eclient, ready, make_user) -> None:
    annotation = approved_annotation(eclient, ready)
    other_editor = make_user(Role.EDITOR)
    before_verdict = annotation.verdict_id
    annotation.verdict_id = labels()["True"].id
    revise_approved_verdict(annotation, other_editor, "  New minutes published.  ")
    db.session.commit()
    annotation = fresh_annotation(ready.ids()[0])
    assert annotation.approval_status == ApprovalStatus.APPROVED
    assert annotation.approved_by_id == other_editor.id
    (event,) = events("approval.verdict_changed")
    assert event.actor_id == other_editor.id and event.object_id == annotation.id
    assert event.after["reason"] == "New minutes published."
    assert event.after["approval_status"] == "approved"
    assert event.before["approval_status"] == "approved"
    assert event.after["verdict_id"] == labels()["True"].id != before_verdict


def test_reviewer_revision_goes_back_to_the_editors(eclient, ready, reviewer) -> None:
    annotation = approved_annotation(eclient, ready)
    annotation.verdict_id = labels()["Half true"].id
    revise_approved_verdict(annotation, reviewer, "The council corrected its figure.")
    db.session.commit()
    annotation = fresh_annotation(ready.ids()[0])
    assert annotation.approval_status == ApprovalStatus.PENDING
    assert annotation.approved_by_id is None and annotation.approved_at is None
    (event,) = events("approval.verdict_changed")
    assert event.actor_id == reviewer.id
    assert event.before["approval_status"] == "approved"
    assert event.after["approval_status"] == "pending"
    assert event.after["reason"] == "The council corrected its figure."
    # No longer published.
    report = eclient.get(f"/reports/articles/{ready.article.id}/export/json").json
    assert ready.ids()[0] not in [item["item_id"] for item in report["items"]]


def test_approval_refuses_dismissed_unready_and_repeated(app, make_user, make_article) -> None:
    """Crafted requests cannot approve what the workflow does not offer."""
    from factcheck.approval.services import approve as approve_item
    from factcheck.review.services import AnnotationInput, save_annotation
    from factcheck.scale import active_labels

    reviewer, editor = make_user(Role.REVIEWER), make_user(Role.EDITOR)
    article = make_article(reviewer)
    first, second = db.session.scalars(
        select(Segment).where(Segment.article_id == article.id).order_by(Segment.start_offset)
    ).all()
    verdict = active_labels()[0].id
    data = AnnotationInput("Desk", verdict, None, AnnotationStatus.DONE, ())
    one = save_annotation(first, reviewer, data, 0)
    two = save_annotation(second, reviewer, data, 0)
    db.session.commit()

    with pytest.raises(ApprovalError, match="not marked this article ready"):
        approve_item(one, editor, "No public source.")
    article.status = ArticleStatus.READY
    second.dismissed_at = utcnow()
    with pytest.raises(ApprovalError, match="dismissed"):
        approve_item(two, editor, "No public source.")
    approve_item(one, editor, "No public source.")
    with pytest.raises(ApprovalError, match="already approved"):
        approve_item(one, editor, "No public source.")
