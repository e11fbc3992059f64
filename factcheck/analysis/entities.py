"""The article's register of people and organisations, and mention normalisation.

As names appear ("le président américain Joe Biden", "Kremlin spokesman Dmitry Peskov,
…", "Mme Durand") the register learns full names, their genders, and the functions tied
to them. Any later mention ("M. Macron", "Peskov", "le porte-parole du Kremlin") is
then written as the fullest form the article gives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from .lexicon import Lexicon, word_sets
from .tokens import Token

#: How far back a function phrase may start before the name it describes.
_MAX_FUNCTION_TOKENS = 7


@cache
def _long_functions(lex: Lexicon) -> tuple[str, ...]:
    """Function nouns long enough to be recognised at the end of a compound word."""
    return tuple(f for f in lex.words("function_nouns") if len(f) >= 6)


@cache
def _multiword_functions(lex: Lexicon) -> tuple[str, ...]:
    """Function nouns of several words ("porte-parole du gouvernement", "prime minister")."""
    return tuple(f for f in lex.words("function_nouns") if " " in f)


@dataclass(frozen=True)
class Entity:
    """A speaker or source: its written form and what pronouns may refer to it."""

    name: str
    gender: str = ""  # "m", "f" or "" when unknown
    number: str = "s"  # "s" or "p"
    kind: str = ""  # "person", "org", "group" or "" when unknown


@dataclass
class Register:
    """Full names by surname, genders, and functions tied to names, for one article."""

    lex: Lexicon
    by_surname: dict[str, str] = field(default_factory=dict)
    genders: dict[str, str] = field(default_factory=dict)
    functions: dict[str, str | None] = field(default_factory=dict)
    _name_cache: dict[str, bool] = field(default_factory=dict)

    # -- word classes ------------------------------------------------------------
    def is_det(self, tok: Token) -> bool:
        """A determiner ("le", "l’", "the")."""
        return tok.low in self.determiners

    def __post_init__(self) -> None:
        # looked up for most tokens: fetched once per article, not once per call
        self.ws = word_sets(self.lex)
        self.determiners = self.ws.determiners
        self.honorifics = self.lex.mapping("honorifics")
        self.long_functions = _long_functions(self.lex)
        self.multiword_functions = _multiword_functions(self.lex)

    def is_honorific(self, tok: Token) -> bool:
        """An honorific before a name ("M", "Mme", "Mr", "Dr")."""
        honorifics = self.honorifics
        return tok.text in honorifics or (tok.text[-1:] == "." and tok.text[:-1] in honorifics)

    def is_function_word(self, low: str) -> bool:
        """A function noun, also inside a compound ("Regierungssprecher", "vice-président")."""
        if low in self.ws.function_nouns:
            return True
        return len(low) > 8 and low.endswith(self.long_functions)

    def is_name_token(self, tok: Token) -> bool:
        """A capitalised word that can be part of a person's name."""
        known = self._name_cache.get(tok.text)
        if known is None:
            known = self._name_cache[tok.text] = self._is_name_token(tok)
        return known

    def _is_name_token(self, tok: Token) -> bool:
        t = tok.text
        if not t[:1].isupper() or not t[:1].isalpha():
            return False
        low = tok.low
        if low in self.ws.stopwords or low in self.ws.not_name_words:
            return False
        if low in self.ws.months or low in self.ws.weekdays:
            return False
        if self.is_honorific(tok) or self.is_function_word(low):
            return False
        return len(t) == 1 or any(c.islower() for c in t[1:])

    # -- learning ----------------------------------------------------------------
    def learn(self, tokens: list[Token], text: str) -> None:
        """Add the names and function links of one sentence's tokens."""
        n = len(tokens)
        resume = 0  # the tokens of a name already read are not looked at again
        # a name starts with a capital: lower-case words need no look-up at all
        for i in [k for k, t in enumerate(tokens) if t.text[0].isupper()]:
            if i < resume or not self.is_name_token(tokens[i]):
                continue
            j = i
            names = [i]
            while j + 1 < n:
                nxt = tokens[j + 1]
                if nxt.start - tokens[j].end > 1:
                    break
                if self.is_name_token(nxt):
                    j += 1
                    names.append(j)
                elif (
                    nxt.low in self.ws.name_particles
                    and j + 2 < n
                    and self.is_name_token(tokens[j + 2])
                    and tokens[j + 2].start - nxt.end <= 1
                ):
                    j += 2
                    names.append(j)
                else:
                    break
            if len(names) >= 2:
                if self._place_before_person(tokens, i, len(names)):
                    i = names[-2]  # "le député de la Manche Paul Girard": the last two
                self._add_person(tokens, i, j, text)
            elif (
                i > 0
                and self.is_honorific(tokens[i - 1])
                or (i > 1 and tokens[i - 1].text == "." and self.is_honorific(tokens[i - 2]))
            ):
                self._note_gender(tokens, i, tokens[i].low)
            resume = j + 1

    def _note_gender(self, tokens: list[Token], i: int, key: str) -> None:
        k = i - 1
        if k >= 0 and tokens[k].text == ".":
            k -= 1
        if k >= 0 and self.is_honorific(tokens[k]):
            g = self.honorifics.get(tokens[k].text.rstrip("."), "")
            if g and g[0] in "mf" and len(g) == 1:
                self.genders.setdefault(key, g[0])

    def _add_person(self, tokens: list[Token], i: int, j: int, text: str) -> None:
        full = text[tokens[i].start : tokens[j].end]
        surname = tokens[j].low
        known = self.by_surname.get(surname)
        if known is None or len(full) > len(known):
            self.by_surname[surname] = full
        self.by_surname.setdefault(full.lower(), full)
        self._note_gender(tokens, i, surname)
        # function just before: "le président américain Joe Biden", "Kremlin spokesman X"
        phrase = self._function_before(tokens, i)
        if phrase is None and i >= 2 and tokens[i - 1].text == ",":
            phrase = self._function_before(tokens, i - 1)  # "le porte-parole du Kremlin, X"
        if phrase is None and j + 2 < len(tokens) and tokens[j + 1].text == ",":
            phrase = self._function_after(tokens, j + 2)  # "X, the defence minister,"
        if phrase:
            self._add_function(phrase, self.by_surname[surname])

    def _function_before(self, tokens: list[Token], end: int) -> list[str] | None:
        words: list[Token] = []
        k = end - 1
        while k >= 0 and len(words) < _MAX_FUNCTION_TOKENS:
            tok = tokens[k]
            if not tok.is_word or self.is_det(tok) and not self._after_preposition(tokens, k):
                break
            words.insert(0, tok)
            k -= 1
        return self._function_phrase(words)

    def _function_after(self, tokens: list[Token], start: int) -> list[str] | None:
        words: list[Token] = []
        k = start
        if k < len(tokens) and self.is_det(tokens[k]):
            k += 1
        while k < len(tokens) and tokens[k].is_word and len(words) < _MAX_FUNCTION_TOKENS:
            if tokens[k].low in self.ws.relative_pronouns:
                break
            words.append(tokens[k])
            k += 1
        if k < len(tokens) and tokens[k].text not in ",.;)":
            return None
        return self._function_phrase(words)

    def _after_preposition(self, tokens: list[Token], k: int) -> bool:
        return k > 0 and tokens[k - 1].low in self.ws.prepositions

    def _function_phrase(self, words: list[Token]) -> list[str] | None:
        lows = [w.low for w in words]
        # drop leading prepositions/particles left over from the walk back
        while lows and lows[0] in self.ws.prepositions:
            lows.pop(0)
        if not lows:
            return None
        joined = " ".join(lows)
        functions = self.ws.function_nouns
        if any(w in functions for w in lows) or any(f in joined for f in self.multiword_functions):
            return lows
        return None

    def _add_function(self, lows: list[str], name: str) -> None:
        keys = {" ".join(lows)}
        functions = self.ws.function_nouns
        heads = [w for w in lows if w in functions]
        if heads:
            keys.add(heads[0])
        for key in keys:
            if key in self.functions and self.functions[key] != name:
                self.functions[key] = None  # two people share it: ambiguous
            else:
                self.functions[key] = name
        gender = ""
        for w in lows:
            g = self.lex.mapping("function_gender").get(w)
            if g:
                gender = g
        if gender:
            self.genders.setdefault(name.split()[-1].lower(), gender)

    # -- normalisation -------------------------------------------------------------
    def expand(self, name: str) -> str:
        """The fullest form of a person's name the article gives ("Macron" → "Emmanuel Macron")."""
        low = name.lower()
        if low in self.by_surname:
            return self.by_surname[low]
        last = low.split()[-1] if low.split() else low
        full = self.by_surname.get(last)
        if full and all(part in full.lower().split() for part in low.split()):
            return full
        return name

    def gender_of(self, name: str) -> str:
        """The gender the article gives a person (honorific, function), or ""."""
        parts = name.lower().split()
        return self.genders.get(parts[-1], "") if parts else ""

    def canonical(self, toks: list[Token], text: str) -> Entity | None:
        """The entity an NP stands for, written in its fullest form (pronouns excluded)."""
        while toks and (not toks[-1].is_word and toks[-1].text not in ".»”"):
            toks = toks[:-1]
        while toks and toks[0].text in ",:;–—-":
            toks = toks[1:]
        if not toks or all(self.is_det(t) or not t.is_word for t in toks):
            return None  # "la" alone names no one
        coords = self.ws.coordinators
        cut = [k for k, t in enumerate(toks) if t.low in coords]
        if cut and any(t.is_capitalised for t in toks[cut[0] + 1 :]):
            k = cut[0]
            first = self._strip_honorific(toks[:k])
            second = self._strip_honorific(toks[k + 1 :])
            left = self.canonical(first, text) if first else None
            right = self.canonical(second, text) if second else None
            if left and right and left.kind in ("person", "") and right.kind in ("person", ""):
                return Entity(
                    f"{left.name} {toks[k].text} {right.name}", gender="", number="p", kind="person"
                )
        gender = ""
        honor = toks[0].text.rstrip(".")
        if self.is_honorific(toks[0]):
            g = self.honorifics.get(honor, "")
            gender = g[:1] if g[:1] in ("m", "f") else ""
            number = "p" if g.endswith("p") else "s"
            rest = self._strip_honorific(toks)
            if rest:
                name = self.expand(text[rest[0].start : rest[-1].end])
                return Entity(name, gender or self.gender_of(name), number, "person")
        span = text[toks[0].start : toks[-1].end]
        if self.is_det(toks[0]):
            det = toks[0].low
            number = (
                "p"
                if det
                in (
                    "les",
                    "des",
                    "ces",
                    "leurs",
                    "ses",
                    "these",
                    "those",
                    "their",
                    "several",
                    "some",
                    "many",
                )
                else "s"
            )
            gender = {
                "le": "m",
                "un": "m",
                "ce": "m",
                "cet": "m",
                "la": "f",
                "une": "f",
                "cette": "f",
            }.get(det, "")
            body = toks[1:]
            functions = self.ws.function_nouns
            if any(t.low in functions for t in body):
                key = " ".join(t.low for t in body)
                name = self.functions.get(key)
                if name is None:
                    heads = [t.low for t in body if t.low in functions]
                    if len(body) == 1 and heads:
                        name = self.functions.get(heads[0])
                if name:
                    return Entity(name, gender or self.gender_of(name), "s", "person")
                tail = self._trailing_name(body)
                if tail:
                    name = self.expand(text[tail[0].start : tail[-1].end])
                    return Entity(name, gender or self.gender_of(name), "s", "person")
                return Entity(span, gender, number, "person")
            if body and body[0].is_capitalised:
                return Entity(span, gender, number, "org")
            return Entity(span, gender, number, "group" if number == "p" else "")
        tail = self._trailing_name(toks)
        head = toks[: len(toks) - len(tail)]
        # "Kremlin spokesman Dmitry Peskov" is a person, "Central Maine Power" one name
        if tail and head and not self._name_of_words(head):
            name = self.expand(text[tail[0].start : tail[-1].end])
            return Entity(name, self.gender_of(name), "s", "person")
        if all(t.is_capitalised or t.low in self.ws.name_particles for t in toks if t.is_word):
            name = self.expand(span)
            kind = "person" if name != span or name.lower() in self.by_surname else ""
            return Entity(name, self.gender_of(name), "s", kind)
        return Entity(span, "", "s", "")

    def _name_of_words(self, head: list[Token]) -> bool:
        """Whether the words before a trailing name belong to the same proper name: all
        capitalised and none a function ("Central" in "Central Maine Power")."""
        words = [t for t in head if t.is_word]
        return bool(words) and all(
            t.is_capitalised and not self.is_function_word(t.low) and not self.is_honorific(t)
            for t in words
        )

    def _strip_honorific(self, toks: list[Token]) -> list[Token]:
        while toks and (self.is_honorific(toks[0]) or toks[0].text == "."):
            toks = toks[1:]
        return toks

    def _trailing_name(self, toks: list[Token]) -> list[Token]:
        """The run of name tokens that ends an NP ("… président américain Joe Biden")."""
        k = len(toks)
        while k > 0 and (
            self.is_name_token(toks[k - 1])
            or (
                toks[k - 1].low in self.ws.name_particles
                and k < len(toks)
                and self.is_name_token(toks[k - 2])
                if k >= 2
                else False
            )
        ):
            k -= 1
        run = toks[k:]
        if self._place_before_person(toks, k, len(run)):
            return run[-2:]  # "Mayor of Chicago Brandon Johnson"
        if run and k > 0 and toks[k - 1].low in self.ws.prepositions:
            return []  # "une source proche de Macron" is about Macron, not Macron
        return run

    def _place_before_person(self, toks: list[Token], start: int, length: int) -> bool:
        """Whether a run of ``length`` capitalised words at ``start`` is a place, then a
        person: three or more words after a function and its preposition ("le député de
        la Manche Paul Girard", "the Mayor of Chicago Brandon Johnson"). The person is
        then taken to be the last two words: the usual first name and surname."""
        if length < 3:
            return False
        k = start - 1
        if k >= 0 and self.is_det(toks[k]):
            k -= 1  # "de la Manche"
        if k < 1 or toks[k].low not in self.ws.prepositions:
            return False
        return self.is_function_word(toks[k - 1].low)
