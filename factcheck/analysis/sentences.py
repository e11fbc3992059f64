"""Split paragraphs into sentences, French and English typography included.

Two rules carry most of the weight: never split while a quotation is open, and never
split after a token the language lists as an abbreviation. The rest handles initials,
dotted acronyms, ellipses and sentence ends inside a closing quotation mark.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache

from .lexicon import Lexicon, fold
from .marks import MarkPair
from .tokens import SPACES

# Same matches as r"\.{3}|…|[.!?]+", but starting with a character class lets the regex
# engine skip ahead to the next mark instead of trying three alternatives at every
# character (~6× faster): "…" alone, "." and two more dots, or a run of [.!?].
_END = re.compile(r"[.!?…](?:(?<=…)|(?<=\.)\.\.|[.!?]*)")
_CLOSERS = "»”’\"')]›“"
_OPENERS = "«“„‹‘\"'([¿¡—–-"
_PREV_WORD = re.compile(r"([^\s(«“\"'\[]+)$")
#: How far back the word before a period is first looked for (see :func:`_word_before`).
_PREV_WORD_WINDOW = 64
_NEXT_WORD = re.compile(r"[\w'’]+")
_INITIALS = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ]\.?-?)+$")
_DOTTED = re.compile(r"^(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}$")


class _Protected:
    """Spans inside paired quotation marks, where no sentence may end."""

    def __init__(self, pairs: list[MarkPair]) -> None:
        self.spans = sorted((p.open, p.close) for p in pairs if p.depth == 0)
        self.starts = [s for s, _ in self.spans]

    def inside(self, pos: int, after: int) -> bool:
        """True when ``pos`` lies in a quotation that is still open at ``after``."""
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and self.spans[i][0] < pos and self.spans[i][1] >= after


def _next_visible(text: str, j: int, end: int) -> int:
    while j < end and text[j] in SPACES:
        j += 1
    return j


def _word_before(text: str, start: int, end: int) -> re.Match[str] | None:
    """``_PREV_WORD.search(text, start, end)``, without scanning the paragraph from its start.

    The word ends at ``end``, so a window just before it finds the same match unless the
    match fills the whole window (a very long "word"); then the full search decides.
    """
    lo = max(start, end - _PREV_WORD_WINDOW)
    m = _PREV_WORD.search(text, lo, end)
    if m is not None and m.start() == lo and lo > start:
        return _PREV_WORD.search(text, start, end)
    return m


@cache
def _lower_abbreviations(lex: Lexicon) -> frozenset[str]:
    """The all-lower-case abbreviations of a language ("av", "env"), built once."""
    return frozenset(a for a in lex.raw.get("abbreviations", ()) if a.islower())


def _abbreviation_blocks(word: str, next_word: str, lex: Lexicon) -> bool:
    """True when a period after ``word`` is part of an abbreviation, not a sentence end."""
    bare = word.rstrip(".")
    if not bare:
        return False
    starters = lex.raw.get("sentence_starters") or ()
    months = lex.words("months")
    if fold(bare) in months and fold(bare) not in lex.words("weekdays"):
        # "3 févr. 2022", "Jan. 5": a month abbreviation before a figure
        return next_word[:1].isdigit() or (bare in lex.raw.get("abbreviations", ()))
    listed = lex.raw.get("abbreviations", ())
    if bare in listed or (bare.lower() in listed and bare.lower() == fold(bare)):
        return True
    if bare.lower() in _lower_abbreviations(lex):
        return True
    letters = bare.replace(".", "").replace("-", "")
    # Initials are one letter, or letters joined by dots or hyphens ("J.-L.", "J.K."). A
    # run of capitals alone is an acronym ("selon l'AFP. Il", "the BBC. Officials"), and
    # a sentence ends after it as after any word.
    if _INITIALS.match(bare) and len(letters) <= 3 and (len(letters) == 1 or letters != bare):
        return next_word not in starters  # "George W. Bush" but "vitamin D. The"
    if _DOTTED.match(bare):
        return next_word not in starters  # "U.S.", "p. ex." and "e.g." inside a sentence
    # German "am 3. Februar": a day number with its ordinal dot
    return bare.isdigit() and len(bare) <= 2 and lex.flag("ordinal_dot")


def split(
    text: str, paragraphs: list[tuple[int, int]], pairs: list[MarkPair], lex: Lexicon
) -> list[tuple[int, int]]:
    """Sentence spans (start, end) over every paragraph."""
    protected = _Protected(pairs)
    spans: list[tuple[int, int]] = []
    for p_start, p_end in paragraphs:
        s_start = p_start
        for m in _END.finditer(text, p_start, p_end):
            a, b = m.start(), m.end()
            j = b
            while True:  # a sentence may end inside a closing mark: « C'est fini. »
                k = _next_visible(text, j, p_end)
                if k < p_end and text[k] in _CLOSERS and (k == j or text[k] in "»”›"):
                    j = k + 1
                else:
                    break
            if j >= p_end or text[j] not in SPACES:
                continue
            n = _next_visible(text, j, p_end)
            if n >= p_end:
                continue
            nxt = text[n]
            if not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS):
                continue
            if protected.inside(a, j):
                continue
            punct = m.group()
            if punct in ("...", "…") and a > p_start and text[a - 1] in "([":
                continue  # "[…]" marks a cut inside a quotation
            if punct == ".":
                prev = _word_before(text, p_start, a)
                next_word = _NEXT_WORD.match(text[n : n + 40])
                if prev and _abbreviation_blocks(
                    prev.group(1), next_word.group() if next_word else "", lex
                ):
                    continue
            spans.append((s_start, j))
            s_start = n
        spans.append((s_start, p_end))
    out = []
    for s, e in spans:
        while s < e and text[s] in SPACES:
            s += 1
        while e > s and text[e - 1] in SPACES:
            e -= 1
        if e > s:
            out.append((s, e))
    return out
