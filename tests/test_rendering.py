"""Cutting the clean text into marked pieces for highlighting."""

from factcheck.articles.rendering import Span, analysis_spans, marked_paragraphs


def texts(paragraph):
    return [(piece.text, piece.kinds) for piece in paragraph]


def test_plain_text_is_one_unmarked_piece_per_paragraph() -> None:
    paragraphs = marked_paragraphs("First paragraph.\nSecond one.", [])
    assert [texts(p) for p in paragraphs] == [
        [("First paragraph.", ())],
        [("Second one.", ())],
    ]


def test_quote_inside_claim_marks_both() -> None:
    text = "He said « we will win » today."
    claim = Span(0, len(text), "claim", 1)
    quote = Span(10, 21, "quote", 2)
    (paragraph,) = marked_paragraphs(text, [claim, quote])
    assert texts(paragraph) == [
        ("He said « ", ("claim",)),
        ("we will win", ("claim", "quote")),
        (" » today.", ("claim",)),
    ]
    assert paragraph[1].refs == (1, 2)


def test_quote_across_paragraphs_is_cut_at_the_break() -> None:
    text = "« One.\nTwo »"
    (first, second) = marked_paragraphs(text, [Span(2, 10, "quote", 7)])
    assert texts(first) == [("« ", ()), ("One.", ("quote",))]
    assert texts(second) == [("Two", ("quote",)), (" »", ())]


def test_out_of_range_spans_are_ignored() -> None:
    (paragraph,) = marked_paragraphs("Short.", [Span(3, 99, "claim", 1), Span(4, 4, "quote", 2)])
    assert texts(paragraph) == [("Short.", ())]


def test_markup_in_text_stays_text() -> None:
    (paragraph,) = marked_paragraphs("<script>x</script>", [Span(0, 8, "claim", 1)])
    assert paragraph[0].text == "<script>"  # escaped by Jinja when rendered


def test_analysis_spans_keep_only_claims_over_threshold() -> None:
    analysis = {
        "quotes": [{"start": 0, "end": 3}],
        "sentences": [
            {"start": 0, "end": 5, "checkworthiness": 0.9},
            {"start": 6, "end": 9, "checkworthiness": 0.2},
        ],
    }
    spans = analysis_spans(analysis, 0.5)
    assert [(s.kind, s.start) for s in spans] == [("quote", 0), ("claim", 0)]
