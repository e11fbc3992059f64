"""Input handling of the analyser: decoding, HTML extraction and clear errors for bad input."""

from __future__ import annotations

import io

import pytest

from factcheck.analysis import AnalysisError, analyze

ARTICLE_FR = (
    "Le ministre de l’Économie a déclaré mardi que la croissance atteindrait 1,4 % en 2023, "
    "contre 2,5 % l’an dernier. Les syndicats jugent cette prévision trop optimiste."
)


def test_plain_text_str_is_analysed():
    a = analyze(ARTICLE_FR)
    assert a.language == "fr"
    assert len(a.sentences) == 2


@pytest.mark.parametrize("data", ["", "   \n\t  ", b"", b"  \n "])
def test_empty_input_is_a_clear_error(data):
    with pytest.raises(AnalysisError, match="empty"):
        analyze(data)


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 binary", b"\x89PNG\r\n\x1a\n\x00\x00", b"PK\x03\x04\x14\x00"],
)
def test_binary_files_are_refused(data):
    with pytest.raises(AnalysisError, match="looks like"):
        analyze(data, filename="upload.bin")


def test_nul_bytes_are_binary():
    with pytest.raises(AnalysisError, match="binary"):
        analyze(b"abc\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\xff\xfe\x00def" * 10)


def test_undetectable_encoding_is_a_clear_error():
    with pytest.raises(AnalysisError, match="encoding"):
        analyze(bytes(range(128, 256)) * 20, filename="article.txt")


def test_legacy_encoding_is_detected():
    text = "Le président a déclaré que l’économie était forte et que l’État tiendrait bon. " * 3
    a = analyze(text.encode("cp1252"), filename="article.txt")
    assert "président" in a.text and "l’économie" in a.text


def test_utf16_with_bom_is_decoded():
    text = "The minister said that growth would reach 2% next year, up from 1% this year."
    a = analyze(text.encode("utf-16"), filename="article.txt")
    assert a.text == text


def test_oversize_input_is_refused_with_configurable_limit():
    big = "Le gouvernement a annoncé une réforme. " * 200
    with pytest.raises(AnalysisError, match="limit"):
        analyze(big, max_bytes=1000)
    assert analyze(big, max_bytes=100_000).sentences


def test_five_megabyte_page_is_refused_by_default():
    page = b"<html><body>" + b"<p>x</p>" * 700_000 + b"</body></html>"
    with pytest.raises(AnalysisError, match="MB"):
        analyze(page, filename="page.html")


HTML = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Le gouvernement promet une baisse des impôts</title>
<meta name="author" content="Claire Martin"></head><body>
<nav><a href="/">Accueil</a> &gt; <a href="/eco">Économie</a></nav>
<article><h1>Le gouvernement promet une baisse des impôts</h1>
<p>Le ministre de l’Économie, Bruno Le Maire, a estimé mardi que la croissance
atteindrait 1,4&nbsp;% en 2023, contre 2,5&nbsp;% l’an dernier.</p>
<p>« Nous tiendrons nos engagements », a-t-il assuré devant les députés réunis à Paris.</p>
<p>Lire aussi : Les retraites au cœur du débat parlementaire</p>
<p>Selon l’Insee, le chômage a baissé de 0,3 point au dernier trimestre de l’année.</p>
</article><footer>Tous droits réservés</footer></body></html>"""


def test_html_goes_through_trafilatura_and_line_rules():
    a = analyze(HTML)
    assert a.title == "Le gouvernement promet une baisse des impôts"
    assert a.author == "Claire Martin"
    assert "Lire aussi" not in a.text  # trafilatura keeps French teasers; our rules do not
    assert "Accueil" not in a.text
    assert a.quotes and a.quotes[0].speaker == "Bruno Le Maire"
    assert any(s.source == "l’Insee" for s in a.sentences)


def test_html_bytes_with_filename():
    a = analyze(HTML.encode("utf-8"), filename="page.html", content_type="text/html")
    assert a.language == "fr"


def test_html_without_article_is_a_clear_error():
    with pytest.raises(AnalysisError, match="No article"):
        analyze("<html><head><title>x</title></head><body><nav>Menu</nav></body></html>")


def test_docx_is_read_when_python_docx_is_installed():
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("Le ministre a déclaré que le budget serait voté en mars.")
    document.add_paragraph("« Nous sommes prêts », a-t-il ajouté devant la presse.")
    buf = io.BytesIO()
    document.save(buf)
    a = analyze(buf.getvalue(), filename="article.docx")
    assert len(a.sentences) == 2
    assert a.quotes[0].text == "Nous sommes prêts"


def test_broken_docx_is_a_clear_error():
    pytest.importorskip("docx")
    with pytest.raises(AnalysisError, match="Word"):
        analyze(b"not a zip at all", filename="article.docx")


def test_errors_are_value_errors_with_plain_messages():
    with pytest.raises(ValueError) as info:
        analyze("")
    assert "Traceback" not in str(info.value)


def test_markdown_markup_is_unwrapped() -> None:
    from factcheck.analysis.inputs import markdown_to_text

    text = (
        "# Harbour ferry fuel costs #\n\nThe **council** said *on Monday* that "
        "[costs](https://example.org/a) rose by 20%.\n\n---\n\n> “We will act,” said the mayor."
        "\n\nsnake_case_word and 2*3*4 stay."
    )
    plain = markdown_to_text(text)
    assert plain.startswith("Harbour ferry fuel costs\n")
    assert "The council said on Monday that costs rose by 20%." in plain
    assert "“We will act,” said the mayor." in plain
    assert "snake_case_word and 2*3*4 stay." in plain
    assert "#" not in plain and "](" not in plain and "---" not in plain


def test_markdown_file_title_has_no_hashes() -> None:
    from factcheck.analysis import analyze

    body = (
        "# Le conseil vote le budget des tramways\n\n"
        "Le conseil municipal a voté mardi une hausse de 40 % du budget des tramways, "
        "a annoncé la mairie dans un communiqué publié dans la soirée.\n"
    )
    result = analyze(body.encode(), filename="budget.md")
    assert result.title == "Le conseil vote le budget des tramways"
