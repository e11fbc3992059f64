"""Turn what the user gave (text, HTML or a file's bytes) into text plus page metadata.

Everything that can be wrong with the input is reported here as an ``AnalysisError``
with a message a newsroom user can act on; nothing below this module sees bytes.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from pathlib import PurePath

from .model import AnalysisError

#: Default upper bound on the size of one input, in bytes (configurable per call).
DEFAULT_MAX_BYTES = 5_000_000

_HTML_DOC = re.compile(r"<(?:!doctype\s+html|html|head|body|article|main)\b", re.IGNORECASE)
_HTML_TAG = re.compile(
    r"</?(?:p|div|br|span|a|h[1-6]|li|ul|section|meta|title|script)\b[^>]*>", re.IGNORECASE
)
# Control characters that never occur in text; a few of them mean "binary".
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_BINARY_MAGIC = {
    b"%PDF": "a PDF file",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\x1f\x8b": "a gzip archive",
    b"PK\x03\x04": "a ZIP archive",
    b"Rar!": "a RAR archive",
    b"\x7fELF": "a program",
    b"MZ": "a program",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office file",
}
_PLAUSIBLE = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 \n\t.,;:!?'\"()-%€$"
    "àâäáãåçéèêëíìîïñóòôöõúùûüÿßœæÀÂÄÁÃÇÉÈÊËÍÎÏÑÓÔÖÕÚÙÛÜŒÆ’‘“”«»–—…\u00a0"
)
_TEXT_SUFFIXES = {".txt", ".md", ".text", ".markdown", ""}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_MARKDOWN_SUFFIXES = {".md", ".markdown"}

# Markdown markup that is layout, not words: removed so titles and sentences read clean.
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)
_MD_SETEXT = re.compile(r"^[ \t]{0,3}(?:=+|-+)[ \t]*$", re.MULTILINE)
_MD_RULE = re.compile(r"^[ \t]{0,3}(?:[*_-][ \t]*){3,}$", re.MULTILINE)
_MD_QUOTE = re.compile(r"^[ \t]{0,3}>[ \t]?", re.MULTILINE)
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])")
_MD_CODE = re.compile(r"`([^`]+)`")


@dataclass(frozen=True)
class RawInput:
    """Decoded input: plain text (with line breaks) and whatever metadata the page gave."""

    text: str
    is_html: bool
    meta: dict[str, str | None] = field(default_factory=dict)


def load(
    data: str | bytes,
    *,
    filename: str | None = None,
    content_type: str | None = None,
    url: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> RawInput:
    """Decode, size-check and (for HTML) extract the article text of one input."""
    if data is None:
        raise AnalysisError("The input is empty: paste an article or upload a file.")
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise AnalysisError(
            f"The input is {size / 1_000_000:.1f} MB, over the limit of "
            f"{max_bytes / 1_000_000:.1f} MB: paste the article text instead of the whole page."
        )
    suffix = PurePath(filename).suffix.lower() if filename else ""
    ctype = (content_type or "").lower()
    if isinstance(data, bytes):
        if suffix == ".docx" or "wordprocessingml" in ctype:
            return RawInput(_docx_text(data), is_html=False)
        text = _decode(data)
    else:
        text = data
    if suffix in _MARKDOWN_SUFFIXES or "markdown" in ctype:
        text = markdown_to_text(text)
    if not text.strip():
        raise AnalysisError("The input is empty: paste an article or upload a file.")
    if len(_CONTROL.findall(text[:20_000])) > 3:
        raise AnalysisError("The input looks like binary data, not text or HTML.")
    # A declared text/plain (a plain paste, a text page) is never second-guessed: an
    # article that quotes a few tags must not be mistaken for a web page.
    declared_text = ctype.startswith("text/plain")
    if (
        suffix in _HTML_SUFFIXES
        or "html" in ctype
        or (not declared_text and suffix not in _TEXT_SUFFIXES - {""} and looks_like_html(text))
    ):
        return _from_html(text, url)
    return RawInput(text, is_html=False, meta={"url": url} if url else {})


def markdown_to_text(text: str) -> str:
    """Plain text of a Markdown document: headings, links, emphasis and rules unwrapped."""
    text = _MD_RULE.sub("", text)
    text = _MD_HEADING.sub(r"\1", text)
    text = _MD_SETEXT.sub("", text)
    text = _MD_QUOTE.sub("", text)
    text = _MD_IMAGE.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_STRONG.sub(r"\2", text)
    text = _MD_EMPHASIS.sub(r"\1", text)
    return _MD_CODE.sub(r"\1", text)


def looks_like_html(text: str) -> bool:
    """True when a string is a web page or an HTML fragment rather than plain text."""
    head = text[:5000]
    if _HTML_DOC.search(head):
        return True
    return len(_HTML_TAG.findall(text[:20_000])) >= 3


def _decode(data: bytes) -> str:
    """Decode bytes: BOM, then UTF-8, then charset-normalizer's best guess."""
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise AnalysisError(f"The file looks like {what}, not text or HTML.")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # NUL bytes without a UTF-16 BOM are binary, whatever a detector might guess.
    if data[:4096].count(b"\x00") > 8:
        raise AnalysisError("The file looks like binary data, not text or HTML.")
    from charset_normalizer import from_bytes

    sample = data[:200_000]
    guesses = [m.encoding for m in from_bytes(sample)][:5]
    if not guesses:
        raise AnalysisError(
            "The file's text encoding could not be detected: save it as UTF-8 and try again."
        )
    # Every language we analyse is written in Latin script: among the detector's guesses
    # (plus the most common legacy code page) keep the one that reads most like it.
    best, best_score = None, -1.0
    for encoding in [*guesses, "cp1252"]:
        try:
            decoded = sample.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        score = sum(ch in _PLAUSIBLE for ch in decoded) / max(1, len(decoded))
        if score > best_score + 1e-9:
            best, best_score = encoding, score
    if best is None:
        raise AnalysisError(
            "The file's text encoding could not be detected: save it as UTF-8 and try again."
        )
    return data.decode(best, errors="replace")


def _docx_text(data: bytes) -> str:
    """Paragraph texts of a Word document, one per line."""
    try:
        import docx  # python-docx, optional
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise AnalysisError("Word (.docx) files are not supported yet: paste the text.") from exc
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds of error on damaged files
        raise AnalysisError("The file is not a readable Word (.docx) document.") from exc
    text = "\n\n".join(p.text for p in document.paragraphs if p.text.strip())
    if not text.strip():
        raise AnalysisError("The Word document holds no text.")
    return text


def _from_html(html: str, url: str | None) -> RawInput:
    """Main text and metadata of a web page, through trafilatura."""
    import trafilatura

    # trafilatura logs every page it cannot parse; the user gets our message instead.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
        )
        if doc is not None and not isinstance(doc, dict):
            doc = doc.as_dict()
    except Exception as exc:  # noqa: BLE001 - any parser failure is "no article" to the user
        raise AnalysisError("The HTML page could not be read.") from exc
    text = (doc or {}).get("text") or ""
    if len(text.split()) < 5:
        raise AnalysisError("No article text was found in this HTML page.")
    meta = {
        "title": doc.get("title"),
        "author": doc.get("author"),
        "published": doc.get("date"),
        "site": doc.get("sitename") or doc.get("hostname"),
        "url": doc.get("url") or url,
    }
    return RawInput(text, is_html=True, meta={k: v for k, v in meta.items() if v})
