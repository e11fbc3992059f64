"""The plain-data result of an analysis (no behaviour beyond serialisation)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class AnalysisError(ValueError):
    """Raised for input that cannot be analysed; ``str()`` is a message for the user."""


@dataclass(frozen=True)
class Sentence:
    """One sentence of the clean text, with its check-worthiness and reported source."""

    start: int
    end: int
    text: str
    checkworthiness: float = 0.0
    reasons: list[str] = field(default_factory=list)
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The corpus JSON form of the sentence."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "checkworthiness": round(self.checkworthiness, 4),
            "source": self.source,
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class Quote:
    """One quotation: its words without the marks, who said it, and its sentence."""

    start: int
    end: int
    text: str
    speaker: str | None
    sentence_index: int

    def to_dict(self) -> dict[str, Any]:
        """The corpus JSON form of the quotation."""
        return {"start": self.start, "end": self.end, "text": self.text, "speaker": self.speaker}


@dataclass(frozen=True)
class Analysis:
    """Everything the analyser found in one article; offsets index into ``text``."""

    title: str | None
    language: str
    site: str | None
    author: str | None
    published: str | None
    dateline: dict[str, str | None] | None
    text: str
    paragraphs: list[tuple[int, int]]
    sentences: list[Sentence]
    quotes: list[Quote]

    def to_dict(self) -> dict[str, Any]:
        """The analysis in the corpus README JSON format (plus ``dateline`` and ``reasons``)."""
        return {
            "title": self.title,
            "language": self.language,
            "site": self.site,
            "author": self.author,
            "published": self.published,
            "dateline": dict(self.dateline) if self.dateline else None,
            "text": self.text,
            "sentences": [s.to_dict() for s in self.sentences],
            "quotes": [q.to_dict() for q in self.quotes],
        }
