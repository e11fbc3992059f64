"""The review workspace: annotate items, fix the analysis, hand the article to editors."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import undefer

from factcheck.articles.rendering import Span, marked_paragraphs
from factcheck.extensions import db
from factcheck.forms import flash_errors
from factcheck.models import (
    AnnotationStatus,
    Article,
    ArticleStatus,
    Role,
    Segment,
    SegmentKind,
)
from factcheck.permissions import login_required
from factcheck.review import bp
from factcheck.review.forms import (
    EVIDENCE_ROWS,
    AddSegmentForm,
    AnnotationForm,
    DismissForm,
    KindForm,
    SimpleActionForm,
    SpanForm,
    SplitForm,
)
from factcheck.review.notes import render_note
from factcheck.review.services import (
    AnnotationInput,
    EditConflict,
    EvidenceInput,
    ReviewError,
    add_segment,
    describe_conflict,
    dismiss_segment,
    history,
    locate,
    mark_ready,
    merge_with_next,
    order_segments,
    restore_segment,
    save_annotation,
    set_kind,
    set_span,
    set_speaker,
    snapshot,
    source_suggestions,
    split_segment,
    summarise,
    workspace_segments,
)
from factcheck.scale import active_labels, verdict_names, verdict_stylesheet


def _load_article(article_id: int) -> Article:
    article = db.session.get(Article, article_id, options=[undefer(Article.clean_text)])
    if article is None or article.deleted_at is not None:
        abort(404)
    return article


def _load_segment(segment_id: int) -> Segment:
    segment = db.session.get(Segment, segment_id)
    if segment is None or segment.deleted_at is not None or segment.article.deleted_at:
        abort(404)
    return segment


def _ensure_editable(article: Article) -> None:
    # Approved work is the editors' to change (with a reason); reviewers see it read-only.
    if article.status == ArticleStatus.APPROVED and not current_user.has_role(Role.EDITOR):
        abort(403)


def _wants_panel() -> bool:
    return request.headers.get("X-Partial") == "panel"


def _back(segment: Segment | None, article_id: int):
    target = url_for(
        "review.workspace", article_id=article_id, item=segment.id if segment else None
    )
    return redirect(target + "#panel")


def _annotation_form(segment: Segment, state: dict | None = None) -> AnnotationForm:
    """A form showing a state (default: what is saved) with blank rows for new evidence."""
    state = state or snapshot(segment.annotation, segment)
    form = AnnotationForm(formdata=None)
    annotation = segment.annotation
    form.set_verdicts(active_labels(), annotation.verdict if annotation else None)
    form.version.data = state["version"]
    form.source.data = state["source"]
    form.verdict.data = str(state["verdict_id"]) if state["verdict_id"] else ""
    form.note.data = state["note"]
    form.status.data = state["status"]
    ids = {link.url: link.id for link in (annotation.evidence if annotation else [])}
    rows = [dict(row, id=ids.get(row["url"], "")) for row in state["evidence"]]
    rows += [{"id": "", "url": "", "title": ""}] * max(1, EVIDENCE_ROWS - len(rows))
    while len(form.evidence):
        form.evidence.pop_entry()
    for row in rows:
        form.evidence.append_entry(row)
    return form


def _input_from(form: AnnotationForm) -> AnnotationInput:
    rows = tuple(
        EvidenceInput(
            url=entry.form.url.data or "",
            title=entry.form.title.data,
            id=int(entry.form.id.data) if (entry.form.id.data or "").isdigit() else None,
        )
        for entry in form.evidence
    )
    return AnnotationInput(
        source=form.source.data,
        verdict_id=int(form.verdict.data) if form.verdict.data else None,
        note=form.note.data,
        status=AnnotationStatus(form.status.data),
        evidence=rows,
        change_reason=form.change_reason.data,
    )


def _panel_context(
    segment: Segment, form: AnnotationForm | None = None, conflict=None, **extra
) -> dict:
    article = segment.article
    return extra | {
        "segment": segment,
        "article": article,
        "form": form or _annotation_form(segment),
        "conflict": conflict,
        "note_html": render_note(segment.annotation.note if segment.annotation else None),
        "history": history(segment),
        "span_form": SpanForm(formdata=None),
        "kind_form": KindForm(formdata=None, kind=segment.kind.value, speaker=segment.speaker),
        "split_form": SplitForm(formdata=None),
        "dismiss_form": DismissForm(formdata=None),
        "action_form": SimpleActionForm(formdata=None),
        "can_edit": article.status != ArticleStatus.APPROVED or current_user.has_role(Role.EDITOR),
        "verdict_names": verdict_names(),
    }


def _render(article: Article, selected: Segment | None, status: int = 200, **panel):
    """The whole workspace, or just the item panel for the page's script."""
    if selected is not None and _wants_panel():
        return render_template("review/_panel.html", **_panel_context(selected, **panel)), status
    segments = workspace_segments(article)
    order = request.args.get("order", "position")
    spans = [
        Span(s.start_offset, s.end_offset, s.kind.value, s.id)
        for s in segments
        if s.dismissed_at is None
    ]
    context = _panel_context(selected, **panel) if selected is not None else {}
    context["article"] = article
    return render_template(
        "review/workspace.html",
        items=order_segments(segments, order),
        order=order,
        selected=selected,
        summary=summarise(article, segments),
        paragraphs=marked_paragraphs(article.clean_text, spans),
        verdict_of={s.id: s.annotation.verdict_id for s in segments if s.annotation},
        suggestions=source_suggestions(article),
        add_form=AddSegmentForm(formdata=None),
        ready_form=SimpleActionForm(formdata=None),
        **context,
    ), status


@bp.route("/articles/<int:article_id>")
@login_required
def workspace(article_id: int):
    """The article's text, its items, and the selected item's annotation."""
    article = _load_article(article_id)
    selected = None
    item = request.args.get("item", type=int)
    if item is not None:
        selected = db.session.get(Segment, item)
        if selected is None or selected.article_id != article.id or selected.deleted_at:
            abort(404)
    return _render(article, selected)


@bp.route("/segments/<int:segment_id>/annotation", methods=["POST"])
@login_required
def save(segment_id: int):
    """Save an item's annotation, or show the conflict when someone saved first."""
    segment = _load_segment(segment_id)
    article = segment.article
    _ensure_editable(article)
    form = AnnotationForm()
    form.set_verdicts(active_labels(), segment.annotation.verdict if segment.annotation else None)
    if not form.validate_on_submit():
        return _render(article, segment, 400, form=form)
    data = _input_from(form)
    try:
        saved = save_annotation(segment, current_user, data, form.version.data)
        db.session.commit()
    except EditConflict as conflict:
        db.session.rollback()
        segment = _load_segment(segment_id)
        details = describe_conflict(segment, conflict.base_version, data)
        return _render(
            article, segment, 409, form=_annotation_form(segment, details.merged), conflict=details
        )
    except ReviewError as error:
        db.session.rollback()
        form.verdict.errors = [*form.verdict.errors, str(error)]
        return _render(article, segment, 400, form=form)
    if _wants_panel():
        # The progress box changes with a save: it travels with the panel.
        return _render(
            article,
            segment,
            progress_summary=summarise(article, workspace_segments(article)),
            ready_form=SimpleActionForm(formdata=None),
        )
    flash("Saved." if saved else "Nothing changed.", "success")
    return _back(segment, article.id)


def _offsets(form, text: str) -> tuple[int, int]:
    if form.start.data is not None and form.end.data is not None:
        return form.start.data, form.end.data
    return locate(text, form.words.data, form.occurrence.data or 1)


def _segment_action(segment: Segment, form, action, success: str):
    """Run a structural change of an item and go back to the workspace."""
    _ensure_editable(segment.article)
    if not form.validate_on_submit():
        flash_errors(form)
        return _back(segment, segment.article_id)
    try:
        result = action()
    except ReviewError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _back(segment, segment.article_id)
    db.session.commit()
    flash(success, "success")
    return _back(result if isinstance(result, Segment) else segment, segment.article_id)


@bp.route("/articles/<int:article_id>/segments", methods=["POST"])
@login_required
def add(article_id: int):
    """Mark a quotation or claim the analyser missed."""
    article = _load_article(article_id)
    _ensure_editable(article)
    form = AddSegmentForm()
    if not form.validate_on_submit():
        flash_errors(form)
        return _back(None, article.id)
    try:
        start, end = _offsets(form, article.clean_text)
        segment = add_segment(article, SegmentKind(form.kind.data), start, end, current_user)
    except ReviewError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _back(None, article.id)
    db.session.commit()
    flash("Item added.", "success")
    return _back(segment, article.id)


@bp.route("/segments/<int:segment_id>/span", methods=["POST"])
@login_required
def span(segment_id: int):
    """Move an item's boundaries."""
    segment = _load_segment(segment_id)
    form = SpanForm()

    def change():
        start, end = _offsets(form, segment.article.clean_text)
        return set_span(segment, start, end, current_user)

    return _segment_action(segment, form, change, "Boundaries changed.")


@bp.route("/segments/<int:segment_id>/kind", methods=["POST"])
@login_required
def kind(segment_id: int):
    """Change an item's kind or found speaker."""
    segment = _load_segment(segment_id)
    form = KindForm()

    def change():
        set_kind(segment, SegmentKind(form.kind.data), current_user)
        return set_speaker(segment, form.speaker.data, current_user)

    return _segment_action(segment, form, change, "Item updated.")


@bp.route("/segments/<int:segment_id>/split", methods=["POST"])
@login_required
def split(segment_id: int):
    """Cut an item in two."""
    segment = _load_segment(segment_id)
    form = SplitForm()

    def change():
        at = form.at.data
        if at is None:
            inside = segment.article.clean_text[: segment.end_offset]
            words_at, _ = locate(inside[segment.start_offset :], form.before_words.data)
            at = segment.start_offset + words_at
        return split_segment(segment, at, current_user)

    return _segment_action(segment, form, change, "Item split in two.")


@bp.route("/segments/<int:segment_id>/merge", methods=["POST"])
@login_required
def merge(segment_id: int):
    """Join an item with the next one of its kind."""
    segment = _load_segment(segment_id)
    return _segment_action(
        segment,
        SimpleActionForm(),
        lambda: merge_with_next(segment, current_user),
        "Items merged.",
    )


@bp.route("/segments/<int:segment_id>/dismiss", methods=["POST"])
@login_required
def dismiss(segment_id: int):
    """Set an item aside as not worth checking."""
    segment = _load_segment(segment_id)
    form = DismissForm()
    return _segment_action(
        segment,
        form,
        lambda: dismiss_segment(segment, form.reason.data, current_user),
        "Item dismissed.",
    )


@bp.route("/segments/<int:segment_id>/restore", methods=["POST"])
@login_required
def restore(segment_id: int):
    """Bring a dismissed item back."""
    segment = _load_segment(segment_id)
    return _segment_action(
        segment, SimpleActionForm(), lambda: restore_segment(segment, current_user), "Restored."
    )


@bp.route("/articles/<int:article_id>/ready", methods=["POST"])
@login_required
def ready(article_id: int):
    """Mark the article ready for an editor."""
    article = _load_article(article_id)
    if SimpleActionForm().validate_on_submit():
        try:
            mark_ready(article, current_user)
        except ReviewError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash("The article is ready for an editor.", "success")
    return redirect(url_for("review.workspace", article_id=article.id))


@bp.route("/verdicts.css")
@login_required
def verdict_styles():
    """Colours of the desk's verdicts, as a stylesheet (the CSP allows no inline style)."""
    css = verdict_stylesheet()
    return Response(css, mimetype="text/css", headers={"Cache-Control": "private, max-age=60"})
