"""Article import (paste, upload, URL), preview, list, page and original download."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload, undefer
from wtforms.fields.choices import SelectChoice

from factcheck.articles import bp
from factcheck.articles.forms import (
    ArticleFilterForm,
    ConfirmImportForm,
    DiscardForm,
    PasteForm,
    UploadForm,
    UrlForm,
)
from factcheck.articles.inputs import from_paste, from_upload, from_url
from factcheck.articles.rendering import Span, analysis_spans, marked_paragraphs
from factcheck.articles.search import ArticleFilters, languages_in_use, list_articles
from factcheck.articles.services import (
    ArticleImportError,
    ImportRequest,
    MetadataOverrides,
    confirm_pending_import,
    count_items,
    create_pending_import,
    discard_pending_import,
    find_duplicate,
    live_segments,
    parse_date,
    purge_stale_pending_imports,
)
from factcheck.extensions import db
from factcheck.fetching import FetchPolicy
from factcheck.models import Article, ArticleStatus, InputKind, PendingImport, User
from factcheck.permissions import login_required


def _import_forms() -> dict[str, object]:
    return {
        "paste_form": PasteForm(prefix="paste"),
        "upload_form": UploadForm(prefix="upload"),
        "url_form": UrlForm(prefix="url"),
    }


def _render_import(forms: dict[str, object], status: int = 200, active: str = "paste"):
    return render_template("articles/import.html", active=active, **forms), status


def _start_import(make_request, form, forms, active: str):
    """Validate, analyse, keep a pending import; re-render the page with the error otherwise."""
    if not form.validate_on_submit():
        return _render_import(forms, 400, active)
    try:
        import_request: ImportRequest = make_request()
        pending = create_pending_import(
            import_request, current_user, max_bytes=current_app.config["ANALYSIS_MAX_BYTES"]
        )
    except ArticleImportError as error:
        db.session.rollback()
        form.form_errors.append(str(error))
        return _render_import(forms, 422, active)
    purge_stale_pending_imports()
    db.session.commit()
    return redirect(url_for("articles.preview", pending_id=pending.id))


@bp.route("/import")
@login_required
def import_page():
    """The three ways in: paste, upload, URL."""
    return _render_import(_import_forms())


@bp.route("/import/paste", methods=["POST"])
@login_required
def import_paste():
    """Analyse pasted text or rich text."""
    forms = _import_forms()
    form = forms["paste_form"]
    return _start_import(lambda: from_paste(form.text.data, form.html.data), form, forms, "paste")


@bp.route("/import/upload", methods=["POST"])
@login_required
def import_upload():
    """Analyse an uploaded file."""
    forms = _import_forms()
    form = forms["upload_form"]

    def make_request() -> ImportRequest:
        upload = form.file.data
        limit = current_app.config["UPLOAD_MAX_BYTES"]
        content = upload.read(limit + 1)
        return from_upload(upload.filename, content, upload.mimetype, max_bytes=limit)

    return _start_import(make_request, form, forms, "upload")


@bp.route("/import/url", methods=["POST"])
@login_required
def import_url():
    """Fetch a page safely and analyse it."""
    forms = _import_forms()
    form = forms["url_form"]
    return _start_import(
        lambda: from_url(form.url.data, FetchPolicy.from_config(current_app.config)),
        form,
        forms,
        "url",
    )


def _own_pending(pending_id: int) -> PendingImport:
    pending = db.session.get(PendingImport, pending_id, options=[undefer(PendingImport.analysis)])
    # Previews are private to whoever started them.
    if pending is None or pending.user_id != current_user.id:
        abort(404)
    return pending


@bp.route("/import/<int:pending_id>", methods=["GET", "POST"])
@login_required
def preview(pending_id: int):
    """Show what the analyser found; confirm with corrected metadata."""
    pending = _own_pending(pending_id)
    analysis = pending.analysis
    form = ConfirmImportForm()
    if request.method == "GET":
        form.title.data = analysis.get("title") or pending.original_filename or ""
        form.published_on.data = parse_date(analysis.get("published"))
        form.language.data = analysis.get("language") or ""
        form.site.data = analysis.get("site") or ""
    threshold = current_app.config["CLAIM_THRESHOLD"]
    if form.validate_on_submit():
        overrides = MetadataOverrides(
            title=form.title.data.strip(),
            published_on=form.published_on.data,
            language=(form.language.data or "").strip() or None,
            site=(form.site.data or "").strip() or None,
        )
        article = confirm_pending_import(
            pending, current_user, overrides, claim_threshold=threshold
        )
        db.session.commit()
        flash(f"Imported “{article.title}”.", "success")
        return redirect(url_for("articles.detail", article_id=article.id))
    quotes, claims = count_items(analysis, threshold)
    return render_template(
        "articles/preview.html",
        pending=pending,
        analysis=analysis,
        form=form,
        discard_form=DiscardForm(),
        quote_count=quotes,
        claim_count=claims,
        paragraphs=marked_paragraphs(analysis["text"], analysis_spans(analysis, threshold)),
        duplicate=find_duplicate(pending.original_sha256, pending.source_url),
    ), (400 if form.errors else 200)


@bp.route("/import/<int:pending_id>/discard", methods=["POST"])
@login_required
def discard_import(pending_id: int):
    """Drop a preview."""
    pending = _own_pending(pending_id)
    if DiscardForm().validate_on_submit():
        discard_pending_import(pending)
        db.session.commit()
        flash("Import discarded.", "info")
    return redirect(url_for("articles.import_page"))


def _filters_from(form: ArticleFilterForm) -> ArticleFilters:
    if not form.validate():
        return ArticleFilters()
    return ArticleFilters(
        query=form.q.data or "",
        status=ArticleStatus(form.status.data) if form.status.data else None,
        language=form.language.data or None,
        reviewer_id=int(form.reviewer.data) if form.reviewer.data else None,
        imported_from=form.imported_from.data,
        imported_to=form.imported_to.data,
        sort=form.sort.data or "newest",
    )


@bp.route("/")
@login_required
def index():
    """Every article of the desk: search, filters, sorting, progress."""
    form = ArticleFilterForm(request.args)
    form.language.choices += [SelectChoice(code, code) for code in languages_in_use()]
    reviewers = db.session.scalars(select(User).order_by(User.display_name)).all()
    form.reviewer.choices += [SelectChoice(str(u.id), u.display_name) for u in reviewers]
    page = list_articles(
        _filters_from(form),
        page=request.args.get("page", 1, type=int),
        per_page=current_app.config["ARTICLES_PER_PAGE"],
    )
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("articles/index.html", page=page, form=form, args=args)


def _get_article(article_id: int) -> Article:
    article = db.session.get(
        Article,
        article_id,
        options=[undefer(Article.clean_text), selectinload(Article.segments)],
    )
    if article is None or article.deleted_at is not None:
        abort(404)
    return article


@bp.route("/<int:article_id>")
@login_required
def detail(article_id: int):
    """The clean text of an article with its items highlighted."""
    article = _get_article(article_id)
    segments = live_segments(article)
    spans = [Span(s.start_offset, s.end_offset, s.kind.value, s.id) for s in segments]
    return render_template(
        "articles/detail.html",
        article=article,
        segments=segments,
        paragraphs=marked_paragraphs(article.clean_text, spans),
    )


@bp.route("/<int:article_id>/original")
@login_required
def original(article_id: int):
    """Download the input exactly as it was imported."""
    article = _get_article(article_id)
    extension = {InputKind.HTML: "html", InputKind.URL: "html"}.get(article.input_kind, "txt")
    filename = article.original_filename or f"article-{article.id}-original.{extension}"
    # Served as an attachment with a neutral type: the original may be hostile HTML.
    return Response(
        article.original,
        mimetype="application/octet-stream",
        headers={"Content-Disposition": f'attachment; filename="{_ascii_name(filename)}"'},
    )


def _ascii_name(filename: str) -> str:
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in filename)
    return safe[:120] or "original"
