"""Article import through the views (paste, upload, URL, preview, confirm), the list and the CLI."""

from __future__ import annotations

import html
import io
import re
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from factcheck.analysis import analyze
from factcheck.articles.services import fingerprint
from factcheck.extensions import db
from factcheck.models import (
    Annotation,
    AnnotationStatus,
    Article,
    ArticleStatus,
    InputKind,
    PendingImport,
    Role,
    Segment,
    SegmentKind,
)
from tests.conftest import POSTGRES_URL
from tests.samples import HTML_PAGE

SEED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seed" / "article.txt"

FR_TEXT = """La mairie de Lyon promet 300 nouveaux arbres

Lyon, 12 mars (Agence Test) –

Le maire de Lyon a annoncé mardi la plantation de 300 arbres dans le quartier de la \
Guillotière avant la fin de l'année 2025.

« Nous allons transformer chaque rue en allée ombragée », a déclaré l'adjointe à l'écologie, \
Camille Durand.

Selon la métropole, le budget du programme atteint 4,2 millions d'euros, soit deux fois plus \
qu'en 2023.

L'opposition municipale juge le calendrier « irréaliste » et réclame un audit indépendant.
"""

EN_TEXT = """Harbour ferry fares to rise by 12% in April

The city council voted on Tuesday to raise harbour ferry fares by 12% from April, the first \
increase since 2019.

"We cannot keep the boats running on last decade's prices," said the transport chair, \
Maria Lopez.

According to the port authority, ridership fell by 8% last year while fuel costs doubled.

Passenger groups called the decision "a tax on commuters" and plan to protest outside city hall.
"""



def _paste(client, text: str = "", html_text: str = ""):
    return client.post("/articles/import/paste", data={"paste-text": text, "paste-html": html_text})


def _upload(client, name: str, content: bytes):
    return client.post(
        "/articles/import/upload",
        data={"upload-file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def _pending_id(response) -> int:
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    match = re.fullmatch(r"/articles/import/(\d+)", response.headers["Location"])
    assert match, response.headers["Location"]
    return int(match.group(1))


def _confirm(client, pending_id: int, **fields) -> int:
    """Confirm a preview; return the new article's id."""
    response = client.post(f"/articles/import/{pending_id}", data=fields)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(response.headers["Location"].rsplit("/", 1)[1])


def _import(client, text: str, **fields) -> int:
    pending_id = _pending_id(_paste(client, text))
    fields.setdefault("title", text.splitlines()[0])
    return _confirm(client, pending_id, **fields)


def _counts() -> tuple[int, int]:
    articles = db.session.scalar(select(func.count()).select_from(Article))
    pending = db.session.scalar(select(func.count()).select_from(PendingImport))
    return articles, pending


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def reviewer(client, make_user, login):
    """A signed-in reviewer."""
    user = make_user(Role.REVIEWER)
    login(client, user)
    return user


# --- paste, preview, confirm ---------------------------------------------------------


def test_paste_preview_confirm_with_corrected_metadata(client, reviewer) -> None:
    expected = analyze(FR_TEXT, max_bytes=10**6).to_dict()
    quotes = len(expected["quotes"])
    claims = sum(1 for s in expected["sentences"] if s["checkworthiness"] >= 0.5)

    pending_id = _pending_id(_paste(client, FR_TEXT))
    preview = client.get(f"/articles/import/{pending_id}")
    body = _text(preview)
    assert preview.status_code == 200
    assert f"<strong>{quotes}</strong> quotations" in body
    assert f"<strong>{claims}</strong> claims" in body
    assert 'value="La mairie de Lyon promet 300 nouveaux arbres"' in body
    assert 'class="mark-quote' in body and "Nous allons transformer" in body
    assert _counts() == (0, 1)  # nothing is an article before the reviewer confirms

    article_id = _confirm(
        client,
        pending_id,
        title="Lyon : 300 arbres promis à la Guillotière",
        published_on="2025-03-12",
        language="fr-FR",
        site="Agence Test (corrigé)",
    )
    article = db.session.get(Article, article_id)
    assert article.title == "Lyon : 300 arbres promis à la Guillotière"
    assert article.published_on == date(2025, 3, 12)
    assert (article.language, article.site) == ("fr-FR", "Agence Test (corrigé)")
    assert article.input_kind == InputKind.TEXT and article.imported_by_id == reviewer.id
    assert article.original == FR_TEXT.encode() and article.original_sha256 == fingerprint(FR_TEXT)
    assert article.clean_text == expected["text"]
    assert "La mairie de Lyon promet" not in article.clean_text  # the title is not body text
    assert _counts() == (1, 0)

    segments = db.session.scalars(select(Segment).where(Segment.article_id == article_id)).all()
    assert sum(s.kind == SegmentKind.QUOTE for s in segments) == quotes
    assert sum(s.kind == SegmentKind.CLAIM for s in segments) == claims
    for segment in segments:
        assert article.clean_text[segment.start_offset : segment.end_offset] == segment.text

    page = client.get(f"/articles/{article_id}")
    assert page.status_code == 200 and "Lyon : 300 arbres promis" in _text(page)
    original = client.get(f"/articles/{article_id}/original")
    assert original.data == FR_TEXT.encode()
    assert original.headers["Content-Disposition"].startswith("attachment;")


def test_confirm_keeps_the_analysers_metadata_when_untouched(client, reviewer) -> None:
    pending_id = _pending_id(_paste(client, EN_TEXT))
    article_id = _confirm(client, pending_id, title="Harbour ferry fares to rise by 12% in April")
    article = db.session.get(Article, article_id)
    assert article.language == "en" and article.published_on is None and article.site is None


@pytest.mark.skipif(not SEED.exists(), reason="../shared/corpus/seed is not on this machine")
def test_seed_article_preview(client, reviewer) -> None:
    raw = SEED.read_text(encoding="utf-8")
    expected = analyze(raw, max_bytes=10**6).to_dict()
    pending_id = _pending_id(_paste(client, raw))
    body = _text(client.get(f"/articles/import/{pending_id}"))
    assert f"<strong>{len(expected['quotes'])}</strong> quotations" in body
    title = "Biden s’entretient avec le président français au sujet du renforcement des capacités"
    assert f'value="{title}' in body and 'value="Accueil' not in body
    assert "Lire aussi" not in body
    assert "Language: <strong>fr</strong>" in body


def test_discard_deletes_the_preview(client, reviewer) -> None:
    pending_id = _pending_id(_paste(client, EN_TEXT))
    response = client.post(f"/articles/import/{pending_id}/discard")
    assert response.status_code == 302 and response.headers["Location"] == "/articles/import"
    assert _counts() == (0, 0)
    assert client.get(f"/articles/import/{pending_id}").status_code == 404


def test_another_users_preview_is_not_found(client, app, make_user, login) -> None:
    owner = make_user(Role.REVIEWER)
    pending_id = _pending_id(_paste(login(client, owner), EN_TEXT))
    other = app.test_client()
    login(other, make_user(Role.ADMIN))
    assert other.get(f"/articles/import/{pending_id}").status_code == 404
    assert other.post(f"/articles/import/{pending_id}", data={"title": "Mine"}).status_code == 404
    assert other.post(f"/articles/import/{pending_id}/discard").status_code == 404
    assert _counts() == (0, 1)
    assert client.get(f"/articles/import/{pending_id}").status_code == 200


def test_import_needs_a_signed_in_user(client) -> None:
    response = _paste(client, EN_TEXT)
    assert response.status_code == 302 and "/auth/sign-in" in response.headers["Location"]
    assert _counts() == (0, 0)


# --- upload ----------------------------------------------------------------------------


def _docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _broken_docx() -> bytes:
    """A zip that has word/document.xml, so it passes the upload check, but is no Word file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "kind", "title", "body_words"),
    [
        ("lyon.txt", FR_TEXT.encode(), InputKind.FILE, "La mairie de Lyon", "allée ombragée"),
        ("lyon-latin1.txt", FR_TEXT.replace("–", "-").encode("latin-1"), InputKind.FILE,
         "La mairie de Lyon", "allée ombragée"),
        ("ferry.md", ("# " + EN_TEXT).encode(), InputKind.FILE, "Harbour ferry", "fuel costs"),
        ("notes.md", ("Harbour ferry fares\n\n" + EN_TEXT).encode(), InputKind.FILE,
         "Harbour ferry fares", "fuel costs"),
        ("bridge.html", HTML_PAGE.encode(), InputKind.HTML, "Old bridge to close", "ring road"),
        ("ferry.docx", _docx(EN_TEXT.splitlines()), InputKind.FILE, "Harbour ferry",
         "fuel costs"),
    ],
)  # fmt: skip
def test_upload_each_file_type(client, reviewer, name, content, kind, title, body_words) -> None:
    pending_id = _pending_id(_upload(client, name, content))
    body = _text(client.get(f"/articles/import/{pending_id}"))
    assert f'value="{title}' in body and body_words in body
    assert "Subscribe to our newsletter" not in body and "Cookie settings" not in body
    article = db.session.get(Article, _confirm(client, pending_id, title=title))
    assert article.input_kind == kind and article.original_filename == name
    assert client.get(f"/articles/{article.id}/original").data == content


# --- refusals: shown on the form, nothing stored --------------------------------------

BAD_INPUTS = [
    ("paste", {"paste-text": ""}, 400, "Paste the article's text first: the box is empty."),
    ("paste", {"paste-text": "  \n\t "}, 400, "Paste the article's text first"),
    ("upload", {}, 400, "Choose a file to upload."),
    ("upload", {"upload-file": (b"%PDF-1.4 ...", "report.pdf")}, 422,
     "“report.pdf” cannot be imported: only .html, .htm, .txt, .md, .docx files can."),
    ("upload", {"upload-file": (bytes(range(256)) * 8, "photo.txt")}, 422,
     "“photo.txt” does not contain text: it looks like binary data, not .txt."),
    ("upload", {"upload-file": (b"\x89PNG\r\n\x1a\n" + b"\x00\x01" * 500, "x.html")}, 422,
     "does not contain text"),
    ("upload", {"upload-file": (b"", "empty.txt")}, 422, "“empty.txt” is empty."),
    ("upload", {"upload-file": (b"PK\x03\x04 not a zip", "memo.docx")}, 422,
     "“memo.docx” is not a Word (.docx) document."),
    ("upload", {"upload-file": (_broken_docx(), "broken.docx")}, 422,
     "not a readable Word (.docx) document"),
    ("url", {"url-url": ""}, 400, "Enter the address of the article."),
    ("url", {"url-url": "ftp://example.org/a"}, 422, "Only http:// and https://"),
    ("url", {"url-url": "http://169.254.169.254/latest/"}, 422,
     "private, local or reserved network address"),
]  # fmt: skip


@pytest.mark.parametrize(("way", "data", "status", "message"), BAD_INPUTS)
def test_bad_input_is_explained_and_nothing_is_stored(
    client, reviewer, way, data, status, message
) -> None:
    data = {k: (io.BytesIO(v[0]), v[1]) if isinstance(v, tuple) else v for k, v in data.items()}
    response = client.post(f"/articles/import/{way}", data=data, content_type="multipart/form-data")
    assert response.status_code == status
    body = _text(response)
    assert message in body
    assert "<h1>Import an article</h1>" in body
    assert _counts() == (0, 0)


def test_upload_size_limits(app, client, reviewer) -> None:
    app.config["UPLOAD_MAX_BYTES"] = 1000
    response = _upload(client, "long.txt", ("word " * 300).encode())
    assert response.status_code == 422
    assert "“long.txt” is larger than the" in _text(response)

    app.config["MAX_CONTENT_LENGTH"] = 4000
    response = _upload(client, "huge.txt", ("word " * 2000).encode())
    assert response.status_code == 413
    assert "What you sent is too large." in _text(response)
    assert _counts() == (0, 0)


def test_confirm_form_validation(client, reviewer) -> None:
    pending_id = _pending_id(_paste(client, EN_TEXT))
    for fields, message in [
        ({"title": "Ferry fares", "language": "english"}, "Use a language code like fr or en."),
        ({"title": "Ferry fares", "language": "e1"}, "Use a language code like fr or en."),
        ({"title": "  "}, "The article needs a title."),
        ({"title": "Ferry fares", "published_on": "12/03/2025"}, "Not a valid date value."),
        ({"title": "x" * 501}, "Field cannot be longer than 500 characters."),
    ]:
        response = client.post(f"/articles/import/{pending_id}", data=fields)
        assert response.status_code == 400, fields
        assert message in _text(response), fields
    assert _counts() == (0, 1)


def test_duplicate_warning_links_the_existing_article(client, reviewer) -> None:
    first = _import(client, EN_TEXT, title="Ferry fares up")
    pending_id = _pending_id(_paste(client, EN_TEXT))
    body = _text(client.get(f"/articles/import/{pending_id}"))
    assert "This article was imported before" in body
    assert f'<a href="/articles/{first}">Ferry fares up</a>' in body
    # A different text gets no warning.
    other = _pending_id(_paste(client, FR_TEXT))
    assert "imported before" not in _text(client.get(f"/articles/import/{other}"))


def test_rich_paste_is_sanitised(client, reviewer) -> None:
    rich = (
        "<h1>Ferry fares to rise</h1><script>alert('x')</script>"
        '<p onclick="steal()">The council voted to raise fares by 12% from April.</p>'
        "<p>&quot;We cannot keep the boats running,&quot; said Maria Lopez.</p>"
    )
    pending_id = _pending_id(_paste(client, "plain text that loses", rich))
    body = _text(client.get(f"/articles/import/{pending_id}"))
    assert "raise fares by 12% from April" in body
    assert "alert(" not in body and "steal()" not in body and "<script>" not in body
    assert db.session.get(PendingImport, pending_id).input_kind == InputKind.HTML


# --- the list: filters, sorting, pages, search ----------------------------------------


def _article(owner, title: str, body: str, **fields) -> Article:
    article = Article(
        input_kind=InputKind.TEXT,
        original=body.encode(),
        original_sha256=fingerprint(title + body),
        title=title,
        clean_text=body,
        language=fields.pop("language", "en"),
        imported_by=owner,
        **fields,
    )
    db.session.add(article)
    db.session.commit()
    return article


def _titles(client, query: str = "") -> list[str]:
    response = client.get(f"/articles/?{query}")
    assert response.status_code == 200, query
    body = response.get_data(as_text=True)
    return [html.unescape(t) for t in re.findall(r'<td><a href="/articles/\d+">([^<]*)</a>', body)]


@pytest.fixture
def desk(reviewer, make_user):
    """Five articles in two languages, statuses and import dates; one annotated by Zoe."""
    zoe = make_user(Role.REVIEWER)
    made = [
        _article(reviewer, "Tramway budget doubles", "The council doubled the tramway budget.",
                 status=ArticleStatus.IN_REVIEW, created_at=datetime(2025, 1, 10, tzinfo=UTC)),
        _article(reviewer, "L'Élysée dément", "Le porte-parole de l’Élysée a démenti la rumeur.",
                 language="fr", created_at=datetime(2025, 2, 3, tzinfo=UTC)),
        _article(reviewer, "Ferry fares rise", "Fares rise by 12% as fuel costs double.",
                 status=ArticleStatus.APPROVED, created_at=datetime(2025, 3, 1, tzinfo=UTC)),
        _article(reviewer, "Budget municipal", "La mairie vote un budget en hausse de 3 %.",
                 language="fr", status=ArticleStatus.IN_REVIEW,
                 created_at=datetime(2025, 3, 20, tzinfo=UTC)),
        _article(reviewer, "Airport noise", "Night flights will be cut by half, says the airport.",
                 created_at=datetime(2025, 4, 2, 23, 30, tzinfo=UTC)),
    ]  # fmt: skip
    segment = Segment(
        article=made[2], kind=SegmentKind.CLAIM, start_offset=0, end_offset=10, text="Fares rise"
    )
    db.session.add(segment)
    db.session.flush()
    db.session.add(
        Annotation(segment_id=segment.id, reviewer_id=zoe.id, status=AnnotationStatus.DONE)
    )
    db.session.commit()
    return {"zoe": zoe, "articles": made}


def test_list_filters(client, desk) -> None:
    assert _titles(client) == [
        "Airport noise", "Budget municipal", "Ferry fares rise", "L'Élysée dément",
        "Tramway budget doubles",
    ]  # fmt: skip
    assert _titles(client, "status=in_review") == ["Budget municipal", "Tramway budget doubles"]
    assert _titles(client, "language=fr") == ["Budget municipal", "L'Élysée dément"]
    assert _titles(client, "status=in_review&language=en") == ["Tramway budget doubles"]
    assert _titles(client, f"reviewer={desk['zoe'].id}") == ["Ferry fares rise"]
    assert _titles(client, "imported_from=2025-02-01&imported_to=2025-03-20") == [
        "Budget municipal", "Ferry fares rise", "L'Élysée dément",
    ]  # fmt: skip
    # The end date includes its whole day.
    assert _titles(client, "imported_from=2025-04-02&imported_to=2025-04-02") == ["Airport noise"]
    body = client.get(f"/articles/?reviewer={desk['zoe'].id}").get_data(as_text=True)
    assert 'aria-label="1 of 1 reviewed"' in body and "1 article</p>" in body


def test_list_refuses_an_end_date_before_the_start(client, desk) -> None:
    response = client.get("/articles/?imported_from=2025-03-01&imported_to=2025-01-01")
    assert response.status_code == 200
    assert "The end date is before the start date." in _text(response)
    assert len(_titles(client, "imported_from=2025-03-01&imported_to=2025-01-01")) == 5


def test_list_ignores_unknown_choices(client, desk) -> None:
    assert len(_titles(client, "status=bogus&sort=nonsense")) == 5
    assert client.get("/articles/?page=999").status_code == 200
    assert client.get("/articles/?page=-3").status_code == 200


def test_list_sorting(client, desk) -> None:
    assert _titles(client, "sort=title") == [
        "Airport noise", "Budget municipal", "Ferry fares rise", "L'Élysée dément",
        "Tramway budget doubles",
    ]  # fmt: skip
    assert _titles(client, "sort=oldest")[0] == "Tramway budget doubles"


def test_list_pagination_keeps_the_filters(app, client, desk) -> None:
    app.config["ARTICLES_PER_PAGE"] = 2
    first = client.get("/articles/?sort=title&status=").get_data(as_text=True)
    assert "Page 1 of 3" in first and "5 articles" in first
    next_link = html.unescape(re.search(r'<a href="([^"]+)" rel="next"', first).group(1))
    assert "sort=title" in next_link and "page=2" in next_link and "status=" not in next_link
    assert _titles(client, next_link.split("?", 1)[1]) == ["Ferry fares rise", "L'Élysée dément"]
    assert _titles(client, "sort=title&page=3") == ["Tramway budget doubles"]


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("q=tramway", ["Tramway budget doubles"]),  # a title word
        ("q=FUEL", ["Ferry fares rise"]),  # a body word, any case
        ("q=budget", ["Budget municipal", "Tramway budget doubles"]),
        ("q=budget+hausse", ["Budget municipal"]),  # every word must be there
        ("q=tram", ["Tramway budget doubles"]),  # the last word is a prefix
        ("q=flights+half", ["Airport noise"]),
        ("q=budget&language=en", ["Tramway budget doubles"]),
        ("q=zeppelin", []),
        ('q="unbalanced+OR+NEAR(*', []),  # FTS syntax is never passed through
        ("q=***", None),  # no word at all: no search
    ],
)
def test_list_search(client, desk, query: str, titles: list[str] | None) -> None:
    found = _titles(client, query)
    assert found == (titles if titles is not None else _titles(client))


@pytest.mark.skipif(bool(POSTGRES_URL), reason="accent folding is only promised on SQLite")
def test_list_search_ignores_accents(client, desk) -> None:
    assert _titles(client, "q=elysee") == ["L'Élysée dément"]
    assert _titles(client, "q=dementi") == ["L'Élysée dément"]


def test_search_sees_new_imports_and_title_changes(client, reviewer) -> None:
    article_id = _import(client, FR_TEXT, title="Arbres à Lyon")
    assert _titles(client, "q=ombragée") == ["Arbres à Lyon"]
    article = db.session.get(Article, article_id)
    article.title = "Plantations rue Garibaldi"
    db.session.commit()
    assert _titles(client, "q=garibaldi") == ["Plantations rue Garibaldi"]
    assert _titles(client, "q=arbres") == ["Plantations rue Garibaldi"]  # still in the body


# --- flask articles import|list ---------------------------------------------------------


@pytest.fixture
def admin(make_user):
    """The admin the CLI imports as by default."""
    return make_user(Role.ADMIN, email="chief@example.org")


def test_cli_imports_a_file_and_refuses_duplicates(runner, admin, reviewer, tmp_path) -> None:
    path = tmp_path / "ferry.txt"
    path.write_text(EN_TEXT, encoding="utf-8")
    result = runner.invoke(args=["articles", "import", str(path)])
    assert result.exit_code == 0, result.output
    article_id, title, language, quotes, claims, _ = result.stdout.strip().split("\t")
    article = db.session.get(Article, int(article_id))
    assert title == article.title == "Harbour ferry fares to rise by 12% in April"
    assert language == "en" and quotes.endswith("quotations") and claims.endswith("claims")
    assert article.imported_by_id == admin.id and article.original_filename == "ferry.txt"

    again = runner.invoke(args=["articles", "import", str(path), "--as", reviewer.email])
    assert again.exit_code == 1
    assert f"Error: Already imported as article {article_id}" in again.stderr
    assert "--allow-duplicate" in again.stderr

    forced = runner.invoke(
        args=["articles", "import", str(path), "--as", reviewer.email, "--allow-duplicate"]
    )
    assert forced.exit_code == 0, forced.output
    second = db.session.get(Article, int(forced.stdout.split("\t")[0]))
    assert second.imported_by_id == reviewer.id and second.id != article.id


def test_cli_imports_standard_input(runner, admin) -> None:
    result = runner.invoke(args=["articles", "import", "-"], input=FR_TEXT.encode())
    assert result.exit_code == 0, result.output
    article = db.session.get(Article, int(result.stdout.split("\t")[0]))
    assert article.language == "fr" and article.original == FR_TEXT.encode()


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["-"], b"", "Error: Standard input is empty."),
        (["-"], b"  \n", "Error: Standard input is empty."),
        (["/no/such/article.txt"], None, "Error: No such file: /no/such/article.txt"),
        (["http://127.0.0.1:1/"], None, "private, local or reserved network address"),
        (["http://[::1]/admin"], None, "private, local or reserved network address"),
        (["ftp://example.org/a.txt"], None, "Only http:// and https://"),
        (["file:///etc/passwd"], None, "Only http:// and https://"),
        (["-", "--as", "nobody@example.org"], b"text", "No active account for nobody@"),
    ],
)
def test_cli_refusals(runner, admin, args, stdin, message) -> None:
    result = runner.invoke(args=["articles", "import", *args], input=stdin)
    assert result.exit_code == 1
    assert message in result.stderr
    assert _counts() == (0, 0)


def test_cli_refuses_binary_and_wrong_extension(runner, admin, tmp_path) -> None:
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 4)
    assert (
        "cannot be imported"
        in runner.invoke(args=["articles", "import", str(tmp_path / "scan.pdf")]).stderr
    )
    assert (
        "looks like binary data"
        in runner.invoke(args=["articles", "import", str(tmp_path / "blob.txt")]).stderr
    )
    assert _counts() == (0, 0)


def test_cli_needs_an_admin_or_as(runner, reviewer) -> None:
    result = runner.invoke(args=["articles", "import", "-"], input=EN_TEXT.encode())
    assert result.exit_code == 1
    assert "No active admin to import as: pass --as EMAIL." in result.stderr


def test_cli_list(runner, desk) -> None:
    result = runner.invoke(args=["articles", "list"])
    assert result.exit_code == 0
    lines = result.stdout.strip().splitlines()
    assert [line.split("\t")[-1] for line in lines][:2] == ["Airport noise", "Budget municipal"]
    assert lines[2].split("\t")[1:4] == ["approved", "en", "1/1"]
    assert "(5 articles)" in result.stderr
    found = runner.invoke(args=["articles", "list", "--search", "fuel", "--limit", "3"])
    assert found.stdout.strip().split("\t")[-1] == "Ferry fares rise"
    assert "(1 article)" in found.stderr


def test_plain_paste_quoting_tags_stays_text(client, reviewer) -> None:
    """An article about a web attack quotes markup: a plain paste is never taken for a page."""
    text = (
        "Security researchers found a flaw on the city's website.\n\n"
        "Attackers could post <script>steal()</script> in comments, the researchers said, "
        "and a <b>bold</b> <i>claim</i> went unchecked for 40 days.\n"
    )
    response = client.post("/articles/import/paste", data={"paste-text": text})
    raw = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "went unchecked for 40 days" in raw
    assert "&lt;script&gt;steal()&lt;/script&gt;" in raw and "<script>steal" not in raw


def test_pasted_page_source_goes_through_the_sanitizer(client, reviewer) -> None:
    paragraphs = "".join(
        f"<p>The old bridge will close on Monday for two years of repairs, the city council "
        f"announced on Friday in statement number {n}, after engineers found cracks.</p>"
        for n in range(1, 6)
    )
    source = (
        "<html><head><title>Bridge to close</title></head><body><article><h1>Bridge to close"
        f"</h1>{paragraphs}<script>alert(1)</script></article></body></html>"
    )
    response = client.post("/articles/import/paste", data={"paste-text": source})
    body = _text(client.get(response.headers["Location"]))
    assert "two years of repairs" in body and "alert(1)" not in body
