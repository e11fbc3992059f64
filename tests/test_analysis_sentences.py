"""Sentence splitting on French and English typography."""

from __future__ import annotations

import pytest

from factcheck.analysis import analyze


def sentences(text: str) -> list[str]:
    return [s.text for s in analyze(text).sentences]


@pytest.mark.parametrize(
    "text",
    [
        "M. Dupont a rencontré Mme Durand à la mairie.",
        "MM. Dupont et Martin ont signé l’accord hier soir.",
        "Le Dr. Lambert a reçu le prix des mains du maire.",
        "La réunion a eu lieu le 3 févr. 2022 à Bordeaux.",
        "Il faut, p. ex. pour les retraites, une réforme rapide.",
        "L’ancien ministre J.-L. Mélenchon a critiqué le texte.",
        "Le taux est passé de 3,5 % à 4,2 % en un an.",
        "Quelque 2 000 soldats seront déployés, et 1 000 autres suivront.",
        "Mr. Smith met Mrs. Jones and Dr. Brown in St. Louis on Friday.",
        "The U.S. Army said it had 3.5 million dollars in reserve.",
        "Former president George W. Bush spoke at the event.",
        "The author J.K. Rowling signed copies in Edinburgh.",
        "Le romancier J. Dupont et l’éditrice A.-M. Martin ont signé le contrat.",
        "Markets open at 9 a.m. Monday in New York.",
        "Il a dit qu’il viendrait… peut-être plus tard.",
    ],
)
def test_one_sentence(text):
    assert sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le maire hésite… Puis il renonce.", ["Le maire hésite…", "Puis il renonce."]),
        ("Prices rose... Nobody knows why.", ["Prices rose...", "Nobody knows why."]),
        ("Le vote a lieu mardi. Le résultat est attendu mercredi.",
         ["Le vote a lieu mardi.", "Le résultat est attendu mercredi."]),
        ("Is it over? Nobody knows!", ["Is it over?", "Nobody knows!"]),
        ("Faut-il voter ? Le débat reste ouvert.", ["Faut-il voter ?", "Le débat reste ouvert."]),
        ("He moved to the U.S. The family followed him.", ["He moved to the U.S.",
                                                            "The family followed him."]),
        # an acronym ends a sentence like any word; only initials hold it open
        ("Le texte a été adopté, selon l’AFP. Il sera examiné jeudi.",
         ["Le texte a été adopté, selon l’AFP.", "Il sera examiné jeudi."]),
        ("La France a saisi l'ONU. Les débats commencent lundi.",
         ["La France a saisi l'ONU.", "Les débats commencent lundi."]),
        ("The figures come from the BBC. Officials did not comment.",
         ["The figures come from the BBC.", "Officials did not comment."]),
        ("He works for the UN. Critics disagree.", ["He works for the UN.", "Critics disagree."]),
    ],
)
def test_splits(text, expected):
    assert sentences(text) == expected


def test_quotation_holding_several_sentences_is_one_sentence_fr():
    text = "« Nous avons voté. Nous avons gagné. Nous continuerons », a déclaré la maire."
    assert sentences(text) == [text]


def test_quotation_holding_several_sentences_is_one_sentence_en():
    text = 'She said: "We voted. We won. We will go on." The crowd cheered.'
    assert sentences(text) == ['She said: "We voted. We won. We will go on."', "The crowd cheered."]


def test_sentence_ending_inside_closing_mark():
    text = "Il a conclu : « C’est fini. » Puis il est parti."
    assert sentences(text) == ["Il a conclu : « C’est fini. »", "Puis il est parti."]


def test_paragraphs_always_end_sentences():
    text = "Un titre intermédiaire\n\nLe texte reprend ici."
    assert sentences(text) == ["Un titre intermédiaire", "Le texte reprend ici."]


def test_offsets_index_the_clean_text():
    a = analyze("M. Dupont a parlé. « Nous verrons », a-t-il ajouté.\n\nThe end is near.")
    for s in a.sentences:
        assert a.text[s.start:s.end] == s.text
