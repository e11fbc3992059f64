"""Language identification with py3langid, restricted to the languages we have data for."""

from __future__ import annotations

import lzma
import re
import shutil
import tempfile
import zipfile
from functools import cache

from . import lexicon

#: How much text the classifier reads; more does not change the answer for news.
SAMPLE_CHARS = 600
_LETTERS = re.compile(r"[^\W\d_]{3}")
#: Rows of the feature-by-language table read at a time while restricting its columns.
_CHUNK_ROWS = 8192
#: Bytes of context that fix the classifier's DFA state: its states are byte n-grams of
#: at most this length (the shipped model's deepest state). Each walk is checked anyway.
_WINDOW = 6


@cache
def _identifier():
    """The py3langid classifier (model shipped in the wheel), loaded once."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    # Only languages we can analyse: a restricted model is faster and never answers "la".
    languages = list(lexicon.available_languages())
    try:
        return _restricted_identifier(
            _fast_identifier_class(LanguageIdentifier), MODEL_DIR / MODEL_FILE, languages
        )
    except (KeyError, ValueError, OSError, zipfile.BadZipFile):  # another model layout
        identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        identifier.set_languages(languages)
        return identifier


def _restricted_identifier(cls, path, languages: list[str]):
    """The classifier holding only ``languages``' columns, loaded without extra copies.

    The wheel's loader keeps the full 142-language table (27 MB) beside the restricted
    one and copies the 39 MB transition table into an ``array``; here the table's columns
    are picked while it is read and the transitions stay in the NumPy buffer (a
    ``memoryview`` indexes to the same ints), so the model costs ~45 MB instead of ~105 MB
    at its peak. Same arrays, same arithmetic, same answers as ``set_languages``.
    """
    import numpy as np

    with tempfile.TemporaryFile(suffix=".npz") as tmp:
        with lzma.open(path) as src:
            shutil.copyfileobj(src, tmp, length=1 << 20)
        tmp.seek(0)
        with np.load(tmp, allow_pickle=False) as data:
            classes = data["classes"].tolist()
            keep = [i for i, c in enumerate(classes) if c in set(languages)]
            if len(keep) != len(set(languages)):
                raise ValueError("a supported language is missing from the model")
            pc = data["pc"][keep]
            nextmove = _int_view(data["nextmove"])
            row = _int_view(data["nextmove_row"])
            out_feat = data["out_feat"]
            output = out_feat.tolist()
        tmp.seek(0)
        with zipfile.ZipFile(tmp) as archive, archive.open("ptc.npy") as f:
            ptc = _read_columns(f, keep)
    identifier = cls(
        ptc, pc, [classes[i] for i in keep], nextmove, output, norm_probs=True, tk_row=row
    )
    if hasattr(identifier, "set_walk_tables"):
        identifier.set_walk_tables(nextmove, row, out_feat)
    return identifier


def _fast_identifier_class(base: type) -> type:
    """``base`` (py3langid's identifier) with the DFA walk done by NumPy, same results.

    py3langid walks its byte DFA one byte at a time in Python, a table read per byte whose
    table (39 MB) is out of the CPU caches whenever other work ran in between: ~0.4 ms a
    text then, against ~0.05 ms warm. Each state depends only on the last ``_WINDOW``
    bytes, so all states are computed at once, window position by window position, with
    independent reads the CPU overlaps. The result is checked against the DFA's own
    transitions (each state must follow from the one before); any mismatch, or a model
    whose states reach further back, falls back to py3langid's walk.
    """
    import numpy as np

    class FastWalkIdentifier(base):
        __slots__ = ("_walk",)

        def set_walk_tables(self, nextmove, row, output) -> None:
            """Keep NumPy views of the transition, row and output tables for the walk."""
            # views of the tables the identifier already holds (no copy of the 39 MB one);
            # only the small row table is widened, to index without overflow
            self._walk = (
                np.asarray(nextmove),
                np.asarray(row).astype(np.intp) << 8,
                np.asarray(output),
                # the product below casts the float16 rows it reads to float32 anyway:
                # widened once here, the same values reach the same float32 product
                np.asarray(self.nb_ptc, dtype=np.float32),
            )

        def _raw_score(self, text):
            visits = _walk_visits(self._walk, text) if getattr(self, "_walk", None) else None
            if visits is None:  # no feature, a failed check, or no tables: py3langid decides
                return super()._raw_score(text)
            # py3langid's ``_sparse_score`` on the same features, in the same order
            features, counts = visits
            table = self._walk[3]
            return np.log1p(counts.astype(np.float32)) @ table.take(features, axis=0) + self.nb_pc

    return FastWalkIdentifier


def _walk_visits(tables, text: bytes):
    """Features of ``text`` and their counts in first-seen order, as py3langid's
    ``visit_counts`` gives them (two arrays).

    None when the vectorised walk cannot vouch for its states (see
    :func:`_fast_identifier_class`) or when no feature is found.
    """
    import numpy as np

    nextmove, rowbase, output = tables[:3]
    n = len(text)
    if n == 0:
        return None
    # NUL bytes stand for what lies before the text: in the shipped model they lead from
    # the start state back to it (were it not so, the check below would catch it)
    data = np.frombuffer(bytes(_WINDOW - 1) + text, dtype=np.uint8).astype(np.intp)
    states = np.zeros(n, dtype=np.intp)
    for k in range(_WINDOW):  # ``take``: the same gather as ``a[idx]``, with less overhead
        states = nextmove.take(rowbase.take(states) + data[k : k + n])
    # every state must be the DFA's transition from the one before (the first from state
    # 0): then, by induction, the sequence is exactly the byte-by-byte walk's
    before = np.empty(n, dtype=np.intp)
    before[0] = 0
    before[1:] = states[:-1]
    if not np.array_equal(nextmove.take(rowbase.take(before) + data[_WINDOW - 1 :]), states):
        return None
    features = output.take(states)
    features = features[features >= 0]
    if not len(features):
        return None
    # counted as py3langid's Counter counts them, and in its order (first seen first), so
    # the scores add the same terms in the same order
    found, first, counts = np.unique(features, return_index=True, return_counts=True)
    order = np.argsort(first)
    return found[order], counts[order]


def _int_view(array) -> memoryview:
    """A flat ``memoryview`` of an unsigned-int array: indexing gives plain ints, no copy."""
    import numpy as np

    array = np.ascontiguousarray(array)
    return memoryview(array).cast("B").cast(array.dtype.char)


def _read_columns(f, keep: list[int]):
    """Columns ``keep`` of a 2-D ``.npy`` stream, read a block of rows at a time."""
    import numpy as np
    from numpy.lib import format as npy

    version = npy.read_magic(f)
    reader = npy.read_array_header_1_0 if version == (1, 0) else npy.read_array_header_2_0
    shape, fortran, dtype = reader(f)
    if fortran or len(shape) != 2:
        raise ValueError("unexpected table layout")
    rows, cols = shape
    out = np.empty((rows, len(keep)), dtype=dtype)
    for start in range(0, rows, _CHUNK_ROWS):
        n = min(_CHUNK_ROWS, rows - start)
        block = np.frombuffer(f.read(n * cols * dtype.itemsize), dtype=dtype)
        out[start : start + n] = block.reshape(n, cols)[:, keep]
    return out


def detect(text: str, default: str = lexicon.FALLBACK_LANGUAGE) -> str:
    """The ISO 639-1 code of the text's language, among the supported ones."""
    sample = text[:SAMPLE_CHARS]
    if not _LETTERS.search(sample):
        return default
    code, _prob = _identifier().classify(sample)
    return str(code)
