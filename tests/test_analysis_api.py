"""The analyser's public API: format, offsets, purity, languages, and the seed scores."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck.analysis import Analysis, AnalysisError, analyze
from factcheck.analysis.lexicon import available_languages, load

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "corpus" / "seed"

SAMPLE = (
    "WASHINGTON (CNN) — The Pentagon will send 3,000 troops to Poland, officials said.\n\n"
    "“These moves are not permanent,” press secretary John Kirby told reporters. "
    "Kirby said the troops would leave in the coming days.\n\n"
    "Read more: Another story\n\n"
    "The White House called it a “prudent” step."
)


def test_to_dict_has_the_corpus_format():
    d = analyze(SAMPLE).to_dict()
    for key in ("title", "language", "site", "author", "published", "text", "sentences", "quotes"):
        assert key in d
    for s in d["sentences"]:
        assert {"start", "end", "text", "checkworthiness", "source", "reasons"} <= set(s)
        assert 0.0 <= s["checkworthiness"] <= 1.0
    for q in d["quotes"]:
        assert set(q) == {"start", "end", "text", "speaker"}
    json.dumps(d)  # plain data


def test_offsets_hold_for_sentences_and_quotes():
    for text in (SAMPLE, "« Nous verrons », a dit M. Dupont.\u00a0Le vote aura lieu jeudi."):
        a = analyze(text)
        for item in [*a.sentences, *a.quotes]:
            assert a.text[item.start:item.end] == item.text
        for q in a.quotes:
            s = a.sentences[q.sentence_index]
            assert s.start <= q.start < s.end


def test_analysis_is_frozen():
    a = analyze(SAMPLE)
    assert isinstance(a, Analysis)
    with pytest.raises(AttributeError):
        a.title = "x"  # type: ignore[misc]


def test_error_type():
    assert issubclass(AnalysisError, ValueError)


def test_package_imports_no_flask_or_database():
    # The parent package's __init__ builds the Flask app; stub it so that only what
    # factcheck.analysis itself imports is measured.
    pkg = Path(__file__).resolve().parents[1] / "factcheck"
    code = (
        "import sys, types; m = types.ModuleType('factcheck'); "
        f"m.__path__ = [{str(pkg)!r}]; sys.modules['factcheck'] = m; "
        "import factcheck.analysis as a; a.analyze('Le maire a parlé hier soir.'); "
        "print('flask' in sys.modules, 'sqlalchemy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_no_web_or_database_import_in_the_source():
    pkg = Path(__file__).resolve().parents[1] / "factcheck" / "analysis"
    for path in pkg.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for banned in ("import flask", "from flask", "sqlalchemy", "from factcheck.database",
                       "from factcheck.models"):
            assert banned not in source.lower(), (path.name, banned)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Le gouvernement a annoncé mardi une baisse des impôts pour les ménages modestes.", "fr"),
        ("The government announced on Tuesday a tax cut for low-income households.", "en"),
        ("Die Regierung hat am Dienstag eine Steuersenkung für Haushalte angekündigt.", "de"),
        ("El Gobierno anunció el martes una rebaja de impuestos para los hogares.", "es"),
        ("Il governo ha annunciato martedì un taglio delle tasse per le famiglie.", "it"),
        ("O governo anunciou na terça-feira um corte de impostos para as famílias.", "pt"),
        ("De regering heeft dinsdag een belastingverlaging voor gezinnen aangekondigd.", "nl"),
    ],
)
def test_language_detection(text, lang):
    assert analyze(text).language == lang


def test_fast_language_walk_gives_py3langid_scores_bit_for_bit():
    # The vectorised DFA walk and the widened table must reproduce the library's own
    # classifier (restricted to the same languages) exactly, not approximately.
    import numpy as np
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from factcheck.analysis import language, lexicon

    stock = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    stock.set_languages(list(lexicon.available_languages()))
    ours = language._identifier()
    samples = [
        "Le ministre a déclaré mardi que « rien n’est décidé », selon l’AFP.",
        "“We will not back down,” the spokeswoman said on Monday, citing 3,000 troops.",
        "Der Sprecher sagte, die Regierung werde 2 000 Soldaten schicken.",
        "Según el ministerio, el déficit alcanzó el 4,5 % del PIB en 2023.",
        "Secondo il portavoce, «non ci sono novità» sulla trattativa.",
        "O porta-voz afirmou que o governo não vai recuar — é definitivo.",
        "Volgens het ministerie kost de missie 12 miljoen euro per jaar.",
        "ÉCRIT EN CAPITALES", "a", "1234 5678", "€ % $ …", "",
    ]
    for text in samples[:7]:  # sentences are scored by the walk, not by the fallback
        assert language._walk_visits(ours._walk, text.encode()) is not None
    for text in samples + [" ".join(samples)[:600]]:
        assert np.array_equal(ours._decide(text), stock._decide(text)), text
        assert ours.classify(text) == stock.classify(text), text


def test_every_language_file_has_the_core_keys():
    for lang in available_languages():
        lex = load(lang)
        for key in ("abbreviations", "reporting_verbs", "teasers", "pronouns", "determiners"):
            assert lex.raw.get(key), (lang, key)


def test_other_languages_get_speakers_from_their_data_file():
    a = analyze("«No vamos a dejar solos a nuestros aliados», dijo el ministro Pedro Ruiz.")
    assert a.quotes[0].speaker == "Pedro Ruiz"
    a = analyze("„Die Lage ist ernst“, sagte der Minister Karl Brandt.")
    assert a.quotes[0].speaker == "Karl Brandt"


@pytest.fixture(scope="module")
def seed_scores() -> dict[str, float]:
    if not (SEED / "article.txt").exists() or not (SHARED / "eval" / "score.py").exists():
        pytest.skip("shared corpus not available")
    spec = importlib.util.spec_from_file_location("seed_score", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    expected = json.loads((SEED / "expected.json").read_text(encoding="utf-8"))
    predicted = analyze((SEED / "article.txt").read_text(encoding="utf-8")).to_dict()
    return module.score(expected, json.loads(json.dumps(predicted)))


@pytest.mark.parametrize(
    ("metric", "floor"),
    [("title", 1.0), ("boilerplate_removed", 1.0), ("body_kept", 1.0), ("sentence_f1", 0.95),
     ("quote_f1", 0.95), ("speaker_accuracy", 0.85), ("source_accuracy", 0.8),
     ("checkworthy_ap", 0.8)],
)
def test_seed_meets_thresholds(seed_scores, metric, floor):
    assert seed_scores[metric] >= floor


def test_seed_lists_no_false_quotes(seed_scores):
    assert seed_scores["false_quotes_listed"] == 0


def test_analysis_leaves_no_reference_cycles():
    # Everything an analysis builds is freed by reference counting as soon as it returns:
    # a cycle would keep every sentence's tokens alive until the collector ran. Only the
    # analyser's own objects are looked at: other threads of the test run (servers,
    # browsers) may leave garbage of their own meanwhile.
    import gc

    text = (
        "Le ministre a déclaré mardi que « rien n’est décidé ». « Nous verrons », a-t-il "
        "ajouté. Selon l’AFP, il doit rencontrer M. Dupont jeudi.\n\n"
        "“We will not back down,” the spokeswoman said. She added that 3,000 troops would go."
    )
    analyze(text)
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)  # keep what the collector finds, to look at it
    try:
        for _ in range(3):
            analyze(text)
        gc.collect()
        ours = [o for o in gc.garbage if type(o).__module__.startswith("factcheck.analysis")]
        assert ours == []
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
