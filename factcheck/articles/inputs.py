"""Turning what a reviewer pasted, uploaded or linked into an import request."""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from factcheck.articles.services import ArticleImportError, ImportRequest
from factcheck.fetching import FetchError, FetchPolicy, fetch, human_size
from factcheck.models import InputKind

UPLOAD_EXTENSIONS = (".html", ".htm", ".txt", ".md", ".docx")
_HTML_EXTENSIONS = (".html", ".htm")


def from_paste(text: str, html: str | None = None) -> ImportRequest:
    """Pasted text, or the rich HTML the browser put on the clipboard with it."""
    if html and html.strip():
        return ImportRequest(data=html, kind=InputKind.HTML, pasted_html=True)
    if not text or not text.strip():
        raise ArticleImportError("Paste the article's text first: the box is empty.")
    if text.lstrip().startswith("<"):
        # Page source pasted as text: treat it as the untrusted HTML it is.
        return ImportRequest(data=text, kind=InputKind.HTML, pasted_html=True)
    return ImportRequest(data=text, kind=InputKind.TEXT, content_type="text/plain")


def _looks_binary(content: bytes) -> bool:
    sample = content[:8192]
    if b"\x00" in sample:
        # UTF-16 text has NULs too; it announces itself with a byte-order mark.
        return not sample.startswith((b"\xff\xfe", b"\xfe\xff"))
    control = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13, 27))
    return control > len(sample) * 0.05


def _is_docx(content: bytes) -> bool:
    if not content.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def from_upload(
    filename: str | None, content: bytes, content_type: str | None, *, max_bytes: int
) -> ImportRequest:
    """An uploaded file, checked by its content and not only its name."""
    name = PurePath(filename or "").name
    extension = PurePath(name).suffix.lower()
    if not name:
        raise ArticleImportError("Choose a file to upload.")
    if extension not in UPLOAD_EXTENSIONS:
        allowed = ", ".join(UPLOAD_EXTENSIONS)
        raise ArticleImportError(f"“{name}” cannot be imported: only {allowed} files can.")
    if not content:
        raise ArticleImportError(f"“{name}” is empty.")
    if len(content) > max_bytes:
        raise ArticleImportError(
            f"“{name}” is larger than the {human_size(max_bytes)} factcheck accepts."
        )
    if extension == ".docx":
        if not _is_docx(content):
            raise ArticleImportError(f"“{name}” is not a Word (.docx) document.")
    elif _looks_binary(content):
        raise ArticleImportError(
            f"“{name}” does not contain text: it looks like binary data, not {extension}."
        )
    kind = InputKind.HTML if extension in _HTML_EXTENSIONS else InputKind.FILE
    return ImportRequest(data=content, kind=kind, filename=name, content_type=content_type)


def from_url(url: str, policy: FetchPolicy) -> ImportRequest:
    """Fetch a page safely and make it an import request."""
    if not url or not url.strip():
        raise ArticleImportError("Enter the address of the article.")
    try:
        page = fetch(url.strip(), policy)
    except FetchError as error:
        raise ArticleImportError(str(error)) from error
    if not page.content.strip():
        raise ArticleImportError("The page is empty.")
    content_type = page.content_type + (f"; charset={page.charset}" if page.charset else "")
    return ImportRequest(
        data=page.content, kind=InputKind.URL, content_type=content_type, url=url.strip()
    )
