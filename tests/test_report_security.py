"""Reports carry no executable markup and fetch nothing, whatever reviewers typed.

A corpus of XSS and resource-loading payloads goes into every field a reviewer or an
editor controls, through the same forms they use; then the report page, the
self-contained HTML file, the JSON-LD and the PDF are checked statically, and the
page and the file in Chromium (no dialog, no request outside the app, nothing
reaching a local server that counts requests).
"""

from __future__ import annotations

import html
import io
import json
import re
import threading
from dataclasses import dataclass
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import Annotation, Role, Segment, SegmentKind
from factcheck.reports.rendering import FetchRefused, refusing_fetcher
from tests.reporting import labels

SENTENCES = [
    "The council raised the tram budget by 40% this year.",
    "Ticket prices will stay at 1.70 euros until 2027.",
    "The line opens in May and ends at the harbour.",
    "The weather was mild on Tuesday in the old town.",
]


class Counter(BaseHTTPRequestHandler):
    """Counts every request; a report that loads anything from here fails."""

    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802  (http.server's naming)
        Counter.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"counted")

    do_POST = do_GET  # noqa: N815

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def canary():
    """A local server counting requests; yields its base URL."""
    Counter.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


def payloads(canary: str) -> list[str]:
    """The XSS and fetch corpus; every fetchable address points at the counting server."""
    return [
        "<script>alert(1)</script>",
        "</script><script>alert(2)</script>",
        "<img src=x onerror=alert(3)>",
        "<svg onload=alert(4)><circle r=1 /></svg>",
        "javascript:alert(5)",
        "[click me](javascript:alert(6)) <a href=\"javascript:alert('6b')\">x</a>",
        '"><iframe srcdoc="<script>alert(7)</script>"></iframe>',
        f"<style>@import url({canary}/import.css);</style>",
        f'<div style="background:url({canary}/bg.png)">css</div>',
        '<a href="data:text/html,<script>alert(10)</script>">data</a>'
        ' <img src="data:image/svg+xml,<svg onload=alert(10)>">',
        '<a href="file:///etc/passwd">passwd</a> <img src="file:///etc/passwd">',
        f'<img src="{canary}/img.png"> ![pixel]({canary}/md.png)',
        "<!-- </script><script>alert(13)</script> -->",
        f'<meta http-equiv="refresh" content="0;url={canary}/refresh">',
        "' onmouseover='alert(15)' x=' \" autofocus onfocus=\"alert(15)\" x=\"",
        f'<object data="{canary}/object"></object><embed src="{canary}/embed">',
        f"<link rel=stylesheet href={canary}/link.css><base href={canary}/base/>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(18)>",
        "<body onload=alert(19)><details open ontoggle=alert(19)>",
        "\u2028\u2029</SCRIPT ><script>alert(20)</script><!--",
        "{{ 7*7 }} {% raw %} ${alert(21)}",
        f"<video poster={canary}/poster.png><source src={canary}/v.mp4></video>",
    ]


@dataclass
class Planted:
    """One article carrying one payload in every field, and its item ids."""

    payload: str
    article_id: int
    approved_id: int
    reasoned_id: int
    sent_back_id: int
    dismissed_id: int


def _check(response, status: int = 302):
    assert response.status_code == status, response.get_data(as_text=True)[:1500]
    return response


def _segment_ids(rclient, article_id: int) -> list[int]:
    """The ids of SENTENCES' items, marking those the analyser did not."""
    ids = []
    for words in SENTENCES:
        db.session.rollback()
        found = db.session.scalar(
            select(Segment.id).where(
                Segment.article_id == article_id,
                Segment.text == words,
                Segment.kind == SegmentKind.CLAIM,
            )
        )
        if found is None:
            _check(
                rclient.post(
                    f"/review/articles/{article_id}/segments",
                    data={"kind": "claim", "words": words},
                )
            )
            db.session.rollback()
            found = db.session.scalar(
                select(Segment.id).where(Segment.article_id == article_id, Segment.text == words)
            )
        ids.append(found)
    return ids


def _annotate(rclient, segment_id: int, **fields) -> None:
    db.session.rollback()
    annotation = db.session.scalar(select(Annotation).where(Annotation.segment_id == segment_id))
    data = {"version": str(annotation.version if annotation else 0), "status": "done"}
    data.update(fields)
    _check(rclient.post(f"/review/segments/{segment_id}/annotation", data=data))


def plant(rclient, eclient, payload: str, index: int, canary: str) -> Planted:
    """Import, annotate, dismiss, approve and send back, all through the forms."""
    # At the end: pasted text that starts with markup is read as an HTML page.
    text = "\n\n".join(SENTENCES) + f"\n\n{payload}"
    response = rclient.post("/articles/import/paste", data={"paste-text": text})
    if response.status_code == 422:
        # Three tags make a paste read as an HTML page, which then has no article text:
        # the body goes in without this payload (every other field still gets it).
        text = "\n\n".join(SENTENCES) + f"\n\nPlain body {index}."
        response = rclient.post("/articles/import/paste", data={"paste-text": text})
    _check(response)
    pending_id = int(response.headers["Location"].rsplit("/", 1)[1])
    response = _check(
        rclient.post(
            f"/articles/import/{pending_id}",
            data={"title": f"T{index} {payload}", "site": payload[:200], "language": "en"},
        )
    )
    article_id = int(response.headers["Location"].rsplit("/", 1)[1])
    approved, reasoned, sent_back, dismissed = _segment_ids(rclient, article_id)
    verdict = str(labels()["False"].id)
    evidence_url = f"{canary}/evidence/{index}?q={payload}"[:2048]
    _annotate(
        rclient,
        approved,
        source=payload[:255],
        verdict=verdict,
        note=payload,
        **{"evidence-0-url": evidence_url, "evidence-0-title": payload[:300]},
    )
    _check(
        rclient.post(
            f"/review/segments/{reasoned}/kind", data={"kind": "quote", "speaker": payload[:255]}
        )
    )
    _annotate(rclient, reasoned, verdict=str(labels()["Unverifiable"].id), note=payload)
    _annotate(rclient, sent_back, source=payload[:255], verdict=verdict, note=payload)
    _check(rclient.post(f"/review/segments/{dismissed}/dismiss", data={"reason": payload}))
    _check(rclient.post(f"/review/articles/{article_id}/ready", data={}))
    _check(eclient.post(f"/approval/items/{approved}/approve", data={}))
    _check(
        eclient.post(
            f"/approval/items/{reasoned}/approve",
            data={f"item{reasoned}-no_evidence_reason": payload},
        )
    )
    _check(
        eclient.post(
            f"/approval/items/{sent_back}/send-back", data={f"item{sent_back}-comment": payload}
        )
    )
    db.session.rollback()
    statuses = dict(
        db.session.execute(
            select(Annotation.segment_id, Annotation.approval_status).where(
                Annotation.segment_id.in_([approved, reasoned, sent_back])
            )
        ).all()
    )
    assert [statuses[i].value for i in (approved, reasoned, sent_back)] == [
        "approved",
        "approved",
        "sent_back",
    ]
    return Planted(payload, article_id, approved, reasoned, sent_back, dismissed)


@pytest.fixture
def planted(app, make_user, login, canary) -> list[Planted]:
    reviewer, editor = make_user(Role.REVIEWER), make_user(Role.EDITOR)
    rclient = login(app.test_client(), reviewer)
    eclient = login(app.test_client(), editor)
    articles = [
        plant(rclient, eclient, payload, index, canary)
        for index, payload in enumerate(payloads(canary))
    ]
    assert Counter.hits == []
    return articles


@pytest.fixture
def eclient(app, make_user, login):
    return login(app.test_client(), make_user(Role.EDITOR))


# --- Static checks ----------------------------------------------------------------------

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S | re.I)
# What the report's own markup uses; anything else came from typed text.
REPORT_TAGS = {
    "article",
    "header",
    "section",
    "p",
    "h1",
    "h2",
    "dl",
    "div",
    "dt",
    "dd",
    "a",
    "strong",
    "em",
    "blockquote",
    "span",
    "ul",
    "ol",
    "li",
    "mark",
    "code",
    "pre",
    "br",
    "hr",
    "svg",
    "title",
    "text",
    "rect",
    "script",
    "nav",
}
SAFE_ATTRIBUTES = {
    "class",
    "target",
    "id",
    "lang",
    "role",
    "href",
    "rel",
    "title",
    "aria-labelledby",
    "aria-label",
    "type",
    "width",
    "height",
    "viewbox",
    "xmlns",
    "x",
    "y",
    "rx",
    "fill",
    "font-size",
}


class Tags(HTMLParser):
    """Every start tag and its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, dict(attrs)))


def active_markup(fragment: str) -> list[str]:
    """Tags, attributes and links in a fragment that the report's own markup never has."""
    parser = Tags()
    parser.feed(fragment)
    problems = []
    for tag, attrs in parser.tags:
        if tag not in REPORT_TAGS:
            problems.append(f"<{tag}>")
        if tag == "script" and attrs.get("type") != "application/ld+json":
            problems.append("script")
        if tag == "svg" and attrs.get("class") != "chart":
            problems.append("svg")
        for name, value in attrs.items():
            if name not in SAFE_ATTRIBUTES:
                problems.append(f"{tag}[{name}]")
            if name == "href" and not (value or "").lower().startswith(
                ("http://", "https://", "#", "/")
            ):
                problems.append(f"href={value}")
    return problems


def strings(data) -> list[str]:
    """Every string value inside parsed JSON."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        data = list(data.values())
    return (
        [text for value in data or [] for text in strings(value)] if isinstance(data, list) else []
    )


def jsonld_blocks(page: str) -> list[str]:
    blocks = JSONLD.findall(page)
    for block in blocks:
        lowered = block.lower()
        assert "</script" not in lowered and "<!--" not in lowered and "<script" not in lowered
        json.loads(block)  # whole: no payload cut it short
    return blocks


def check_markup(page: str, *, standalone: bool) -> None:
    """Nothing active in the report: only its own tags, attributes and http(s) links."""
    if standalone:
        head, body = page.split("<body", 1)
        assert head.lower().count("<script") == 0 and head.lower().count("<style") == 1
        assert active_markup("<body" + body) == ["<body>"]
        return
    body = page[page.index('<article class="report"') :]
    body = body[: body.index("</article>")]
    assert active_markup(body) == [], body[:3000]


def test_every_field_is_inert_in_the_html_and_json_ld(eclient, planted, canary) -> None:
    for article in planted:
        for drafts in ({}, {"drafts": "1"}):
            page = _check(
                eclient.get(f"/reports/articles/{article.article_id}", query_string=drafts), 200
            )
            page = page.get_data(as_text=True)
            check_markup(page, standalone=False)
            reviews = [json.loads(b) for b in jsonld_blocks(page)]
            # The payload is there, as data: escaping, not deletion, kept it harmless.
            assert article.payload[:255].strip() in strings(reviews)
            exported = _check(
                eclient.get(
                    f"/reports/articles/{article.article_id}/export/html", query_string=drafts
                ),
                200,
            ).get_data(as_text=True)
            check_markup(exported, standalone=True)
            jsonld_blocks(exported)
            assert html.unescape(exported).count(article.payload[:200]) >= 3
        for fmt in ("claimreview", "annotations", "json"):
            body = eclient.get(f"/reports/articles/{article.article_id}/export/{fmt}").data
            json.loads(body)
    assert Counter.hits == []


def test_report_never_links_to_unsafe_schemes(eclient, planted) -> None:
    for article in planted:
        page = eclient.get(
            f"/reports/articles/{article.article_id}/export/html", query_string={"drafts": "1"}
        ).get_data(as_text=True)
        for href in re.findall(r'href="([^"]*)"', page):
            assert html.unescape(href).lower().startswith(("http://", "https://")), href


def test_pdf_fetches_nothing(eclient, planted) -> None:
    for article in planted[:: max(1, len(planted) // 8)] + planted[-3:]:
        body = _check(
            eclient.get(
                f"/reports/articles/{article.article_id}/export/pdf", query_string={"drafts": "1"}
            ),
            200,
        ).data
        assert body.startswith(b"%PDF-")
    assert Counter.hits == []


def test_pdf_shows_a_file_image_tag_as_text(app, eclient, make_user, login, canary) -> None:
    reviewer = make_user(Role.REVIEWER)
    rclient = login(app.test_client(), reviewer)
    tag = '<img src="file:///etc/passwd">'
    article = plant(rclient, eclient, tag, 0, canary)
    body = eclient.get(f"/reports/articles/{article.article_id}/export/pdf").data
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    assert tag in text  # the evidence title, printed as typed
    assert "root:x:0:0" not in text
    assert Counter.hits == []


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.css",
        "https://example.org/font.woff2",
        "data:image/png;base64,iVBORw0KGgo=",
    ],
)
def test_pdf_url_fetcher_refuses_everything(url) -> None:
    with pytest.raises(FetchRefused):
        refusing_fetcher()(url)


def test_weasyprint_skips_refused_resources(canary) -> None:
    from weasyprint import HTML

    document = (
        f'<p>Hello</p><img src="file:///etc/passwd"><img src="{canary}/img.png">'
        f"<style>@import url({canary}/import.css); p {{ background: url({canary}/bg.png) }}</style>"
    )
    pdf = HTML(string=document, url_fetcher=refusing_fetcher(), base_url=None).write_pdf()
    assert pdf.startswith(b"%PDF-")
    assert Counter.hits == []


# --- In Chromium ----------------------------------------------------------------------------


@pytest.mark.browser
def test_nothing_runs_or_loads_in_chromium(
    app, live_server, page, planted, browser_sign_in, make_user, eclient, tmp_path
) -> None:
    editor = make_user(Role.EDITOR)
    browser_sign_in(page, live_server, editor.email)
    dialogs: list[str] = []
    requests: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: requests.append(request.url))
    exported = []
    for article in planted:
        for query in ("", "?drafts=1"):
            page.goto(f"{live_server}/reports/articles/{article.article_id}{query}")
            page.wait_for_load_state("networkidle")
            assert page.locator("article.report h1").count() == 1
        # The downloaded file, as an editor's browser saves it.
        path = tmp_path / f"report-{article.article_id}.html"
        path.write_bytes(
            eclient.get(
                f"/reports/articles/{article.article_id}/export/html", query_string={"drafts": "1"}
            ).data
        )
        exported.append(path)
    for path in exported:
        page.goto(path.as_uri())
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(50)
        assert page.locator("article.report").count() == 1
    page.wait_for_timeout(300)
    assert dialogs == []
    outside = [
        url for url in requests if not url.startswith(live_server) and not url.startswith("file://")
    ]
    assert outside == []
    files = {path.as_uri() for path in exported}
    assert {url for url in requests if url.startswith("file://")} <= files
    assert Counter.hits == []
