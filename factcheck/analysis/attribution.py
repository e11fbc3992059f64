"""Who says what: reporting verbs, their subjects, quotation speakers and sentence sources.

Rules, in the order the notes give them: the reporting clause right after a closing mark
("», a déclaré X", "», a-t-il affirmé", "”, X said"), then the nearest reporting verb before
the opening mark in the same sentence (its subject), then a run of quotation continuing.
Pronouns resolve to the latest compatible subject: first in the same sentence, then the
latest speaker, then any subject. Every verb and pronoun comes from the language file.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cache

from .entities import Entity, Register
from .lexicon import Lexicon, word_sets
from .marks import MarkPair
from .model import Quote
from .tokens import SPACES, Token, columns, tokenize

#: How many sentences back a pronoun may look for its antecedent.
_PRONOUN_WINDOW = 3
#: Speakers stay in mind longer than other subjects ("…, a-t-il ajouté" paragraphs later).
_SPEAKER_WINDOW = 6
#: How many words may sit between a reporting verb and "que"/"that".
_COMPLEMENTIZER_WINDOW = 6
_PUNCT_BREAK = {",", ";", ":", "(", ")", "«", "»", "“", "”", "„", '"', "—", "–", "?", "!", "."}
_CLAUSE_END = {";", ":", "(", ")", "?", "!", "."}
#: How many words may stand between a closing mark and its reporting verb when they hold
#: an apposition ("”, the transit authority's director, Paul Nguyen, told …").
_APPOSED_SUBJECT_MAX = 14
#: How many words may follow a closing "X said" ("on Monday", "in a statement to AFP").
_CLOSING_ADJUNCT_MAX = 6
#: How many words the part before a closing "…, X said." holds at least (a clause).
_CLOSED_CLAUSE_MIN_WORDS = 4


_UNKNOWN = object()
#: A reporting clause whose speaker could not be found (see :func:`_after_clause`).
_UNRESOLVED = object()


@dataclass
class VerbHit:
    """A reporting verb in a sentence: token range, where its verb chain starts, its subject."""

    first: int
    last: int
    chain_start: int
    pronoun: str | None = None  # inverted subject pronoun ("a-t-il" → "il")
    entity: Entity | None = None
    relative: bool = False  # its subject is a relative pronoun (", qui estime que")
    # ``subject_tokens`` before the chain, once looked up (``_UNKNOWN`` until then)
    subject: list[Token] | str | None | object = _UNKNOWN


@dataclass
class _Subject:
    sentence: int
    pos: int
    entity: Entity
    speaker: bool

    def found(self, att: Attributor) -> tuple[int, Entity | None]:
        """Where the subject starts and the entity it stands for."""
        return self.pos, self.entity


class _MainSubject:
    """A sentence's main subject, for later pronouns: worked out only if one asks for it.

    The NP before the sentence's first verb outside quotations or, when that is no usable
    NP (none, or a pronoun), a name opening the sentence. Most sentences are never looked
    back at, so their subject is never resolved; the register is complete before the
    rules run, so resolving late gives the same entity as resolving at once. It holds no
    reference to the attributor (which holds it): no cycle for the garbage collector.
    """

    __slots__ = ("sentence", "speaker", "chain", "_toks", "_quoted", "_np", "_found")

    def __init__(self, sentence: int, toks: list[Token], quoted: list[bool], chain) -> None:
        self.sentence = sentence
        self.speaker = False
        self.chain = chain  # where the first verb's chain starts, None without a verb
        self._toks, self._quoted = toks, quoted
        self._np: list[Token] | str | None = None
        self._found: tuple[int, Entity | None] | None = None

    def np(self, att: Attributor) -> list[Token] | str | None:
        """The subject NP before the first verb's chain (looked up once)."""
        if self._np is None and self.chain is not None:
            self._np = att.subject_tokens(self._toks, self.chain) or ""
        return self._np or None

    def found(self, att: Attributor) -> tuple[int, Entity | None]:
        """Where the subject starts and the entity it stands for (None when there is none)."""
        if self._found is None:
            toks = self._toks
            np = self.np(att) if self.chain is not None else None
            if isinstance(np, list) and np and att._pronoun(np[0]) is None:
                self._found = (toks[self.chain].start, att.canonical(np))
            elif opening := att.opening_name(toks, self._quoted):
                self._found = (opening[0].start, att.canonical(opening))
            else:
                self._found = (0, None)
        return self._found


@cache
def _verb_table(lex: Lexicon) -> dict[str, list[tuple[str, ...]]]:
    """Reporting-verb forms keyed by first word, longest first."""
    table: dict[str, list[tuple[str, ...]]] = {}
    for form in lex.words("reporting_verbs"):
        parts = tuple(form.split())
        table.setdefault(parts[0], []).append(parts)
    for forms in table.values():
        forms.sort(key=len, reverse=True)
    return table


@cache
def _adverb_suffixes(lex: Lexicon) -> tuple[str, ...]:
    """Endings of adverbs ("-ment", "-ly") as one tuple for ``str.endswith``."""
    return tuple(lex.raw.get("adverb_suffixes") or ())


@cache
def _combined_sets(lex: Lexicon) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Unions of word sets the rules ask for together, built once per language.

    Words that end an NP after an inverted verb (auxiliaries, reporting verbs), words that
    link the parts of a name or NP (prepositions, particles, determiners, coordinators),
    and words that stop an inverted subject (auxiliaries, complementizers).
    """
    ws = word_sets(lex)
    return (
        ws.auxiliaries | ws.reporting_verbs,
        ws.prepositions | ws.name_particles | ws.determiners | ws.coordinators,
        ws.auxiliaries | ws.complementizers,
    )


@dataclass
class Attributor:
    """Runs the attribution rules over the sentences of one article."""

    text: str
    lex: Lexicon
    register: Register
    subjects: list[_Subject] = field(default_factory=list)

    def __post_init__(self) -> None:
        # asked for nearly every token: fetched once per article, not once per call
        self.pronouns = self.lex.mapping("pronouns")
        self.ws = word_sets(self.lex)
        self.adverb_suffixes = _adverb_suffixes(self.lex)
        self.np_end_verbs, self.np_links, self.inverted_stops = _combined_sets(self.lex)
        # words both preposition and article ("du", "des"): after a noun, never an NP start
        self.contracted = self.ws.prepositions & self.ws.determiners
        # The register is complete before the rules run, so an NP always resolves to the
        # same entity: the subject of a sentence's first verb and of its reporting verb
        # are often the same NP, resolved once. Keyed by the NP's offsets and length.
        self._entities: dict[tuple[int, int, int], Entity | None] = {}

    # -- small word-class helpers ------------------------------------------------------
    def _is_adverb(self, tok: Token, prev: Token | None = None) -> bool:
        low = tok.low
        if low in self.ws.adverbs or low in self.ws.negations:
            return True
        if prev is not None and (self.register.is_det(prev) or prev.low in self.ws.prepositions):
            return False  # "le gouvernement", "du parlement": nouns in -ment
        return len(low) > 5 and not tok.is_capitalised and low.endswith(self.adverb_suffixes)

    def _adverb_at(self, toks: list[Token], k: int) -> bool:
        return self._is_adverb(toks[k], toks[k - 1] if k > 0 else None)

    def _pronoun(self, tok: Token) -> dict | None:
        return self.pronouns.get(tok.low)

    # -- verbs -------------------------------------------------------------------------
    def find_verbs(self, toks: list[Token], quoted: list[bool]) -> list[VerbHit]:
        """Reporting verbs outside quotations, with their inverted pronoun if any."""
        table = _verb_table(self.lex)
        suffixes = self.lex.raw.get("inverted_subject_suffixes") or ()
        aux = self.ws.auxiliaries
        hits: list[VerbHit] = []
        # Only a verb's first word or an inverted form ("a-t-il") can start a hit; every
        # other token is skipped, so find them in one pass instead of testing each below.
        candidates = [k for k, t in enumerate(toks) if t.low in table or "-" in t.low]
        resume = 0  # a hit's tokens are not looked at again
        for i in candidates:
            tok = toks[i]
            if i < resume or quoted[i] or not tok.is_word:
                continue
            low = tok.low
            pronoun = None
            base = low
            for suffix in suffixes if "-" in low else ():
                if low.endswith(suffix) and len(low) > len(suffix):
                    base, pronoun = low[: -len(suffix)], suffix.split("-")[-1]
                    break
            if pronoun and base in aux:
                # "a-t-il affirmé": the participle follows, maybe after adverbs
                k = i + 1
                while k < len(toks) and self._adverb_at(toks, k):
                    k += 1
                if k < len(toks) and (m := self._match(table, toks, k)):
                    hits.append(VerbHit(i, m, i, pronoun))
                    resume = m + 1
                continue
            if pronoun and base in self.ws.reporting_verbs:
                hits.append(VerbHit(i, i, i, pronoun))
                continue
            m = self._match(table, toks, i)
            passive = i > 0 and toks[i - 1].low in self.ws.passive_markers
            if m is not None and passive and not low.endswith("ing"):
                continue  # "beds will be added", "a été annoncé": a passive reports no one
            if m is not None and not (i > 0 and self.register.is_det(toks[i - 1])):
                if m == i and self._noun_before_noun(toks, i):
                    continue  # "a former state treasurer": "state" is a noun there
                chain = self._chain_start(toks, i)
                if 0 < chain < i and self.register.is_det(toks[chain - 1]):
                    continue  # "la mesure la plus contestée": a superlative, not a verb
                hits.append(VerbHit(i, m, chain))
                resume = m + 1
        return hits

    def _noun_before_noun(self, toks: list[Token], i: int) -> bool:
        """A verb form that is also a noun ("state", "report") used as one: the word after
        it is a plain lower-case word, not what follows a verb ("that", "the", "clearly")."""
        if toks[i].low not in self.ws.noun_like_verbs or i + 1 >= len(toks):
            return False
        nxt = toks[i + 1]
        return (
            nxt.is_word
            and not nxt.is_capitalised
            and nxt.low not in self.ws.complementizers
            and not self.register.is_det(nxt)
            and self._pronoun(nxt) is None
            and not self._is_adverb(nxt)
        )

    def _match(self, table: dict, toks: list[Token], i: int) -> int | None:
        for form in table.get(toks[i].low, ()):
            if len(form) == 1:
                return i  # keyed by its first word: a one-word form is already matched
            end = i + len(form)
            if end <= len(toks) and all(toks[i + k].low == form[k] for k in range(len(form))):
                return end - 1
        return None

    def _chain_start(self, toks: list[Token], i: int) -> int:
        """Walk back over auxiliaries, modal links and adverbs ("a également déclaré")."""
        aux, chain = self.ws.auxiliaries, self.ws.chain_words
        k = i
        while k > 0:
            prev = toks[k - 1]
            if prev.low in aux or prev.low in chain or self._adverb_at(toks, k - 1):
                k -= 1
            else:
                break
        return k

    # -- subjects ----------------------------------------------------------------------
    def subject_tokens(self, toks: list[Token], end: int) -> list[Token] | str | None:
        """The subject NP before ``toks[end]``; "elided" for "…, et a affirmé"."""
        boundaries = self.ws.clause_boundaries
        relatives = self.ws.relative_pronouns
        coords = self.ws.coordinators
        end = _before_parenthesis(toks, end)  # "The Centers for Disease Control (CDC) said"
        k = end
        segments_seen = 0
        while k > 0 and segments_seen < 4:
            j = k
            while (
                j > 0
                and toks[j - 1].text not in _PUNCT_BREAK
                and (toks[j - 1].low not in boundaries)
            ):
                j -= 1
            if segments_seen:
                # a clause between commas before the verb (not the verb's own clause, "X,
                # who said little, opened …") that opens with "who"/"qui" is skipped whole,
                # even when it holds another boundary ("X, who has led it since 2015, said")
                c = j
                while c > 0 and toks[c - 1].text not in _PUNCT_BREAK:
                    c -= 1
                if 0 < c < k and toks[c - 1].text == "," and toks[c].low in relatives:
                    j = c
            seg = toks[j:k]
            if k == end and seg and seg[-1].low in coords:
                return "elided"  # "She urged calm and said …": the first verb's subject
            if seg and seg[0].low in coords:
                seg = seg[1:]
                if not seg:
                    return "elided"
            aux = self.ws.auxiliaries
            cut_at = next((n for n, t in enumerate(seg) if t.low in aux and n > 0), None)
            if cut_at is not None:
                seg = seg[:cut_at]  # "X a pour sa part jugé": the subject ends at the auxiliary
            if seg:
                if seg[0].low in relatives:
                    pass  # a relative clause between subject and verb: look further back
                elif self._has_head(seg):
                    named = self._named_before_apposition(toks, j) if segments_seen else None
                    return named or self._np_from_end(seg)
                elif not (segments_seen and j > 0 and toks[j - 1].text == ","):
                    return None
                # else words between commas with no NP in them ("X, speaking on condition
                # of anonymity, said", "John Smith, 54, said"): look further back
            elif j == k and k == end and j > 0 and toks[j - 1].low in coords:
                return "elided"
            if j == 0:
                return None
            stop = toks[j - 1]
            if stop.text != "," or segments_seen and not seg:
                return "elided" if not seg and stop.low in coords else None
            k = j - 1
            segments_seen += 1
        return None

    def is_inverted(self, toks: list[Token], h: VerbHit) -> bool:
        """True for an incise whose subject follows the verb ("», a déclaré X", ", said X.")."""
        if h.chain_start == 0 or toks[h.chain_start - 1].text not in ',»”"':
            return False
        if toks[h.last].low in self.ws.addressee_verbs:
            return False  # ", told the city council": who is told, not who tells
        # "a indiqué à l'AFP le ministère": the adjunct before the subject is not it
        rest = toks[self.skip_adjunct(toks, h.last + 1) :]
        # the subject ends at a comma: ", déplore X, qui estime que …" is still inverted
        rest = rest[: next((n for n, t in enumerate(rest) if t.text == ","), len(rest))]
        if not rest or not (
            rest[0].is_capitalised
            or self.register.is_det(rest[0])
            or self.register.is_honorific(rest[0])
            or rest[0].low in self.ws.time_words
            or rest[0].low in self.ws.weekdays
        ):
            return False
        stop = self.inverted_stops
        if any(t.low in stop or t.text in '«“"' for t in rest):
            return False
        timing = self.ws.time_words | self.ws.weekdays
        if all(t.low in timing or not t.is_word for t in rest):
            return False  # "…, Jean Roux, a déclaré mardi.": only when, no one after the verb
        comma = h.chain_start - 1
        return not (
            self._closes_relative_clause(toks, comma) or self._closes_apposition(toks, comma)
        )

    def _closes_relative_clause(self, toks: list[Token], comma: int) -> bool:
        """True when the comma at ``comma`` ends a clause opened by ", who"/", qui": then
        the verb after it has its subject before the clause ("X, who voted no, said …")."""
        k = _opening_comma(toks, comma)
        return k is not None and toks[k + 1].low in self.ws.relative_pronouns

    def _closes_apposition(self, toks: list[Token], comma: int) -> bool:
        """True when the comma at ``comma`` ends an apposition to the sentence's opening NP
        ("La première ministre, Claire Dubois, a annoncé …"): no verb stands in either,
        so the verb after the comma has its subject before it."""
        k = _opening_comma(toks, comma)
        if not k:  # none, or a comma opening the sentence
            return False
        verbs = _verb_table(self.lex)
        words = toks[:comma]
        if any(t.low in self.ws.auxiliaries or t.low in verbs for t in words):
            return False
        return toks[0].is_capitalised or self.register.is_det(toks[0])

    def _named_before_apposition(self, toks: list[Token], j: int) -> list[Token] | None:
        """The name before ", a former state treasurer," when the NP between commas at
        ``j`` describes it: "Becker, a former treasurer, has said" is Becker speaking, and
        "Dr. Alan Moore, director of the division, said" is Dr. Moore."""
        if j < 2 or toks[j - 1].text != ",":
            return None
        if not (self.register.is_det(toks[j]) or self.register.is_function_word(toks[j].low)):
            return None
        k = j - 1
        while k > 0 and self.register.is_name_token(toks[k - 1]):
            k -= 1
        name = toks[k : j - 1]
        if not name or len(name) > 4 or (k > 0 and toks[k - 1].text not in _PUNCT_BREAK):
            return None
        return name

    def _has_head(self, seg: list[Token]) -> bool:
        if any(
            t.is_capitalised
            or self._pronoun(t) is not None
            or self.register.is_det(t)
            or t.low in self.ws.function_nouns
            for t in seg
        ):
            return True
        # a bare plural noun right before the verb: "officials said", "experts say", and
        # a longer one when it ends with people ("federal health officials said")
        plain = all(t.is_word and t.low not in self.ws.stopwords for t in seg)
        return plain and (len(seg) <= 2 or seg[-1].low in self.ws.opinion_holders)

    def _acronym_modifier(self, seg: list[Token], k: int) -> bool:
        """An acronym inside an NP after its adjective: "a senior EU official"."""
        t = seg[k]
        return (
            len(t.text) > 1
            and t.text.isupper()
            and k >= 2
            and seg[k - 1].is_word
            and not seg[k - 1].is_capitalised
            and self.register.is_det(seg[k - 2])
        )

    def _np_from_end(self, seg: list[Token]) -> list[Token]:
        """The last NP start in a segment, so "Jeudi le ministre" gives "le ministre"."""
        preps = self.ws.prepositions
        coords = self.ws.coordinators
        reg = self.register
        stopwords = self.ws.stopwords
        start = 0
        for k, t in enumerate(seg):
            if not (
                reg.is_det(t)
                or reg.is_honorific(t)
                or self._pronoun(t) is not None
                or (t.is_capitalised and t.low not in stopwords)
            ):
                continue  # not an NP start: whether it is linked to the word before is moot
            if k:
                prev = seg[k - 1]
                if (
                    t.low in self.contracted  # "la direction du CHU": "du" is "de le"
                    or prev.low in preps
                    or prev.low in coords
                    or reg.is_det(prev)
                    or prev.is_capitalised
                    or prev.text == "."
                    or reg.is_honorific(prev)
                    or self._acronym_modifier(seg, k)
                ):
                    continue  # linked: "le ministre de l'Intérieur" starts at "le"
            start = k
        np = seg[start:]
        # drop leading time words ("Jeudi", "mercredi") and trailing adverbs
        while (
            np
            and (np[0].low in self.ws.weekdays or np[0].low in self.ws.time_words)
            and len(np) > 1
        ):
            np = np[1:]
        while np and self._adverb_at(np, len(np) - 1) and len(np) > 1:
            np = np[:-1]
        return np

    def after_relative_pronoun(self, toks: list[Token], chain: int) -> bool:
        """A verb right after ", qui" / ", who": the relative pronoun is its subject."""
        return (
            chain >= 2
            and toks[chain - 1].low in self.ws.relative_pronouns
            and toks[chain - 2].text == ","
        )

    def negated(self, toks: list[Token], h: VerbHit) -> bool:
        """Whether the verb is denied: a negation in its chain ("did not say", "n'a pas
        dit") or a refusal before it ("declined to say", "a refusé de dire")."""
        negations = self.ws.negations
        if any(
            t.low in negations or t.low.endswith("n't") for t in toks[h.chain_start : h.last + 1]
        ):
            return True
        before = toks[max(0, h.chain_start - 2) : h.chain_start]
        return any(t.low in self.ws.refusal_verbs for t in before)

    def opening_subject(self, toks: list[Token], sent: int) -> Entity | None:
        """The sentence's opening pronoun or name, for a verb whose subject is elided."""
        if toks and self._pronoun(toks[0]) is not None:
            return self.resolve(toks[0].low, sent, toks[0].start)
        opening = self.opening_name(toks, [False] * len(toks))
        return self.canonical(opening) if opening else None

    def opening_name(self, toks: list[Token], quoted: list[bool]) -> list[Token] | None:
        """A person's name opening the sentence ("Health Secretary Laura Finch visited …")."""
        reg = self.register
        k = 0
        while k < min(len(toks), 6) and not quoted[k]:
            if reg.is_name_token(toks[k]) and k + 1 < len(toks) and reg.is_name_token(toks[k + 1]):
                j = k
                while j < len(toks) and reg.is_name_token(toks[j]):
                    j += 1
                return toks[k:j]
            if toks[k].text in _PUNCT_BREAK:
                return None
            k += 1
        return None

    def skip_adjunct(self, toks: list[Token], k: int) -> int:
        """Past a short adjunct between an inverted verb and its subject: "à l'AFP", "sur
        Twitter", "pour sa part", "dans un communiqué" — when an NP starts right after it."""
        reg = self.register
        if k >= len(toks) or toks[k].low not in self.ws.prepositions:
            return k
        m = k + 1
        if m < len(toks) and reg.is_det(toks[m]):
            m += 1
        if m < len(toks) and toks[m].is_word:
            m += 1
        if m < len(toks) and (
            reg.is_det(toks[m]) or reg.is_honorific(toks[m]) or reg.is_name_token(toks[m])
        ):
            return m
        return k

    def np_after(self, toks: list[Token], start: int) -> list[Token]:
        """The NP that follows an inverted verb or "selon": up to a comma or a cut word."""
        cut = self.ws.np_cut_words
        k = start
        while k < len(toks) and (
            toks[k].low in self.ws.weekdays
            or toks[k].low in self.ws.time_words
            or self._adverb_at(toks, k)
        ):
            k += 1
        np: list[Token] = []
        verbs, links = self.np_end_verbs, self.np_links
        reg = self.register
        while k < len(toks):
            t = toks[k]
            if t.text in _PUNCT_BREAK and not (t.text == "." and np and reg.is_honorific(np[-1])):
                break
            if np and (t.low in cut or t.low in verbs):
                break
            if np and np[-1].is_capitalised and not t.is_capitalised and t.is_word:
                nxt = toks[k + 1] if k + 1 < len(toks) else None
                if t.low in self.ws.prepositions and reg.is_name_token(np[-1]):
                    break  # "disse Costa aos jornalistas"
                if (
                    t.low not in links
                    and nxt is not None
                    and (reg.is_det(nxt) or self._pronoun(nxt))
                ):
                    break  # verb-second: "volgens het ministerie kost de missie"
            np.append(t)
            k += 1
        # "a déclaré le porte-parole, Dmitri Peskov": the apposed name is the fuller form
        if np and k + 1 < len(toks) and toks[k].text == ",":
            j = k + 1
            names = []
            while j < len(toks) and self.register.is_name_token(toks[j]):
                names.append(toks[j])
                j += 1
            described = any(t.low in self.ws.function_nouns for t in np) or reg.is_det(np[0])
            closes = j == len(toks) or toks[j].text in _PUNCT_BREAK
            if len(names) >= 2 and described and closes:
                return names  # "said the former employee, Dana Ruiz."
        return np

    def entity_of(self, np: list[Token] | str | None, sent: int, pos: int) -> Entity | None:
        """Resolve an NP (or a pronoun NP) to an entity."""
        if not np or isinstance(np, str):
            return None
        if len(np) == 1 and self._pronoun(np[0]) is not None:
            return self.resolve(np[0].low, sent, pos)
        return self.canonical(np)

    def canonical(self, np: list[Token]) -> Entity | None:
        """``register.canonical`` of a non-empty NP, computed once per NP of the article."""
        key = (np[0].start, np[-1].end, len(np))
        if key in self._entities:
            return self._entities[key]
        found = self._entities[key] = self.register.canonical(np, self.text)
        return found

    # -- pronouns ----------------------------------------------------------------------
    def resolve(self, pronoun: str, sent: int, pos: int) -> Entity | None:
        """The latest compatible subject for a pronoun (same sentence, speakers, subjects)."""
        feats = self.pronouns.get(pronoun)
        if feats is None:
            return None
        recent = [s for s in self.subjects[-60:] if sent - _SPEAKER_WINDOW <= s.sentence <= sent]
        same = [s for s in recent if s.sentence == sent and s.found(self)[0] < pos]
        speakers = [s for s in recent if s.sentence < sent and s.speaker]
        last_speakers = [s for s in speakers if s.sentence == sent - 1]
        before = [s for s in recent if sent - _PRONOUN_WINDOW <= s.sentence < sent]
        # the pronoun is always someone speaking: a speaker of the previous sentence first
        for pool in (same, last_speakers, before, speakers):
            for s in reversed(pool):
                entity = s.found(self)[1]
                if (
                    entity is not None
                    and _compatible(entity, feats)
                    and (not feats.get("person") or self._can_be_person(entity))
                ):
                    return entity
        return None

    def _can_be_person(self, entity: Entity) -> bool:
        """Whether "he"/"she" may stand for it: a person, a name, or a function ("the minister"),
        not a thing that merely opened the sentence ("Two hundred beds")."""
        if entity.kind == "person" or entity.gender:
            return True
        if entity.kind in ("org", "group"):
            return False
        words = entity.name.split()
        functions = self.ws.function_nouns
        return any(w.lower() in functions for w in words) or any(w[:1].isupper() for w in words[1:])

    def note_subject(self, sent: int, pos: int, entity: Entity | None, speaker: bool) -> None:
        """Remember a subject for later pronouns."""
        if entity is not None:
            self.subjects.append(_Subject(sent, pos, entity, speaker))


def _compatible(entity: Entity, feats: dict) -> bool:
    number, gender = feats.get("number", ""), feats.get("gender", "")
    if number and entity.number and number != entity.number:
        return False
    if gender in ("m", "f") and entity.gender in ("m", "f") and gender != entity.gender:
        return False
    if gender == "n" and entity.kind == "person":
        return False
    return not (feats.get("person") is True and entity.kind in ("org", "group"))


@dataclass
class _SentenceInfo:
    toks: list[Token]
    quoted: list[bool]
    hits: list[VerbHit]
    according: list[tuple[int, int]]  # (start, end) token indexes of "selon"-like phrases
    starts: list[int]  # token start offsets, for bisection (only when the sentence has marks)


def _opening_comma(toks: list[Token], comma: int) -> int | None:
    """Where the comma-enclosed segment closed by the comma at ``comma`` opens: the comma
    before it, or None when the comma closes nothing (other punctuation, or none)."""
    if toks[comma].text != ",":
        return None
    k = comma - 1
    while k >= 0 and toks[k].text not in _PUNCT_BREAK:
        k -= 1
    return k if k >= 0 and toks[k].text == "," else None


def _after_honorific(toks: list[Token], n: int, att: Attributor) -> bool:
    """The period of "Dr." or "M.", not a sentence's."""
    return toks[n].text == "." and n > 0 and att.register.is_honorific(toks[n - 1])


def _before_parenthesis(toks: list[Token], end: int) -> int:
    """``end``, or where a parenthesis closing right before it opens ("… (CDC) said")."""
    if end > 0 and toks[end - 1].text == ")":
        for k in range(end - 2, max(-1, end - 8), -1):
            if toks[k].text == "(":
                return k
    return end


def _quoted_flags(toks: list[Token], pairs: list[MarkPair], starts: list[int]) -> list[bool]:
    """For each token, whether it starts inside one of the mark pairs (open <= start < close)."""
    flags = [False] * len(toks)
    # tokens are sorted by start: each pair flags one slice, found by bisection
    for p in pairs:
        lo, hi = bisect_left(starts, p.open), bisect_left(starts, p.close)
        flags[lo:hi] = [True] * (hi - lo)
    return flags


def _strip_span(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in SPACES:
        a += 1
    while b > a and text[b - 1] in SPACES + ",;":
        b -= 1
    return a, b


def attribute(
    text: str,
    sentences: list[tuple[int, int]],
    pairs: list[MarkPair],
    lex: Lexicon,
    *,
    tokens: list[list[Token]] | None = None,
) -> tuple[list[str | None], list[Quote]]:
    """Sentence sources and quotations (with speakers) of an article.

    ``tokens``: each sentence's ``tokenize`` output, when the caller already has it.
    """
    register = Register(lex)
    toks_by_sent = (
        tokens if tokens is not None else [tokenize(text, s, e, lex) for s, e in sentences]
    )
    for toks in toks_by_sent:
        register.learn(toks, text)
    att = Attributor(text, lex, register)
    top_pairs = [p for p in pairs if p.depth == 0]
    sent_starts = [s for s, _ in sentences]

    def sentence_of(pos: int) -> int:
        return max(0, bisect_right(sent_starts, pos) - 1)

    pairs_by_sent: dict[int, list[MarkPair]] = {}
    for p in top_pairs:
        pairs_by_sent.setdefault(sentence_of(p.inner[0]), []).append(p)

    sources: list[str | None] = []
    quotes: list[Quote] = []
    speaker_of_pair: dict[int, str | None] = {}
    guessed: set[int] = set()  # starts of quotations given the previous speaker
    with_clause: set[int] = set()  # starts of quotations with a reporting clause after them
    prev_quote_speaker: tuple[int, str | None] | None = None

    aux = lex.words("auxiliaries")
    table = _according_table(lex)
    anchors = _according_anchors(lex)
    for si, ((s_start, s_end), toks) in enumerate(zip(sentences, toks_by_sent, strict=True)):
        s_pairs = pairs_by_sent.get(si, [])
        # token starts, to find a mark's tokens by bisection (sentences with marks only)
        starts = columns(toks).starts if s_pairs else []
        quoted = _quoted_flags(toks, s_pairs, starts)
        hits = att.find_verbs(toks, quoted)
        # main subject (for later pronouns): the NP before the first verb outside quotes
        verb_starts = {h.first for h in hits}  # a set: one look-up per token, not a scan
        first_verb = None
        for k, t in enumerate(toks):  # a plain loop: cheaper than next() over a generator
            if (t.low in aux or k in verb_starts) and not quoted[k]:
                first_verb = k
                break
        # the main subject, for later pronouns; the first verb is often a reporting verb's
        # chain, whose subject is then this one, looked up once
        chain = None
        if first_verb is not None:
            chain = att._chain_start(toks, first_verb) if first_verb else 0
        main = _MainSubject(si, toks, quoted, chain)
        att.subjects.append(main)
        for h in hits:
            if h.pronoun:
                h.entity = att.resolve(h.pronoun, si, toks[h.first].start)
            elif att.is_inverted(toks, h):
                np = att.np_after(toks, att.skip_adjunct(toks, h.last + 1))
                h.entity = att.entity_of(np, si, toks[h.last].end)
            elif att.after_relative_pronoun(toks, h.chain_start):
                # ", qui estime que …": the one just named, or the NP before the comma
                h.relative = True
                earlier = [x for x in hits if x.first < h.first and x.entity]
                np = att.subject_tokens(toks, h.chain_start - 2)
                h.entity = earlier[-1].entity if earlier else att.entity_of(np, si, toks[0].start)
            else:
                if chain == h.chain_start:
                    np = main.np(att)
                else:
                    np = att.subject_tokens(toks, h.chain_start)
                h.subject = np
                if np == "elided":
                    earlier = [x for x in hits if x.first < h.first and x.entity]
                    h.entity = earlier[-1].entity if earlier else att.opening_subject(toks, si)
                else:
                    h.entity = att.entity_of(np, si, toks[h.chain_start].start)
            att.note_subject(si, toks[h.chain_start].start, h.entity, True)

        # most sentences hold no "selon"/"according to": one set test in C settles them
        according = (
            []
            if anchors.isdisjoint(columns(toks).lows)
            else [
                (k, j)
                for k, t in enumerate(toks)
                if t.low in table and (j := _according_to(toks, k, att)) is not None
            ]
        )
        if toks and toks[0].low in att.ws.opening_according_to and _opinion_holder(toks, att):
            according.insert(0, (0, 1))  # "Pour les économistes, …" opens with its source
        info = _SentenceInfo(toks, quoted, hits, according, starts)
        first_quote = len(quotes)  # quotes of this sentence are appended from here
        # -- quotations --------------------------------------------------------------
        for p in s_pairs:
            a, b = _strip_span(text, *p.inner)
            if b <= a or not any(ch.isalpha() for ch in text[a:b]):
                continue
            if _is_title(text, p, a, b, info, att):
                continue
            incise = _incise(text, p, a, b, info, att, si)
            if incise is not None:
                # « Nous partirons, a-t-il dit, mais pas maintenant » is two quotations
                (a1, b1), (a2, b2), ent = incise
                name = ent.name if ent else None
                for x, y in ((a1, b1), (a2, b2)):
                    quotes.append(Quote(x, y, text[x:y], name, si))
                if ent:
                    prev_quote_speaker = (si, name)
                    att.note_subject(si, p.close, ent, True)
                continue
            speaker = _passive_agent(p, info, att, si) or _after_clause(text, p, info, att, si)
            # a reporting clause makes it speech, even when its speaker is not found
            attached = speaker is _UNRESOLVED
            if isinstance(speaker, Entity):
                with_clause.add(a)  # "« … », a dit X": what the sentence reports
            if speaker is None or attached:
                speaker = _before_clause(p, info, att, si)
            n_words = len(text[a:b].split())
            whole = (b - a) >= 0.6 * (s_end - s_start)
            if (
                speaker is None
                and (p.continued or whole)
                and prev_quote_speaker
                and (prev_quote_speaker[0] >= si - 2)
            ):
                speaker = prev_quote_speaker[1]
                guessed.add(a)  # the previous speaker, for want of a clause of its own
            name = speaker.name if isinstance(speaker, Entity) else speaker
            fragment = n_words <= 6 and not whole and not p.continued and not p.open_end
            if name is None and fragment and not attached:
                continue  # scare quotes: a few words with nobody saying them
            speaker_of_pair[p.open] = name
            quotes.append(Quote(a, b, text[a:b], name, si))
            if name:
                prev_quote_speaker = (si, name)
                if isinstance(speaker, Entity):
                    att.note_subject(si, p.close, speaker, True)
        # -- source of the sentence ----------------------------------------------------
        sources.append(
            _source(text, info, att, si, quotes[first_quote:], s_end - s_start, with_clause)
        )

    # a quotation carried over paragraphs has one speaker, named where it closes: give it
    # to the parts that lack one or only had the previous speaker's, and to their sentence
    open_ends = sorted(p.open for p in top_pairs if p.open_end)
    for k in range(len(quotes) - 1, 0, -1):
        cur, prev = quotes[k], quotes[k - 1]
        if (
            cur.speaker
            and (not prev.speaker or (prev.start in guessed and prev.speaker != cur.speaker))
            and _carried(open_ends, prev, cur)
        ):
            quotes[k - 1] = Quote(prev.start, prev.end, prev.text, cur.speaker, prev.sentence_index)
            if sources[prev.sentence_index] in (None, prev.speaker):
                sources[prev.sentence_index] = cur.speaker
    return sources, quotes


def _carried(open_ends: list[int], prev: Quote, cur: Quote) -> bool:
    """True when ``prev`` is a quotation left open at its paragraph's end (then continued)."""
    i = bisect_right(open_ends, prev.start) - 1
    return i >= 0 and prev.start - open_ends[i] <= 2 and cur.start > prev.end


def _is_title(text: str, p: MarkPair, a: int, b: int, info: _SentenceInfo, att: Attributor) -> bool:
    """Titles of newspapers, books, laws and shows in quotation marks are not quotations."""
    lex = att.lex
    if p.reversed and not lex.flag("reversed_guillemets_are_quotes"):
        return True
    content = text[a:b]
    n_words = len(content.split())
    before = text[max(0, p.open - 40) : p.open].lower().replace("’", "'").rstrip(SPACES)
    strong, weak_spaced, weak = _title_cues(lex)
    if n_words <= 12 and before.endswith(strong):
        return True
    title_case = (
        content[:1].isupper()
        and n_words <= 8
        and not content.rstrip().endswith((".", "!", "?", ",", "…"))
    )
    followed_by_verb = any(
        h.chain_start < len(info.toks)
        and info.toks[h.chain_start].start >= p.close
        and info.toks[h.chain_start].start - p.close <= 4
        for h in info.hits
    )
    if title_case and not followed_by_verb and (before.endswith(weak_spaced) or before in weak):
        return True
    long_words = [w for w in content.split() if len(w) >= 4]
    return (
        title_case
        and 2 <= n_words <= 6
        and long_words
        and all(w[:1].isupper() for w in long_words)
        and not followed_by_verb
    )


@cache
def _title_cues(lex: Lexicon) -> tuple[tuple[str, ...], tuple[str, ...], frozenset[str]]:
    """Strong cues, weak cues after a space, and weak cues (for ``str.endswith`` and ``in``)."""
    weak = lex.phrases("title_cues")
    return lex.phrases("strong_title_cues"), tuple(" " + c for c in weak), frozenset(weak)


def _incise(text: str, p: MarkPair, a: int, b: int, info: _SentenceInfo, att: Attributor, si: int):
    """A reporting clause between commas inside the marks: the two halves and the speaker."""
    # tokens are sorted and do not overlap: those within [a, b] are one run from the first
    # starting at or after ``a``
    toks = info.toks
    lo = hi = bisect_left(info.starts, a)
    while hi < len(toks) and toks[hi].end <= b:
        hi += 1
    inside = toks[lo:hi]
    for n, t in enumerate(inside):
        if t.text != "," or n == 0:
            continue
        close = next(
            (m for m in range(n + 1, min(n + 10, len(inside))) if inside[m].text == ","), None
        )
        if close is None or close == len(inside) - 1:
            continue
        clause = inside[n + 1 : close]
        hits = att.find_verbs(clause, [False] * len(clause))
        if not hits or hits[0].chain_start != 0:
            continue
        h = hits[0]
        if h.pronoun:
            ent = att.resolve(h.pronoun, si, clause[0].start)
        else:
            ent = att.entity_of(att.np_after(clause, h.last + 1), si, clause[0].start)
        first = _strip_span(text, a, inside[n].start)
        second = _strip_span(text, inside[close].end, b)
        if first[1] > first[0] and second[1] > second[0]:
            return first, second, ent
    return None


def _after_clause(text: str, p: MarkPair, info: _SentenceInfo, att: Attributor, si: int):
    """Speaker from a reporting clause right after the closing mark.

    ``_UNRESOLVED`` when there is such a clause but its speaker is not found ("», a-t-il
    dit" with no one before): the quotation is still speech, only its speaker is unknown.
    """
    toks = info.toks
    k = bisect_right(info.starts, p.close)  # the first token after the closing mark
    if k == len(toks):
        return None
    comma_after = toks[k].text == ","
    while k < len(toks) and toks[k].text in ",":
        k += 1
    if k >= len(toks):
        return None
    inner = text[p.inner[0] : p.close].rstrip(SPACES)
    punct_inside = inner.endswith((",", ".", "!", "?", "…"))
    for h in info.hits:
        if h.chain_start == k or h.first == k:
            if h.pronoun:
                return h.entity or _UNRESOLVED
            np = att.np_after(toks, att.skip_adjunct(toks, h.last + 1))
            ent = att.entity_of(np, si, toks[h.last].end) if np else None
            return ent or h.entity or _UNRESOLVED
    # "», selon X" / "”, according to X"
    acc = _according_to(toks, k, att)
    if acc is not None:
        return att.entity_of(_according_np(toks, acc, att), si, toks[k].start) or _UNRESOLVED
    if not (comma_after or punct_inside):
        return None
    # "”, the White House said" / "», X a-t-il ajouté" / "”, the agency's director, Paul
    # Nguyen, told …" (an apposition between commas)
    for h in info.hits:
        if k < h.chain_start <= k + _APPOSED_SUBJECT_MAX:
            between = toks[k : h.chain_start]
            if any(
                (t.text in _PUNCT_BREAK and t.text != "," and not _after_honorific(between, n, att))
                or t.low in att.ws.clause_boundaries
                for n, t in enumerate(between)
            ):
                return None
            commas = sum(t.text == "," for t in between)
            if commas == 1 or commas > 2 or (not commas and h.chain_start > k + 8):
                return None  # one comma: the incise closed before the verb
            if not commas and sum(att.register.is_det(t) for t in between) > 1:
                return None  # "”, a charge his campaign denies": a noun and its own clause
            return h.entity or _UNRESOLVED
    return None


def _passive_agent(p: MarkPair, info: _SentenceInfo, att: Attributor, si: int):
    """The agent of a passive reporting verb before the quotation: "une mesure jugée
    « insuffisante » par plusieurs ONG", "a plan described as “reckless” by the opposition".

    The verb ends at most two words before the opening mark, and the agent marker
    ("par", "by") follows the closing one. None when the pattern is not there.
    """
    toks = info.toks
    k = bisect_right(info.starts, p.close)  # the first token after the closing mark
    if k + 1 >= len(toks) or toks[k].low not in att.ws.agent_markers:
        return None
    opening = bisect_left(info.starts, p.open)  # the opening mark's token
    verb = next((h for h in info.hits if 0 <= opening - 1 - h.last <= 2), None)
    if verb is None or verb.chain_start != verb.first:
        return None  # "a jugé la mesure « insuffisante » par rapport à …" is active
    if verb.first > 0 and att._pronoun(toks[verb.first - 1]) is not None:
        return None  # "He called the deal “a disaster” by any measure"
    np = att.np_after(toks, k + 1)
    if not np or not (np[0].is_capitalised or att.register.is_det(np[0])):
        return None  # "par rapport à", "by far"
    return att.entity_of(np, si, toks[k].start)


def _before_clause(p: MarkPair, info: _SentenceInfo, att: Attributor, si: int):
    """Speaker from the nearest reporting verb (or "selon X") before the opening mark."""
    toks = info.toks
    best = None
    for h in info.hits:
        if toks[h.last].end <= p.open:
            best = h
    acc_best = None
    for k, j in info.according:
        if toks[k].start >= p.open:
            break
        if not info.quoted[k]:
            acc_best = (k, j)
    if acc_best and (best is None or acc_best[0] > best.last):
        return att.entity_of(_according_np(toks, acc_best[1], att), si, toks[acc_best[0]].start)
    return best.entity if best else None


@cache
def _according_table(lex: Lexicon) -> dict[str, list[tuple[str, ...]]]:
    """The "according to" phrases as token tuples keyed by their first token."""
    table: dict[str, list[tuple[str, ...]]] = {}
    for phrase in lex.phrases("according_to"):
        parts = tuple(phrase.replace("'", "' ").split())
        table.setdefault(parts[0], []).append(parts)
    return table


@cache
def _according_anchors(lex: Lexicon) -> frozenset[str]:
    """One word per "according to" phrase that a sentence must hold for it to match.

    The longest, as the rarest: "avis" for "de l'avis de", where "de" is everywhere.
    """
    return frozenset(
        max(parts, key=len) for forms in _according_table(lex).values() for parts in forms
    )


def _according_to(toks: list[Token], k: int, att: Attributor) -> int | None:
    """Index after an "according to" phrase starting at ``toks[k]``, or None."""
    for parts in _according_table(att.lex).get(toks[k].low, ()):
        end = k + len(parts)
        if end <= len(toks) and all(toks[k + n].low == part for n, part in enumerate(parts)):
            if " ".join(parts) in att.ws.according_to_needs_determiner and not (
                end < len(toks) and (toks[end].is_capitalised or att.register.is_det(toks[end]))
            ):
                return None  # "per the report", not "per person"
            return end
    return None


def _opinion_holder(toks: list[Token], att: Attributor) -> bool:
    """Whether the words after an opening "Pour" up to a comma name someone holding a view:
    "Pour les économistes de la Banque de France," or "Pour Bruxelles," but not "Pour la
    première fois," or "Pour sa part,"."""
    comma = next((k for k, t in enumerate(toks[:10]) if t.text == ","), None)
    if comma is None or comma < 2:
        return False
    head = 1
    if att.register.is_det(toks[head]):
        head += 1
    if head >= comma:
        return False
    word = toks[head]
    acronym = len(word.text) > 1 and word.text.isupper()  # "Pour l'OFCE,"
    return (
        (word.is_capitalised and (att.register.is_name_token(word) or acronym))
        or word.low in att.ws.function_nouns
        or word.low in att.ws.opinion_holders
    )


def _according_np(toks: list[Token], j: int, att: Attributor) -> list[Token]:
    """The NP an "according to" phrase names; for a document ("figures from the agency",
    "les estimations de la Commission"), whoever it comes from."""
    np = att.np_after(toks, j)
    k = j
    while k < len(toks) and att.register.is_det(toks[k]):
        k += 1
    if np and k + 1 < len(toks) and toks[k].low in att.ws.source_documents:
        link = k + 1
        if toks[link].low in att.ws.document_links:
            origin = att.np_after(toks, link + 1)
            if origin:
                return origin
    return np


def _closing_clause(toks: list[Token], h: VerbHit, att: Attributor, info: _SentenceInfo) -> bool:
    """A reporting clause that closes the sentence after a comma, subject before the verb:
    "…, the council said." / "…, officials said on Monday." — what comes before is reported."""
    tail = []
    for t in toks[h.last + 1 :]:
        if t.text == ",":
            break  # "…, officials said, as winds gusted …": the incise ends at the comma
        if t.text not in _CLAUSE_END:
            tail.append(t)
    if len(tail) > _CLOSING_ADJUNCT_MAX:
        return False
    if any(
        t.low in att.ws.complementizers or t.text in '«»“”"' or t.low in att.ws.reporting_verbs
        for t in tail
    ):
        return False  # "…, he said that …" or a second clause: not a closing incise
    if any(info.quoted[k] for k in range(h.last + 1, len(toks))):
        return False
    np = h.subject
    if np is _UNKNOWN:
        np = h.subject = att.subject_tokens(toks, h.chain_start)
    if not isinstance(np, list) or not np:
        return False
    start = next((k for k, t in enumerate(toks) if t is np[0]), 0)
    if start <= 1 or toks[start - 1].text != ",":
        return False
    # what the clause reports is a clause itself, not an opening adverbial ("En fait, X
    # pense pouvoir …", "On Monday, officials said …")
    return sum(t.is_word for t in toks[: start - 1]) >= _CLOSED_CLAUSE_MIN_WORDS


def _source(
    text: str,
    info: _SentenceInfo,
    att: Attributor,
    si: int,
    quotes: list[Quote],
    length: int,
    with_clause: set[int],
) -> str | None:
    """Who the sentence reports as asserting it (indirect speech, "selon", a quotation).

    ``with_clause``: starts of quotations followed by their own reporting clause.
    """
    toks = info.toks
    comps = att.ws.complementizers
    no_comp = att.ws.source_without_complementizer
    candidates: list[tuple[int, str]] = []
    for h in info.hits:
        if h.entity is None or att.negated(toks, h):
            continue  # "X did not say whether …" asserts nothing on X's behalf
        j = h.last + 1
        window = toks[j : j + _COMPLEMENTIZER_WINDOW + 1]
        hit = False
        for n, t in enumerate(window):
            if t.low in comps and not info.quoted[j + n]:
                first = window[0] if window else None
                hit = (
                    n == 0
                    or (
                        first is not None
                        and (not att.register.is_det(first) or first.low in att.ws.time_words)
                    )
                    or toks[h.last].low in no_comp
                )
                break
            if t.text in _CLAUSE_END or t.text in '«“"' or info.quoted[j + n]:
                break
        if not hit and h.relative:
            continue  # "X, who said little, opened …": only "qui estime que …" reports
        if not hit and att.is_inverted(toks, h):
            hit = True  # "« … », a dit X." / "”, said X."
        if not hit and _closing_clause(toks, h, att, info):
            hit = True  # "…, the council said." / "…, officials said in a statement."
        if not hit and toks[h.last].low in no_comp and j < len(toks):
            nxt = toks[j]
            # "X said the plan …", "X said 400 beds …"
            hit = (nxt.is_word or nxt.text[0].isdigit()) and not info.quoted[j]
        if not hit and j + 1 < len(toks) and toks[j].text == ":" and info.quoted[j + 1]:
            hit = True  # "Johnson said: “It's done.”": the quotation is what he says
        if hit:
            candidates.append((toks[h.first].start, h.entity.name))
    for k, j in info.according:
        t = toks[k]
        if info.quoted[k]:
            continue
        if j < len(toks):
            ent = att.entity_of(_according_np(toks, j, att), si, t.start)
            if ent:
                candidates.append((t.start, ent.name))
                att.note_subject(si, t.start, ent, True)
    for q in quotes:
        if q.speaker and ((q.end - q.start) >= 0.4 * length or q.start in with_clause):
            candidates.append((q.start, q.speaker))
    if not candidates:
        return None
    return min(candidates)[1]
