"""The one HTML sanitizer."""

import pytest

from factcheck.sanitize import sanitize_article_html, sanitize_note_html

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "<svg onload=alert(1)><circle/></svg>",
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<<script>script>alert(1)<</script>/script>",
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<object data="x.swf"></object>',
    '<form action="https://evil.example"><input name=x></form>',
]


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("sanitize", [sanitize_article_html, sanitize_note_html])
def test_nothing_executable_survives(sanitize, payload: str) -> None:
    cleaned = sanitize(f"<p>before</p>{payload}<p>after</p>").lower()
    for needle in (
        "<script",
        "onerror",
        "onload",
        "javascript:",
        "<iframe",
        "<svg",
        "<object",
        "style=",
        "<form",
        "<input",
    ):
        assert needle not in cleaned, (payload, cleaned)
    assert "before" in cleaned and "after" in cleaned


def test_article_structure_and_metadata_are_kept() -> None:
    html = (
        '<html><head><title>Budget vote</title><meta name="author" content="Ana"></head>'
        "<body><article><h1>Budget vote</h1><p>The council <em>voted</em>.</p>"
        "<blockquote>“It is historic”</blockquote></article></body></html>"
    )
    cleaned = sanitize_article_html(html)
    assert "<title>Budget vote</title>" in cleaned
    assert 'content="Ana"' in cleaned
    assert "<article><h1>Budget vote</h1><p>The council <em>voted</em>.</p>" in cleaned
    assert "<blockquote>" in cleaned


def test_script_and_style_text_is_dropped_not_kept_as_text() -> None:
    cleaned = sanitize_article_html("<p>Body</p><script>var secret = 1;</script><style>p{}</style>")
    assert "secret" not in cleaned and "p{}" not in cleaned


def test_note_links_get_safe_rel() -> None:
    cleaned = sanitize_note_html('See <a href="https://example.org/a">source</a>')
    assert 'rel="noopener noreferrer nofollow"' in cleaned
    assert 'href="https://example.org/a"' in cleaned
