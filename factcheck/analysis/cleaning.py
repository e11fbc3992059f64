"""Line rules that keep the article body and lift title, byline, date and dateline out of it.

Pasted pages (and trafilatura's output, whose boilerplate filter knows no French teasers)
carry lines that are not the article. Each rule looks at one line: its position, length,
final punctuation, known lead words (from every language file, since sites mix them)
and whether it repeats the title.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from . import lexicon
from .lexicon import fold

# Spaces that are layout, not content; no-break spaces are kept on purpose. Runs become one
# space; a lone " " already is one, so it is not matched at all (the lookbehind lets a single
# other layout space through): a third of the time of rewriting every space of the text.
_SPACE_RUN = re.compile(
    r"[ \t\u2000-\u200a\u3000](?:(?<! )|[ \t\u2000-\u200a\u3000])[ \t\u2000-\u200a\u3000]*"
)
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
# What _SPACE_RUN can match: two spaces in a row, or one layout space other than " ".
_SPACE_RUN_CUES = ("  ", "\t", *map(chr, range(0x2000, 0x200B)), "\u3000")
_FINAL_PUNCT = tuple('.!?…:;»”"’)')
_LONE_NUMBER = re.compile(r"^[\d\s.,:/%+\-–()]+$")
# Numbers ("1,2k", "3 456") and the punctuation around counters, removed to see what is left:
# either one of ()+:| or a digit not preceded by a word character and its run. Written
# with the character class first (and the lookbehind after the digit) so the regex engine
# jumps between candidates; same matches as r"(?<!\w)\d[\d\s.,]*[km]?(?!\w)|[()+:|]".
_COUNTER_NOISE = re.compile(r"[\d()+:|](?:(?<=[()+:|])|(?<!\w\d)[\d\s.,]*[km]?(?!\w))")
# The characters _COUNTER_NOISE can remove, and those it always keeps.
_COUNTER_NOISE_CHARS = r"[\d\s.,km()+:|]"
_COUNTER_KEPT_CHAR = r"[^\d\s.,km()+:|]"
#: Time zones and half-days written after an article's time ("14.05 BST", "6:00 AM EST").
_TIME_WORDS = frozenset(
    [
        "am",
        "pm",
        "gmt",
        "bst",
        "utc",
        "cet",
        "cest",
        "est",
        "edt",
        "cst",
        "cdt",
        "mst",
        "mdt",
        "pst",
        "pdt",
        "et",
        "pt",
    ]
)
#: How a paragraph of prose ends (headlines end without a period, or with "?").
_PROSE_ENDS = (".", "»", "”", '"', "…")
_SEPARATORS = re.compile(r"\s(?:[>›»/|•·]|::)\s")
_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DATE_DMY = re.compile(r"\b(\d{1,2})(?:er|st|nd|rd|th|\.)?\s+([^\W\d_]+)\.?,?\s+(\d{4})\b")
_DATE_MDY = re.compile(r"\b([^\W\d_]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_DATE_NUM = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
_DATELINE = re.compile(
    # the lookahead fails a line without any dash in one quick scan, before the lazy head
    # tries every length up to 70
    r"^(?=[^–—\-]*[–—\-])"
    r"(?P<head>[^()\n–—]{2,70}?)\s*(?:\((?P<agency>[^()\n]{2,40})\))?\.?\s*(?:[–—]{1,2}|-{1,2})"
    r"(?:\s+|$)"
)


@dataclass(frozen=True)
class CleanText:
    """The clean body text, its paragraph spans, and metadata found while cleaning."""

    text: str
    paragraphs: list[tuple[int, int]]
    title: str | None
    author: str | None
    published: str | None
    site: str | None
    dateline: dict[str, str | None] | None


def normalise(raw: str) -> str:
    """NFC, one kind of line break, no invisible characters, single layout spaces."""
    text = unicodedata.normalize("NFC", raw)
    text = (
        text.replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\u2028", "\n")
        .replace("\u2029", "\n\n")
    )
    # Substring tests in C settle most texts, which hold neither, without a regex scan.
    if any(ch in text for ch in _INVISIBLE_CHARS):
        text = _INVISIBLE.sub("", text)
    if any(cue in text for cue in _SPACE_RUN_CUES):
        text = _SPACE_RUN.sub(" ", text)
    return text


def words(line: str) -> list[str]:
    """The words of a line (letters, with inner apostrophes and hyphens)."""
    return _WORD.findall(line)


def _more_words_than(text: str, n: int) -> bool:
    """``len(text.split()) > n``, without splitting a long paragraph into all its words."""
    return len(text.split(None, n)) > n  # at most n splits: min(words, n + 1) items


def ends_sentence(line: str) -> bool:
    """True when a line ends like prose rather than like a menu item or headline."""
    return line.rstrip().endswith(_FINAL_PUNCT)


def _starts_with(folded: str, phrase: str) -> bool:
    """``folded`` begins with ``phrase`` as whole words."""
    if not folded.startswith(phrase):
        return False
    rest = folded[len(phrase) : len(phrase) + 1]
    return not rest or not rest.isalnum() or not phrase[-1].isalnum()


def parse_date(text: str) -> str | None:
    """An ISO date (YYYY-MM-DD) from a date written in any supported language, or None."""
    months = _all_months()
    if m := _DATE_ISO.search(text):
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    elif (m := _DATE_DMY.search(text)) and fold(m[2]) in months:
        y, mo, d = int(m[3]), months[fold(m[2])], int(m[1])
    elif (m := _DATE_MDY.search(text)) and fold(m[1]) in months:
        y, mo, d = int(m[3]), months[fold(m[1])], int(m[2])
    elif m := _DATE_NUM.search(text):
        y, mo, d = int(m[3]), int(m[2]), int(m[1])
        if mo > 12 >= d:
            mo, d = d, mo
    else:
        return None
    if not (1 <= mo <= 12 and 1 <= d <= 31 and 1900 <= y <= 2100):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


@cache
def _all_months() -> dict[str, int]:
    """Month names and abbreviations of every language, folded, to month numbers."""
    months: dict[str, int] = {}
    for lang in lexicon.available_languages():
        months.update({fold(k): int(v) for k, v in lexicon.load(lang).mapping("months").items()})
    return months


def _month_abbreviation(word: str) -> bool:
    """ "sept", "févr", "Jan": the start of a longer month name ("mai" is a whole one)."""
    folded = fold(word)
    return folded in _all_months() and any(
        len(name) > len(folded) and name.startswith(folded) for name in _all_months()
    )


def _has_date_word(text: str) -> bool:
    if any(ch.isdigit() for ch in text):
        return True
    months = _all_months()
    return any(fold(w) in months for w in words(text))


def match_dateline(line: str) -> tuple[int, dict[str, str | None]] | None:
    """Length and parts (place, date, agency) of a dateline opening ``line``, or None."""
    m = _DATELINE.match(line)
    if not m:
        return None
    head, agency = m["head"].strip(), (m["agency"] or "").strip() or None
    parts = [p.strip() for p in re.split(r"\s*[,/]\s*", head) if p.strip()]
    if not parts:
        return None
    place_words = words(parts[0])
    if not place_words or len(parts[0].split()) > 4 or not parts[0][0].isupper():
        return None
    if any(
        not (w[0].isupper() or w.lower() in {"de", "du", "la", "le", "of", "el"})
        for w in parts[0].split()
    ):
        return None
    place, date = parts[0], None
    rest = parts[1:]
    if rest and not _has_date_word(rest[0]) and rest[0][:1].isupper() and len(rest[0].split()) <= 3:
        place = f"{place}, {rest[0]}"  # "KYIV, Ukraine (AP) —"
        rest = rest[1:]
    if rest:
        date = ", ".join(rest)
        if not _has_date_word(date) or len(date.split()) > 5:
            return None
        after = line[m.end("head") :].lstrip()
        if after.startswith(".") and _month_abbreviation(date.split()[-1]):
            date += "."  # "9 sept. –": the abbreviation's period, not the dateline's
    all_caps = parts[0].replace(" ", "").replace("-", "").isupper() and len(parts[0]) >= 3
    if not (agency or date or all_caps):
        return None
    if agency and (len(agency.split()) > 4 or not agency[:1].isalpha()):
        return None
    return m.end(), {"place": place, "date": date, "agency": agency}


class _PhraseIndex:
    """Phrases keyed by their first word, to find any of them in a line in one pass."""

    def __init__(self, phrases: tuple[str, ...]) -> None:
        self.by_first: dict[str, list[str]] = {}
        for p in phrases:
            first = _WORD_START.match(p)
            self.by_first.setdefault(first.group() if first else p, []).append(p)

    def found_in(self, folded: str) -> bool:
        """True when one of the phrases occurs in ``folded`` starting at a word."""
        # Settle most lines with set and substring tests in C: a phrase needs its first
        # word in the line and, when longer, its whole text somewhere in it.
        for first in self.by_first.keys() & set(_WORD_START.findall(folded)):
            for p in self.by_first[first]:
                if p == first:
                    return True
                if p in folded:
                    return self._scan(folded)
        return False

    def _scan(self, folded: str) -> bool:
        """The exact search: every word start of ``folded`` against its phrases."""
        for m in _WORD_START.finditer(folded):
            for p in self.by_first.get(m.group(), ()):
                if folded.startswith(p, m.start()):
                    return True
        return False


_WORD_START = re.compile(r"\w[\w'\-]*")


@cache
def _rules() -> _LineRules:
    return _LineRules()


def _alternation(phrases: tuple[str, ...], whole_words: bool) -> re.Pattern[str]:
    body = "|".join(re.escape(p) for p in phrases)  # longest first, so greedy
    return re.compile(rf"(?:{body})(?!\w)" if whole_words else rf"(?:{body})")


class _LineRules:
    """Boilerplate predicates over one line, with the phrases of every language."""

    def __init__(self) -> None:
        self.teasers = lexicon.all_phrases("teasers")
        self.teaser_re = _alternation(self.teasers, whole_words=True)
        self.teaser_set = frozenset(self.teasers)
        self.notices = _PhraseIndex(lexicon.all_phrases("notices"))
        self.teaser_prefixes = lexicon.all_phrases("teaser_prefixes")
        self.navigation = set(lexicon.all_phrases("navigation"))
        self.counter_words = frozenset(lexicon.all_phrases("counter_words"))
        # Counter noise removal keeps every character outside _COUNTER_NOISE_CHARS, so a
        # line holding more of them than the longest counter word has cannot be a counter.
        longest = max(map(len, self.counter_words), default=0)
        self.too_long_for_counter = re.compile(
            rf"{_COUNTER_NOISE_CHARS}*"
            rf"(?:{_COUNTER_KEPT_CHAR}{_COUNTER_NOISE_CHARS}*){{{longest + 1}}}"
        )
        self.caption_prefixes = lexicon.all_phrases("caption_prefixes")
        self.credit_after_caption = re.compile(
            r"\. (?:" + "|".join(map(re.escape, self.caption_prefixes)) + ")"
        )
        self.caption_labels = frozenset(lexicon.all_phrases("caption_labels"))
        self.time_ago = lexicon.all_phrases("time_ago_words")
        self.share_words = frozenset(lexicon.all_phrases("share_words"))
        self.share_widget_words = frozenset(lexicon.all_phrases("share_widget_words"))
        self.bylines = lexicon.all_phrases("byline_prefixes")
        self.date_prefixes = lexicon.all_phrases("date_prefixes")
        self.date_prefix_set = frozenset(self.date_prefixes)
        self.weekdays = frozenset(lexicon.all_phrases("weekdays"))

    def is_teaser(self, line: str, folded: str) -> bool:
        if folded.startswith(self.teaser_prefixes):
            return True  # "Article précédentTwitter…": the linked headline is glued on
        m = self.teaser_re.match(folded)
        if m:
            phrase = m.group()
            if phrase:
                rest = line[len(phrase) :].strip()
                if not rest or rest[0] in ":|-–—>»•/" or phrase.endswith(":"):
                    return True
                # a bare linked headline after the lead word: short, no final punctuation
                return not ends_sentence(line) and not _more_words_than(rest, 20)
        return False

    def is_counter(self, line: str, folded: str) -> bool:
        if _LONE_NUMBER.match(line):
            return True
        if self.too_long_for_counter.match(folded):
            return False
        stripped = " ".join(_COUNTER_NOISE.sub(" ", folded).split()).rstrip(".")
        return stripped in self.counter_words and stripped != " ".join(folded.split())

    def is_navigation(self, line: str, folded: str) -> bool:
        if folded.strip(" :|") in self.navigation:
            return True
        # a menu trail needs a spaced separator ("Monde > Europe"): one search settles most
        # lines before they are split into pieces
        if not _SEPARATORS.search(line):
            return False
        pieces = [p.strip() for p in re.split(r"[>›»/|•·]", folded) if p.strip()]
        return (
            len(pieces) >= 2
            and not ends_sentence(line)
            and sum(len(p.split()) <= 3 for p in pieces) >= len(pieces) - 1
        )

    def photo_credit(self, folded: str) -> int | None:
        """Where a photo credit starts in a line ("Photograph: …", "Photo : AFP"), or None.

        At the start, or after a caption's sentence on the same line.
        """
        if folded.startswith(self.caption_prefixes):
            return 0
        found = self.credit_after_caption.search(folded)
        return found.start() + 2 if found else None

    def is_share_widget(self, line: str, folded: str) -> bool:
        """A share button's label: "Share this article", "Partager sur LinkedIn", "Teilen".

        The share verb first, then at most four words that are widget words ("this",
        "article", "sur") or a network's name (capitalised); "Share prices fall" is text.
        """
        first, _, rest = folded.partition(" ")
        if first.rstrip(":") not in self.share_words or ends_sentence(line.rstrip(": ")):
            return False
        others = line.split()[1:]
        return len(others) <= 4 and all(
            fold(w).strip(":") in self.share_widget_words or w[0].isupper() for w in others
        )

    def starts_with_home(self, folded: str) -> bool:
        first = folded.split(" ", 1)[0].strip(":|>›»")
        return first in self.navigation and first not in {"news", "world", "share", "email"}

    def is_notice(self, line: str, folded: str) -> bool:
        if line.count(" ") > 45:
            return False  # banners are short; a long paragraph that mentions cookies is prose
        if folded.startswith(("©", "(c) ", "copyright")):
            return True
        return self.notices.found_in(folded)

    def byline(self, line: str, folded: str) -> str | None:
        if ends_sentence(line.rstrip(".")) and line.rstrip().endswith((".", "!", "?")):
            return None
        if _more_words_than(line, 10):
            return None
        for prefix in self.bylines:
            if _starts_with(folded, prefix):
                rest = line[len(prefix) :].strip(" :")
                rest = re.split(r"\s[|–—-]\s|,|\s\(", rest)[0].strip()
                if rest[:1].isupper() and 1 <= len(rest.split()) <= 8:
                    return rest
        return None

    def date_line(self, line: str, folded: str) -> str | None:
        if _more_words_than(line, 14):
            return None
        iso = parse_date(line)
        if not iso:
            return None
        if folded.startswith(self.date_prefixes):
            return iso
        # a line that is nothing but a date (and maybe a time): "Tue 12 Aug 2025 14.05 BST"
        leftover = re.sub(r"[\d\s.,:/h\-–|à]+", " ", folded)
        n_words = len([w for w in leftover.split() if not self._date_word(w)])
        return iso if n_words <= 2 else None

    def is_caption_label(self, folded: str) -> bool:
        """ "Image caption," or "Légende :" on a line of its own: the caption follows."""
        return folded.strip(" ,:") in self.caption_labels

    def is_time_ago(self, line: str, folded: str) -> bool:
        """ "3 hours ago", "il y a 2 heures", or a date prefix alone ("Published")."""
        if _more_words_than(line, 5):
            return False  # most lines: settled by one bounded split
        if folded.strip(" :") in self.date_prefix_set:
            return True
        if not any(ch.isdigit() for ch in line):
            return False
        padded = f" {folded} "
        return any(f" {marker} " in padded for marker in self.time_ago)

    def undated_publication_line(self, line: str, folded: str) -> bool:
        """ "Publié aujourd'hui à 12h04", "Updated 2 hours ago": a date prefix and a time or
        a count, on a short line, with no date to read."""
        return (
            folded.startswith(self.date_prefixes)
            and not _more_words_than(line, 12)
            and any(ch.isdigit() for ch in line)
            and not ends_sentence(line.rstrip("."))
            and parse_date(line) is None
        )

    def _date_word(self, word: str) -> bool:
        """A weekday or month, whole or abbreviated ("tue", "aug"), or a time zone."""
        return (
            word in self.weekdays
            or word in _all_months()
            or word in _TIME_WORDS
            or (len(word) >= 3 and any(day.startswith(word) for day in self.weekdays))
        )


def _label(line: str) -> bool:
    """A few words without a sentence's end: a section name, a role, a button."""
    return not _more_words_than(line, 3) and not ends_sentence(line)


def _prose(line: str) -> bool:
    """A sentence of some length, as body text has and menus and headlines do not."""
    return _more_words_than(line, 5) and ends_sentence(line)


def _headline_above_body(lines: list[str], keep: list[bool], first_body: int) -> int | None:
    """The headline of a pasted page: the top of the run of headline-like lines (headline,
    standfirst, byline) just above the first paragraph of prose, past the dates, counters
    and share buttons between them. None when prose stands above it (the body began with
    a short paragraph) or when there is no such run."""
    k = first_body - 1
    while k >= 0 and (not keep[k] or not _more_words_than(lines[k], 2)):
        k -= 1
    run = []
    while k >= 0 and keep[k] and _headline_like(lines[k]):
        run.append(k)
        k -= 1
    if not run or first_body >= len(lines):
        return None
    top = run[-1]
    if any(keep[j] and _prose(lines[j]) for j in range(top)):
        return None
    return top


def _byline_without_by(line: str) -> str | None:
    """The name opening a short credit line under a headline: "Kate Connolly in Berlin",
    "Rachel Adams, Health Reporter"."""
    words = line.split()
    if not 2 <= len(words) <= 6 or ends_sentence(line):
        return None
    name = []
    for word in words:
        bare = word.rstrip(",")
        if not (bare[:1].isupper() and bare[1:].islower() and bare.isalpha()):
            break
        name.append(bare)
        if word.endswith(","):
            break
    rest = words[len(name) :]
    if not 2 <= len(name) <= 3 or (rest and rest[0][:1].isupper()):
        return None
    return " ".join(name)


def _breadcrumb_of(line: str, title: str) -> bool:
    """True when ``line`` repeats the (maybe truncated) title after other words."""
    fl, ft = fold(line).rstrip(" .…"), fold(title).rstrip(" .…")
    if not ft or fl == ft:
        return False
    if ft in fl:
        return True
    probe = ft[: min(25, len(ft))]
    pos = fl.find(probe)
    return pos > 0 and ft.startswith(fl[pos:])


def _headline_like(line: str) -> bool:
    n = len(line.split(None, 40))  # the word count, or 41 for any count above 40
    tail = line.rstrip(' »”"’\u00a0')
    return (
        3 <= n <= 40
        and not tail.endswith((".", ":", ";", ",", "!", "…"))
        and not _LONE_NUMBER.match(line)
    )


def _body_like(line: str) -> bool:
    stripped = line.rstrip()
    truncated = stripped.endswith(("...", "…"))  # a cut-off headline, not prose
    return _more_words_than(line, 11) and ends_sentence(line) and not truncated


def _join_wrapped(lines: list[tuple[int, str]]) -> list[str]:
    """Join hard-wrapped lines of one block (a line continued by a lower-case start)."""
    out: list[str] = []
    prev_block = None
    for block, line in lines:
        if (
            out
            and block == prev_block
            and not ends_sentence(out[-1])
            and line[:1].islower()
            and _more_words_than(out[-1], 5)
        ):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        prev_block = block
    return out


def clean(raw: str, *, meta: dict[str, str | None] | None = None) -> CleanText:
    """Clean body text and metadata from decoded text (pasted or extracted by trafilatura)."""
    meta = dict(meta or {})
    text = normalise(raw)
    blocks: list[tuple[int, str]] = []
    block = 0
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            block += 1
            continue
        blocks.append((block, line))
    lines = _join_wrapped(blocks)
    rules = _rules()

    title = (meta.get("title") or "").strip() or None
    author = meta.get("author")
    published = parse_date(meta["published"]) if meta.get("published") else None
    site = meta.get("site")

    # The head is everything before the first line that reads like body prose.
    first_body = next((i for i, ln in enumerate(lines) if _body_like(ln)), len(lines))
    keep: list[bool] = [True] * len(lines)
    dateline: dict[str, str | None] | None = None
    dateline_cut: dict[int, int] = {}

    folded_lines = [fold(line) for line in lines]  # also compared with the title below
    teaser_block = False  # inside "More on this story" and the headlines it lists
    for i, line in enumerate(lines):
        folded = folded_lines[i]
        in_head = i < first_body
        if teaser_block and not _body_like(line) and not line.rstrip().endswith(_PROSE_ENDS):
            keep[i] = False  # a listed headline: no final period
            continue
        teaser_block = False
        if rules.is_caption_label(folded):
            keep[i] = False  # "Image caption," and the caption on the next line
            if i + 1 < len(lines) and not _body_like(lines[i + 1]):
                keep[i + 1] = False
            continue
        if not keep[i]:
            continue  # a caption dropped with its label
        if rules.is_time_ago(line, folded):
            keep[i] = False
            continue
        if folded.strip(" :|") in rules.teaser_set:
            keep[i] = False  # a related-stories heading: the headlines under it go too
            teaser_block = True
            continue
        if (
            rules.is_teaser(line, folded)
            or rules.is_counter(line, folded)
            or rules.is_notice(line, folded)
            or rules.is_navigation(line, folded)
            or rules.is_share_widget(line, folded)
        ):
            keep[i] = False
            continue
        if in_head and rules.starts_with_home(folded) and not _body_like(line):
            keep[i] = False  # "Accueil Monde Europe Le titre tronqué..."
            continue
        if in_head and (credit := rules.photo_credit(folded)) is not None:
            keep[i] = False  # "… lows. Photograph: Martin Meissner/AP"
            if credit == 0 and i > 0 and not _more_words_than(lines[i - 1], 30):
                keep[i - 1] = False  # the caption above a credit line of its own
            continue
        if rules.undated_publication_line(line, folded):
            keep[i] = False  # "Publié aujourd'hui à 12h04": when, but no date to keep
            continue
        if in_head or not _more_words_than(line, 10):
            by = rules.byline(line, folded)
            if by:
                author = author or by
                keep[i] = False
                continue
            when = rules.date_line(line, folded)
            if when:
                published = published or when
                keep[i] = False
                continue
        if in_head and dateline is None and (found := match_dateline(line)):
            end, parts = found
            if end >= len(line.rstrip()) - 1:  # the dateline on a line of its own
                dateline = parts
                keep[i] = False
                continue

    top = _headline_above_body(lines, keep, first_body) if title is None else None
    if top is not None:
        title = lines[top].rstrip(" .…")
        for j in range(top):
            if keep[j] and not _prose(lines[j]):
                keep[j] = False  # menus, section labels and kickers above the headline
        for j in range(top + 1, first_body):
            if keep[j] and (name := _byline_without_by(lines[j])):
                author = author or name  # "Kate Connolly in Berlin" under the headline
                keep[j] = False
            elif keep[j] and _label(lines[j]):
                keep[j] = False  # "Business editor", "Share page" between headline and text
    elif title is None and first_body < len(lines):  # a title needs a body after it
        for i in range(first_body):
            line = lines[i]
            if (
                keep[i]
                and _headline_like(line)
                and not any(
                    _breadcrumb_of(line, other)
                    for j, other in enumerate(lines[:first_body])
                    if j != i and keep[j] and _headline_like(other)
                )
            ):
                title = line.rstrip(" .…")
                # a few words above the headline are a section label ("International",
                # "Politique | Élections"), not the start of the article
                for j in range(i):
                    if keep[j] and _label(lines[j]):
                        keep[j] = False
                break
    if title:
        folded_title = fold(title).rstrip(" .…")
        for i, line in enumerate(lines):
            if not keep[i]:
                continue
            if folded_lines[i].rstrip(" .…") == folded_title or (
                i < first_body + 1 and _breadcrumb_of(line, title) and not _body_like(line)
            ):
                keep[i] = False

    # After the article's last sentence, short lines are the page's: tags, "Most viewed",
    # "Reuse this content".
    last_prose = next(
        (i for i in range(len(lines) - 1, -1, -1) if keep[i] and _prose(lines[i])), None
    )
    if last_prose is not None:
        for i in range(last_prose + 1, len(lines)):
            if keep[i] and not ends_sentence(lines[i]) and not _more_words_than(lines[i], 5):
                keep[i] = False

    # A dateline opening the first kept paragraph ("WASHINGTON (CNN) — The …").
    first_kept = next((i for i, k in enumerate(keep) if k), None)
    if dateline is None and first_kept is not None and (found := match_dateline(lines[first_kept])):
        end, parts = found
        if len(lines[first_kept]) - end > 20:
            dateline = parts
            dateline_cut[first_kept] = end

    paragraphs: list[tuple[int, int]] = []
    pieces: list[str] = []
    pos = 0
    for i, line in enumerate(lines):
        if not keep[i]:
            continue
        body = line[dateline_cut.get(i, 0) :].strip()
        if not body:
            continue
        if pieces:
            pieces.append("\n\n")
            pos += 2
        pieces.append(body)
        paragraphs.append((pos, pos + len(body)))
        pos += len(body)
    if dateline:
        if not published and dateline.get("date"):
            published = parse_date(dateline["date"])
        site = site or dateline.get("agency")
    return CleanText(
        text="".join(pieces),
        paragraphs=paragraphs,
        title=title,
        author=author,
        published=published,
        site=site,
        dateline=dateline,
    )
