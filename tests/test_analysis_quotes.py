"""Quotations: marks, titles that are not quotations, and speakers (FR and EN)."""

from __future__ import annotations

import pytest

from factcheck.analysis import analyze


def quotes(text: str) -> list[tuple[str, str | None]]:
    a = analyze(text)
    for q in a.quotes:
        assert a.text[q.start:q.end] == q.text
    return [(q.text, q.speaker) for q in a.quotes]


# -- marks ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "« Nous refusons cette réforme », a déclaré la syndicaliste Anne Roux.",
        "«Nous refusons cette réforme», a déclaré la syndicaliste Anne Roux.",
        "«\u00a0Nous refusons cette réforme\u00a0», a déclaré la syndicaliste Anne Roux.",
        "“Nous refusons cette réforme”, a déclaré la syndicaliste Anne Roux.",
        "\"Nous refusons cette réforme\", a déclaré la syndicaliste Anne Roux.",
        "„Nous refusons cette réforme“, a déclaré la syndicaliste Anne Roux.",
        "‹ Nous refusons cette réforme ›, a déclaré la syndicaliste Anne Roux.",
    ],
)
def test_every_kind_of_mark(text):
    assert quotes(text) == [("Nous refusons cette réforme", "Anne Roux")]


def test_single_curly_quotes_holding_speech():
    assert quotes("‘We will not give up,’ said union leader Mary Stone.") == [
        ("We will not give up", "Mary Stone")
    ]


def test_apostrophes_are_not_quotations():
    text = ("L’État n’a pas tenu l’engagement qu’il avait pris. The teachers’ union didn’t agree "
            "and it's the council's fault, O'Brien said.")
    assert quotes(text) == []


def test_nested_quotation_keeps_the_outer_one():
    text = "« Il m’a dit “je démissionne” sans prévenir », a raconté le maire Paul Brun."
    assert quotes(text) == [("Il m’a dit “je démissionne” sans prévenir", "Paul Brun")]


def test_quotation_carried_over_paragraphs_fr():
    text = ("La ministre Claire Dubois a détaillé son plan devant les élus.\n\n"
            "« Nous allons construire mille logements.\n\n"
            "« Et nous rénoverons les écoles », a-t-elle promis.")
    got = quotes(text)
    assert got == [("Nous allons construire mille logements.", "Claire Dubois"),
                   ("Et nous rénoverons les écoles", "Claire Dubois")]


def test_quotation_carried_over_paragraphs_en():
    text = ('Mayor Tom Reed outlined the plan.\n\n"We will build a thousand homes.\n\n'
            '"And we will fix the schools," he said.')
    assert [s for _, s in quotes(text)] == ["Tom Reed", "Tom Reed"]


def test_quotation_interrupted_by_its_reporting_clause():
    text = "« Nous partirons, a dit le maire Paul Brun, mais pas avant l’été. »"
    assert quotes(text) == [("Nous partirons", "Paul Brun"), ("mais pas avant l’été.", "Paul Brun")]


def test_english_quotation_split_around_said():
    text = '"We will leave," Paul Brown said, "but not before the summer."'
    assert quotes(text) == [
        ("We will leave", "Paul Brown"),
        ("but not before the summer.", "Paul Brown"),
    ]


# -- titles are not quotations --------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Selon une source citée par » Le Courrier « , le projet est abandonné.",
        "Le ministre a accordé un entretien au « Courrier du Soir » mardi.",
        "Elle a lu le livre « La Peste » pendant le confinement.",
        "Il était invité de l’émission « Sept à huit » dimanche.",
        "Le texte, surnommé « loi Travail », sera examiné jeudi.",
        "He told the newspaper “The Daily Courier” that he would resign.",
        "She starred in the show “Night Shift” last year.",
        "The so-called “reform package” was rejected.",
    ],
)
def test_titles_are_not_quotations(text):
    assert quotes(text) == []


def test_scare_quotes_without_speaker_are_dropped():
    assert quotes("Le texte prévoit une « taxe carbone » pour les entreprises.") == []


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("Il a voté contre. « C’est une erreur », a-t-il dit.", "C’est une erreur"),
        ("He voted no. “It is the wrong priority,” he said in a statement.",
         "It is the wrong priority"),
    ],
)
def test_short_quotation_with_a_reporting_clause_is_kept_without_a_speaker(text, quoted):
    # no one for the pronoun to stand for: the speaker is unknown, but it is still speech
    assert quotes(text) == [(quoted, None)]


def test_pronoun_skips_a_relative_clause_to_the_speaker():
    text = ("Senator Rick Dawson, who voted against it, said the bill ignored the border. "
            "“It’s the wrong priority,” he said.")
    assert quotes(text) == [("It’s the wrong priority", "Rick Dawson")]
    text = ("Le sénateur Paul Girard, qui a voté contre, a jugé le texte mal financé. "
            "« C’est une erreur », a-t-il ajouté.")
    assert quotes(text) == [("C’est une erreur", "Paul Girard")]


# -- speakers ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("« Le budget est prêt », a déclaré le ministre Jean Morel.", "Jean Morel"),
        ("« Le budget est prêt », a annoncé la Maison Blanche dans un communiqué.",
         "la Maison Blanche"),
        ("« Le budget est prêt », affirme Jean Morel.", "Jean Morel"),
        ("Jean Morel a déclaré : « Le budget est prêt. »", "Jean Morel"),
        ("“The budget is ready,” said Senator John Kerr.", "John Kerr"),
        ("“The budget is ready,” John Kerr said.", "John Kerr"),
        ("“The budget is ready,” the Pentagon said in a statement.", "the Pentagon"),
        ("John Kerr said: “The budget is ready.”", "John Kerr"),
        ("« Le budget est prêt », selon le porte-parole de la mairie.",
         "le porte-parole de la mairie"),
    ],
)
def test_reporting_clause_after_or_before(text, speaker):
    assert quotes(text) == [(quotes(text)[0][0], speaker)]


def test_pronoun_after_quote_resolves_to_previous_subject_fr():
    text = ("Le ministre de la Santé, Paul Girard, a visité l’hôpital mardi.\n\n"
            "« Nous manquons de lits », a-t-il reconnu.")
    assert quotes(text) == [("Nous manquons de lits", "Paul Girard")]


def test_feminine_pronoun_skips_masculine_subject():
    text = ("Mme Durand a rencontré M. Petit à la préfecture. Le préfet a signé l’arrêté. "
            "« Nous avons obtenu gain de cause », a-t-elle déclaré.")
    assert quotes(text)[0][1] == "Durand"


def test_pronoun_resolves_to_institution_subject():
    text = ("Le gouvernement a fait savoir que la réforme était « prête ». "
            "« Nous irons jusqu’au bout », a-t-il affirmé.")
    assert quotes(text) == [
        ("prête", "Le gouvernement"),
        ("Nous irons jusqu’au bout", "Le gouvernement"),
    ]


def test_english_pronoun_resolution():
    text = ("Health Secretary Laura Finch visited the hospital on Tuesday. "
            "“We are short of beds,” she said.")
    assert quotes(text) == [("We are short of beds", "Laura Finch")]


def test_mentions_normalise_to_the_fullest_name():
    text = ("Le maire de Lyon, Grégoire Vasseur, a présenté son budget.\n\n"
            "M. Vasseur a ensuite estimé que la dette était « maîtrisée ».\n\n"
            "« Nous n’augmenterons pas les impôts », a ajouté Vasseur.")
    assert [s for _, s in quotes(text)] == ["Grégoire Vasseur", "Grégoire Vasseur"]


def test_function_resolves_to_the_named_person():
    text = ("Le porte-parole de la préfecture, Marc Aubry, a confirmé l’incendie.\n\n"
            "« Il n’y a pas de victime », a précisé le porte-parole de la préfecture.")
    assert quotes(text)[0][1] == "Marc Aubry"


def test_embedded_fragment_speaker_is_the_clause_subject():
    text = "M. Petit a affirmé qu’il « ne renoncera jamais » à son projet."
    assert quotes(text) == [("ne renoncera jamais", "Petit")]


def test_coordinated_subject_with_plural_honorific():
    text = ("Le président Marc Lenoir a reçu la chancelière Eva Braun. "
            "MM. Lenoir et Braun auraient convenu de « rester en contact ».")
    assert quotes(text)[-1] == ("rester en contact", "Marc Lenoir et Eva Braun")


def test_place_as_speaker():
    text = "Berlin assure qu’il existe une « convergence » entre les alliés."
    assert quotes(text) == [("convergence", "Berlin")]


def test_opinion_verbs_give_fragment_speakers():
    text = ("Le président russe Ivan Orlov a rencontré son homologue mercredi, "
            "auquel il a reproché le « sabotage » des accords.")
    assert quotes(text) == [("sabotage", "Ivan Orlov")]


def test_english_fragment_speaker():
    text = "The mayor, Ann Cole, called the decision “deeply unfair” on Monday."
    assert quotes(text) == [("deeply unfair", "Ann Cole")]


def test_elided_subject_after_coordination():
    text = "M. Petit a déclaré qu’il viendrait, et a assuré qu’il « n’exclut rien »."
    assert quotes(text) == [("n’exclut rien", "Petit")]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Le député de la Manche Paul Girard a dénoncé « une usine à gaz ».", "Paul Girard"),
        ("Mayor of Chicago Brandon Johnson called the plan “a betrayal of our city.”",
         "Brandon Johnson"),
    ],
)
def test_place_between_function_and_name_is_not_part_of_the_name(text, speaker):
    assert [s for _, s in quotes(text)] == [speaker]


def test_place_before_name_does_not_stick_to_later_mentions():
    text = ("La maire de Paris Anne Hidalgo a annoncé que 300 arbres seraient plantés.\n\n"
            "« Nous tiendrons parole », a assuré Mme Hidalgo.")
    assert quotes(text) == [("Nous tiendrons parole", "Anne Hidalgo")]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Une mesure jugée « insuffisante » par plusieurs ONG a été adoptée mardi.",
         "plusieurs ONG"),
        ("Le texte, qualifié de « dangereux » par la Ligue des droits de l’homme, sera examiné.",
         "la Ligue des droits de l’homme"),
        ("The plan, described as “reckless” by the opposition, passed on Monday.",
         "the opposition"),
        # active verbs keep their subject; "par rapport à" is no agent
        ("Le ministre a jugé la mesure « insuffisante » par rapport aux besoins.", "Le ministre"),
        ("Les syndicats jugent la réforme « injuste » par principe.", "Les syndicats"),
    ],
)
def test_agent_of_a_passive_reporting_verb_is_the_speaker(text, speaker):
    assert [s for _, s in quotes(text)] == [speaker]


def test_relative_clause_after_the_speaker_reports_the_same_speaker():
    text = ("« On nous demande toujours plus », déplore Karim Benali, délégué syndical, "
            "qui estime que « les primes ne suffiront pas ».")
    assert quotes(text) == [("On nous demande toujours plus", "Karim Benali"),
                            ("les primes ne suffiront pas", "Karim Benali")]


def test_apposition_between_quotation_and_reporting_verb_en():
    text = ("“We have to match service to demand,” the transit authority’s director, "
            "Paul Nguyen, told the city council.")
    assert quotes(text) == [("We have to match service to demand", "Paul Nguyen")]


def test_told_names_who_is_told_not_who_speaks():
    text = "“Nobody voted for this,” Council member James Ortiz told the city council."
    assert quotes(text) == [("Nobody voted for this", "James Ortiz")]


def test_quotation_carried_over_paragraphs_takes_the_speaker_where_it_closes():
    # the previous quotation's speaker is only a guess for the opening part
    text = ("« Qui peut croire que nous gagnerons divisés ? », s’interroge Hugo Bernard.\n\n"
            "« Sans accord avant l’été, nous partirons seuls.\n\n"
            "Nous avons perdu trop de temps », a prévenu Léa Fontaine mardi soir.")
    a = analyze(text)
    assert [(q.text[:20], q.speaker) for q in a.quotes] == [
        ("Qui peut croire que ", "Hugo Bernard"),
        ("Sans accord avant l’", "Léa Fontaine"),
        ("Nous avons perdu tro", "Léa Fontaine"),
    ]
    assert a.sentences[1].source == "Léa Fontaine"


def test_apposition_after_a_name_does_not_replace_it():
    text = ("Republican Tom Becker won the primary. Becker, a former state treasurer, has "
            "campaigned on what he calls “common-sense economics,” promising tax cuts.")
    assert quotes(text) == [("common-sense economics", "Tom Becker")]


def test_noun_and_clause_after_a_quotation_are_not_its_reporting_clause():
    text = ("Democrat Lisa Grant has accused him of wanting to “gut public schools,” "
            "a charge his campaign denies.")
    assert quotes(text) == [("gut public schools", "Lisa Grant")]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“We’re seeing a very aggressive start,” Dr. Alan Moore, director of the "
         "influenza division, said in a briefing.", "Alan Moore"),
        ("« La situation est grave », Jean Roux, directeur de l’hôpital, a déclaré mardi.",
         "Jean Roux"),
    ],
)
def test_function_apposed_to_a_name_leaves_the_name_as_speaker(text, speaker):
    assert [s for _, s in quotes(text)] == [speaker]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("« Rien n’est joué », estime pour sa part Jean Dupont.", "Jean Dupont"),
        ("« Rien n’est joué », nuance un conseiller ministériel.", "un conseiller ministériel"),
        ("« C’est inacceptable », a réagi sur Twitter la présidente de la région, Carole Delga.",
         "Carole Delga"),
        ("« Nous ne céderons pas », a indiqué à l’AFP le porte-parole du syndicat, Marc Petit.",
         "Marc Petit"),
    ],
)
def test_french_incises_with_words_before_the_speaker(text, speaker):
    assert [s for _, s in quotes(text)] == [speaker]


def test_superlative_participle_is_no_reporting_verb():
    # "la plus contestée" reports no one, so "elle" is still the minister
    text = ("La première ministre, Claire Dubois, a annoncé l’abandon de la mesure, la mesure "
            "la plus contestée de sa réforme.\n\n« Nous avons entendu les Français », "
            "a-t-elle déclaré.")
    assert quotes(text) == [("Nous avons entendu les Français", "Claire Dubois")]
