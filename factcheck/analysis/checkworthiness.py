"""Sentence check-worthiness: a logistic score over transparent, language-aware features.

Every feature has a language-independent name ("opinion_verb", "figure", ...); each
language supplies its own words in ``data/checkworthiness_<lang>.json``, so weights
learned on English debate sentences carry over to French news. The weights live in
``data/checkworthiness_model.json`` (written by ``bench/train_checkworthiness.py``).
Plain Python on purpose: no numpy or scikit-learn at runtime, tens of µs a sentence.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .tokens import Token

DATA_DIR = Path(__file__).resolve().parent / "data"
MODEL_PATH = DATA_DIR / "checkworthiness_model.json"

#: Prefix of the optional per-language word features ("lex:percent").
LEXICAL_PREFIX = "lex:"
#: How many reasons :func:`score_sentence` returns at most.
MAX_REASONS = 4
#: Contributions (in logits) smaller than this are not worth showing a reviewer.
MIN_REASON_WEIGHT = 0.15

#: Human-readable label of every feature, shown with its evidence in the reasons.
LABELS: dict[str, str] = {
    "figure": "contains a figure",
    "many_figures": "several figures",
    "year": "year",
    "percent": "percentage",
    "money": "money or budget",
    "large_number": "large quantity",
    "unit": "unit of measure",
    "number_word": "number in words",
    "date": "date or time reference",
    "comparative": "comparison",
    "superlative": "superlative or absolute",
    "trend_verb": "change or trend",
    "factual_verb": "factual verb",
    "past_event": "past event",
    "opinion_verb": "opinion verb",
    "evaluative": "evaluative word",
    "first_person": "first person",
    "first_person_opinion": "first-person opinion",
    "second_person": "addresses the reader",
    "hedge": "hedge",
    "conditional": "conditional",
    "modal_future": "modal or future",
    "question": "question",
    "question_start": "question",
    "exclamation": "exclamation",
    "greeting_imperative": "greeting or imperative",
    "filler": "filler or intensifier",
    "causal": "cause or consequence",
    "legal_rule": "law or rule",
    "attribution": "attributed",
    "attribution_shell": "attribution with little content",
    "negation": "negation",
    "vague_quantifier": "vague quantity",
    "institution": "institution or group",
    "topic_economy": "topic: economy",
    "topic_security": "topic: security, war or crime",
    "topic_public": "topic: health, education or energy",
    "named_entity": "named entity",
    "several_named_entities": "several named entities",
    "acronym": "acronym",
    "quotation": "quotation",
    "length_short": "very short",
    "length_long": "long sentence",
    "length_very_long": "very long sentence",
}

# Digits with French/English group separators ("2 000", "1,5", "3.2"); a no-break or
# narrow no-break space is the French thousands separator. Same matches as
# r"(?<![\w.,])\d+…", but starting with a digit lets the regex engine jump from digit
# to digit instead of trying the lookbehind at every character (~2.5× faster).
_NUMBER_RE = re.compile(r"\d(?<![\w.,]\d)\d*(?:[ \u00a0\u202f.,]\d+)*(?![\w])")
_YEAR_RE = re.compile(r"^(?:1[6-9]\d\d|20\d\d)$")
_SYMBOL_RE = {"percent": re.compile(r"%|‰"), "money": re.compile(r"[$€£¥₽₹]")}
# Any symbol of _SYMBOL_RE: most sentences have none, and one search settles them all.
_ANY_SYMBOL_RE = re.compile(r"[%‰$€£¥₽₹]")
_WORD_RE = re.compile(r"[^\W\d_]+")
# The same words, kept by ``split`` with the text between them: the words come out as
# plain strings (no match object each) and each separator gives the character before a word.
_WORD_SPLIT_RE = re.compile(r"([^\W\d_]+)")
_QUOTE_CHARS = '«»“”„"'
# Opening marks after which a capital letter is a new sentence start, not a name.
_START_CHARS = "«“„\"'(:;-–—.!?[‘"
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})


def _fold_apostrophes(text: str) -> str:
    """``text.translate(_APOSTROPHES)``; three ``replace`` calls are ~10× faster on non-ASCII."""
    return text.replace("’", "'").replace("‘", "'").replace("ʼ", "'")


def _required_literals(pattern: str) -> tuple[tuple[str, ...], ...]:
    """Literal sets a match of ``pattern`` must contain one string of, each (cheapest first).

    "(?:rais|rait|rions)\\b" gives (("rais", "rait", "rions"),): a sentence holding none of
    them cannot match, and a few substring tests cost far less than the regex search. Read
    from the parsed pattern; any construct not understood simply adds no requirement.
    """
    try:
        from re import _parser  # the stdlib's own parser (private: guarded)

        parsed = _parser.parse(pattern)
    except Exception:  # noqa: BLE001 - no prefilter is always correct
        return ()
    if parsed.state.flags & re.IGNORECASE:
        return ()
    found = [req for req in _sequence_literals(parsed) if all(req)]
    return tuple(sorted(found, key=lambda req: (len(req), -min(map(len, req)))))


def _sequence_literals(items) -> list[tuple[str, ...]]:
    """Requirements of a parsed sequence: its literal runs and those of required groups."""
    from re import _constants as c

    out: list[tuple[str, ...]] = []
    run: list[str] = []
    for op, av in items:
        if op is c.LITERAL:
            run.append(chr(av))
            continue
        if op is c.BRANCH and (alts := _literal_alternatives(av[1])) is not None:
            # "r(?:ais|ait)" (how the parser factors "rais|rait") needs "rais" or "rait",
            # far rarer than "r" and "ais"/"ait" taken apart
            prefix = "".join(run)
            out.append(tuple(dict.fromkeys(prefix + alt for alt in alts)))
            run = []
            continue
        if run:
            out.append(("".join(run),))
            run = []
        if op is c.SUBPATTERN and not (av[1] & re.IGNORECASE):
            out += _sequence_literals(av[3])
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
            out += _sequence_literals(av[2])
        elif op is c.BRANCH:
            # each alternative must give one: keep the most selective of each
            choices = []
            for alt in av[1]:
                reqs = _sequence_literals(alt)
                if not reqs:
                    break
                choices.append(max(reqs, key=lambda req: min(map(len, req))))
            else:
                out.append(tuple(dict.fromkeys(x for req in choices for x in req)))
    if run:
        out.append(("".join(run),))
    return out


def _literal_alternatives(alternatives) -> list[str] | None:
    """The strings of a parsed branch whose alternatives are all plain literals, else None."""
    from re import _constants as c

    out = []
    for alt in alternatives:
        if not alt or any(op is not c.LITERAL for op, _ in alt):
            return None
        out.append("".join(chr(av) for _, av in alt))
    return out


def _may_match(requirements: tuple[tuple[str, ...], ...], text: str) -> bool:
    """False when ``text`` lacks every string of one of the pattern's required literal sets."""
    for req in requirements:
        for literal in req:
            if literal in text:
                break
        else:
            return False
    return True


# Runs of word characters, as the regex engine's ``\w`` sees them (phrase look-ups).
_WORD_RUN_RE = re.compile(r"\w+")
_WORD_CHAR_RE = re.compile(r"\w")


@dataclass(slots=True)
class SentenceWords:
    """A sentence's words as the scorer sees them (runs of letters), read off its tokens."""

    full: str  # the text the offsets point into (the article)
    originals: list[str]
    lowered: list[str]
    # each word's offsets: the token itself when the word is a whole token, else a token
    # made for the run of letters inside one
    spans: list[Token]


def sentence_words(text: str, tokens: list[Token]) -> SentenceWords:
    """The scorer's words of one sentence from its ``tokenize`` tokens (offsets into ``text``).

    The same as splitting the sentence with ``_WORD_SPLIT_RE``: a token never joins letters
    with its neighbour (a word token takes every word character that follows it; elisions
    end with an apostrophe, numbers with a digit; a lone-character token is never a
    letter), so the runs of letters are those inside each token. Most tokens are one run.
    """
    originals: list[str] = []
    lowered: list[str] = []
    spans: list[Token] = []
    for tok in tokens:
        word = tok.text
        if word.isalpha():  # one run; letters only, so ``low`` is ``word.lower()``
            originals.append(word)
            lowered.append(tok.low)
            spans.append(tok)
        # a lone character is a run when it is a word character but no digit, as
        # [^\W\d_] says; longer tokens ("covid-19", "aujourd'hui") are split by the regex
        elif len(word) > 1 or (word.isalnum() and not word.isdecimal()):
            for m in _WORD_RE.finditer(text, tok.start, tok.end):
                run = m.group()
                low = run.lower()
                originals.append(run)
                lowered.append(low)
                spans.append(Token(run, m.start(), m.end(), low))
    return SentenceWords(text, originals, lowered, spans)


@dataclass(frozen=True)
class _Lexicon:
    """One language's compiled word lists."""

    words: dict[str, tuple[str, ...]]  # token -> features it triggers
    # phrases keyed by their leading run of word characters, longest first, so one dict
    # look-up per word replaces a regex tried at every character
    phrases_by_first: dict[str, tuple[str, ...]]
    phrase_features: dict[str, tuple[str, ...]]
    # (feature, regex, literal sets the text must hold one string of each for a match)
    patterns: tuple[tuple[str, re.Pattern[str], tuple[tuple[str, ...], ...]], ...]
    # every phrase's first word is a run of letters, like the scorer's words (a prefilter)
    letter_first_words: bool
    not_names: frozenset[str]
    # German capitalises every noun, so a capital says nothing about names there.
    capitalised_nouns: bool


@dataclass(frozen=True)
class _Model:
    """Intercept and weights of one logistic model."""

    intercept: float
    weights: dict[str, float]
    # the "lex:<word>" weights keyed by the bare word, so scoring needs no string building
    lexical: dict[str, float] = field(default_factory=dict)


def _base_language(language: str | None) -> str:
    """'fr-FR' -> 'fr'."""
    return (language or "").lower().replace("_", "-").split("-")[0]


@cache
def _lexicon(language: str) -> _Lexicon | None:
    """Load and compile ``checkworthiness_<language>.json`` once; None when absent."""
    path = DATA_DIR / f"checkworthiness_{language}.json"
    if not language.isalpha() or not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    words: dict[str, list[str]] = {}
    phrases: dict[str, list[str]] = {}
    patterns: list[tuple[str, re.Pattern[str], tuple[tuple[str, ...], ...]]] = []
    for feature, spec in data["features"].items():
        for word in spec.get("words", []):
            words.setdefault(word.lower(), []).append(feature)
        for phrase in spec.get("phrases", []):
            key = " ".join(_fold_apostrophes(phrase.lower()).split())
            phrases.setdefault(key, []).append(feature)
        for pattern in spec.get("patterns", []):
            patterns.append((feature, re.compile(pattern), _required_literals(pattern)))
    # Longest first so "we're going to" wins over "going to" at the same position; a
    # shorter phrase starting at a later word is still found there (matches overlap).
    by_first: dict[str, list[str]] = {}
    for phrase in sorted(phrases, key=len, reverse=True):
        first = _WORD_RUN_RE.match(phrase)
        if first is None:
            raise ValueError(f"phrase {phrase!r} must start with a letter or digit")
        by_first.setdefault(first.group(), []).append(phrase)
    return _Lexicon(
        words={w: tuple(fs) for w, fs in words.items()},
        phrases_by_first={k: tuple(v) for k, v in by_first.items()},
        phrase_features={p: tuple(fs) for p, fs in phrases.items()},
        patterns=tuple(patterns),
        letter_first_words=all(_WORD_RE.fullmatch(first) for first in by_first),
        not_names=frozenset(w.lower() for w in data.get("not_names", [])),
        capitalised_nouns=bool(data.get("capitalised_nouns", False)),
    )


@cache
def _models() -> dict[str, _Model]:
    """Load the learned weights once: 'core' for every language, plus per-language ones."""
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    models = {}
    for name, spec in data["models"].items():
        weights = {k: float(v) for k, v in spec["weights"].items()}
        lexical = {
            k[len(LEXICAL_PREFIX) :]: v for k, v in weights.items() if k.startswith(LEXICAL_PREFIX)
        }
        models[name] = _Model(float(spec["intercept"]), weights, lexical)
    return models


def extract_features(
    text: str, language: str, *, source: str | None = None, has_quote: bool = False
) -> dict[str, str]:
    """Map each feature that fires on the sentence to its evidence (the words that fired)."""
    return _extract(text, _base_language(language), source, has_quote)[0]


def _candidate_phrases(
    lexicon: _Lexicon, text: str, lower: str, tokens: list[str], lowered: str
) -> list[str] | None:
    """Phrases that may occur in ``lowered`` (set and substring tests), or None: scan all.

    A phrase starts with a word that, when it is all letters, is one of the sentence's
    ``tokens`` too, unless lower-casing changed the text's length ("İ"), folding turned a
    letter into an apostrophe ("ʼ") or a final sigma was lowered in context ("Σ"); then,
    or when some first word is not all letters, only the full scan can tell.
    """
    if not lexicon.letter_first_words or len(lower) != len(text) or "ʼ" in text or "Σ" in text:
        return None
    by_first = lexicon.phrases_by_first
    return [
        phrase
        for first in by_first.keys() & set(tokens)
        for phrase in by_first[first]
        if phrase in lowered
    ]


def _phrases_at_words(lowered: str, phrases: list[str]) -> list[str]:
    """What :func:`_phrase_matches` finds, given every phrase that may occur (fewer scans).

    A phrase found at a position that starts a word and ending before a non-word
    character starts with that word's run, so the matches are the same; per position
    the longest wins, as there.
    """
    at: dict[int, str] = {}
    for phrase in phrases:
        pos = lowered.find(phrase)
        while pos >= 0:
            if (
                (pos == 0 or not _WORD_CHAR_RE.match(lowered, pos - 1))
                and not _WORD_CHAR_RE.match(lowered, pos + len(phrase))
                and len(phrase) > len(at.get(pos, ""))
            ):
                at[pos] = phrase
            pos = lowered.find(phrase, pos + 1)
    return [at[pos] for pos in sorted(at)]


def _phrase_matches(lexicon: _Lexicon, lowered: str) -> list[str]:
    """Phrases found in ``lowered``, by position; at one position only the longest."""
    found: list[str] = []
    by_first = lexicon.phrases_by_first
    for run in _WORD_RUN_RE.finditer(lowered):
        for phrase in by_first.get(run.group(), ()):
            end = run.start() + len(phrase)
            if lowered.startswith(phrase, run.start()) and not _WORD_CHAR_RE.match(lowered, end):
                found.append(phrase)
                break
    return found


def _extract(
    text: str, lang: str, source: str | None, has_quote: bool, words: SentenceWords | None = None
) -> tuple[dict[str, str], list[str]]:
    """The features of :func:`extract_features` and the sentence's lower-cased words.

    ``words``: the sentence's words when the caller has them (see :func:`sentence_words`).
    """
    found: dict[str, str] = {}
    lexicon = _lexicon(lang)

    numbers = _NUMBER_RE.findall(text)
    figures = [n for n in numbers if not _YEAR_RE.match(n)]
    if figures:
        found["figure"] = figures[0]
        if len(figures) > 1:
            found["many_figures"] = ", ".join(figures[:3])
    if len(figures) < len(numbers):
        found["year"] = next(n for n in numbers if _YEAR_RE.match(n))
    if _ANY_SYMBOL_RE.search(text):
        for feature, symbol_re in _SYMBOL_RE.items():
            match = symbol_re.search(text)
            if match:
                found[feature] = match.group(0)

    stripped = text.rstrip(" \t\n\"'»”)]")
    if stripped.endswith("?"):
        found["question"] = "?"
    elif stripped.endswith("!"):
        found["exclamation"] = "!"
    if has_quote or any(c in text for c in _QUOTE_CHARS):
        found["quotation"] = "quoted words"

    # Capitalised words not opening the sentence (or a quotation) are names, roughly.
    names: list[str] = []
    acronyms: list[str] = []
    not_names = lexicon.not_names if lexicon else frozenset()
    skip_plain = lexicon is not None and lexicon.capitalised_nouns
    if words is None:
        # parts alternate text between words and words: [before, w1, between, w2, ..., after]
        parts = _WORD_SPLIT_RE.split(text)
        originals = parts[1::2]
        tokens = list(map(str.lower, originals))
    else:
        parts = None
        originals, tokens = words.originals, words.lowered
    for k in range(1, len(originals)):  # the first word opens the sentence
        token = originals[k]
        if not token[0].isupper() or tokens[k] in not_names:
            continue
        # the last non-space characters before the word: its separator, else the word before
        if parts is not None:
            before = parts[2 * k].rstrip()
        else:
            before = words.full[words.spans[k - 1].end : words.spans[k].start].rstrip()
        if before:
            prev = before[-1]
            ante = before[-2] if len(before) > 1 else originals[k - 1][-1]
            elided = prev in "'’" and ante.isalpha()  # "l'OMS"
            if prev in _START_CHARS and not elided:
                continue
        if len(token) > 1 and token.isupper():
            acronyms.append(token)
        elif skip_plain:
            continue
        names.append(token)
    if names:
        found["named_entity"] = " ".join(names[:3])
        if len(set(names)) >= 3:
            found["several_named_entities"] = ", ".join(dict.fromkeys(names[:6]))
    if acronyms:
        found["acronym"] = acronyms[0]

    n_tokens = len(tokens)
    if n_tokens <= 6:
        found["length_short"] = f"{n_tokens} words"
    elif n_tokens > 35:
        found["length_very_long"] = f"{n_tokens} words"
    elif n_tokens > 20:
        found["length_long"] = f"{n_tokens} words"

    if lexicon is not None:
        words = lexicon.words
        for token in [t for t in tokens if t in words]:  # most words trigger nothing
            for feature in words[token]:
                found.setdefault(feature, token)
        lower = lowered = None
        if lexicon.phrases_by_first or lexicon.patterns:
            lower = text.lower()
            lowered = " ".join(_fold_apostrophes(lower).split())
        if lexicon.phrases_by_first and lower is not None and lowered is not None:
            candidates = _candidate_phrases(lexicon, text, lower, tokens, lowered)
            if candidates is None:
                matches = _phrase_matches(lexicon, lowered)
            else:
                matches = _phrases_at_words(lowered, candidates) if candidates else []
            for phrase in matches:
                for feature in lexicon.phrase_features[phrase]:
                    found.setdefault(feature, phrase)
        for feature, pattern, needs in lexicon.patterns:
            if feature not in found and lowered is not None and _may_match(needs, lowered):
                match = pattern.search(lowered)
                if match:
                    found[feature] = match.group(0).strip()[:40]

    if "question_start" in found:
        found.setdefault("question", found.pop("question_start"))
    if source:
        found.setdefault("attribution", source)
    if "attribution" in found and n_tokens <= 10 and not figures:
        # "He said so." reports that someone spoke, not a fact that can be checked.
        found["attribution_shell"] = found["attribution"]
    return found, tokens


def lexical_tokens(text: str) -> set[str]:
    """Lower-cased word tokens, as the optional lexical features see them."""
    return {m.group(0).lower() for m in _WORD_RE.finditer(text)}


def _reason(feature: str, evidence: str, contribution: float) -> str:
    """Format one reason: label, evidence, and a minus sign when it lowers the score."""
    if feature.startswith(LEXICAL_PREFIX):
        text = f"word “{feature[len(LEXICAL_PREFIX) :]}”"
    else:
        label = LABELS.get(feature, feature.replace("_", " "))
        text = label if not evidence or evidence == "?" else f"{label} ({evidence})"
    return text if contribution > 0 else f"{text} (−)"


def score_sentence(
    text: str, language: str, *, source: str | None = None, has_quote: bool = False
) -> tuple[float, list[str]]:
    """Return the sentence's check-worthiness in [0, 1] and the reasons that weigh most."""
    return _score(text, language, None, source, has_quote)


def score_words(
    text: str,
    language: str,
    words: SentenceWords,
    *,
    source: str | None = None,
    has_quote: bool = False,
) -> tuple[float, list[str]]:
    """:func:`score_sentence`, given the sentence's words (from :func:`sentence_words`)."""
    return _score(text, language, words, source, has_quote)


def _score(
    text: str, language: str, words: SentenceWords | None, source: str | None, has_quote: bool
) -> tuple[float, list[str]]:
    if not text or not text.strip():
        return 0.0, []
    lang = _base_language(language)
    models = _models()
    model = models.get(lang, models["core"])
    found, tokens = _extract(text, lang, source, has_quote, words)
    contributions: list[tuple[float, str, str]] = []
    z = model.intercept
    for feature, evidence in found.items():
        weight = model.weights.get(feature)
        if weight:
            z += weight
            contributions.append((weight, feature, evidence))
    if lang in models:
        # the same set (same insertion order) as lexical_tokens(text), without re-scanning
        lexical = model.lexical
        for token in set(tokens):
            weight = lexical.get(token)
            if weight:
                z += weight
                contributions.append((weight, LEXICAL_PREFIX + token, token))
    # Clamp so math.exp cannot overflow on a pathological sentence.
    z = max(-30.0, min(30.0, z))
    score = 1.0 / (1.0 + math.exp(-z))
    contributions.sort(key=lambda c: abs(c[0]), reverse=True)
    reasons = [
        _reason(feature, evidence, weight)
        for weight, feature, evidence in contributions[:MAX_REASONS]
        if abs(weight) >= MIN_REASON_WEIGHT
    ]
    return score, reasons
