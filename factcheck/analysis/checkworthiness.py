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
from dataclasses import dataclass
from functools import cache
from pathlib import Path

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
# narrow no-break space is the French thousands separator.
_NUMBER_RE = re.compile(r"(?<![\w.,])\d+(?:[ \u00a0\u202f.,]\d+)*(?![\w])")
_YEAR_RE = re.compile(r"^(?:1[6-9]\d\d|20\d\d)$")
_SYMBOL_RE = {"percent": re.compile(r"%|‰"), "money": re.compile(r"[$€£¥₽₹]")}
_WORD_RE = re.compile(r"[^\W\d_]+")
_QUOTE_CHARS = '«»“”„"'
# Opening marks after which a capital letter is a new sentence start, not a name.
_START_CHARS = "«“„\"'(:;-–—.!?[‘"
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})


@dataclass(frozen=True)
class _Lexicon:
    """One language's compiled word lists."""

    words: dict[str, tuple[str, ...]]  # token -> features it triggers
    phrases: re.Pattern[str] | None  # every multi-word phrase, overlapping matches
    phrase_features: dict[str, tuple[str, ...]]
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    not_names: frozenset[str]
    # German capitalises every noun, so a capital says nothing about names there.
    capitalised_nouns: bool


@dataclass(frozen=True)
class _Model:
    """Intercept and weights of one logistic model."""

    intercept: float
    weights: dict[str, float]


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
    patterns: list[tuple[str, re.Pattern[str]]] = []
    for feature, spec in data["features"].items():
        for word in spec.get("words", []):
            words.setdefault(word.lower(), []).append(feature)
        for phrase in spec.get("phrases", []):
            key = " ".join(phrase.lower().translate(_APOSTROPHES).split())
            phrases.setdefault(key, []).append(feature)
        for pattern in spec.get("patterns", []):
            patterns.append((feature, re.compile(pattern)))
    phrase_re = None
    if phrases:
        # Longest first so "we're going to" wins over "going to" at the same position;
        # the lookahead lets matches overlap so the shorter one is still found later.
        alternation = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
        phrase_re = re.compile(rf"(?=(?<!\w)({alternation})(?!\w))")
    return _Lexicon(
        words={w: tuple(fs) for w, fs in words.items()},
        phrases=phrase_re,
        phrase_features={p: tuple(fs) for p, fs in phrases.items()},
        patterns=tuple(patterns),
        not_names=frozenset(w.lower() for w in data.get("not_names", [])),
        capitalised_nouns=bool(data.get("capitalised_nouns", False)),
    )


@cache
def _models() -> dict[str, _Model]:
    """Load the learned weights once: 'core' for every language, plus per-language ones."""
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    return {
        name: _Model(float(spec["intercept"]), {k: float(v) for k, v in spec["weights"].items()})
        for name, spec in data["models"].items()
    }


def extract_features(
    text: str, language: str, *, source: str | None = None, has_quote: bool = False
) -> dict[str, str]:
    """Map each feature that fires on the sentence to its evidence (the words that fired)."""
    found: dict[str, str] = {}
    lang = _base_language(language)
    lexicon = _lexicon(lang)

    numbers = [m.group(0) for m in _NUMBER_RE.finditer(text)]
    figures = [n for n in numbers if not _YEAR_RE.match(n)]
    years = [n for n in numbers if _YEAR_RE.match(n)]
    if figures:
        found["figure"] = figures[0]
        if len(figures) > 1:
            found["many_figures"] = ", ".join(figures[:3])
    if years:
        found["year"] = years[0]
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
    tokens: list[str] = []
    for match in _WORD_RE.finditer(text):
        token = match.group(0)
        tokens.append(token.lower())
        if len(tokens) == 1 or not token[0].isupper() or token.lower() in not_names:
            continue
        before = text[: match.start()].rstrip()
        elided = len(before) >= 2 and before[-1] in "'’" and before[-2].isalpha()  # "l'OMS"
        if before and before[-1] in _START_CHARS and not elided:
            continue
        if len(token) > 1 and token.isupper():
            acronyms.append(token)
        elif lexicon is not None and lexicon.capitalised_nouns:
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
        for token in tokens:
            for feature in lexicon.words.get(token, ()):
                found.setdefault(feature, token)
        lowered = None
        if lexicon.phrases is not None or lexicon.patterns:
            lowered = " ".join(text.lower().translate(_APOSTROPHES).split())
        if lexicon.phrases is not None and lowered is not None:
            for match in lexicon.phrases.finditer(lowered):
                phrase = match.group(1)
                for feature in lexicon.phrase_features[phrase]:
                    found.setdefault(feature, phrase)
        for feature, pattern in lexicon.patterns:
            if feature not in found and lowered is not None:
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
    return found


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
    if not text or not text.strip():
        return 0.0, []
    lang = _base_language(language)
    models = _models()
    model = models.get(lang, models["core"])
    found = extract_features(text, lang, source=source, has_quote=has_quote)
    contributions: list[tuple[float, str, str]] = []
    z = model.intercept
    for feature, evidence in found.items():
        weight = model.weights.get(feature)
        if weight:
            z += weight
            contributions.append((weight, feature, evidence))
    if lang in models:
        for token in lexical_tokens(text):
            weight = model.weights.get(LEXICAL_PREFIX + token)
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
