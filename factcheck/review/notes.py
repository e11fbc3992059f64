"""Reviewer notes: plain text with a small Markdown subset, rendered safely."""

from __future__ import annotations

import functools
import threading

import markdown
from markupsafe import Markup

from factcheck.sanitize import sanitize_note_html

_local = threading.local()


def _markdown() -> markdown.Markdown:
    # A converter is costly to build and keeps state: one per thread, reset before use.
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = markdown.Markdown(
            extensions=["sane_lists"], output_format="html"
        )
    return converter.reset()


def render_note(text: str | None) -> Markup:
    """Render a note's Markdown to HTML that went through the sanitizer."""
    if not text or not text.strip():
        return Markup("")
    return _render(text)


@functools.lru_cache(maxsize=4096)
def _render(text: str) -> Markup:
    # Pure function of the text: reports and pages show the same notes again and again.
    # Markdown passes raw HTML through untouched: the sanitizer is what makes it safe,
    # keeping only the small subset (emphasis, lists, links, quotes, code).
    html = _markdown().convert(text)
    return Markup(sanitize_note_html(html))  # noqa: S704  (sanitized just above)
