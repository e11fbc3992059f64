"""Finding articles: full-text search, filters, sorting, and per-article progress."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Integer, Select, and_, case, column, func, literal_column, select, text

from factcheck.extensions import db
from factcheck.models import (
    Annotation,
    AnnotationStatus,
    Article,
    ArticleStatus,
    Segment,
    SegmentKind,
)

SORTS = {
    "newest": (Article.created_at.desc(), Article.id.desc()),
    "oldest": (Article.created_at.asc(), Article.id.asc()),
    "title": (Article.title.asc(), Article.id.asc()),
    "published": (Article.published_on.desc(), Article.id.desc()),
    "site": (Article.site.asc(), Article.id.asc()),
}
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class ArticleFilters:
    """What the reviewer asked the list for; every field optional."""

    query: str = ""
    status: ArticleStatus | None = None
    language: str | None = None
    reviewer_id: int | None = None
    imported_from: date | None = None
    imported_to: date | None = None
    sort: str = "newest"


@dataclass(frozen=True)
class Progress:
    """An article's items and how many are reviewed."""

    quotes: int = 0
    claims: int = 0
    done: int = 0

    @property
    def total(self) -> int:
        """Quotations and claims together."""
        return self.quotes + self.claims

    @property
    def percent(self) -> int:
        """Share of items reviewed, 0..100."""
        return round(100 * self.done / self.total) if self.total else 0


@dataclass
class ArticlePage:
    """One page of the list with its progress figures."""

    items: list[Article]
    total: int
    page: int
    per_page: int
    progress: dict[int, Progress] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        """Number of pages."""
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        """There is a page before this one."""
        return self.page > 1

    @property
    def has_next(self) -> bool:
        """There is a page after this one."""
        return self.page < self.pages


def _fts_clause(query: str):
    words = _WORD.findall(query)
    if not words:
        return None
    dialect = db.engine.dialect.name
    if dialect == "sqlite":
        # Each word quoted (no FTS syntax from users), the last one as a prefix.
        terms = [f'"{w}"' for w in words[:-1]] + [f'"{words[-1]}"*']
        match = (
            text("SELECT rowid FROM articles_fts WHERE articles_fts MATCH :fts")
            .bindparams(fts=" ".join(terms))
            .columns(column("rowid", Integer))
        )
        return Article.id.in_(match)
    # A stored, GIN-indexed column (see the migrations), so matching costs no parsing.
    vector = literal_column("articles.search_vector")
    terms = [w.lower() for w in words[:-1]] + [f"{words[-1].lower()}:*"]
    tsquery = func.to_tsquery("simple", " & ".join(terms))
    return vector.op("@@")(tsquery)


def filtered_articles(filters: ArticleFilters) -> Select:
    """The select() of live articles matching the filters, sorted."""
    conditions = [Article.deleted_at.is_(None)]
    if filters.query.strip():
        clause = _fts_clause(filters.query)
        if clause is not None:
            conditions.append(clause)
    if filters.status:
        conditions.append(Article.status == filters.status)
    if filters.language:
        conditions.append(Article.language == filters.language)
    if filters.reviewer_id:
        # An index-only lookup on (reviewer_id, article_id), not a join through segments.
        reviewed = (
            select(Annotation.article_id)
            .where(Annotation.reviewer_id == filters.reviewer_id)
            .distinct()
        )
        conditions.append(Article.id.in_(reviewed))
    if filters.imported_from:
        start = datetime.combine(filters.imported_from, time.min, tzinfo=UTC)
        conditions.append(Article.created_at >= start)
    if filters.imported_to:
        end = datetime.combine(filters.imported_to + timedelta(days=1), time.min, tzinfo=UTC)
        conditions.append(Article.created_at < end)
    order = SORTS.get(filters.sort, SORTS["newest"])
    return select(Article).where(and_(*conditions)).order_by(*order)


def progress_for(article_ids: list[int]) -> dict[int, Progress]:
    """Counts of quotations, claims and reviewed items for these articles."""
    if not article_ids:
        return {}
    done = case((Annotation.status == AnnotationStatus.DONE, 1), else_=0)
    rows = db.session.execute(
        select(Segment.article_id, Segment.kind, func.count(Segment.id), func.sum(done))
        .outerjoin(Annotation, Annotation.segment_id == Segment.id)
        .where(
            Segment.article_id.in_(article_ids),
            Segment.deleted_at.is_(None),
            Segment.dismissed_at.is_(None),
        )
        .group_by(Segment.article_id, Segment.kind)
    ).all()
    counts: dict[int, dict[str, int]] = {}
    for article_id, kind, count, reviewed in rows:
        entry = counts.setdefault(article_id, {"quotes": 0, "claims": 0, "done": 0})
        entry["quotes" if kind == SegmentKind.QUOTE else "claims"] += count
        entry["done"] += int(reviewed or 0)
    return {article_id: Progress(**entry) for article_id, entry in counts.items()}


def list_articles(filters: ArticleFilters, page: int, per_page: int) -> ArticlePage:
    """One page of matching articles with their progress."""
    page = max(1, page)
    query = filtered_articles(filters)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    items = list(db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)))
    result = ArticlePage(items=items, total=total or 0, page=page, per_page=per_page)
    result.progress = progress_for([a.id for a in items])
    return result


def languages_in_use() -> list[str]:
    """Languages of live articles, for the filter's choices."""
    return list(
        db.session.scalars(
            select(Article.language)
            .where(Article.deleted_at.is_(None), Article.language.is_not(None))
            .distinct()
            .order_by(Article.language)
        )
    )
