"""Cutting the clean text into marked pieces, so templates can highlight items without HTML."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """An item to highlight: its offsets, kind ('quote'/'claim') and id."""

    start: int
    end: int
    kind: str
    ref: int | str


@dataclass(frozen=True)
class Piece:
    """A run of text covered by the same set of items."""

    text: str
    kinds: tuple[str, ...] = ()
    refs: tuple[int | str, ...] = ()
    start: int = 0


def marked_paragraphs(text: str, spans: Iterable[Span]) -> list[list[Piece]]:
    """Split text into paragraphs of pieces; overlapping items (a quote in a claim) both mark."""
    spans = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    starting: dict[int, list[Span]] = {}
    ending: dict[int, list[Span]] = {}
    for span in spans:
        starting.setdefault(span.start, []).append(span)
        ending.setdefault(span.end, []).append(span)
    cuts = {0, len(text), *starting, *ending}
    index = text.find("\n")
    while index != -1:
        cuts.update((index, index + 1))
        index = text.find("\n", index + 1)
    bounds = sorted(cuts)

    # One sweep over the boundaries: the items covering a piece are the ones open at its start.
    paragraphs: list[list[Piece]] = [[]]
    active: dict[int, Span] = {}
    for start, end in zip(bounds, bounds[1:], strict=False):
        for span in ending.get(start, ()):
            active.pop(id(span), None)
        for span in starting.get(start, ()):
            active[id(span)] = span
        chunk = text[start:end]
        if chunk == "\n":
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        covering = sorted(active.values(), key=lambda s: (s.start, -s.end))
        kinds = tuple(sorted({s.kind for s in covering}))
        refs = tuple(s.ref for s in covering)
        paragraphs[-1].append(Piece(chunk, kinds, refs, start))
    return [p for p in paragraphs if p and any(piece.text.strip() for piece in p)]


def analysis_spans(analysis: dict, claim_threshold: float) -> list[Span]:
    """The quotations and claims of a plain-data analysis as spans to mark."""
    spans = [Span(q["start"], q["end"], "quote", i) for i, q in enumerate(analysis["quotes"])]
    spans += [
        Span(s["start"], s["end"], "claim", f"s{i}")
        for i, s in enumerate(analysis["sentences"])
        if s["checkworthiness"] >= claim_threshold
    ]
    return spans
