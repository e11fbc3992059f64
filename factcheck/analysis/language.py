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


@cache
def _identifier():
    """The py3langid classifier (model shipped in the wheel), loaded once."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    # Only languages we can analyse: a restricted model is faster and never answers "la".
    languages = list(lexicon.available_languages())
    try:
        return _restricted_identifier(LanguageIdentifier, MODEL_DIR / MODEL_FILE, languages)
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
            output = data["out_feat"].tolist()
        tmp.seek(0)
        with zipfile.ZipFile(tmp) as archive, archive.open("ptc.npy") as f:
            ptc = _read_columns(f, keep)
    return cls(ptc, pc, [classes[i] for i in keep], nextmove, output, norm_probs=True, tk_row=row)


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


def supported_languages() -> tuple[str, ...]:
    """Codes of the languages the analyser has rules for."""
    return lexicon.available_languages()
