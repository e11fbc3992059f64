"""Language identification with py3langid, restricted to the languages we have data for."""

from __future__ import annotations

import re
from functools import cache

from . import lexicon

#: How much text the classifier reads; more does not change the answer for news.
SAMPLE_CHARS = 600
_LETTERS = re.compile(r"[^\W\d_]{3}")


@cache
def _identifier():
    """The py3langid classifier (model shipped in the wheel), loaded once."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    # Only languages we can analyse: a restricted model is faster and never answers "la".
    identifier.set_languages(list(lexicon.available_languages()))
    return identifier


def detect(text: str, default: str = lexicon.FALLBACK_LANGUAGE) -> str:
    """The ISO 639-1 code of the text's language, among the supported ones."""
    sample = text[:SAMPLE_CHARS]
    if not _LETTERS.search(sample):
        return default
    code, _prob = _identifier().classify(sample)
    return str(code)


def supported_languages() -> tuple[str, ...]:
    """Codes of the languages the analyser has rules for."""
    return lexicon.available_languages()
