"""The article analyser: a pure library (no Flask, no database).

``analyze(data)`` turns plain text, HTML or a file's bytes into one :class:`Analysis`:
title, site, author, date, language, clean body text, sentences (with check-worthiness
and source) and quotations (with speaker), every offset indexing into the clean text.
"""

from __future__ import annotations

from .model import Analysis, AnalysisError, Quote, Sentence
from .pipeline import analyze

__all__ = ["Analysis", "AnalysisError", "Quote", "Sentence", "analyze"]
