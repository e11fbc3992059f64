"""A small tokenizer with character offsets, shared by the sentence, quote and speaker rules."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import accumulate

from .lexicon import Lexicon

#: Spaces inside French quotation marks and before high punctuation.
SPACES = " \u00a0\u202f\t\n"


@dataclass(slots=True)  # not frozen: frozen dataclasses are several times slower to build
class Token:
    """A word, number or punctuation mark with its offsets in the clean text."""

    text: str  # never empty: every token holds at least one character
    start: int
    end: int
    low: str  # the folded form used for every look-up (computed once)

    @property
    def is_word(self) -> bool:
        """True for words (letters first), false for numbers and punctuation."""
        return self.text[0].isalpha()  # indexing: no slice object, ~40% faster

    @property
    def is_capitalised(self) -> bool:
        """True for a word starting with an upper-case letter."""
        return self.text[0].isupper()


@cache
def _pattern(elisions: tuple[str, ...]) -> re.Pattern[str]:
    elided = "|".join(sorted((re.escape(e) for e in elisions), key=len, reverse=True))
    parts = []
    if elided:
        # "l’Elysée" -> "l’" + "Elysée", "qu’il" -> "qu’" + "il". Most tokens are not
        # elisions: when every elision is word characters, a lookahead for one of their
        # first letters and an apostrophe within reach rejects them before the
        # case-insensitive alternatives are tried.
        guard = ""
        if all(re.fullmatch(r"\w+", e) for e in elisions):
            firsts = "".join(sorted({re.escape(e[0]) for e in elisions}))
            reach = max(map(len, elisions)) - 1
            guard = rf"(?=[{firsts}]\w{{0,{reach}}}['’])"
        parts.append(rf"{guard}(?:{elided})['’](?=[^\W\d_])")
    # Possessive quantifiers: nothing follows a token's alternative, so giving back
    # characters could never lead to another match, and not keeping the backtracking
    # points is ~10% faster.
    parts += [
        r"\d++(?:[.,]\d++)*+",  # numbers ("2 000" is two tokens on purpose)
        # words, hyphenated and with inner apostrophes; written as runs rather than one
        # character per group repetition, which the regex engine walks ~15% faster
        r"[^\W\d_]\w*+(?:['’\-‑]\w++)*+",
        r"\.\.\.|…",
        r"\S",
    ]
    # Every alternative starts with a non-space: saying so up front lets the regex engine
    # skip the spaces between tokens without trying each alternative there (~10%). The
    # group makes ``split`` keep the tokens, alternating with the text between them.
    return re.compile(rf"((?=\S)(?:{'|'.join(parts)}))", re.IGNORECASE)


@cache
def _lexicon_pattern(lex: Lexicon) -> re.Pattern[str]:
    """The token pattern of one language (lexicons are cached, so this is a dict hit)."""
    return _pattern(tuple(lex.raw.get("elisions") or ()))


class Tokens(list):
    """A sentence's tokens, with their folded forms and start offsets as plain lists.

    Set tests over every folded form ("does any token start an according-to phrase") run
    in C, and the offsets are there without reading an attribute per token. Slicing gives
    a plain list of :class:`Token`.
    """

    __slots__ = ("lows", "starts")

    lows: list[str]
    starts: list[int]


def tokenize(text: str, start: int, end: int, lex: Lexicon) -> Tokens:
    """Tokens of ``text[start:end]``, offsets into ``text``."""
    # [between, token, between, token, ..., between]: the tokens as plain strings (no
    # match object each), and the offsets as running sums of the pieces' lengths
    pieces = _lexicon_pattern(lex).split(text[start:end])
    words = pieces[1::2]
    bounds = list(accumulate(map(len, pieces), initial=start))
    starts = bounds[1::2][: len(words)]
    ends = bounds[2::2]
    # Folded in one pass over the joined words rather than once per word (a third of the
    # tokenizer's time). Lower-casing treats NUL as a word break, so the pieces are each
    # word's own ``lower()``; a NUL token shows up as a count mismatch and falls back to
    # folding word by word.
    lows = _SEP.join(words).lower().replace("’", "'").split(_SEP)
    if len(lows) != len(words):
        lows = [w.lower().replace("’", "'") for w in words]
    tokens = Tokens(map(Token, words, starts, ends, lows))
    tokens.lows, tokens.starts = lows, starts
    return tokens


def columns(tokens: list[Token]) -> Tokens:
    """``tokens`` with their lists of forms and starts (a :class:`Tokens` as it is)."""
    if isinstance(tokens, Tokens):
        return tokens
    out = Tokens(tokens)
    out.lows = [t.low for t in tokens]
    out.starts = [t.start for t in tokens]
    return out


_SEP = "\x00"
