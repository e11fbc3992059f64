"""The one HTML sanitizer: every piece of untrusted HTML that is kept or shown goes through here."""

from __future__ import annotations

import re
import threading
from types import SimpleNamespace

import bleach

# Structure an article needs for extraction; no style, no script, no embedded content.
ARTICLE_TAGS = frozenset(
    {
        "a",
        "abbr",
        "article",
        "aside",
        "b",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "dd",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "i",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "section",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "time",
        "tr",
        "u",
        "ul",
        "html",
        "head",
        "title",
        "body",
        "meta",
    }
)
ARTICLE_ATTRIBUTES = {
    "a": ["href", "title", "rel"],
    "time": ["datetime"],
    "meta": ["name", "property", "content", "itemprop"],
    "q": ["cite"],
    "blockquote": ["cite"],
    "*": ["class", "itemprop", "lang"],
}
SAFE_PROTOCOLS = frozenset({"http", "https", "mailto"})

# Elements whose text is code or styling, not content: dropped whole before bleach runs,
# because bleach's strip mode would keep their text.
_DROPPED_WITH_CONTENT = re.compile(
    r"<(script|style|template|noscript|iframe|object|svg|math)\b.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)
_COMMENTS = re.compile(r"<!--.*?-->", re.DOTALL)

# Reviewer notes: a small Markdown-like subset rendered to these tags only.
NOTE_TAGS = frozenset({"a", "p", "br", "em", "strong", "ul", "ol", "li", "code", "blockquote"})
NOTE_ATTRIBUTES = {"a": ["href", "title"]}


def _external_link(attrs: dict, new: bool = False) -> dict:
    attrs[(None, "rel")] = "noopener noreferrer nofollow"
    attrs[(None, "target")] = "_blank"
    return attrs


# Building a bleach Cleaner or Linker parses its settings each time, which dominates the
# cost of short notes; instances are reused, one set per thread (they are not thread-safe).
_local = threading.local()


def _tools() -> SimpleNamespace:
    tools = getattr(_local, "tools", None)
    if tools is None:
        tools = _local.tools = SimpleNamespace(
            article=bleach.Cleaner(
                tags=ARTICLE_TAGS,
                attributes=ARTICLE_ATTRIBUTES,
                protocols=SAFE_PROTOCOLS,
                strip=True,
                strip_comments=True,
            ),
            note=bleach.Cleaner(
                tags=NOTE_TAGS,
                attributes=NOTE_ATTRIBUTES,
                protocols=SAFE_PROTOCOLS,
                strip=True,
                strip_comments=True,
            ),
            linker=bleach.Linker(
                callbacks=[_external_link], skip_tags={"code"}, parse_email=False
            ),
        )
    return tools


def sanitize_article_html(html: str) -> str:
    """Reduce untrusted article HTML to inert structural markup."""
    html = _COMMENTS.sub("", html)
    html = _DROPPED_WITH_CONTENT.sub("", html)
    return _tools().article.clean(html)


def sanitize_note_html(html: str) -> str:
    """Reduce rendered note markup to the small safe subset shown on review pages."""
    html = _DROPPED_WITH_CONTENT.sub("", html)
    tools = _tools()
    return tools.linker.linkify(tools.note.clean(html))
