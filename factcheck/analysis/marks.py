"""Pair quotation marks inside each paragraph.

Directional marks (« », “ ”, „ “, ‹ ›, ‘ ’) pair by direction; straight double quotes
alternate with word-boundary checks; a typographic apostrophe inside a word never closes
anything. Back-to-front pairs (» … «) are kept with ``reversed=True`` so that later
rules can call them titles. A quotation left open at the end of a paragraph that opened
it at its start runs to the paragraph's end (``open_end``), and the next paragraph
continues it when it starts with an opening mark (``continued``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .tokens import SPACES

_PAIRS = {"«": "»", "“": "”", "„": "“", "‹": "›", "‘": "’", '"': '"', "»": "«"}
_BOUNDARY_BEFORE = SPACES + "([{—–-/:;,«“„‹‘\"'"
# Every mark the pairing looks at; the regex engine skips the text between them.
_MARK = re.compile('[«»“”„‹›‘’"]')


@dataclass(frozen=True, slots=True)
class MarkPair:
    """An opening and a closing mark (or a paragraph edge) around a stretch of text."""

    open: int  # index of the opening mark, or of the paragraph start when continued
    close: int  # index of the closing mark, or of the paragraph end when open_end
    depth: int
    reversed: bool = False
    open_end: bool = False
    continued: bool = False

    @property
    def inner(self) -> tuple[int, int]:
        """Start and end of the text between the marks."""
        return (
            self.open if self.continued and not self.has_open_mark else self.open + 1,
            self.close,
        )

    has_open_mark: bool = True


def _letter(ch: str) -> bool:
    return ch.isalnum()


def pair_paragraph(text: str, start: int, end: int, carried: bool) -> tuple[list[MarkPair], bool]:
    """Mark pairs of one paragraph, and whether a quotation stays open at its end."""
    stack: list[tuple[str, int]] = []  # (opening char, index)
    pairs: list[MarkPair] = []
    first_char = start
    while first_char < end and text[first_char] in SPACES:
        first_char += 1
    continued_open = False
    if carried and text[first_char : first_char + 1] not in _PAIRS:
        # the previous paragraph's quotation goes on without a new opening mark
        stack.append(("cont", start))
        continued_open = True
    for m in _MARK.finditer(text, start, end):
        i = m.start()
        ch = text[i]
        prev = text[i - 1] if i > start else " "
        nxt = text[i + 1] if i + 1 < end else " "
        top = stack[-1][0] if stack else None
        if ch == "«":
            if top == "»":  # closes a back-to-front pair: » Le Monde «
                _, o = stack.pop()
                pairs.append(MarkPair(o, i, len(stack), reversed=True))
            else:
                stack.append(("«", i))
        elif ch == "»":
            if any(c in ("«", "cont") for c, _ in stack):
                _close_to(stack, pairs, i, ("«", "cont"))
            elif "«" in text[i + 1 : end]:
                stack.append(("»", i))
        elif ch == "“":
            if top == "„":
                _close_to(stack, pairs, i, ("„",))
            elif top == "“" and not _letter(nxt):
                _close_to(stack, pairs, i, ("“",))  # some sites type “…“
            else:
                stack.append(("“", i))
        elif ch == "”":
            if any(c in ("“", "„", "cont") for c, _ in stack):
                _close_to(stack, pairs, i, ("“", "„", "cont"))
            elif prev in _BOUNDARY_BEFORE and _letter(nxt):
                stack.append(("“", i))  # ”…” (Nordic style) opens
        elif ch == "„":
            stack.append(("„", i))
        elif ch == "‹":
            stack.append(("‹", i))
        elif ch == "›":
            if any(c == "‹" for c, _ in stack):
                _close_to(stack, pairs, i, ("‹",))
        elif ch == "‘":
            if prev in _BOUNDARY_BEFORE and _letter(nxt):
                stack.append(("‘", i))
        elif ch == "’":
            # an apostrophe sits between letters ("l’Etat", "don’t"); a closing mark does not
            if top == "‘" and not (_letter(prev) and _letter(nxt)):
                _close_to(stack, pairs, i, ("‘",))
        elif ch == '"':
            if top in ('"', "cont") and prev not in SPACES:
                _close_to(stack, pairs, i, ('"', "cont"))
            elif prev in _BOUNDARY_BEFORE and nxt not in SPACES:
                stack.append(('"', i))
            elif '"' in (c for c, _ in stack):
                _close_to(stack, pairs, i, ('"',))
    # what is still open at the paragraph's end
    still_open = False
    if stack:
        opener, o = stack[0]
        at_start = o in (start, first_char)
        if opener not in ("»",) and at_start:
            pairs.append(
                MarkPair(
                    o,
                    end,
                    0,
                    open_end=True,
                    continued=opener == "cont",
                    has_open_mark=opener != "cont",
                )
            )
            still_open = True
    fixed = []
    for p in pairs:
        if p.open == start and continued_open and p.depth == 0 and not p.has_open_mark:
            fixed.append(p)
        elif carried and p.open == first_char and p.depth == 0:
            fixed.append(MarkPair(p.open, p.close, 0, p.reversed, p.open_end, True, True))
        else:
            fixed.append(p)
    return sorted(fixed, key=lambda p: p.open), still_open


def _close_to(stack: list[tuple[str, int]], pairs: list[MarkPair], i: int, openers: tuple) -> None:
    """Pop up to the nearest matching opener (dropping unclosed inner ones) and pair it."""
    while stack:
        opener, o = stack.pop()
        if opener in openers:
            if opener == "cont":
                pairs.append(MarkPair(o, i, len(stack), continued=True, has_open_mark=False))
            else:
                pairs.append(MarkPair(o, i, len(stack)))
            return


def pair_marks(text: str, paragraphs: list[tuple[int, int]]) -> list[MarkPair]:
    """Mark pairs of the whole text, in order, following quotations across paragraphs."""
    out: list[MarkPair] = []
    carried = False
    for start, end in paragraphs:
        pairs, carried = pair_paragraph(text, start, end, carried)
        out.extend(pairs)
    return out
