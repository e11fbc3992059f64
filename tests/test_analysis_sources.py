"""Sentence sources: indirect speech, "selon"/"according to", quotations; null otherwise."""

from __future__ import annotations

import pytest

from factcheck.analysis import analyze


def source(text: str) -> str | None:
    a = analyze(text)
    assert len(a.sentences) == 1, [s.text for s in a.sentences]
    return a.sentences[0].source


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le ministre Jean Morel a déclaré que le déficit atteindrait 5 % du PIB.", "Jean Morel"),
        ("La préfète Anne Roux a confirmé aux journalistes que 300 policiers seront mobilisés.",
         "Anne Roux"),
        ("Selon l’Insee, le chômage a baissé de 0,3 point au dernier trimestre.", "l’Insee"),
        ("D’après le syndicat, 40 % des enseignants étaient en grève jeudi.", "le syndicat"),
        ("Le chômage a baissé de 0,3 point, selon une source proche du ministère.",
         "une source proche du ministère"),
        ("The minister, Jane Holt, said that the deficit would reach 5% of GDP.", "Jane Holt"),
        ("According to the Census Bureau, unemployment fell to 3.5% in May.", "the Census Bureau"),
        ("Unemployment fell to 3.5% in May, according to the Census Bureau.", "the Census Bureau"),
        ("Senator Mark Tate told CNN the bill would pass by Friday.", "Mark Tate"),
        ("The Pentagon will send 3,000 troops to Poland, officials said Wednesday.", "officials"),
        ("Unemployment fell to 3.9% in May, the Labor Department said.", "the Labor Department"),
        ("The first line should open in 2029, the council said on Monday.", "the council"),
        ("Fares will rise by 5% in January, the operator said in a statement.", "the operator"),
        ("Les ventes ont chuté de 12 % en un an, indique le ministère.", "le ministère"),
        ("« Le déficit sera contenu », a déclaré le ministre Jean Morel.", "Jean Morel"),
        ("“The deficit will be contained,” said Treasury Secretary Jane Holt.", "Jane Holt"),
        # a relative clause between the subject and its reporting verb
        ("Senator Rick Dawson, who voted against it, said the bill ignored the border.",
         "Rick Dawson"),
        ("The governor, whose term ends in May, said that taxes would not rise.", "The governor"),
        ("Le sénateur Paul Girard, qui a voté contre, a déclaré que le texte était mal financé.",
         "Paul Girard"),
        ("La ministre, dont le mandat s’achève en mai, a assuré que les impôts resteront stables.",
         "La ministre"),
        ("La ministre, qui s’est exprimée mardi, a affirmé que 300 postes seraient créés.",
         "La ministre"),
        # a closing clause in the middle: ", X said, as …"
        ("The storm cut power to 120,000 homes, utility officials said, as winds reached 70 mph.",
         "utility officials"),
        # an organisation's name is all of its capitalised words
        ("Central Maine Power said crews from three states were restoring service.",
         "Central Maine Power"),
        # a second verb with its subject elided: the subject opening the sentence
        ("La préfète Anne Roux a visité le site et a déclaré que 300 policiers seraient là.",
         "Anne Roux"),
        # "du" after a noun links it to what follows, it starts no new NP
        ("La direction du CHU de Nantes a reconnu qu’il manquait 200 infirmiers.",
         "La direction du CHU de Nantes"),
    ],
)
def test_reported_sentences_have_a_source(text, expected):
    assert source(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Le chômage a baissé de 0,3 point au dernier trimestre.",
        "Le ministre pense pouvoir jouer un rôle de médiateur entre les deux camps.",
        "MM. Morel et Petit auraient convenu de « rester en contact » durant l’été.",
        "Unemployment fell to 3.5% in May, the lowest level in fifty years.",
        "The minister called off the visit after the storm.",
        "The mayor, who said little, opened the new bridge on Monday.",
        "Two hundred beds will be added to the hospital by June.",
        "Le nouveau plan a été annoncé mardi par la mairie de Lyon.",
        # an opening adverbial before the subject is not what a closing "…, X said" reports
        "En fait, le ministre, qui a parlé deux fois au président, pense pouvoir jouer un rôle.",
        "In fact, the minister, who spoke twice with him, hopes to play a mediating role.",
        # a verb form used as a noun
        "Tom Becker, a former state treasurer, campaigned on tax cuts.",
    ],
)
def test_asserted_sentences_have_no_source(text):
    assert source(text) is None


def test_source_uses_the_register_fullest_form():
    a = analyze("Le maire de Lyon, Grégoire Vasseur, a présenté son budget mardi soir.\n\n"
                "M. Vasseur a assuré que les impôts n’augmenteraient pas en 2025.")
    assert a.sentences[1].source == "Grégoire Vasseur"


def test_pronoun_source_is_resolved():
    a = analyze("Health Secretary Laura Finch visited the hospital on Tuesday. "
                "She said that 200 beds would be added by June.")
    assert a.sentences[1].source == "Laura Finch"


def test_closing_pronoun_clause_is_resolved():
    a = analyze("Health Secretary Laura Finch visited the hospital on Tuesday. "
                "Two hundred beds will be added by June, she said.")
    assert a.sentences[1].source == "Laura Finch"


def test_he_never_stands_for_a_thing():
    a = analyze("The mayor opened the new bridge on Friday morning. "
                "The budget grew by 4% this year, he said.")
    assert a.sentences[1].source != "The budget"


def test_elided_subject_of_a_second_verb_is_the_opening_pronoun():
    a = analyze("Gov. Sarah Collins declared an emergency. "
                "She urged calm and said the Guard was ready.")
    assert [s.source for s in a.sentences] == [None, "Sarah Collins"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # words between commas with no NP in them sit between a subject and its verb
        ("A senior EU official, speaking on condition of anonymity, said talks would resume.",
         "A senior EU official"),
        ("John Smith, 54, said the plant would close in May.", "John Smith"),
        ("Grant has 47% support among likely voters, the poll found.", "the poll"),
        ("Hospitals are short of beds, federal health officials said Sunday.",
         "federal health officials"),
        ("The Centers for Disease Control and Prevention (CDC) estimates that 2 million "
         "people have been infected.", "The Centers for Disease Control and Prevention"),
        ("L’agence régionale de santé (ARS) estime que 300 postes sont vacants.",
         "L’agence régionale de santé"),
        ("The report states that 300 jobs will go.", "The report"),
        # a document's source is whoever it comes from
        ("According to figures from the border agency, crossings rose 17% last year.",
         "the border agency"),
        ("Selon les estimations de la Commission, chaque Européen produit 180 kilos de déchets.",
         "la Commission"),
    ],
)
def test_sources_past_asides_and_documents(text, expected):
    assert source(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Each country would pay €20,000 per person into a common fund.",
        "Fees will rise by 3 per cent next year.",
    ],
)
def test_per_without_a_determiner_is_not_according_to(text):
    assert source(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pour les économistes de la Banque de France, la baisse sera plus lente que prévu.",
         "les économistes de la Banque de France"),
        ("Pour Bruxelles, le plan est insuffisant.", "Bruxelles"),
        ("Pour le ministre, la réforme est nécessaire.", "le ministre"),
        ("Pour l’OFCE, la croissance ne dépassera pas 0,8 %.", "l’OFCE"),
        ("Pour la première fois, le chômage baisse sous 7 %.", None),
        ("Pour réduire le déficit, le gouvernement taxe les profits.", None),
        ("Pour 2025, la croissance devrait atteindre 1 %.", None),
        ("Pour l’instant, rien n’est décidé.", None),
    ],
)
def test_opening_pour_names_a_source_only_for_someone(text, expected):
    assert source(text) == expected


def test_opening_pour_gives_the_speaker_of_a_fragment():
    a = analyze("Pour Bruxelles, le plan est « insuffisant ».")
    assert [(q.text, q.speaker) for q in a.quotes] == [("insuffisant", "Bruxelles")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("« Nous ne céderons pas », a indiqué à l’AFP le porte-parole du syndicat, Marc Petit.",
         "Marc Petit"),
        ("« Le calendrier est tenu », a précisé dans un communiqué le ministère des Armées.",
         "le ministère des Armées"),
    ],
)
def test_inverted_incise_after_an_adjunct_sources_the_sentence(text, expected):
    assert source(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Smith, who has led the company since 2015, said profits would fall.", "Smith"),
        ("Officials at the Department of Health said 400 beds would be added.",
         "Officials at the Department of Health"),
        ("Asked about the deal, Johnson said: “It’s done.”", "Johnson"),
        ("Le député a déclaré : « Nous refusons. »", "Le député"),
        ("“We’re not going anywhere,” the protesters chanted outside parliament.",
         "the protesters"),
        ("« Nous tiendrons », a assuré le maire devant les élus réunis à Lyon.", "le maire"),
    ],
)
def test_more_reporting_patterns(text, expected):
    assert source(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The minister did not say whether taxes would rise.",
        "The newspaper’s editor didn’t say whether the story would run.",
        "Le ministre n’a pas dit si la taxe serait supprimée.",
        "The company declined to say how many jobs would go.",
        "La direction a refusé de dire combien de postes seraient supprimés.",
    ],
)
def test_denied_or_refused_reporting_gives_no_source(text):
    assert source(text) is None


def test_name_apposed_to_a_description_after_an_inverted_verb():
    text = "“He told me, ‘You are fired,’ and walked out,” said the former employee, Dana Ruiz."
    assert source(text) == "Dana Ruiz"
