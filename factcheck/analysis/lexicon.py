"""Per-language word lists, loaded once from ``data/<lang>.json``.

Adding a language means adding one JSON file with the same keys as ``en.json``;
missing keys fall back to empty lists so a small file still works.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
#: Language used when the detected language has no data file.
FALLBACK_LANGUAGE = "en"
_LANG_FILE = re.compile(r"^[a-z]{2}\.json$")


def _fold(word: str) -> str:
    """Lower-case and fold typographic apostrophes so look-ups ignore them."""
    return word.lower().replace("’", "'")


@dataclass(frozen=True, eq=False)  # identity hash: one instance per language (cached)
class Lexicon:
    """Word lists of one language, with sets ready for O(1) look-ups."""

    language: str
    raw: dict
    _sets: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    def words(self, key: str) -> frozenset[str]:
        """A folded set of the list stored under ``key`` (empty when absent)."""
        found = self._sets.get(key)
        if found is None:
            found = self._sets[key] = _word_set(self.language, key)
        return found

    def mapping(self, key: str) -> dict:
        """The dict stored under ``key`` (empty when absent)."""
        value = self.raw.get(key) or {}
        return value if isinstance(value, dict) else {}

    def flag(self, key: str) -> bool:
        """A boolean option of the language file."""
        return bool(self.raw.get(key, False))

    def phrases(self, key: str) -> tuple[str, ...]:
        """The list under ``key``, folded, longest first (so prefixes match greedily)."""
        return _phrases(self.language, key)


class WordSets:
    """A lexicon's word sets as attributes (``ws.auxiliaries``), for hot loops.

    ``lex.words(key)`` is a method call and a dict look-up each time; an attribute is
    one look-up. Each set is fetched on first use, then stored on the instance.
    """

    def __init__(self, lex: Lexicon) -> None:
        self._lex = lex

    def __getattr__(self, key: str) -> frozenset[str]:
        if key.startswith("_"):
            raise AttributeError(key)
        found = self._lex.words(key)
        setattr(self, key, found)
        return found


@cache
def word_sets(lex: Lexicon) -> WordSets:
    """The shared :class:`WordSets` of ``lex`` (lexicons are cached: one per language)."""
    return WordSets(lex)


@cache
def available_languages() -> tuple[str, ...]:
    """Codes of the languages that have a data file, sorted."""
    return tuple(sorted(p.stem for p in DATA_DIR.glob("*.json") if _LANG_FILE.match(p.name)))


@cache
def load(language: str) -> Lexicon:
    """The lexicon of ``language``, or of the fallback language when it has no file."""
    if language not in available_languages():
        language = FALLBACK_LANGUAGE
    with open(DATA_DIR / f"{language}.json", encoding="utf-8") as f:
        return Lexicon(language, json.load(f))


@cache
def _word_set(language: str, key: str) -> frozenset[str]:
    value = load(language).raw.get(key) or []
    if isinstance(value, dict):
        value = list(value)
    return frozenset(_fold(w) for w in value)


@cache
def _phrases(language: str, key: str) -> tuple[str, ...]:
    value = load(language).raw.get(key) or []
    return tuple(sorted({_fold(w) for w in value}, key=len, reverse=True))


@cache
def all_phrases(key: str) -> tuple[str, ...]:
    """The union of ``key`` over every language, longest first (boilerplate is multilingual)."""
    out: set[str] = set()
    for lang in available_languages():
        out.update(load(lang).phrases(key))
    return tuple(sorted(out, key=len, reverse=True))


fold = _fold
