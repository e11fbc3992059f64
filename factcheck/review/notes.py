"""Reviewer notes: plain text with a small Markdown subset, rendered safely."""

from __future__ import annotations

import markdown
from markupsafe import Markup

from factcheck.sanitize import sanitize_note_html


def render_note(text: str | None) -> Markup:
    """Render a note's Markdown to HTML that went through the sanitizer."""
    if not text or not text.strip():
        return Markup("")
    # Markdown passes raw HTML through untouched: the sanitizer is what makes it safe,
    # keeping only the small subset (emphasis, lists, links, quotes, code).
    html = markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    return Markup(sanitize_note_html(html))  # noqa: S704  (sanitized just above)
