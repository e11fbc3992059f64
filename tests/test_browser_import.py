"""In Chromium: import an article by paste, upload and URL, as a reviewer clicks through it."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from factcheck.extensions import db
from factcheck.models import Article, PendingImport, Role
from tests.samples import HTML_PAGE

pytestmark = pytest.mark.browser

SEED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seed" / "article.txt"

OWN_TEXT = """Le métro de Rennes transportera 50 000 voyageurs de plus par jour

Rennes, 4 avril (Agence Test) –

La seconde ligne du métro de Rennes a transporté 118 000 voyageurs par jour en 2024, \
soit 12 % de plus que prévu, selon le gestionnaire du réseau.

« Nous dépassons toutes nos prévisions de fréquentation », a déclaré la présidente de la \
métropole, Nathalie Appéré.

Lire aussi : Les bus de nuit reviennent le week-end

Le réseau prévoit d'ajouter 25 rames d'ici 2027 pour un coût de 180 millions d'euros.
"""


FILE_LABEL = "File (.html, .htm, .txt, .md or .docx)"
PRIVATE = "private, local or reserved network address"


def _counts() -> tuple[int, int]:
    db.session.rollback()  # a fresh read: the pages wrote from other threads
    articles = db.session.scalar(select(func.count()).select_from(Article))
    pending = db.session.scalar(select(func.count()).select_from(PendingImport))
    return articles, pending


@pytest.fixture
def reviewer_page(app, live_server, page, make_user, browser_sign_in):
    """A page signed in as a reviewer, and the server's base URL."""
    user = make_user(Role.REVIEWER, email="rae@example.org")
    browser_sign_in(page, live_server, user.email)
    expect(page.get_by_text(f"Signed in as {user.display_name}.")).to_be_visible()
    return page, live_server


def _paste(page, base: str, text: str) -> None:
    page.goto(f"{base}/articles/import")
    page.get_by_label("Article text").fill(text)
    page.get_by_role("button", name="Analyse pasted text").click()


def _confirm(page, title: str | None = None) -> None:
    if title is not None:
        page.get_by_label("Title").fill(title)
    page.get_by_role("button", name="Import this article").click()
    expect(page).to_have_url(re.compile(r"/articles/\d+$"))


def _find_in_list(page, base: str, word: str, title: str) -> None:
    page.goto(f"{base}/articles/")
    page.get_by_label("Search").fill(word)
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("link", name=title, exact=True)).to_be_visible()
    expect(page.get_by_text("1 article", exact=True)).to_be_visible()


def _stat(page, what: str):
    return page.get_by_role("list", name="What the analyser found").get_by_text(what)


def test_paste_the_seed_article(reviewer_page) -> None:
    if not SEED.exists():
        pytest.skip("../shared/corpus/seed is not on this machine")
    page, base = reviewer_page
    seed = SEED.read_text(encoding="utf-8")
    _paste(page, base, seed)

    expect(page.get_by_role("heading", name="Check what factcheck found")).to_be_visible()
    expect(_stat(page, re.compile(r"^[1-9]\d* quotations$"))).to_be_visible()
    expect(_stat(page, re.compile(r"^[1-9]\d* claims$"))).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value(
        "Biden s’entretient avec le président français au sujet du renforcement des capacités "
        "militaires en Ukraine"
    )
    body = page.locator(".marked-text")
    expect(body.locator("mark.mark-quote").first).to_be_visible()
    expect(body.locator("mark.mark-quote", has_text="rester en contact étroit")).to_have_count(1)
    expect(body).not_to_contain_text("Lire aussi")
    expect(body).not_to_contain_text("Dernières minutes")

    _confirm(page, "Biden et Macron au téléphone sur l’Ukraine")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Biden et Macron au téléphone sur l’Ukraine"
    )
    expect(
        page.get_by_text("Imported “Biden et Macron au téléphone sur l’Ukraine”.")
    ).to_be_visible()
    article_url = page.url
    _find_in_list(page, base, "Kirby", "Biden et Macron au téléphone sur l’Ukraine")

    # The same text again: a warning that links to the first copy.
    _paste(page, base, seed)
    warning = page.get_by_role("alert").filter(has_text="This article was imported before")
    expect(warning).to_be_visible()
    warning.get_by_role("link", name="Biden et Macron au téléphone sur l’Ukraine").click()
    expect(page).to_have_url(article_url)
    assert _counts() == (1, 1)


def test_paste_own_text_then_duplicate(reviewer_page) -> None:
    page, base = reviewer_page
    _paste(page, base, OWN_TEXT)
    expect(_stat(page, "1 quotations")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value(OWN_TEXT.splitlines()[0])
    expect(page.get_by_label("Language")).to_have_value("fr")
    expect(page.locator(".marked-text mark.mark-quote")).to_contain_text(
        "Nous dépassons toutes nos prévisions"
    )
    expect(page.locator(".marked-text")).not_to_contain_text("Lire aussi")
    expect(page.locator(".marked-text")).not_to_contain_text("bus de nuit")
    _confirm(page, "Métro de Rennes : +12 %")
    _find_in_list(page, base, "rames", "Métro de Rennes : +12 %")

    _paste(page, base, OWN_TEXT)
    expect(page.get_by_role("alert")).to_contain_text("This article was imported before")
    page.get_by_role("button", name="Discard").click()
    expect(page.get_by_text("Import discarded.")).to_be_visible()
    assert _counts() == (1, 0)


def test_upload_text_and_html(reviewer_page, tmp_path: Path) -> None:
    page, base = reviewer_page
    html_file = tmp_path / "bridge.html"
    html_file.write_text(HTML_PAGE, encoding="utf-8")
    uploads = [(html_file, "Old bridge to close for six months of repairs", "diverted")]
    if SEED.exists():
        seed_copy = tmp_path / "depeche.txt"
        seed_copy.write_bytes(SEED.read_bytes())
        uploads.append((seed_copy, "Biden s’entretient avec le président français", "Peskov"))

    for path, title, word in uploads:
        page.goto(f"{base}/articles/import")
        page.get_by_label(FILE_LABEL).set_input_files(path)
        page.get_by_role("button", name="Analyse file").click()
        expect(page.get_by_label("Title")).to_have_value(re.compile("^" + re.escape(title)))
        expect(page.locator(".marked-text")).not_to_contain_text("Subscribe to our newsletter")
        expect(page.locator(".marked-text")).not_to_contain_text("Home")
        _confirm(page)
        _find_in_list(page, base, word, page.get_by_role("heading", level=1).inner_text())
    assert _counts() == (len(uploads), 0)


class _Pages(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        status, content_type, body = {
            "/bridge.html": (200, "text/html; charset=utf-8", HTML_PAGE.encode()),
            "/report.pdf": (200, "application/pdf", b"%PDF-1.7 ..."),
        }.get(self.path, (404, "text/html", b"<h1>Not found</h1>"))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def site() -> Iterator[str]:
    """A news site on a loopback port."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def _fetch(page, base: str, url: str) -> None:
    page.goto(f"{base}/articles/import")
    page.get_by_label("Article address (URL)").fill(url)
    page.get_by_role("button", name="Fetch and analyse").click()


def test_import_by_url(app, reviewer_page, site: str) -> None:
    page, base = reviewer_page
    _fetch(page, base, f"{site}/bridge.html")
    expect(page.get_by_role("alert")).to_contain_text(PRIVATE)
    expect(page.get_by_label("Article address (URL)")).to_have_value(f"{site}/bridge.html")

    app.config["FETCH_ALLOWED_HOSTS"] = "127.0.0.1"
    for path, message in [
        ("/gone.html", "The page answered 404 Not Found."),
        ("/report.pdf", "The address serves “application/pdf”"),
    ]:
        _fetch(page, base, site + path)
        expect(page.get_by_role("alert")).to_contain_text(message)
        assert _counts() == (0, 0)

    _fetch(page, base, f"{site}/bridge.html")
    expect(page.get_by_label("Title")).to_have_value(
        "Old bridge to close for six months of repairs"
    )
    _confirm(page, "Stone bridge closes in June")
    expect(page.get_by_role("link", name=f"{site}/bridge.html")).to_be_visible()
    _find_in_list(page, base, "engineers", "Stone bridge closes in June")


def test_bad_input_is_shown_on_the_form(reviewer_page, tmp_path: Path) -> None:
    page, base = reviewer_page
    _paste(page, base, "   ")
    expect(page.get_by_text("Paste the article's text first: the box is empty.")).to_be_visible()
    expect(page.get_by_label("Article text")).to_have_attribute("aria-invalid", "true")

    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 16)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.7\n" + b"1 0 obj << >> endobj\n" * 50)
    for path, message in [
        (binary, "“photo.txt” does not contain text: it looks like binary data, not .txt."),
        (pdf, "“report.pdf” cannot be imported: only .html, .htm, .txt, .md, .docx files can."),
    ]:
        page.goto(f"{base}/articles/import")
        page.get_by_label(FILE_LABEL).set_input_files(path)
        page.get_by_role("button", name="Analyse file").click()
        expect(page.get_by_role("alert")).to_have_text(message)
        assert _counts() == (0, 0)


def test_rich_paste(reviewer_page) -> None:
    page, base = reviewer_page
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    rich = (
        "<h1>Ferry fares to rise by 12%</h1>"
        "<p>The city council voted on Tuesday to raise <b>harbour ferry</b> fares by 12% "
        "from April, the first increase since 2019.</p>"
        "<script>alert('pasted script ran')</script>"
        '<p><img src="x" onerror="alert(\'onerror ran\')">"We cannot keep the boats running '
        "on last decade's prices,\" said the transport chair, Maria Lopez.</p>"
    )
    page.goto(f"{base}/articles/import")
    page.get_by_label("Article text").evaluate(
        """(textarea, html) => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", "plain version");
            textarea.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data}));
        }""",
        rich,
    )
    expect(page.locator("#paste-html")).to_have_value(rich)
    expect(page.get_by_text("Rich text detected")).to_be_visible()
    page.get_by_role("button", name="Analyse pasted text").click()

    body = page.locator(".marked-text")
    expect(body).to_contain_text("raise harbour ferry fares by 12% from April")
    expect(body).to_contain_text("We cannot keep the boats running")
    for raw in ("<", "&lt;", "script", "alert(", "onerror"):
        expect(page.locator("main")).not_to_contain_text(raw)
    assert dialogs == []


def test_progress_is_shown_while_the_server_works(reviewer_page) -> None:
    page, base = reviewer_page

    def slow_server(route) -> None:
        time.sleep(1.6)
        route.continue_()

    page.route("**/articles/import/paste", slow_server)
    page.goto(f"{base}/articles/import")
    # The page notes what the reviewer sees every 100 ms; sessionStorage outlives the page.
    page.evaluate(
        """() => setInterval(() => {
            const box = document.getElementById("import-progress");
            const seen = JSON.parse(sessionStorage.getItem("seen") || "[]");
            seen.push({
                role: box.getAttribute("role"),
                visible: box.checkVisibility(),
                text: box.textContent.trim().replace(/\\s+/g, " "),
                disabled: document.getElementById("paste-submit").disabled,
            });
            sessionStorage.setItem("seen", JSON.stringify(seen));
        }, 100)"""
    )
    page.get_by_label("Article text").fill(OWN_TEXT)
    page.get_by_role("button", name="Analyse pasted text").click()
    expect(page.get_by_role("heading", name="Check what factcheck found")).to_be_visible()

    seen = page.evaluate("() => JSON.parse(sessionStorage.getItem('seen'))")
    waiting = [s for s in seen if s["disabled"]]  # submitted: the buttons are off
    assert len(waiting) >= 10, seen  # the whole ~1.6 s wait
    assert all(s["role"] == "status" and s["visible"] for s in waiting)
    assert waiting[0]["text"] == "Analysing…"
    assert re.fullmatch(r"Analysing… [1-9] s", waiting[-1]["text"]), waiting  # it counts


def test_progress_is_hidden_until_submit(reviewer_page) -> None:
    page, base = reviewer_page
    page.goto(f"{base}/articles/import")
    expect(page.get_by_text("Rich text detected")).to_be_hidden()
    expect(page.locator("#import-progress")).to_be_hidden(timeout=1000)


def test_every_field_has_a_label(reviewer_page) -> None:
    page, base = reviewer_page
    labels = {
        "/articles/import": ["Article text", FILE_LABEL, "Article address (URL)"],
        "/articles/": ["Search", "Status", "Language", "Reviewer", "Imported from",
                       "Imported to", "Sort by"],
    }  # fmt: skip
    for path, names in labels.items():
        page.goto(base + path)
        fields = page.locator("main").locator(
            "input:not([type=hidden]):not([type=submit]), textarea, select"
        )
        assert fields.count() == len(names), path
        for name in names:
            expect(page.get_by_label(name, exact=True)).to_have_count(1)
        unlabelled = fields.evaluate_all("els => els.filter(e => !e.labels.length).length")
        assert unlabelled == 0, path


def test_previews_are_private(app, reviewer_page, make_user, login) -> None:
    page, base = reviewer_page
    _paste(page, base, OWN_TEXT)
    expect(page).to_have_url(re.compile(r"/articles/import/\d+$"))
    preview_path = page.url.removeprefix(base)

    other = login(app.test_client(), make_user(Role.REVIEWER))
    assert other.get(preview_path).status_code == 404
    assert other.post(preview_path, data={"title": "Mine now"}).status_code == 404
    assert other.post(preview_path + "/discard").status_code == 404
    assert _counts() == (0, 1)
