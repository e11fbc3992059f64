"""The report as HTML (page and self-contained file) and as PDF."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import current_app, render_template
from markupsafe import Markup

from factcheck.articles.rendering import Span, marked_paragraphs
from factcheck.reports.exporters import report_claim_reviews
from factcheck.reports.model import ArticleReport, Verdict
from factcheck.review.notes import render_note
from factcheck.scale import is_safe_colour, verdict_stylesheet

CHART_WIDTH = 320
BAR_HEIGHT = 22


@dataclass(frozen=True)
class Bar:
    """One bar of the verdict chart, laid out."""

    label: str
    count: int
    color: str
    y: int
    width: int


def safe_colour(colour: str | None) -> str:
    """A checked #rrggbb colour, grey otherwise (it is written into CSS and SVG)."""
    return colour if is_safe_colour(colour) else "#6b7280"


def chart_bars(summary: list[tuple[Verdict, int]]) -> list[Bar]:
    """Bars of the verdict summary, scaled to the chart width."""
    top = max((count for _, count in summary), default=0) or 1
    return [
        Bar(
            verdict.label,
            count,
            safe_colour(verdict.color),
            index * (BAR_HEIGHT + 8),
            max(2, round(CHART_WIDTH * count / top)),
        )
        for index, (verdict, count) in enumerate(summary)
    ]


def _context(report: ArticleReport) -> dict:
    spans = [Span(item.start, item.end, item.kind, item.id) for item in report.items]
    verdict_of = {item.id: item.verdict.id for item in report.items if item.verdict}
    return {
        "report": report,
        "bars": chart_bars(report.summary),
        "chart_width": CHART_WIDTH,
        "bar_height": BAR_HEIGHT,
        "paragraphs": marked_paragraphs(report.text, spans),
        "verdict_of": verdict_of,
        "notes": {item.id: render_note(item.note) for item in report.items},
        "claim_reviews": report_claim_reviews(report),
    }


def report_page(report: ArticleReport, **extra) -> str:
    """The report inside the site's layout."""
    return render_template("reports/article.html", **_context(report), **extra)


def _stylesheet() -> str:
    path = Path(current_app.static_folder or "") / "css" / "report.css"
    return path.read_text(encoding="utf-8")


def report_standalone(report: ArticleReport) -> str:
    """A self-contained HTML file: styles inlined, nothing loaded from anywhere."""
    # Both are ours, not user text: the project's stylesheet and rules holding only
    # checked ids and colours. Escaping them as HTML would break the CSS.
    return render_template(
        "reports/standalone.html",
        stylesheet=Markup(_stylesheet()),  # noqa: S704
        verdict_styles=Markup(verdict_stylesheet()),  # noqa: S704
        **_context(report),
    )


class FetchRefused(Exception):
    """The PDF renderer asked for a resource; reports load nothing."""


def refusing_fetcher():
    """A WeasyPrint URL fetcher that refuses every URL: network, file:, data: alike."""
    from weasyprint.urls import URLFetcher

    class _Refusing(URLFetcher):
        # WeasyPrint 70 reads `_fail_on_errors` from the fetcher when it raises, so a
        # plain function crashes the render (AttributeError) instead of skipping the image.
        def fetch(self, url, headers=None):
            # Reviewer-typed text must never make the PDF renderer read a file or the network.
            raise FetchRefused(f"refused to fetch {url!r}")

    return _Refusing(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)


def report_pdf(report: ArticleReport) -> bytes:
    """The report as PDF, rendered from the self-contained HTML with fetching disabled."""
    from weasyprint import HTML  # heavy: loaded only when a PDF is asked for

    html = report_standalone(report)
    return HTML(string=html, url_fetcher=refusing_fetcher(), base_url=None).write_pdf()
