"""The analysis pipeline: input → clean text → language → spans → attribution → scores."""

from __future__ import annotations

from . import cleaning, inputs, language, lexicon
from .attribution import attribute
from .checkworthiness import score_words, sentence_words
from .marks import pair_marks
from .model import Analysis, AnalysisError, Sentence
from .sentences import split
from .tokens import tokenize


def analyze(
    data: str | bytes,
    *,
    filename: str | None = None,
    content_type: str | None = None,
    url: str | None = None,
    max_bytes: int = inputs.DEFAULT_MAX_BYTES,
) -> Analysis:
    """Analyse one article given as plain text, HTML, or a file's bytes."""
    raw = inputs.load(
        data, filename=filename, content_type=content_type, url=url, max_bytes=max_bytes
    )
    clean = cleaning.clean(raw.text, meta=raw.meta)
    if not clean.text.strip() or not any(ch.isalpha() for ch in clean.text):
        if raw.is_html:
            raise AnalysisError("No article text was found in this HTML page.")
        raise AnalysisError("No article text was found in the input.")
    lang = language.detect(clean.text)
    lex = lexicon.load(lang)
    text = clean.text
    pairs = pair_marks(text, clean.paragraphs)
    spans = split(text, clean.paragraphs, pairs, lex)
    # Tokenized once: attribution reads the tokens, and the scorer takes its words from them
    # instead of scanning each sentence again with its own word regex.
    tokens = [tokenize(text, start, end, lex) for start, end in spans]
    sources, quotes = attribute(text, spans, pairs, lex, tokens=tokens)
    quoted_sentences = {q.sentence_index for q in quotes}
    sentences = []
    for i, ((start, end), source, toks) in enumerate(zip(spans, sources, tokens, strict=True)):
        body = text[start:end]
        score, reasons = score_words(
            body,
            lang,
            sentence_words(text, toks),
            source=source,
            has_quote=i in quoted_sentences,
        )
        sentences.append(Sentence(start, end, body, float(score), list(reasons), source))
    return Analysis(
        title=clean.title,
        language=lang,
        site=clean.site,
        author=clean.author,
        published=clean.published,
        dateline=clean.dateline,
        text=text,
        paragraphs=list(clean.paragraphs),
        sentences=sentences,
        quotes=quotes,
    )
