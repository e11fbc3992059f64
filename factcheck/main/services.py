"""Figures for the home page."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from factcheck.articles.search import ArticleFilters, Progress, filtered_articles, progress_for
from factcheck.extensions import db
from factcheck.models import Article, ArticleStatus


@dataclass(frozen=True)
class DeskSummary:
    """How many articles stand at each status, and the latest ones with their progress."""

    by_status: dict[ArticleStatus, int]
    recent: list[Article]
    progress: dict[int, Progress] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """All live articles."""
        return sum(self.by_status.values())


def desk_summary(recent: int = 5) -> DeskSummary:
    """Counts by status and the most recent articles."""
    rows = db.session.execute(
        select(Article.status, func.count())
        .where(Article.deleted_at.is_(None))
        .group_by(Article.status)
    ).all()
    counts = {status: 0 for status in ArticleStatus}
    counts.update({status: count for status, count in rows})
    latest = list(db.session.scalars(filtered_articles(ArticleFilters()).limit(recent)))
    return DeskSummary(counts, latest, progress_for([a.id for a in latest]))
