"""Tests for the sentence check-worthiness scorer (factcheck.analysis.checkworthiness)."""

from __future__ import annotations

import csv
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck.analysis.checkworthiness import (
    DATA_DIR,
    LABELS,
    MODEL_PATH,
    extract_features,
    score_sentence,
)

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
CHECKWORTHY = SHARED / "corpus" / "checkworthy_en" / "CT24_checkworthy_english_dev-test.tsv"
SEED = SHARED / "corpus" / "seed" / "expected.json"
SCORE_PY = SHARED / "eval" / "score.py"

# (language, feature, sentence written for this test) — every feature must fire on its own.
FEATURE_EXAMPLES = [
    ("en", "figure", "The plant employs 4,500 people."),
    ("fr", "figure", "L'usine emploie 4\u00a0500 personnes."),
    ("en", "many_figures", "Prices rose 3.2 points in March and 4.1 in April."),
    ("en", "year", "The bridge was finished in 1998."),
    ("fr", "year", "Le pont a été achevé en 1998."),
    ("en", "percent", "Turnout reached 62 percent."),
    ("fr", "percent", "La participation a atteint 62 %."),
    ("en", "money", "The stadium cost $40 million."),
    ("fr", "money", "Le stade a coûté 40 millions d'euros."),
    ("en", "large_number", "Thousands of workers lost their jobs."),
    ("fr", "large_number", "Des milliers de salariés ont perdu leur emploi."),
    ("en", "unit", "The pipeline is 300 km long."),
    ("en", "number_word", "Three hospitals closed last winter."),
    ("fr", "number_word", "Trois hôpitaux ont fermé l'hiver dernier."),
    ("en", "date", "The law took effect in January."),
    ("fr", "date", "La loi est entrée en vigueur en janvier."),
    ("fr", "date", "Le pont s'est effondré il y a trois ans."),
    ("en", "comparative", "Exports are higher than imports."),
    ("fr", "comparative", "Les exportations sont plus élevées que les importations."),
    ("en", "superlative", "It is the largest port in Europe."),
    ("fr", "superlative", "C'est le plus grand port d'Europe."),
    ("en", "trend_verb", "Crime fell sharply."),
    ("fr", "trend_verb", "La criminalité a nettement baissé."),
    ("en", "factual_verb", "The senator voted against the treaty."),
    ("fr", "factual_verb", "Le sénateur a voté contre le traité."),
    ("en", "past_event", "The company has been fined twice."),
    ("fr", "past_event", "L'entreprise a été condamnée deux fois."),
    ("en", "opinion_verb", "Voters hope for change."),
    ("fr", "opinion_verb", "Les électeurs espèrent un changement."),
    ("en", "evaluative", "That was a terrible decision."),
    ("fr", "evaluative", "C'était une décision scandaleuse."),
    ("en", "first_person", "We went there together."),
    ("fr", "first_person", "Nous y sommes allés ensemble."),
    ("en", "first_person_opinion", "I think the plan is sound."),
    ("fr", "first_person_opinion", "Je pense que le plan tient la route."),
    ("en", "second_person", "You should read the report."),
    ("fr", "second_person", "Vous devriez lire le rapport."),
    ("en", "hedge", "The fire was probably accidental."),
    ("fr", "hedge", "L'incendie était probablement accidentel."),
    ("en", "conditional", "The deal would collapse."),
    ("fr", "conditional", "L'accord s'effondrerait."),
    ("en", "modal_future", "The museum will reopen."),
    ("fr", "modal_future", "Le musée rouvrira ses portes."),
    ("en", "question", "Is the museum open?"),
    ("fr", "question", "Le musée est-il ouvert ?"),
    ("en", "exclamation", "What a night!"),
    ("en", "greeting_imperative", "Good evening and welcome."),
    ("fr", "greeting_imperative", "Bonsoir et bienvenue."),
    ("en", "filler", "Well, you know, it happens."),
    ("fr", "filler", "Franchement, ça arrive."),
    ("en", "causal", "The bridge closed because of the flood."),
    ("fr", "causal", "Le pont a fermé à cause de la crue."),
    ("en", "legal_rule", "The new law bans smoking in parks."),
    ("fr", "legal_rule", "La nouvelle loi interdit de fumer dans les parcs."),
    ("en", "attribution", "According to the mayor, the pool will close."),
    ("fr", "attribution", "Selon le maire, la piscine va fermer."),
    ("en", "attribution_shell", "The mayor said so."),
    ("en", "negation", "The pool never closed."),
    ("fr", "negation", "La piscine n'a jamais fermé."),
    ("en", "vague_quantifier", "Many residents complained."),
    ("fr", "vague_quantifier", "Beaucoup d'habitants se sont plaints."),
    ("en", "institution", "The government denied it."),
    ("fr", "institution", "Le gouvernement a démenti."),
    ("en", "topic_economy", "Unemployment is a worry."),
    ("fr", "topic_economy", "Le chômage inquiète."),
    ("en", "topic_security", "The troops left the city."),
    ("fr", "topic_security", "Les troupes ont quitté la ville."),
    ("en", "topic_public", "The hospital is full."),
    ("fr", "topic_public", "L'hôpital est plein."),
    ("en", "named_entity", "The minister met Angela Merkel."),
    ("fr", "named_entity", "Le ministre a rencontré Angela Merkel."),
    ("en", "several_named_entities", "Talks between Paris, Berlin and Warsaw resumed."),
    ("en", "acronym", "The WHO issued a warning."),
    ("fr", "acronym", "L'OMS a lancé une alerte."),
    ("en", "quotation", 'He called it "a disgrace".'),
    ("fr", "quotation", "Il a parlé d'une « honte »."),
    ("en", "length_short", "Thank you."),
    (
        "en",
        "length_long",
        "The committee that reviewed the contract last spring found that the "
        "company had overcharged the city for all the bridge repairs.",
    ),
    (
        "en",
        "length_very_long",
        "The committee that reviewed the contract last spring found that "
        "the company had overcharged the city for repairs to the bridge, the tunnel and the ring "
        "road, and that nobody in the department had checked the invoices before paying them.",
    ),
]

# Figure-laden factual claims must outrank opinions, questions and greetings in each language.
RANKING = {
    "en": (
        [
            "Unemployment fell from 7.8% in 2012 to 4.7% in 2016.",
            "The city spent $2.4 million on the new stadium last year.",
            "Since 2010, the number of nurses has dropped by 12,000.",
        ],
        [
            "I think we can do better than this.",
            "What are you going to do about it?",
            "Good evening and thank you for having me.",
            "We believe this is the right thing to do.",
        ],
    ),
    "fr": (
        [
            "Le chômage est passé de 9,7 % en 2015 à 7,1 % en 2022, selon l'Insee.",
            "La ville a dépensé 2,4 millions d'euros pour le nouveau stade l'an dernier.",
            "Depuis 2010, le nombre d'infirmières a baissé de 12 000.",
        ],
        [
            "Je pense que nous pouvons faire mieux.",
            "Qu'allez-vous faire pour y remédier ?",
            "Bonsoir et merci de m'avoir invité.",
            "Nous croyons que c'est la bonne chose à faire.",
        ],
    ),
    "es": (
        ["El paro bajó del 9,7 % en 2015 al 7,1 % en 2022, según el INE."],
        ["Creo que podemos hacerlo mejor.", "¿Qué va a hacer usted?"],
    ),
    "de": (
        ["Die Arbeitslosigkeit sank von 9,7 Prozent im Jahr 2015 auf 7,1 Prozent im Jahr 2022."],
        ["Ich glaube, wir können es besser machen.", "Was werden Sie dagegen tun?"],
    ),
}


@pytest.mark.parametrize(("language", "feature", "text"), FEATURE_EXAMPLES)
def test_feature_fires(language: str, feature: str, text: str) -> None:
    assert feature in extract_features(text, language)


def test_every_feature_has_an_example_and_a_label() -> None:
    tested = {feature for _, feature, _ in FEATURE_EXAMPLES}
    model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    named = {
        name
        for spec in model["models"].values()
        for name in spec["weights"]
        if not name.startswith("lex:")
    }
    assert named <= tested
    assert named <= set(LABELS)


@pytest.mark.parametrize("language", ["fr", "en", "es", "de"])
def test_lexicons_use_the_shared_feature_names(language: str) -> None:
    data = json.loads((DATA_DIR / f"checkworthiness_{language}.json").read_text("utf-8"))
    assert data["language"] == language
    assert set(data["features"]) <= set(LABELS) | {"question_start"}


def test_german_capitalised_nouns_are_not_names() -> None:
    found = extract_features("Die Regierung senkt die Steuern für Familien.", "de")
    assert "named_entity" not in found
    assert "acronym" in extract_features("Die NATO verlegt Truppen.", "de")


def test_source_counts_as_attribution() -> None:
    assert extract_features("The pool will close.", "en", source="the mayor")["attribution"] == (
        "the mayor"
    )
    assert "quotation" in extract_features("The pool will close.", "en", has_quote=True)


def test_capitalised_sentence_start_is_not_a_name() -> None:
    assert "named_entity" not in extract_features("Yesterday the pool closed.", "en")


@pytest.mark.parametrize("language", ["en", "fr", "de", "xx", ""])
def test_score_in_unit_interval_with_reasons(language: str) -> None:
    score, reasons = score_sentence("In 2019, 45% of 1,200 firms cut jobs.", language)
    assert 0.0 <= score <= 1.0
    assert reasons and all(isinstance(r, str) and r for r in reasons)


def test_empty_and_extreme_sentences() -> None:
    assert score_sentence("", "en") == (0.0, [])
    assert score_sentence("   ", "fr") == (0.0, [])
    long_claim = " ".join(["In 2019, 45% of 1,200 firms cut 3 million jobs."] * 200)
    score, _ = score_sentence(long_claim, "en")
    assert 0.0 <= score <= 1.0


def test_reasons_show_evidence_and_direction() -> None:
    _, reasons = score_sentence("The plant employs 2 000 people.", "fr")
    assert any("2 000" in r for r in reasons)
    _, reasons = score_sentence("Is it true?", "en")
    assert "question (−)" in reasons


@pytest.mark.parametrize("language", sorted(RANKING))
def test_factual_claims_outrank_opinions(language: str) -> None:
    claims, others = RANKING[language]
    claim_scores = [score_sentence(t, language)[0] for t in claims]
    other_scores = [score_sentence(t, language)[0] for t in others]
    assert min(claim_scores) > max(other_scores)
    assert min(claim_scores) >= 0.5 > max(other_scores)


def test_module_does_not_import_numpy_or_sklearn() -> None:
    code = (
        "import sys\n"
        "from factcheck.analysis.checkworthiness import score_sentence\n"
        "score_sentence('In 2019, 45% of firms cut jobs.', 'en')\n"
        "bad = [m for m in ('numpy', 'sklearn', 'scipy')"
        " if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


def _load_dev_test() -> list[tuple[str, bool]]:
    with CHECKWORTHY.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))[1:]
    return [(row[1], row[2] == "Yes") for row in rows if len(row) == 3]


def test_dev_test_f1() -> None:
    if not CHECKWORTHY.is_file():
        pytest.skip(f"{CHECKWORTHY} not available")
    data = _load_dev_test()
    predicted = [score_sentence(text, "en")[0] >= 0.5 for text, _ in data]
    tp = sum(1 for (_, gold), pred in zip(data, predicted, strict=True) if gold and pred)
    precision = tp / max(1, sum(predicted))
    recall = tp / max(1, sum(gold for _, gold in data))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    assert f1 >= 0.65, f"F1 {f1:.3f} (P {precision:.3f}, R {recall:.3f})"


def test_seed_average_precision() -> None:
    if not (SEED.is_file() and SCORE_PY.is_file()):
        pytest.skip("seed article or eval/score.py not available")
    spec = importlib.util.spec_from_file_location("shared_score", SCORE_PY)
    assert spec and spec.loader
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    pairs = []
    for sentence in json.loads(SEED.read_text(encoding="utf-8"))["sentences"]:
        if "checkworthy" not in sentence:
            continue
        text = sentence["text"]
        source = (sentence.get("source") or [None])[0]
        score, _ = score_sentence(text, "fr", source=source, has_quote="«" in text)
        pairs.append((score, bool(sentence["checkworthy"])))
    assert scorer.average_precision(pairs) >= 0.8


def test_lexicon_patterns_compile() -> None:
    for path in DATA_DIR.glob("checkworthiness_*.json"):
        if path.name == MODEL_PATH.name:
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        for spec in data["features"].values():
            for pattern in spec.get("patterns", []):
                re.compile(pattern)
